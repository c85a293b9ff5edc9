# -*- coding: utf-8 -*-
"""Blind test documents for the OGI annual-report parser (set 2).

Written from /work/shared/spec/*.md and /work/shared/seeds/* only, without
looking at the parser.  Deterministic: fixed RNG seeds, no clock, no network.
Run:  /work/main/.venv/bin/python make_files.py
Every document <f> gets <f>.expected.json; manifest.json lists them all.
"""
import html as htmlmod
import json
import os
import random
import re

OUT = os.path.dirname(os.path.abspath(__file__))

APPL = ['natural_person', 'business', 'research', 'social_org', 'legal_service', 'other_org']
RCOLS = APPL + ['total']

DENIED = ['denied_state_secret', 'denied_prohibited', 'denied_three_safeties', 'denied_third_party',
          'denied_internal', 'denied_process', 'denied_enforcement', 'denied_query']
UNAVAIL = ['unavailable_not_held', 'unavailable_needs_creation', 'unavailable_unclear']
REJECT = ['rejected_complaint', 'rejected_repeat', 'rejected_publication', 'rejected_excessive',
          'rejected_confirmation']
OTHER21 = ['other_no_correction', 'other_unpaid_fee', 'other_misc']


def outcome_rows(tmpl):
    return ['granted', 'partial'] + DENIED + UNAVAIL + REJECT + (OTHER21 if tmpl == '2021' else ['other'])


def req_rows(tmpl):
    return ['new', 'carried_in'] + outcome_rows(tmpl) + ['total', 'carried_forward']


APP_ROWS = ['review', 'suit_direct', 'suit_after_review']
APP_COLS = ['upheld', 'corrected', 'other', 'pending', 'total']

# official labels (2021 notice); 2019 differs only in （六）
L = {
    'new': '一、本年新收政府信息公开申请数量',
    'carried_in': '二、上年结转政府信息公开申请数量',
    'granted': '（一）予以公开',
    'partial': '（二）部分公开（区分处理的，只计这一情形，不计其他情形）',
    'denied_state_secret': '1.属于国家秘密',
    'denied_prohibited': '2.其他法律行政法规禁止公开',
    'denied_three_safeties': '3.危及“三安全一稳定”',
    'denied_third_party': '4.保护第三方合法权益',
    'denied_internal': '5.属于三类内部事务信息',
    'denied_process': '6.属于四类过程性信息',
    'denied_enforcement': '7.属于行政执法案卷',
    'denied_query': '8.属于行政查询事项',
    'unavailable_not_held': '1.本机关不掌握相关政府信息',
    'unavailable_needs_creation': '2.没有现成信息需要另行制作',
    'unavailable_unclear': '3.补正后申请内容仍不明确',
    'rejected_complaint': '1.信访举报投诉类申请',
    'rejected_repeat': '2.重复申请',
    'rejected_publication': '3.要求提供公开出版物',
    'rejected_excessive': '4.无正当理由大量反复申请',
    'rejected_confirmation': '5.要求行政机关确认或重新出具已获取信息',
    'other': '（六）其他处理',
    'other_no_correction': '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
    'other_unpaid_fee': '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
    'other_misc': '3.其他',
    'total': '（七）总计',
    'carried_forward': '四、结转下年度继续办理',
}
GROUP = {}
for r in DENIED:
    GROUP[r] = '（三）不予公开'
for r in UNAVAIL:
    GROUP[r] = '（四）无法提供'
for r in REJECT:
    GROUP[r] = '（五）不予处理'
for r in OTHER21:
    GROUP[r] = '（六）其他处理'
COLL = {'natural_person': '自然人', 'business': '商业企业', 'research': '科研机构',
        'social_org': '社会公益组织', 'legal_service': '法律服务机构', 'other_org': '其他', 'total': '总计'}
BALANCE_NOTE = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）'

# ---------------------------------------------------------------- data

def gen_requests(rng, scale, tmpl, zero=False):
    rows = req_rows(tmpl)
    outs = outcome_rows(tmpl)
    wcol = {'natural_person': 1.0, 'business': 0.18, 'research': 0.01, 'social_org': 0.02,
            'legal_service': 0.06, 'other_org': 0.04}
    wout = {r: 0.15 for r in outs}
    wout.update({'granted': 6, 'partial': 1.2, 'unavailable_not_held': 2.5, 'denied_third_party': 0.5,
                 'denied_process': 0.4, 'rejected_complaint': 0.6, 'rejected_repeat': 0.5,
                 'other_misc': 0.8, 'other': 0.9, 'other_no_correction': 0.5,
                 'unavailable_needs_creation': 0.4, 'unavailable_unclear': 0.3})
    d = {r: {} for r in rows}
    for c in APPL:
        mean = scale * wcol[c]
        if zero:
            new = 0
        elif mean >= 1:
            new = int(mean * (0.5 + rng.random()))
        else:
            new = 1 if rng.random() < mean else 0
        cin = rng.randint(0, new // 12) if new >= 12 else 0
        avail = new + cin
        cf = rng.randint(0, avail // 9) if avail >= 9 else 0
        tot = avail - cf
        cnt = {r: 0 for r in outs}
        keys = list(outs)
        ws = [wout[k] for k in keys]
        for _ in range(tot):
            cnt[rng.choices(keys, ws)[0]] += 1
        d['new'][c] = new
        d['carried_in'][c] = cin
        for r in outs:
            d[r][c] = cnt[r]
        d['total'][c] = tot
        d['carried_forward'][c] = cf
    for r in rows:
        d[r]['total'] = sum(d[r][c] for c in APPL)
    return d


def gen_appeals(rng, scale):
    d = {}
    for r, k in zip(APP_ROWS, (1.0, 0.7, 0.3)):
        m = scale * k
        vals = [int(m * rng.random() * 2) if m >= 0.5 else (1 if rng.random() < m else 0) for _ in range(4)]
        d[r] = dict(zip(APP_COLS[:4], vals))
        d[r]['total'] = sum(vals)
    return d


def gen_active21(rng, scale, fees):
    s = scale
    return {
        'regulations': {'issued': 0, 'repealed': 0, 'in_force': 0},
        'normative_documents': {'issued': rng.randint(0, 3 + int(s / 10)), 'repealed': rng.randint(0, 3),
                                'in_force': rng.randint(5, 20 + int(s))},
        'licensing': {'decisions': int(s * rng.randint(30, 300)) + rng.randint(0, 9)},
        'penalties': {'decisions': int(s * rng.randint(5, 60)) + rng.randint(0, 9)},
        'coercion': {'decisions': int(s * rng.randint(0, 8)) + rng.randint(0, 3)},
        'fees': {'amount': fees},
    }


def gen_active19(rng, scale, amount):
    s = scale

    def lic():
        p = rng.randint(5, 40 + int(s * 4))
        return {'prev_items': p, 'change': rng.randint(-min(p, 8), 12), 'decisions': int(s * rng.randint(20, 400)) + rng.randint(0, 9)}
    return {
        'regulations': {'made': 0, 'published': 0, 'total': 0},
        'normative_documents': {'made': rng.randint(0, 6), 'published': rng.randint(0, 6),
                                'total': rng.randint(6, 40)},
        'licensing': lic(), 'other_services': lic(), 'penalties': lic(), 'coercion': lic(),
        'fees': {'prev_items': rng.randint(0, 12), 'change': rng.randint(-3, 2)},
        'procurement': {'projects': rng.randint(1, 30 + int(s * 3)), 'amount': amount},
    }


ACT21_ORDER = [('regulations', ['issued', 'repealed', 'in_force']),
               ('normative_documents', ['issued', 'repealed', 'in_force']),
               ('licensing', ['decisions']), ('penalties', ['decisions']), ('coercion', ['decisions']),
               ('fees', ['amount'])]
ACT19_ORDER = [('regulations', ['made', 'published', 'total']),
               ('normative_documents', ['made', 'published', 'total']),
               ('licensing', ['prev_items', 'change', 'decisions']),
               ('other_services', ['prev_items', 'change', 'decisions']),
               ('penalties', ['prev_items', 'change', 'decisions']),
               ('coercion', ['prev_items', 'change', 'decisions']),
               ('fees', ['prev_items', 'change']),
               ('procurement', ['projects', 'amount'])]


def cells_template(tmpl, act, req, app, money_unit):
    """Expected cells in canonical (= document) order."""
    out = []
    order = ACT21_ORDER if tmpl == '2021' else ACT19_ORDER
    for r, cols in order:
        for c in cols:
            money = (tmpl == '2021' and r == 'fees') or (tmpl == '2019' and r == 'procurement' and c == 'amount')
            out.append(dict(section='active', row=r, col=c, value=act[r][c], unit=money_unit if money else None))
    for r in req_rows(tmpl):
        for c in RCOLS:
            out.append(dict(section='requests', row=r, col=c, value=req[r][c], unit=None))
    for r in APP_ROWS:
        for c in APP_COLS:
            out.append(dict(section='appeals', row=r, col=c, value=app[r][c], unit=None))
    return out


def numval(v):
    return v


# ---------------------------------------------------------------- table model

class C:
    def __init__(self, t, rs=1, cs=1, th=False, cls=None):
        self.t, self.rs, self.cs, self.th, self.cls = t, rs, cs, th, cls


def layout(rows):
    occ = set()
    placed = []
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in occ:
                c += 1
            placed.append((r, c, cell))
            for dr in range(cell.rs):
                for dc in range(cell.cs):
                    occ.add((r + dr, c + dc))
            c += cell.cs
    ncols = max(c for _, c in occ) + 1
    nrows = max(r for r, _ in occ) + 1
    return placed, nrows, ncols


def esc(t):
    return htmlmod.escape(t, quote=False)


def html_table(rows, kind='mso', attrs='border="1" cellspacing="0" cellpadding="0"', raw=False):
    out = ['<table %s>' % attrs, '<tbody>']
    for row in rows:
        out.append('<tr>')
        for cell in row:
            tag = 'th' if cell.th else 'td'
            a = ''
            if cell.rs > 1:
                a += ' rowspan="%d"' % cell.rs
            if cell.cs > 1:
                a += ' colspan="%d"' % cell.cs
            if cell.cls:
                a += ' class="%s"' % cell.cls
            t = cell.t if raw else esc(cell.t).replace('&amp;nbsp;', '&nbsp;')
            parts = t.split('\n')
            if kind == 'mso':
                a += ' valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt"'
                inner = ''.join('<p class="MsoNormal" align="center" style="text-align:center;line-height:15.0pt">'
                                '<span style="font-size:10.0pt;font-family:宋体;mso-bidi-font-family:宋体;color:black">'
                                '%s</span></p>' % (p if p else '&nbsp;') for p in parts)
            elif kind == 'p':
                inner = ''.join('<p style="text-align:center;">%s</p>' % p for p in parts)
            else:
                inner = '<br>'.join(parts)
            out.append('<%s%s>%s</%s>' % (tag, a, inner, tag))
        out.append('</tr>')
    out.append('</tbody></table>')
    return '\n'.join(out)


# ---------------------------------------------------------------- standard tables (2021)

def fmt_default(v, null='0'):
    if v is None:
        return null
    if isinstance(v, float):
        return ('%.2f' % v)
    return str(v)


def t2_2021(act, f, notes=False, fee_hdr='本年收费金额（单位：万元）', th=False, width=4):
    h = lambda s: C(s, th=th)
    u = '（单位：件）' if notes else ''
    rows = [
        [C('第二十条第（一）项', cs=4, th=th)],
        [h('信息内容'), h('本年制发件数' + u), h('本年废止件数' + u), h('现行有效件数' + u)],
        [C('规章')] + [C(f(act['regulations'][c], 'regulations', c)) for c in ('issued', 'repealed', 'in_force')],
        [C('行政规范性文件')] + [C(f(act['normative_documents'][c], 'normative_documents', c)) for c in ('issued', 'repealed', 'in_force')],
        [C('第二十条第（五）项', cs=4, th=th)],
        [h('信息内容'), C('本年处理决定数量' + u, cs=3, th=th)],
        [C('行政许可'), C(f(act['licensing']['decisions'], 'licensing', 'decisions'), cs=3)],
        [C('第二十条第（六）项', cs=4, th=th)],
        [h('信息内容'), C('本年处理决定数量' + u, cs=3, th=th)],
        [C('行政处罚'), C(f(act['penalties']['decisions'], 'penalties', 'decisions'), cs=3)],
        [C('行政强制'), C(f(act['coercion']['decisions'], 'coercion', 'decisions'), cs=3)],
        [C('第二十条第（八）项', cs=4, th=th)],
        [h('信息内容'), C(fee_hdr, cs=3, th=th)],
        [C('行政事业性收费'), C(f(act['fees']['amount'], 'fees', 'amount'), cs=3)],
    ]
    return rows


def t2_2019(act, f, proc_hdr='采购总金额', new_hdr=('本年新制作数量', '本年新公开数量')):
    rows = [
        [C('第二十条第（一）项', cs=4)],
        [C('信息内容'), C(new_hdr[0]), C(new_hdr[1]), C('对外公开总数量')],
    ]
    for r, lab in (('regulations', '规章'), ('normative_documents', '规范性文件')):
        rows.append([C(lab)] + [C(f(act[r][c], r, c)) for c in ('made', 'published', 'total')])
    for item, lst in (('第二十条第（五）项', [('licensing', '行政许可'), ('other_services', '其他对外管理服务事项')]),
                      ('第二十条第（六）项', [('penalties', '行政处罚'), ('coercion', '行政强制')])):
        rows.append([C(item, cs=4)])
        rows.append([C('信息内容'), C('上一年项目数量'), C('本年增/减'), C('处理决定数量')])
        for r, lab in lst:
            rows.append([C(lab)] + [C(f(act[r][c], r, c)) for c in ('prev_items', 'change', 'decisions')])
    rows.append([C('第二十条第（八）项', cs=4)])
    rows.append([C('信息内容'), C('上一年项目数量'), C('本年增/减', cs=2)])
    rows.append([C('行政事业性收费'), C(f(act['fees']['prev_items'], 'fees', 'prev_items')),
                 C(f(act['fees']['change'], 'fees', 'change'), cs=2)])
    rows.append([C('第二十条第（九）项', cs=4)])
    rows.append([C('信息内容'), C('采购项目数量'), C(proc_hdr, cs=2)])
    rows.append([C('政府集中采购'), C(f(act['procurement']['projects'], 'procurement', 'projects')),
                 C(f(act['procurement']['amount'], 'procurement', 'amount'), cs=2)])
    return rows


def t3_standard(req, tmpl, f, header='three', labels=None, total_word='总计', th=False):
    """3 label columns, 7 value columns."""
    lab = dict(L)
    if labels:
        lab.update(labels)
    hc = lambda s, **k: C(s, th=th, **k)
    cn = dict(COLL)
    cn['total'] = total_word
    if header == 'three':
        rows = [[hc(BALANCE_NOTE, rs=3, cs=3), hc('申请人情况', cs=7)],
                [hc('自然人', rs=2), hc('法人或其他组织', cs=5), hc(cn['total'], rs=2)],
                [hc(cn[c]) for c in APPL[1:]]]
    elif header == 'two':
        rows = [[hc(BALANCE_NOTE, rs=2, cs=3), hc('自然人', rs=2), hc('法人或其他组织', cs=5), hc(cn['total'], rs=2)],
                [hc(cn[c]) for c in APPL[1:]]]
    else:  # one
        rows = [[hc(BALANCE_NOTE, cs=3)] + [hc(cn[c]) for c in RCOLS]]
    vals = lambda r: [C(f(req[r][c], r, c)) for c in RCOLS]
    rows.append([C(lab['new'], cs=3)] + vals('new'))
    rows.append([C(lab['carried_in'], cs=3)] + vals('carried_in'))
    outs = outcome_rows(tmpl)
    n_out = len(outs) + 1
    first = True
    i = 0
    while i < len(outs):
        r = outs[i]
        row = []
        if first:
            row.append(C('三、本年度办理结果', rs=n_out))
            first = False
        if r in GROUP and not (tmpl == '2019' and r == 'other'):
            g = GROUP[r]
            members = [x for x in outs if GROUP.get(x) == g]
            row.append(C(lab.get(g, g), rs=len(members)))
            for j, m in enumerate(members):
                rr = row if j == 0 else []
                rr.append(C(lab[m]))
                rows.append(rr + vals(m))
            i += len(members)
            continue
        row.append(C(lab[r], cs=2))
        rows.append(row + vals(r))
        i += 1
    rows.append([C(lab['total'], cs=2)] + vals('total'))
    rows.append([C(lab['carried_forward'], cs=3)] + vals('carried_forward'))
    return rows


def t4_standard(app, f, split_chars=False, th=False):
    def h(s, **k):
        return C('\n'.join(s) if split_chars else s, th=th, **k)
    sub = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计']
    rows = [[C('行政复议', cs=5, th=th), C('行政诉讼', cs=10, th=th)],
            [h(s, rs=2) for s in sub] + [C('未经复议直接起诉', cs=5, th=th), C('复议后起诉', cs=5, th=th)],
            [h(s) for s in sub] + [h(s) for s in sub],
            [C(f(app[r][c], r, c)) for r in APP_ROWS for c in APP_COLS]]
    return rows


# ---------------------------------------------------------------- prose

def intro(agency, year, tmpl, rng, contact=True):
    notice = {'2021': '《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）',
              '2019': '《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）',
              'legacy': '上级政府信息公开工作主管部门的有关要求'}[tmpl]
    s = ('本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和%s要求编制，由总体情况、主动公开政府信息情况、'
         '收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项六个部分组成。'
         '本报告中所列数据的统计期限自%d年1月1日起至%d年12月31日止。' % (notice, year, year))
    if contact:
        s += ('如对本报告有任何疑问，请与%s办公室联系（地址：%s；邮编：%d；电话：0%d-%d；电子邮箱：gk%d@163.com）。'
              % (agency, rng.choice(['人民路88号', '行政中心3号楼412室', '府前街1号', '新华路216号']),
                 rng.randint(100000, 799999), rng.randint(510, 898), rng.randint(2000000, 8999999), rng.randint(1000, 9999)))
    return s


def general_paras(agency, year, rng, n=5):
    pool = [
        ('（一）主动公开', '%d年，%s坚持以公开为常态、不公开为例外，通过门户网站、政务新媒体等渠道主动公开政府信息%d条，'
         '其中政策文件%d件，政策解读%d篇，回应社会关切%d次。' % (year, agency, rng.randint(200, 3000), rng.randint(5, 60), rng.randint(3, 30), rng.randint(1, 20))),
        ('（二）依申请公开', '严格按照《条例》规定的程序和时限办理依申请公开事项，进一步规范受理、登记、审核、答复、归档等环节，'
         '全年依申请公开办理工作未发生超期答复情况。'),
        ('（三）政府信息管理', '严格落实“先审查、后公开”和“一事一审”制度，对拟公开的政府信息进行保密审查，全年未发生泄密事件。'
         '开展政策文件清理工作，清理规范性文件%d件。' % rng.randint(1, 30)),
        ('（四）政府信息公开平台建设', '持续优化政府信息公开专栏，更新完善机构职能、领导信息、财政预决算等栏目内容，'
         '门户网站全年访问量%d万人次，政务微信公众号推送信息%d条。' % (rng.randint(10, 300), rng.randint(50, 900))),
        ('（五）监督保障', '将政务公开工作纳入年度绩效考核，调整政务公开工作领导小组，举办业务培训%d期，培训%d人次。'
         % (rng.randint(1, 6), rng.randint(20, 300))),
        ('（六）重点领域信息公开', '围绕优化营商环境、乡村振兴、民生保障等重点领域，及时公开相关政策措施和执行情况，'
         '发布重点领域信息%d条。' % rng.randint(50, 900)),
    ]
    pick = pool[:n]
    return pick


PROBLEMS = ('%d年，%s政府信息公开工作取得了一定成效，但仍存在一些不足：一是政策解读形式较为单一，图解、视频等解读方式运用不够；'
            '二是部分栏目信息更新不够及时；三是工作人员业务能力有待进一步提升。下一步，将加强业务培训，丰富解读形式，'
            '健全信息发布常态化机制，不断提升政府信息公开工作质量。')

OTHER21_TEXT = ('依据《政府信息公开信息处理费管理办法》收取信息处理费的情况：本年度%s未收取信息处理费。'
                '本年度人大代表建议和政协提案办理结果公开情况、年度工作要点落实情况等已在门户网站相关栏目公开。')


# ---------------------------------------------------------------- page chrome

def meta_tags(m):
    keys = ['SiteName', 'SiteDomain', 'SiteIDCode', 'ColumnName', 'ArticleTitle', 'PubDate', 'ContentSource', 'Url']
    return '\n'.join('<meta name="%s" content="%s">' % (k, esc(m[k])) for k in keys if k in m)


def footer(site, prov, idcode, icp, gongan):
    return ('<div class="footer"><p>主办单位：%s&nbsp;&nbsp;承办单位：%s大数据中心&nbsp;&nbsp;技术支持：某某信息技术有限公司</p>'
            '<p>网站标识码：%s&nbsp;&nbsp;<a href="https://beian.miit.gov.cn">%sICP备%s号</a>&nbsp;&nbsp;'
            '<img src="/images/ga.png">%s公网安备%s号</p>'
            '<p><a href="/wzdt/">网站地图</a> | <a href="/lxwm/">联系我们</a> | 版权所有：%s</p>'
            '<p>建议使用1366*768分辨率，IE10以上版本浏览器浏览本站 &nbsp; 涉密文件严禁上网</p>'
            '<div class="dzjg"><img src="/images/dzjg.png" alt="党政机关"></div>'
            '<p><a href="https://zfwzzc.www.gov.cn/">政府网站找错</a></p></div>'
            % (site, site, idcode, prov, icp, prov, gongan, site))


def metadata_block(items, style='table'):
    if style == 'table':
        rows = []
        for i in range(0, len(items), 2):
            pair = items[i:i + 2]
            rows.append('<tr>' + ''.join('<th>%s</th><td>%s</td>' % (esc(k), esc(v)) for k, v in pair) + '</tr>')
        return '<div class="xxgk_table"><table class="table_suoyin" width="100%">' + ''.join(rows) + '</table></div>'
    return '<ul class="xxgk-info">' + ''.join('<li><b>%s：</b>%s</li>' % (esc(k), esc(v)) for k, v in items) + '</ul>'


def page_trs(title, m, body, meta_items=None, charset='utf-8', site='', prov='浙', idcode='', crumbs=()):
    head = ('<!DOCTYPE html>\n<html>\n<head>\n'
            + ('<meta http-equiv="Content-Type" content="text/html; charset=%s">\n' % charset if charset else '')
            + meta_tags(m) + '\n<title>%s_%s</title>\n' % (esc(title), esc(site))
            + '<link rel="stylesheet" href="/images/xxgk2019.css">\n<script src="/js/jquery.min.js"></script>\n'
            '<style>.TRS_Editor P{margin-top:0;margin-bottom:12px;line-height:1.8;font-family:宋体;font-size:12pt}</style>\n</head>\n')
    top = ('<body>\n<div class="topbar"><span>网站支持IPV6</span> <a href="#">无障碍浏览</a> <a href="#">长者模式</a> '
           '<a href="#">繁體版</a> <a href="#">登录</a> <a href="#">注册</a></div>\n'
           '<div class="position">当前位置：' + ' &gt; '.join('<a href="#">%s</a>' % esc(c) for c in crumbs) + '</div>\n')
    mb = metadata_block(meta_items) if meta_items else ''
    art = ('<div class="article"><h1 class="title">%s</h1>\n<div class="info">发布日期：%s&nbsp;&nbsp;来源：%s&nbsp;&nbsp;'
           '【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】&nbsp;<a href="javascript:window.print()">打印本页</a></div>\n'
           % (esc(title), m['PubDate'][:10], esc(m.get('ContentSource', site))))
    art += '<div class="view TRS_UEDITOR trs_paper_default trs_word"><div class="TRS_Editor">\n' + body + '\n</div></div>\n'
    art += ('<div class="share">分享到：<a>微信</a> <a>微博</a> <a>QQ空间</a></div>\n'
            '<div class="qrcode">扫一扫在手机打开当前页</div>\n<div class="close">【<a href="javascript:window.close()">关闭窗口</a>】'
            '【<a href="#">我要纠错</a>】</div>\n<div class="related"><h3>相关链接</h3><ul><li><a href="#">%d年政府信息公开工作年度报告</a></li></ul></div></div>\n'
            % (int(m['PubDate'][:4]) - 2))
    return (head + top + mb + art + footer(site, prov, idcode, '0%d' % (len(site) * 731 % 99999), '%d' % (33010002000000 + len(site)))
            + '\n<script>var pageTitle="%s";</script>\n</body>\n</html>\n' % esc(title))


def page_hanweb(title, m, body, meta_items=None, site='', prov='苏', idcode='', crumbs=(), charset='utf-8'):
    head = ('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'
            '<html xmlns="http://www.w3.org/1999/xhtml">\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=%s" />\n' % charset
            + meta_tags(m) + '\n<title>%s</title>\n<script language="javascript" src="/script/0/1709261624283467.js"></script>\n'
            '<script type="text/javascript">var webid="%s";</script>\n</head>\n' % (esc(title), idcode[-4:]))
    top = ('<body>\n<div id="barrierfree_container"><div class="head"><a href="#">无障碍</a>|<a href="#">长者模式</a></div>\n'
           '<div class="dqwz">您当前的位置：' + ' &gt; '.join('<a href="#">%s</a>' % esc(c) for c in crumbs) + '</div>\n')
    mb = metadata_block(meta_items, style='ul') if meta_items else ''
    art = ('<div class="main-txt"><div class="bt">%s</div>\n<div class="sx">发布时间：%s &nbsp;信息来源：%s &nbsp;浏览次数：<span id="hits"></span>'
           ' &nbsp;字号：[ <a href="#">大</a> <a href="#">中</a> <a href="#">小</a> ]</div>\n'
           % (esc(title), m['PubDate'][:10], esc(m.get('ContentSource', site))))
    art += '<!--<$[信息内容]>begin--><div id="zoom">\n' + body + '\n</div><!--<$[信息内容]>end-->\n'
    art += ('<div class="dy"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭】</a></div>\n'
            '<div class="fx">分享到：微信 微博 QQ空间</div></div>\n')
    return (head + top + mb + art + footer(site, prov, idcode, '1%d' % (len(site) * 917 % 99999), '%d' % (32011502010000 + len(site)))
            + '\n</div>\n<script type="text/javascript" src="/module/visitcount/articlehits.jsp"></script>\n</body>\n</html>\n')


# ---------------------------------------------------------------- writers

MANIFEST = []


def normalize_zip(data, stamp='2021-01-01T00:00:00Z'):
    """Make DOCX/XLSX bytes reproducible: fixed zip timestamps and core-property dates."""
    import io
    import zipfile
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            b = src.read(info.filename)
            if info.filename == 'docProps/core.xml':
                b = re.sub(rb'(<dcterms:(created|modified)[^>]*>)[^<]*', lambda m: m.group(1) + stamp.encode(), b)
            zi = zipfile.ZipInfo(info.filename, date_time=(2021, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, b)
    return out.getvalue()


def write_doc(fname, data, expected, varies):
    p = os.path.join(OUT, fname)
    if expected['format'] in ('docx', 'xlsx'):
        data = normalize_zip(data)
    if isinstance(data, str):
        data = data.encode(expected['encoding'] or 'utf-8')
    with open(p, 'wb') as fh:
        fh.write(data)
    expected = dict(expected)
    expected['file'] = fname
    keys = ['file', 'url', 'format', 'encoding'] + (['http_charset'] if 'http_charset' in expected else []) + \
        ['title', 'agency', 'year', 'template', 'cells', 'notes']
    ordered = {k: expected[k] for k in keys}
    with open(p + '.expected.json', 'w', encoding='utf-8') as fh:
        json.dump(ordered, fh, ensure_ascii=False, indent=1)
        fh.write('\n')
    MANIFEST.append({'file': fname, 'format': expected['format'], 'template': expected['template'],
                     'year': expected['year'], 'agency': expected['agency'], 'n_cells': len(expected['cells']),
                     'varies': varies})


def body_2021(agency, year, rng, t2, t3, t4, kind='mso', tattrs='border="1" cellspacing="0" cellpadding="0" class="MsoNormalTable" width="100%"', heads=None):
    P = lambda s: '<p class="MsoNormal" style="text-indent:2em">%s</p>' % esc(s)
    H = lambda s: '<p class="MsoNormal" style="text-indent:2em"><strong>%s</strong></p>' % esc(s)
    heads = heads or ['一、总体情况', '二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况',
                      '四、政府信息公开行政复议、行政诉讼情况', '五、存在的主要问题及改进情况', '六、其他需要报告的事项']
    out = [P(intro(agency, year, '2021', rng)), H(heads[0])]
    for h, s in general_paras(agency, year, rng, rng.randint(4, 6)):
        out.append(P(h + '。' + s))
    out += [H(heads[1]), html_table(t2, kind, tattrs), H(heads[2]), html_table(t3, kind, tattrs),
            H(heads[3]), html_table(t4, kind, tattrs), H(heads[4]), P(PROBLEMS % (year, agency)),
            H(heads[5]), P(OTHER21_TEXT % agency)]
    return '\n'.join(out)


def pubdate(rng, year):
    return '%d-%02d-%02d %02d:%02d' % (year + 1, rng.randint(1, 3), rng.randint(1, 28), rng.randint(8, 17), rng.randint(0, 59))


def std_f(null='0'):
    def f(v, r, c):
        return fmt_default(v, null)
    return f


# ================================================================ documents

def d01():
    rng = random.Random(101)
    year, agency = 2021, '金华市市场监督管理局'
    title = '金华市市场监督管理局2021年政府信息公开工作年度报告'
    act = gen_active21(rng, 8, 0.0)
    act['fees']['amount'] = 0
    req = gen_requests(rng, 60, '2021')
    app = gen_appeals(rng, 1.5)
    f = std_f()
    body = body_2021(agency, year, rng, t2_2021(act, f), t3_standard(req, '2021', f, header='one'), t4_standard(app, f))
    pd = pubdate(rng, year)
    url = 'http://amr.jinhua.gov.cn/art/2022/1/25/art_1229168115_58869302.html'
    m = dict(SiteName='金华市市场监督管理局', SiteDomain='amr.jinhua.gov.cn', SiteIDCode='3307000025', ColumnName='政府信息公开年报',
             ArticleTitle=title, PubDate=pd, ContentSource='金华市市场监督管理局', Url=url)
    mi = [('索引号', '113307000025959473/2022-00042'), ('发布机构', '金华市市场监督管理局'), ('成文日期', pd[:10]),
          ('公开方式', '主动公开'), ('组配分类', '政府信息公开年报'), ('文号', '')]
    html = page_trs(title, m, body, mi, site='金华市市场监督管理局', idcode='3307000025',
                    crumbs=('首页', '政务公开', '政府信息公开', '政府信息公开年报'))
    exp = dict(url=url, format='html', encoding='utf-8', title=title, agency=agency, year=year, template='2021',
               cells=cells_template('2021', act, req, app, '万元'),
               notes='TRS-like page with metadata table. Requests header in ONE row (no 申请人情况/法人或其他组织 grouping). '
                     'Fees written "0" under header 本年收费金额（单位：万元） -> 0, unit 万元.')
    write_doc('d01_jinhua_amr_2021_onerow_header.html', html, exp,
              '2021; requests applicant header in a single row; metadata table; MsoNormal spans')


def d02():
    rng = random.Random(202)
    year, agency = 2022, '桐庐县人民政府'
    title = '桐庐县2022年政府信息公开工作年度报告'
    act = gen_active21(rng, 30, 12.36)
    act['regulations'] = {'issued': None, 'repealed': None, 'in_force': None}
    req = gen_requests(rng, 180, '2021')
    app = gen_appeals(rng, 3)

    def f(v, r, c):
        if v is None:
            return '/'
        if r in ('licensing', 'penalties') and v >= 1000:
            return '{:,}'.format(v)
        return fmt_default(v)
    t3 = []
    th = True
    t3.append([C(BALANCE_NOTE, rs=3, cs=2, th=th), C('申请人情况', cs=7, th=th)])
    t3.append([C('自然人', rs=2, th=th), C('法人或其他组织', cs=5, th=th), C('总计', rs=2, th=th)])
    t3.append([C(COLL[c], th=th) for c in APPL[1:]])
    vals = lambda r: [C(f(req[r][c], r, c)) for c in RCOLS]
    t3.append([C(L['new'], cs=2)] + vals('new'))
    t3.append([C(L['carried_in'], cs=2)] + vals('carried_in'))
    t3.append([C('三、本年度办理结果', cs=9)])
    for r in ['granted', 'partial']:
        t3.append([C(L[r], cs=2)] + vals(r))
    for grp in (DENIED, UNAVAIL, REJECT, OTHER21):
        for j, r in enumerate(grp):
            row = [C(GROUP[r], rs=len(grp))] if j == 0 else []
            t3.append(row + [C(L[r])] + vals(r))
    t3.append([C(L['total'], cs=2)] + vals('total'))
    t3.append([C(L['carried_forward'], cs=2)] + vals('carried_forward'))
    body = body_2021(agency, year, rng, t2_2021(act, f, th=True), t3, t4_standard(app, f, th=True), kind='p',
                     tattrs='class="xxgk-table" border="1" style="border-collapse:collapse;width:100%"')
    pd = pubdate(rng, year)
    url = 'http://www.tonglu.gov.cn/art/2023/1/18/art_1229214366_59081236.html'
    m = dict(SiteName='桐庐县人民政府', SiteDomain='www.tonglu.gov.cn', SiteIDCode='3301220001', ColumnName='政府信息公开年报',
             ArticleTitle=title, PubDate=pd, ContentSource='桐庐县人民政府办公室', Url=url)
    mi = [('索引号', '002499413/2023-00017'), ('发布机构', '桐庐县人民政府办公室'), ('发布日期', pd[:10]), ('主题分类', '政务公开')]
    html = page_hanweb(title, m, body, mi, site='桐庐县人民政府', prov='浙', idcode='3301220001',
                       crumbs=('首页', '政府信息公开', '政府信息公开年报'))
    exp = dict(url=url, format='html', encoding='utf-8', title=title, agency=agency, year=year, template='2021',
               cells=cells_template('2021', act, req, app, '万元'),
               notes='Hanweb-like page. Header cells are <th>; requests header in three rows; only TWO label columns: '
                     '"三、本年度办理结果" is its own full-width row (colspan 9, no numbers), group labels （三）… rowspan in col 0. '
                     'Regulations cells written "/" (county has no rule-making power) -> null. Licensing/penalties use a '
                     'thousands separator ("12,345"). Fees "12.36" under 本年收费金额（单位：万元）.')
    write_doc('d02_tonglu_county_2022_th_twolabelcols.html', html, exp,
              '2021; <th> headers; 2 label columns with 三、本年度办理结果 as a separate row; thousands separators; "/" nulls')


ABBR = {'new': '一、本年新收申请数量', 'carried_in': '二、上年结转申请数量',
        'granted': '（一）予以公开', 'partial': '（二）部分公开',
        'denied_state_secret': '1.国家秘密', 'denied_prohibited': '2.其他法律行政法规禁止公开',
        'denied_three_safeties': '3.危及三安全一稳定', 'denied_third_party': '4.第三方合法权益',
        'denied_internal': '5.三类内部事务信息', 'denied_process': '6.四类过程性信息',
        'denied_enforcement': '7.行政执法案卷', 'denied_query': '8.行政查询事项',
        'unavailable_not_held': '1.本机关不掌握', 'unavailable_needs_creation': '2.需另行制作',
        'unavailable_unclear': '3.补正后仍不明确',
        'rejected_complaint': '1.信访举报投诉类', 'rejected_repeat': '2.重复申请',
        'rejected_publication': '3.要求提供公开出版物', 'rejected_excessive': '4.无正当理由大量反复申请',
        'rejected_confirmation': '5.要求确认或重新出具已获取信息',
        'other_no_correction': '1.逾期不补正', 'other_unpaid_fee': '2.逾期未缴纳信息处理费', 'other_misc': '3.其他',
        'total': '（七）合计', 'carried_forward': '四、结转下年度继续办理'}


def d03():
    rng = random.Random(303)
    year, agency = 2023, '杭州市萧山区城厢街道办事处'
    title = '杭州市萧山区城厢街道办事处2023年政府信息公开工作年度报告'
    act = gen_active21(rng, 1, 0)
    act['licensing']['decisions'] = 0
    act['penalties']['decisions'] = 14
    act['coercion']['decisions'] = 0
    req = gen_requests(rng, 6, '2021')
    app = gen_appeals(rng, 0.3)
    f = std_f()
    # requests with 序号 column, 合计, abbreviated labels, 3 label columns
    t3 = [[C('序号', rs=2), C('申请情况', rs=2, cs=3), C('申请人情况', cs=7)],
          [C(COLL[c]) for c in APPL] + [C('合计')]]
    vals = lambda r: [C(f(req[r][c], r, c)) for c in RCOLS]
    n = 0
    outs = outcome_rows('2021')
    for r in ['new', 'carried_in']:
        n += 1
        t3.append([C(str(n)), C(ABBR[r], cs=3)] + vals(r))
    first = True
    done = set()
    for r in outs + ['total']:
        n += 1
        row = [C(str(n))]
        if first:
            row.append(C('三、本年度办理结果', rs=len(outs) + 1))
            first = False
        if r in GROUP:
            grp = [x for x in outs if GROUP.get(x) == GROUP[r]]
            if GROUP[r] not in done:
                row.append(C(GROUP[r], rs=len(grp)))
                done.add(GROUP[r])
            row.append(C(ABBR[r]))
        else:
            row.append(C(ABBR[r], cs=2))
        t3.append(row + vals(r))
    n += 1
    t3.append([C(str(n)), C(ABBR['carried_forward'], cs=3)] + vals('carried_forward'))
    t2 = t2_2021(act, f)
    t4 = t4_standard(app, f)
    body = body_2021(agency, year, rng, t2, t3, t4, kind='plain', tattrs='border="1" cellpadding="3" align="center"')
    pd = pubdate(rng, year)
    url = 'http://www.xiaoshan.gov.cn/art/2024/1/26/art_1229331528_4241987.html'
    m = dict(SiteName='杭州市萧山区人民政府', SiteDomain='www.xiaoshan.gov.cn', SiteIDCode='3301090001', ColumnName='信息公开年报',
             ArticleTitle=title, PubDate=pd, ContentSource='城厢街道', Url=url)
    html = page_trs(title, m, body, None, charset='gb2312', site='杭州市萧山区人民政府', idcode='3301090001',
                    crumbs=('首页', '政务公开', '镇街信息公开', '城厢街道', '信息公开年报'))
    exp = dict(url=url, format='html', encoding='gbk', title=title, agency=agency, year=year, template='2021',
               cells=cells_template('2021', act, req, app, '万元'),
               notes='Chinese-encoded page whose meta says charset=gb2312 while the bytes are GBK (the chrome has 繁體版, '
                     'not in GB2312; decode as GBK). Requests table has an extra 序号 column (1..27) at the left, '
                     'which is not data. Column header 合计 instead of 总计 and row （七）合计. Labels abbreviated: 1.国家秘密, '
                     '3.危及三安全一稳定, 1.本机关不掌握, 2.需另行制作, 1.逾期不补正 … Header row 0: 序号|申请情况|申请人情况 (no '
                     '法人或其他组织 grouping). No metadata block.')
    write_doc('d03_xiaoshan_chengxiang_street_2023_serial_abbrev.html', html, exp,
              '2021; GBK bytes labelled gb2312 in meta; 序号 column; 合计 not 总计; abbreviated row labels; street office')


def d04():
    rng = random.Random(404)
    year, agency = 2021, '滁州经济技术开发区管理委员会'
    title = '滁州经济技术开发区管理委员会2021年政府信息公开工作年度报告'
    act = gen_active21(rng, 5, 3.85)
    req = gen_requests(rng, 20, '2021')
    app = gen_appeals(rng, 0.8)
    f = std_f()
    t2 = t2_2021(act, f, notes=True)
    t3 = t3_standard(req, '2021', f, header='two')
    t4 = [[C('类别'), C('结果维持'), C('结果纠正'), C('其他结果'), C('尚未审结'), C('总计')],
          [C('行政复议', cs=2)] + [C(f(app['review'][c], 0, 0)) for c in APP_COLS],
          [C('行政诉讼', rs=2), C('未经复议直接起诉')] + [C(f(app['suit_direct'][c], 0, 0)) for c in APP_COLS],
          [C('复议后起诉')] + [C(f(app['suit_after_review'][c], 0, 0)) for c in APP_COLS]]
    t4[0][0].cs = 2
    body = body_2021(agency, year, rng, t2, t3, t4, kind='mso')
    pd = pubdate(rng, year)
    url = 'https://www.czkfq.gov.cn/public/6596211/1108546901.html'
    m = dict(SiteName='滁州经济技术开发区', SiteDomain='www.czkfq.gov.cn', SiteIDCode='3411000032', ColumnName='政府信息公开年报',
             ArticleTitle=title, PubDate=pd, ContentSource='开发区党政办', Url=url)
    mi = [('索引号', '11341100MB1C83412P/202201-00006'), ('信息分类', '政府信息公开年报'), ('发布机构', '滁州经济技术开发区管理委员会'),
          ('生成日期', pd[:10]), ('公开方式', '主动公开'), ('有效性', '有效')]
    html = page_trs(title, m, body, mi, site='滁州经济技术开发区', prov='皖', idcode='3411000032',
                    crumbs=('首页', '信息公开', '政府信息公开年报'))
    exp = dict(url=url, format='html', encoding='utf-8', title=title, agency=agency, year=year, template='2021',
               cells=cells_template('2021', act, req, app, '万元'),
               notes='Table 二 headers carry "（单位：件）" notes (本年制发件数（单位：件）…). Requests header in two rows (no '
                     '申请人情况 row). Table 四 laid out as 3 rows x 5 columns: 行政复议 / 行政诉讼+未经复议直接起诉 / '
                     '复议后起诉 as row labels, 结果维持…总计 as column headers. Fees 3.85 万元.')
    write_doc('d04_chuzhou_devzone_2021_appeals3x5.html', html, exp,
              '2021; table 四 as 3x5 grid; 单位：件 notes in table 二 headers; two-row requests header; 开发区')


def d05():
    rng = random.Random(505)
    year, agency = 2022, '广州市黄埔区发展和改革局'
    title = '广州市黄埔区发展和改革局2022年政府信息公开工作年度报告'
    act = gen_active21(rng, 2, 0)
    act['regulations'] = {'issued': None, 'repealed': None, 'in_force': None}
    act['licensing']['decisions'] = 326
    act['penalties']['decisions'] = 0
    act['coercion']['decisions'] = 0
    req = gen_requests(rng, 14, '2021')
    app = gen_appeals(rng, 0.5)

    def f(v, r, c):
        return '—' if v is None else fmt_default(v)
    W = 17
    rows = [[C('一、主动公开政府信息情况', cs=W)],
            [C('第二十条第（一）项', cs=W)],
            [C('信息内容', cs=5), C('本年制发件数', cs=4), C('本年废止件数', cs=4), C('现行有效件数', cs=4)]]
    for r, lab in (('regulations', '规章'), ('normative_documents', '行政规范性文件')):
        rows.append([C(lab, cs=5)] + [C(f(act[r][c], r, c), cs=4) for c in ('issued', 'repealed', 'in_force')])
    for item, lst, hdr in (('第二十条第（五）项', [('licensing', '行政许可')], '本年处理决定数量'),
                           ('第二十条第（六）项', [('penalties', '行政处罚'), ('coercion', '行政强制')], '本年处理决定数量'),
                           ('第二十条第（八）项', [('fees', '行政事业性收费')], '本年收费金额（单位：万元）')):
        rows.append([C(item, cs=W)])
        rows.append([C('信息内容', cs=5), C(hdr, cs=12)])
        for r, lab in lst:
            c = 'amount' if r == 'fees' else 'decisions'
            rows.append([C(lab, cs=5), C(f(act[r][c], r, c), cs=12)])
    rows.append([C('二、收到和处理政府信息公开申请情况', cs=W)])
    rows.append([C(BALANCE_NOTE, rs=3, cs=3), C('申请人情况', cs=14)])
    rows.append([C('自然人', rs=2, cs=2), C('法人或其他组织', cs=10), C('总计', rs=2, cs=2)])
    rows.append([C(COLL[c], cs=2) for c in APPL[1:]])
    std = t3_standard(req, '2021', f, header='three')[3:]
    for row in std:
        for cell in row:
            if re.fullmatch(r'-?\d+|—', cell.t):
                cell.cs = 2
        rows.append(row)
    rows.append([C('三、政府信息公开行政复议、行政诉讼情况', cs=W)])
    sub = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计']
    rows.append([C('类型', rs=3, cs=2), C('行政复议', cs=5), C('行政诉讼', cs=10)])
    rows.append([C(s, rs=2) for s in sub] + [C('未经复议直接起诉', cs=5), C('复议后起诉', cs=5)])
    rows.append([C(s) for s in sub] * 2)
    rows.append([C('数量', cs=2)] + [C(f(app[r][c], r, c)) for r in APP_ROWS for c in APP_COLS])
    big = html_table(rows, 'mso', 'class="MsoNormalTable" border="1" cellspacing="0" width="680" style="border-collapse:collapse"')
    P = lambda s: '<p style="text-indent:2em">%s</p>' % esc(s)
    parts = [P(intro(agency, year, '2021', rng)), P('一、总体情况')]
    for h, s in general_paras(agency, year, rng, 5):
        parts.append(P(h + '。' + s))
    parts += [P('二、政府信息公开工作统计情况（见下表）'), big,
              P('三、存在的主要问题及改进情况'), P(PROBLEMS % (year, agency)),
              P('四、其他需要报告的事项'), P(OTHER21_TEXT % agency)]
    body = '\n'.join(parts)
    pd = pubdate(rng, year)
    url = 'http://www.hp.gov.cn/gkmlpt/content/9/9012/post_9012384.html'
    head = ('<!DOCTYPE html><html><head><meta charset="utf-8">' + meta_tags(dict(
        SiteName='广州市黄埔区人民政府', SiteDomain='www.hp.gov.cn', SiteIDCode='4401120001', ColumnName='政府信息公开年报',
        ArticleTitle=title, PubDate=pd, ContentSource='广州市黄埔区发展和改革局', Url=url))
        + '<title>%s</title><script>window._CONFIG = {SID: "GZHP0017", DEPT_ID: 2914, SITE_ID: 1023};</script></head><body>' % esc(title))
    page = (head + '<div class="header"><a href="#">长者模式</a> <a href="#">无障碍浏览</a></div>'
            '<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/gkmlpt/index">政府信息公开</a> &gt; 政府信息公开年报</div>'
            '<div class="gkmlpt-detail"><table class="classify"><tbody>'
            '<tr><td class="td-title">索引号：</td><td class="td-value">11440112MB2C29413X/2023-00091</td>'
            '<td class="td-title">分类：</td><td class="td-value">政府信息公开年报</td></tr>'
            '<tr><td class="td-title">发布机构：</td><td class="td-value">广州市黄埔区发展和改革局</td>'
            '<td class="td-title">成文日期：</td><td class="td-value">%s</td></tr>'
            '<tr><td class="td-title">名称：</td><td class="td-value" colspan="3">%s</td></tr>'
            '<tr><td class="td-title">文号：</td><td class="td-value"></td><td class="td-title">发布日期：</td>'
            '<td class="td-value">%s</td></tr></tbody></table>'
            '<h1 class="content-title">%s</h1><div class="font-size">【字体：<a>大</a> <a>中</a> <a>小</a>】</div>'
            '<div class="article-content">%s</div></div>' % (pd[:10], esc(title), pd[:10], esc(title), body)
            + footer('广州市黄埔区人民政府', '粤', '4401120001', '05011827', '44011202000105') + '</body></html>')
    exp = dict(url=url, format='html', encoding='utf-8', title=title, agency=agency, year=year, template='2021',
               cells=cells_template('2021', act, req, app, '万元'),
               notes='gkmlpt page. Tables 二三四 are ONE big 17-column HTML table with in-table section title rows '
                     '(一、主动公开…/二、收到和处理…/三、…复议诉讼); the report prose numbers these sections differently from the '
                     'template. Values span 2-4 grid columns. Regulations "—" -> null. Appeals row carries a leading label '
                     'cell 数量.')
    write_doc('d05_huangpu_fgj_2022_onebigtable.html', page, exp,
              '2021; tables 二三四 in ONE 17-column table with title rows; gkmlpt chrome; "—" nulls')


def d06():
    rng = random.Random(606)
    year, agency = 2023, '临沂市兰山区教育和体育局'
    title = '临沂市兰山区教育和体育局2023年政府信息公开工作年度报告'
    act = gen_active21(rng, 3, 0)
    act['regulations'] = {'issued': 0, 'repealed': 0, 'in_force': 0}
    req = gen_requests(rng, 25, '2021')
    app = gen_appeals(rng, 0.6)
    FW = str.maketrans('0123456789', '０１２３４５６７８９')

    def f(v, r, c):
        s = fmt_default(v)
        return s.translate(FW) if r in req or r in APP_ROWS else s
    t2 = t2_2021(act, f)
    t3 = t3_standard(req, '2021', f, header='three')
    t4 = t4_standard(app, f, split_chars=True)
    P = lambda s: '<p style="line-height:28px;text-indent:32px"><font face="仿宋_GB2312" size="4">%s</font></p>' % esc(s)
    parts = [P(intro(agency, year, '2021', rng))]
    parts.append(P('一、总体情况'))
    for h, s in general_paras(agency, year, rng, 6):
        parts.append(P(h + '。' + s))
    ta = 'border="1" cellspacing="0" cellpadding="2" width="95%" bordercolor="#000000"'
    parts += [P('二、主动公开政府信息情况'), html_table(t2, 'plain', ta), P('三、收到和处理政府信息公开申请情况'),
              html_table(t3, 'plain', ta), P('四、政府信息公开行政复议、行政诉讼情况'), html_table(t4, 'plain', ta),
              P('五、存在的主要问题及改进情况'), P(PROBLEMS % (year, agency)), P('六、其他需要报告的事项'), P(OTHER21_TEXT % agency)]
    content = '\n'.join(parts)
    pd = pubdate(rng, year)
    url = 'http://www.lanshan.gov.cn/info/1203/68427.htm'
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
            + meta_tags(dict(SiteName='临沂市兰山区人民政府', SiteIDCode='3713020001', ArticleTitle=title, PubDate=pd, Url=url))
            + '<title>%s-临沂市兰山区人民政府</title></head>\n<body topmargin="0" leftmargin="0">\n'
            '<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0"><tr><td height="120" background="/images/top.jpg">&nbsp;</td></tr></table>\n'
            '<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0" bgcolor="#FFFFFF">\n'
            '<tr><td height="32" class="dqwz">当前位置：<a href="/">首页</a>&gt;&gt;<a href="/xxgk/">信息公开</a>&gt;&gt;<a href="#">政府信息公开年报</a></td></tr>\n'
            '<tr><td valign="top"><table width="96%%" border="0" align="center" cellpadding="0" cellspacing="0">\n'
            '<tr><td height="50" align="center" class="titlestyle68427">%s</td></tr>\n'
            '<tr><td height="30" align="center">时间：%s&nbsp;&nbsp;来源：兰山区教育和体育局&nbsp;&nbsp;【字号：<a>大</a> <a>中</a> <a>小</a>】</td></tr>\n'
            '<tr><td><div id="vsb_content"><div class="v_news_content">\n%s\n</div></div></td></tr>\n'
            '<tr><td align="right">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</td></tr>\n'
            '</table></td></tr></table>\n<table width="1000" align="center"><tr><td align="center">'
            '主办：临沂市兰山区人民政府办公室 &nbsp; 网站标识码：3713020001 &nbsp; 鲁ICP备05021473号 &nbsp; 鲁公网安备 37130202000127号</td></tr></table>\n'
            '</body></html>\n') % (esc(title), esc(title), pd[:10], content)
    exp = dict(url=url, format='html', encoding='utf-8', title=title, agency=agency, year=year, template='2021',
               cells=cells_template('2021', act, req, app, '万元'),
               notes='Old VSB-style page: the whole body sits inside layout tables, so the report tables are nested '
                     'tables. All numbers in tables 三 and 四 are FULL-WIDTH digits (１２). Table 四 header labels broken '
                     'into single characters with <br>. Table 二 uses ASCII digits.')
    write_doc('d06_lanshan_jyj_2023_nested_fullwidth.html', page, exp,
              '2021; report tables nested inside layout tables; full-width digits; header chars split by <br>')


def d07():
    rng = random.Random(707)
    year, agency = 2024, '宁波市鄞州区住房和城乡建设局'
    title = '宁波市鄞州区住房和城乡建设局2024年政府信息公开工作年度报告'
    act = gen_active21(rng, 4, 0.12)
    act['regulations'] = {'issued': None, 'repealed': None, 'in_force': None}
    req = gen_requests(rng, 30, '2021')
    app = gen_appeals(rng, 1)
    suffix = {}
    k = 0
    for r in req_rows('2021'):
        for c in RCOLS:
            k += 1
            suffix[(r, c)] = ['件', '（件）', ''][k % 3]

    def f(v, r, c):
        if v is None:
            return '&nbsp;'
        if r == 'fees':
            return '%.2f万元' % v
        if (r, c) in suffix:
            return str(v) + suffix[(r, c)]
        return fmt_default(v)
    # one label column; group heading rows with empty value cells
    t3 = [[C(BALANCE_NOTE, rs=2), C('申请人情况', cs=7)], [C(COLL[c]) for c in RCOLS]]
    vals = lambda r: [C(f(req[r][c], r, c)) for c in RCOLS]
    t3.append([C(L['new'])] + vals('new'))
    t3.append([C(L['carried_in'])] + vals('carried_in'))
    t3.append([C('三、本年度办理结果')] + [C('') for _ in RCOLS])
    seen = set()
    for r in outcome_rows('2021'):
        if r in GROUP and GROUP[r] not in seen:
            seen.add(GROUP[r])
            t3.append([C(GROUP[r])] + [C('') for _ in RCOLS])
        t3.append([C(L[r])] + vals(r))
    t3.append([C(L['total'])] + vals('total'))
    t3.append([C(L['carried_forward'])] + vals('carried_forward'))
    t2 = t2_2021(act, f)
    t4 = t4_standard(app, lambda v, r, c: '%d件' % v if v else '0')
    body = body_2021(agency, year, rng, t2, t3, t4, kind='mso')
    pd = pubdate(rng, year)
    url = 'http://www.nbyz.gov.cn/art/2025/1/22/art_1229105772_59143219.html'
    m = dict(SiteName='宁波市鄞州区人民政府', SiteDomain='www.nbyz.gov.cn', SiteIDCode='3302120001', ColumnName='部门信息公开年报',
             ArticleTitle=title, PubDate=pd, ContentSource='鄞州区住建局', Url=url)
    mi = [('索引号', '11330212002938476K/2025-000118'), ('发布单位', '宁波市鄞州区住房和城乡建设局'), ('发布日期', pd[:10]),
          ('公开方式', '主动公开'), ('公开范围', '面向全社会'), ('文号', '无')]
    html = page_hanweb(title, m, body, mi, site='宁波市鄞州区人民政府', prov='浙', idcode='3302120001',
                       crumbs=('首页', '政务公开', '部门信息公开年报'))
    exp = dict(url=url, format='html', encoding='utf-8', title=title, agency=agency, year=year, template='2021',
               cells=cells_template('2021', act, req, app, '万元'),
               notes='Requests table with ONE label column; 三、本年度办理结果 and group labels （三）不予公开 etc. are separate '
                     'heading rows with empty cells (no cells). Many values carry units inside the cell: "5件", "3（件）" '
                     '(numbers only: 5, 3). Regulations cells are &nbsp;-only -> null. Fees cell "0.12万元". Appeals '
                     'non-zero values written "2件". Metadata 文号 "无" is metadata, not a cell.')
    write_doc('d07_yinzhou_zjj_2024_units_in_cells.html', html, exp,
              '2021; single label column with heading rows; "N件"/"N（件）" cells; &nbsp; nulls; fee "0.12万元"')


def d08():
    rng = random.Random(808)
    year, agency = 2021, '邯郸市丛台区人民政府'
    title = '邯郸市丛台区2021年政府信息公开工作年度报告'
    act = gen_active21(rng, 20, 86.5)
    act['regulations'] = {'issued': 0, 'repealed': 0, 'in_force': 0}
    req = gen_requests(rng, 90, '2021')
    # research / social_org columns left blank (&nbsp;) throughout by this office
    for r in req:
        for c in ('research', 'social_org'):
            if req[r][c] == 0:
                req[r][c] = None
    app = gen_appeals(rng, 2)

    def f(v, r, c):
        return '&nbsp;' if v is None else fmt_default(v)
    body = body_2021(agency, year, rng, t2_2021(act, f), t3_standard(req, '2021', f, header='three'),
                     t4_standard(app, f), kind='mso')
    pd = pubdate(rng, year)
    url = 'http://www.congtai.gov.cn/zwgk/xxgknb/202203/t20220329_45871.html'
    m = dict(SiteName='邯郸市丛台区人民政府', SiteDomain='www.congtai.gov.cn', SiteIDCode='1304030001', ColumnName='政府信息公开年报',
             ArticleTitle=title, PubDate=pd, ContentSource='丛台区人民政府办公室', Url=url)
    html = page_trs(title, m, body, [('索引号', '000014349/2022-00037'), ('发布机构', '丛台区人民政府办公室'),
                                     ('发文日期', pd[:10]), ('主题分类', '综合政务')],
                    charset=None, site='邯郸市丛台区人民政府', prov='冀', idcode='1304030001',
                    crumbs=('首页', '政务公开', '政府信息公开年报'))
    exp = dict(url=url, format='html', encoding='gbk', http_charset='gbk', title=title, agency=agency, year=year,
               template='2021', cells=cells_template('2021', act, req, app, '万元'),
               notes='GBK bytes with NO charset <meta>; the server sends Content-Type: text/html; charset=GBK (http_charset). '
                     'Zero cells of the 科研机构 and 社会公益组织 columns are left &nbsp;-only -> null (so row sums for those '
                     'rows are "unknown"). Fees 86.50 万元.')
    write_doc('d08_congtai_2021_gbk_nometa.html', html, exp,
              '2021; GBK without meta charset (charset only in HTTP header); &nbsp;-only null cells')


def d09():
    rng = random.Random(909)
    year, agency = 2020, '菏泽市牡丹区人民政府'
    title = '菏泽市牡丹区2020年政府信息公开工作年度报告'
    act = gen_active19(rng, 10, 2718.6)
    req = gen_requests(rng, 70, '2019')
    app = gen_appeals(rng, 1.2)
    lines = [title, '', intro(agency, year, '2019', rng), '一、总体情况']
    for h, s in general_paras(agency, year, rng, 4):
        lines.append(h + '。' + s)
    lines.append('二、主动公开政府信息情况')

    def chg(v):
        return '增%d' % v if v > 0 else ('减%d' % -v if v < 0 else '0')

    def f(v, r, c):
        if c == 'change':
            return chg(v)
        if r == 'procurement' and c == 'amount':
            return '%.1f' % v
        return fmt_default(v)

    def rows_to_txt(rows):
        placed, nr, nc = layout(rows)
        grid = [[''] * nc for _ in range(nr)]
        for r, c, cell in placed:
            grid[r][c] = cell.t.replace('\n', '')
        return [' | '.join(x for x in g) + ' |' for g in grid]
    lines += rows_to_txt(t2_2019(act, f, proc_hdr='采购总金额（万元）'))
    lines.append('三、收到和处理政府信息公开申请情况')
    lines += rows_to_txt(t3_standard(req, '2019', f, header='three'))
    lines.append('四、政府信息公开行政复议、行政诉讼情况')
    lines += rows_to_txt(t4_standard(app, f))
    lines += ['五、存在的主要问题及改进情况', PROBLEMS % (year, agency), '六、其他需要报告的事项', '无。', '',
              '菏泽市牡丹区人民政府办公室', '2021年1月%d日' % rng.randint(20, 30)]
    txt = '\r\n'.join(lines) + '\r\n'
    url = 'http://www.mudan.gov.cn/module/download/downfile.jsp?classid=0&filename=2101281642187.txt'
    exp = dict(url=url, format='txt', encoding='gb18030', title=title, agency=agency, year=year, template='2019',
               cells=cells_template('2019', act, req, app, '万元'),
               notes='Plain-text export (GB18030, CRLF) of a 2019-template report: tables flattened to "a | b | c |" '
                     'rows on a full grid (merged cells become empty slots). 本年增/减 as 增N/减N/0. Procurement header '
                     '采购总金额（万元） -> unit 万元, value written with one decimal.')
    write_doc('d09_mudan_2020_txt_gb18030.txt', txt, exp,
              '2019; plain text GB18030/CRLF with grid pipes; 增/减 changes; procurement in 万元')


def d10():
    rng = random.Random(1010)
    year, agency = 2019, '常州市金坛区人民政府'
    title = '常州市金坛区2019年政府信息公开工作年度报告'
    act = gen_active19(rng, 15, 38152600.5)
    forms = {'licensing': '+3', 'other_services': '-2', 'penalties': '增加5', 'coercion': '减少1', 'fees': '0'}
    vals = {'licensing': 3, 'other_services': -2, 'penalties': 5, 'coercion': -1, 'fees': 0}
    for r, v in vals.items():
        act[r]['change'] = v
    req = gen_requests(rng, 110, '2019')
    app = gen_appeals(rng, 2.5)

    def f(v, r, c):
        if c == 'change':
            return forms[r]
        if r == 'procurement' and c == 'amount':
            return '%.2f' % v
        return fmt_default(v)
    t2 = t2_2019(act, f, proc_hdr='采购总金额（元）')
    t3 = t3_standard(req, '2019', f, header='three')
    t4 = t4_standard(app, f)
    P = lambda s: '<p style="text-indent:2em;line-height:1.75em"><span style="font-family:仿宋;font-size:16px">%s</span></p>' % esc(s)
    parts = [P(intro(agency, year, '2019', rng)), P('一、总体情况')]
    for h, s in general_paras(agency, year, rng, 6):
        parts.append(P(h + '。' + s))
    ta = 'class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" align="center"'
    parts += [P('二、主动公开政府信息情况'), html_table(t2, 'mso', ta), P('三、收到和处理政府信息公开申请情况'),
              html_table(t3, 'mso', ta), P('四、政府信息公开行政复议、行政诉讼情况'), html_table(t4, 'mso', ta),
              P('五、存在的主要问题及改进情况'), P(PROBLEMS % (year, agency)), P('六、其他需要报告的事项'), P('无。')]
    pd = pubdate(rng, year)
    url = 'http://www.jintan.gov.cn/art/2020/3/27/art_48213_9127354.html'
    m = dict(SiteName='常州市金坛区人民政府', SiteDomain='www.jintan.gov.cn', SiteIDCode='3204130001', ColumnName='政府信息公开年报',
             ArticleTitle=title, PubDate=pd, ContentSource='金坛区政府办', Url=url)
    mi = [('索引号', '014130216/2020-00234'), ('公开方式', '主动公开'), ('发布机构', '常州市金坛区人民政府办公室'), ('生成日期', pd[:10])]
    html = page_hanweb(title, m, '\n'.join(parts), mi, site='常州市金坛区人民政府', idcode='3204130001',
                       crumbs=('首页', '信息公开', '政府信息公开年报'))
    exp = dict(url=url, format='html', encoding='utf-8', title=title, agency=agency, year=year, template='2019',
               cells=cells_template('2019', act, req, app, '元'),
               notes='2019 template. 本年增/减 written "+3", "-2", "增加5", "减少1", "0" (fees) -> 3, -2, 5, -1, 0. '
                     'Procurement header 采购总金额（元）, value 38152600.50 -> unit 元.')
    write_doc('d10_jintan_2019_change_forms.html', html, exp,
              '2019; 本年增/减 as +3/-2/增加5/减少1/0; procurement in 元 (header)')


# ---------------------------------------------------------------- PDF helpers

def pdf_build(path, title, blocks):
    from reportlab import rl_config
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
    rl_config.invariant = 1
    pdfmetrics.registerFont(UnicodeCIDFont('STSong-Light'))
    body = ParagraphStyle('b', fontName='STSong-Light', fontSize=10.5, leading=18, firstLineIndent=21, wordWrap='CJK')
    tst = ParagraphStyle('t', fontName='STSong-Light', fontSize=15, leading=24, alignment=TA_CENTER, wordWrap='CJK')
    hst = ParagraphStyle('h', fontName='STSong-Light', fontSize=11, leading=20, wordWrap='CJK')
    story = [Paragraph(title, tst), Spacer(1, 6)]
    for kind, x in blocks:
        if kind == 'p':
            story.append(Paragraph(esc(x), body))
        elif kind == 'h':
            story.append(Paragraph(esc(x), hst))
        else:
            rows, widths = x
            placed, nr, nc = layout(rows)
            grid = [[''] * nc for _ in range(nr)]
            st = [('FONTNAME', (0, 0), (-1, -1), 'STSong-Light'), ('FONTSIZE', (0, 0), (-1, -1), 7),
                  ('LEADING', (0, 0), (-1, -1), 9), ('GRID', (0, 0), (-1, -1), 0.5, 'black'),
                  ('VALIGN', (0, 0), (-1, -1), 'MIDDLE'), ('ALIGN', (0, 0), (-1, -1), 'CENTER')]
            tw = 180 * mm
            cw = [tw * w / sum(widths) for w in widths]
            for r, c, cell in placed:
                cap = max(2, int((sum(cw[c:c + cell.cs]) - 6) / 7.3))
                grid[r][c] = wrap_label(cell.t, cap)
                if cell.rs > 1 or cell.cs > 1:
                    st.append(('SPAN', (c, r), (c + cell.cs - 1, r + cell.rs - 1)))
            t = Table(grid, colWidths=cw, repeatRows=0)
            t.setStyle(TableStyle(st))
            story.append(t)
            story.append(Spacer(1, 6))
    SimpleDocTemplate(path, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=18 * mm,
                      bottomMargin=18 * mm, title=title, author='').build(story)


def wrap_label(s, n):
    """Break s into lines of <= n chars; never leave a one-character line."""
    s = s.replace('\n', '')
    if len(s) <= n:
        return s
    k = -(-len(s) // n)
    w = -(-len(s) // k)
    lines = [s[i:i + w] for i in range(0, len(s), w)]
    if len(lines[-1]) == 1:
        lines[-2] += lines[-1]
        lines.pop()
    return '\n'.join(lines)


def wrap_rows(rows, n):
    for row in rows:
        for cell in row:
            cell.t = wrap_label(cell.t, n * cell.cs)
    return rows


def d11():
    rng = random.Random(1111)
    year, agency = 2020, '嘉兴市秀洲区财政局'
    title = '嘉兴市秀洲区财政局2020年度政府信息公开工作年度报告'
    act = gen_active19(rng, 3, 1863.27)
    act['licensing'] = {'prev_items': 4, 'change': 0, 'decisions': 17}
    act['coercion'] = {'prev_items': 0, 'change': 0, 'decisions': 0}
    req = gen_requests(rng, 9, '2019')
    app = gen_appeals(rng, 0.2)

    def f(v, r, c):
        if c == 'change':
            return '增%d' % v if v > 0 else ('减%d' % -v if v < 0 else '0')
        if r == 'procurement' and c == 'amount':
            return '%.2f' % v
        return fmt_default(v)
    blocks = [('p', intro(agency, year, '2019', rng)), ('h', '一、总体情况')]
    for h, s in general_paras(agency, year, rng, 5):
        blocks.append(('p', h + '。' + s))
    blocks += [('h', '二、主动公开政府信息情况'),
               ('t', (t2_2019(act, f, proc_hdr='采购总金额（万元）'), [3, 2, 2, 2])),
               ('h', '三、收到和处理政府信息公开申请情况'),
               ('t', (t3_standard(req, '2019', f, header='three'), [1.1, 1.3, 2.6, 1, 1, 1, 1, 1, 1, 1])),
               ('h', '四、政府信息公开行政复议、行政诉讼情况'),
               ('t', (t4_standard(app, f), [1] * 15)),
               ('h', '五、存在的主要问题及改进情况'), ('p', PROBLEMS % (year, agency)),
               ('h', '六、其他需要报告的事项'), ('p', '本机关无其他需要报告的事项。')]
    path = os.path.join(OUT, 'd11_xiuzhou_czj_2020.pdf')
    pdf_build(path, title, blocks)
    data = open(path, 'rb').read()
    url = 'http://www.xiuzhou.gov.cn/module/download/downfile.jsp?classid=0&filename=c6a0e1d7f8b94d0ea1f5.pdf'
    exp = dict(url=url, format='pdf', encoding=None, title=title, agency=agency, year=year, template='2019',
               cells=cells_template('2019', act, req, app, '万元'),
               notes='PDF (reportlab, STSong-Light CID font, drawn grid tables, long labels wrapped over lines). '
                     '2019 template; 增N/减N changes; procurement header 采购总金额（万元） -> unit 万元.')
    write_doc('d11_xiuzhou_czj_2020.pdf', data, exp, '2019; PDF with ruled tables and wrapped labels; procurement in 万元')


# ---------------------------------------------------------------- DOCX helpers

def docx_new():
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Pt
    d = docx.Document()
    st = d.styles['Normal']
    st.font.name = '宋体'
    st.font.size = Pt(10.5)
    st.element.get_or_add_rPr().get_or_add_rFonts().set(qn('w:eastAsia'), '宋体')
    return d


def docx_table(d, rows):
    placed, nr, nc = layout(rows)
    t = d.add_table(rows=nr, cols=nc)
    t.style = 'Table Grid'
    for r, c, cell in placed:
        x = t.cell(r, c)
        if cell.rs > 1 or cell.cs > 1:
            x = x.merge(t.cell(r + cell.rs - 1, c + cell.cs - 1))
        lines = cell.t.split('\n')
        x.paragraphs[0].text = lines[0]
        for ln in lines[1:]:
            x.add_paragraph(ln)
    return t


def docx_bytes(d):
    import io
    b = io.BytesIO()
    d.core_properties.author = 'Administrator'
    d.core_properties.title = ''
    # deterministic core properties
    import datetime
    d.core_properties.created = datetime.datetime(2021, 1, 1)
    d.core_properties.modified = datetime.datetime(2021, 1, 1)
    d.save(b)
    return b.getvalue()


def d12():
    rng = random.Random(1212)
    year, agency = 2020, '南昌市青山湖区人民政府'
    title = '南昌市青山湖区2020年政府信息公开工作年度报告'
    act = gen_active19(rng, 12, 0)
    act['procurement']['amount'] = 5361.08
    req = gen_requests(rng, 55, '2019')
    app = gen_appeals(rng, 1.4)

    def f(v, r, c):
        if c == 'change':
            return '增%d' % v if v > 0 else ('减%d' % -v if v < 0 else '0')
        if r == 'procurement' and c == 'amount':
            return '%.2f' % v
        return fmt_default(v)
    d = docx_new()
    d.add_heading(title, level=1)
    d.add_paragraph(intro(agency, year, '2019', rng))
    d.add_paragraph('一、总体情况')
    for h, s in general_paras(agency, year, rng, 5):
        d.add_paragraph(h + '。' + s)
    d.add_paragraph('二、主动公开政府信息情况')
    docx_table(d, t2_2019(act, f))
    d.add_paragraph('三、收到和处理政府信息公开申请情况')
    docx_table(d, t3_standard(req, '2019', f, header='three'))
    d.add_paragraph('四、政府信息公开行政复议、行政诉讼情况')
    docx_table(d, t4_standard(app, f))
    d.add_paragraph('五、存在的主要问题及改进情况')
    d.add_paragraph(PROBLEMS % (year, agency))
    d.add_paragraph('六、其他需要报告的事项')
    d.add_paragraph('无。')
    url = 'http://www.qsh.gov.cn/qshqrmzf/zfxxgknb/202103/P020210315392817264055.docx'
    exp = dict(url=url, format='docx', encoding=None, title=title, agency=agency, year=year, template='2019',
               cells=cells_template('2019', act, req, app, None),
               notes='DOCX attachment; merged cells via w:gridSpan / w:vMerge (python-docx merge). Standard 2019 '
                     'template; procurement header 采购总金额 states no unit -> unit null (value 5361.08).')
    write_doc('d12_qingshanhu_2020.docx', docx_bytes(d), exp, '2019; DOCX with gridSpan/vMerge; procurement without unit')


def d13():
    rng = random.Random(1313)
    year, agency = 2020, '衢州市柯城区农业农村局'
    title = '衢州市柯城区农业农村局2020年度政府信息公开工作年度报告'
    act = gen_active19(rng, 1, 0)
    act['procurement'] = {'projects': 3, 'amount': 96.4}
    req = gen_requests(rng, 3, '2019')
    # this office fills only the 总计 column: other columns blank
    for r in req:
        for c in APPL:
            req[r][c] = None
    app = gen_appeals(rng, 0)

    def f(v, r, c):
        if v is None:
            return ''
        if c == 'change':
            return str(v)
        if r == 'procurement' and c == 'amount':
            return '%.1f' % v
        return fmt_default(v)
    # one combined attachment table, 22-col grid like the real seed
    W = 10
    rows = [[C('%d年政府信息公开工作年度报告统计表' % year, cs=W)],
            [C('（%d年度）' % year, cs=W)],
            [C('填报单位：衢州市柯城区农业农村局', cs=W)],
            [C('一、主动公开政府信息情况', cs=W)]]
    for row in t2_2019(act, f):
        # widen the 4-column table 二 to the W-column grid of the attachment
        if len(row) == 1:
            row[0].cs = W
        elif len(row) == 4:
            for x, w in zip(row, (3, 2, 2, 3)):
                x.cs = w
        else:
            for x, w in zip(row, (3, 3, 4)):
                x.cs = w
        rows.append(row)
    rows.append([C('二、收到和处理政府信息公开申请情况', cs=W)])
    rows += t3_standard(req, '2019', f, header='three')
    rows.append([C('三、政府信息公开行政复议、行政诉讼情况', cs=W)])
    rows.append([C('类别', cs=5), C('结果维持'), C('结果纠正'), C('其他结果'), C('尚未审结'), C('总计')])
    for r, lab in zip(APP_ROWS, ('行政复议', '行政诉讼（未经复议直接起诉）', '行政诉讼（复议后起诉）')):
        rows.append([C(lab, cs=5)] + [C(f(app[r][c], r, c)) for c in APP_COLS])
    P = lambda s: '<p style="text-indent:2em">%s</p>' % esc(s)
    parts = [P('根据《中华人民共和国政府信息公开条例》文件精神以及政务公开相关要求，现将%s%d年度政府信息公开年度报告进行公布，'
               '接受社会各界人士的监督。本报告的统计数据时限为%d年1月1日至%d年12月31日。如对本报告有疑问，请联系：%s办公室；'
               '联系电话：0570-8%06d。' % (agency, year, year, year, agency, rng.randint(0, 999999))),
             P('一、工作概述')]
    for h, s in general_paras(agency, year, rng, 4):
        parts.append(P(h + s))
    parts += [P('二、政府信息公开基本情况'),
              P('（一）主动公开政府信息情况。截至%d年12月31日，本单位主动公开政务信息共计%d条，全文电子化率达100%%。' % (year, rng.randint(80, 400))),
              P('（二）依申请公开政府信息情况。%d年度，我局共受理政府信息公开申请%d件，均已按期答复。' % (year, req['new']['total'])),
              P('（三）收费及减免情况。%d年度，我局对已公开及依申请公开的政府信息均不收取任何费用。' % year),
              P('（四）行政复议和诉讼情况。%d年度，我局因政府信息公开申请行政复议案件0个，提起行政诉讼案件0个。' % year),
              P('三、主要问题及改进措施'), P(PROBLEMS % (year, agency)),
              P('附件'), P('%d年政府信息公开年报报表' % year),
              html_table(rows, 'mso', 'class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" width="100%"')]
    pd = pubdate(rng, year)
    url = 'http://www.kecheng.gov.cn/art/2021/1/20/art_1229036561_58982113.html'
    m = dict(SiteName='衢州市柯城区人民政府', SiteDomain='www.kecheng.gov.cn', SiteIDCode='3308020001', ColumnName='政府信息公开年报',
             ArticleTitle=title, PubDate=pd, ContentSource='柯城区农业农村局', Url=url)
    mi = [('索引号', '11330802MB1927384R/2021-119042'), ('成文日期', pd[:10]), ('公开方式', '主动公开'),
          ('组配分类', '%d年度' % year), ('发布机构', '衢州市柯城区农业农村局')]
    html = page_trs(title, m, '\n'.join(parts), mi, site='衢州市柯城区人民政府', idcode='3308020001',
                    crumbs=('首页', '政务公开', '政府信息公开年报'))
    exp = dict(url=url, format='html', encoding='utf-8', title=title, agency=agency, year=year, template='2019',
               cells=cells_template('2019', act, req, app, None),
               notes='Prose report (text-only sections) followed by 附件: ONE combined statistics table whose first rows '
                     'are a title spanning the table (…统计表), （2020年度）, 填报单位. The office filled only the 总计 '
                     'column of the requests table; the six applicant columns are blank -> null. Table 四 printed as 3x5 '
                     '(类别 rows). Procurement header 采购总金额 without unit -> unit null, value 96.4. Prose sentence '
                     '"受理政府信息公开申请N件" is not a cell.')
    write_doc('d13_kecheng_nyj_2020_attachment_table.html', html, exp,
              '2019; prose then 附件 single table with spanning title row; only 总计 column filled; 3x5 appeals')


def d14():
    rng = random.Random(1414)
    year, agency = 2022, '济南市历下区卫生健康委员会'
    title = '济南市历下区卫生健康委员会2022年政府信息公开工作年度报告'
    act = gen_active21(rng, 6, 0)
    act['regulations'] = {'issued': 0, 'repealed': 0, 'in_force': 0}
    req = gen_requests(rng, 16, '2021')
    app = gen_appeals(rng, 0.4)
    f = std_f()
    d = docx_new()
    p = d.add_paragraph(title)
    p.alignment = 1
    d.add_paragraph(intro(agency, year, '2021', rng))
    d.add_paragraph('一、总体情况')
    for h, s in general_paras(agency, year, rng, 6):
        d.add_paragraph(h)
        d.add_paragraph(s)
    d.add_paragraph('二、主动公开政府信息情况')
    docx_table(d, t2_2021(act, f))
    d.add_paragraph('三、收到和处理政府信息公开申请情况')
    docx_table(d, t3_standard(req, '2021', f, header='three'))
    d.add_paragraph('四、政府信息公开行政复议、行政诉讼情况')
    docx_table(d, t4_standard(app, f, split_chars=True))
    d.add_paragraph('五、存在的主要问题及改进情况')
    d.add_paragraph(PROBLEMS % (year, agency))
    d.add_paragraph('六、其他需要报告的事项')
    d.add_paragraph(OTHER21_TEXT % agency)
    url = 'http://www.lixia.gov.cn/module/download/downfile.jsp?classid=0&filename=2301131027485627.docx'
    exp = dict(url=url, format='docx', encoding=None, title=title, agency=agency, year=year, template='2021',
               cells=cells_template('2021', act, req, app, '万元'),
               notes='DOCX 2021 template with gridSpan/vMerge merges; table 四 header labels split one character per '
                     'paragraph inside the cell. Fees "0" under （单位：万元）.')
    write_doc('d14_lixia_wjw_2022.docx', docx_bytes(d), exp, '2021; DOCX with merges; one-char-per-paragraph headers in 四')


def d15():
    rng = random.Random(1515)
    year, agency = 2023, '洛阳市涧西区人民政府'
    title = '洛阳市涧西区2023年政府信息公开工作年度报告'
    act = gen_active21(rng, 25, 1553.91)
    req = gen_requests(rng, 140, '2021')
    # real-world inconsistency: carried_forward printed 2 too high in the 自然人 and 总计 columns
    req['carried_forward']['natural_person'] += 2
    req['carried_forward']['total'] += 2
    app = gen_appeals(rng, 2)
    f = std_f()
    blocks = [('p', intro(agency, year, '2021', rng)), ('h', '一、总体情况')]
    for h, s in general_paras(agency, year, rng, 6):
        blocks.append(('p', h + '。' + s))
    blocks += [('h', '二、主动公开政府信息情况'), ('t', (t2_2021(act, f), [3, 2, 2, 2])),
               ('h', '三、收到和处理政府信息公开申请情况'),
               ('t', (t3_standard(req, '2021', f, header='three'), [1.1, 1.3, 2.6, 1, 1, 1, 1, 1, 1, 1])),
               ('h', '四、政府信息公开行政复议、行政诉讼情况'), ('t', (t4_standard(app, f), [1] * 15)),
               ('h', '五、存在的主要问题及改进情况'), ('p', PROBLEMS % (year, agency)),
               ('h', '六、其他需要报告的事项'), ('p', OTHER21_TEXT % agency)]
    path = os.path.join(OUT, 'd15_jianxi_2023.pdf')
    pdf_build(path, title, blocks)
    url = 'http://www.jianxi.gov.cn/uploadfiles/2024/03/P020240328516742871093.pdf'
    exp = dict(url=url, format='pdf', encoding=None, title=title, agency=agency, year=year, template='2021',
               cells=cells_template('2021', act, req, app, '万元'),
               notes='PDF 2021 template, district government. Deliberate real-world inconsistency: carried_forward '
                     '(自然人 and 总计) printed 2 higher than new+carried_in-total, so requests_balance FAILS for '
                     'natural_person and total (all other rules hold). Fees 1553.91 万元.')
    write_doc('d15_jianxi_2023.pdf', open(path, 'rb').read(), exp,
              '2021; PDF; requests_balance deliberately broken by 2 in two columns; large fee')


# ---------------------------------------------------------------- legacy

FW_BR = str.maketrans('（）', '()')


def legacy_key(label):
    s = re.sub(r'\s+', '', label.replace('\u3000', ''))
    s = s.translate(FW_BR)
    while True:
        t = re.sub(r'^(其中[:：]?|[一二三四五六七八九十]+[、.．]|\([一二三四五六七八九十]+\)|\(\d+\)|\d+[.．、]|[①-⑳])', '', s)
        if t == s:
            break
        s = t
    return s


LEG_FORM = [
    ('一、主动公开情况', None), ('（一）主动公开政府信息数', '条'), ('其中：主动公开规范性文件数', '条'), ('制发规范性文件总数', '件'),
    ('（二）通过不同渠道和方式公开政府信息的情况', None), ('1.政府公报公开政府信息数', '条'), ('2.政府网站公开政府信息数', '条'),
    ('3.政务微博公开政府信息数', '条'), ('4.政务微信公开政府信息数', '条'), ('5.其他方式公开政府信息数', '条'),
    ('二、回应解读情况', None), ('（一）回应公众关注热点或重大舆情数', '次'), ('（二）通过不同渠道和方式回应解读的情况', None),
    ('1.参加或举办新闻发布会总次数', '次'), ('其中：主要负责同志参加新闻发布会次数', '次'), ('2.政府网站在线访谈次数', '次'),
    ('其中：主要负责同志参加政府网站在线访谈次数', '次'), ('3.政策解读稿件发布数', '篇'), ('4.微博微信回应事件数', '次'),
    ('5.其他方式回应事件数', '次'),
    ('三、依申请公开情况', None), ('（一）收到申请数', '件'), ('1.当面申请数', '件'), ('2.传真申请数', '件'), ('3.网络申请数', '件'),
    ('4.信函申请数', '件'), ('5.其他形式', '件'), ('（二）申请办结数', '件'), ('1.按时办结数', '件'), ('2.延期办结数', '件'),
    ('（三）申请答复数', '件'), ('1.属于已主动公开范围数', '件'), ('2.同意公开答复数', '件'), ('3.同意部分公开答复数', '件'),
    ('4.不同意公开答复数', '件'), ('其中：涉及国家秘密', '件'), ('涉及商业秘密', '件'), ('涉及个人隐私', '件'),
    ('危及国家安全、公共安全、经济安全和社会稳定', '件'), ('不是《条例》所指政府信息', '件'), ('法律法规规定的其他情形', '件'),
    ('5.不属于本行政机关公开数', '件'), ('6.申请信息不存在数', '件'), ('7.告知作出更改补充数', '件'), ('8.告知通过其他途径办理数', '件'),
    ('四、行政复议数量', '件'), ('（一）维持具体行政行为数', '件'), ('（二）被依法纠错数', '件'), ('（三）其他情形数', '件'),
    ('五、行政诉讼数量', '件'), ('六、被举报投诉数量', '件'),
    ('七、向图书馆、档案馆等查阅场所报送信息数', '条'), ('（一）纸质文件数', '条'), ('（二）电子文件数', '条'),
    ('八、机构建设和保障经费情况', None), ('（一）政府信息公开工作专门机构数', '个'), ('（二）设置政府信息公开查阅点数', '个'),
    ('（三）查阅点接待人数', '人'), ('（四）从事政府信息公开工作人员数', '人'),
    ('1.专职人员数（不包括政府公报及政府网站工作人员数）', '人'), ('2.兼职人员数', '人'),
    ('（五）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）', '万元'),
    ('九、政府信息公开会议和培训情况', None), ('（一）召开政府信息公开工作会议或专题会议数', '次'), ('（二）举办各类培训班数', '次'),
    ('（三）接受培训人员数', '人次'),
]


def legacy_values(rng, scale, blank_p=0.0):
    vals = {}
    for lab, unit in LEG_FORM:
        if unit is None:
            continue
        if unit == '万元':
            vals[lab] = round(rng.random() * 3 * scale, 1)
        elif rng.random() < blank_p:
            vals[lab] = None
        else:
            vals[lab] = int(rng.random() * scale * {'条': 60, '件': 2, '次': 3, '篇': 4, '个': 1, '人': 2, '人次': 30}[unit])
    vals['（一）政府信息公开工作专门机构数'] = 1
    vals['（二）设置政府信息公开查阅点数'] = 1
    # keep the parent rows consistent with their sub-rows (blank sub-rows count as 0)
    z = lambda k: vals[k] or 0
    ch = ['1.政府公报公开政府信息数', '2.政府网站公开政府信息数', '3.政务微博公开政府信息数', '4.政务微信公开政府信息数',
          '5.其他方式公开政府信息数']
    vals['（一）主动公开政府信息数'] = sum(z(k) for k in ch)
    if vals['其中：主动公开规范性文件数'] is not None:
        vals['其中：主动公开规范性文件数'] = min(vals['其中：主动公开规范性文件数'], vals['（一）主动公开政府信息数'] // 4)
    if vals['制发规范性文件总数'] is not None:
        vals['制发规范性文件总数'] = z('其中：主动公开规范性文件数')
    forms = ['1.当面申请数', '2.传真申请数', '3.网络申请数', '4.信函申请数', '5.其他形式']
    got = sum(z(k) for k in forms)
    for k in ('（一）收到申请数', '（二）申请办结数', '（三）申请答复数'):
        vals[k] = got
    vals['2.延期办结数'] = 0 if vals['2.延期办结数'] is not None else None
    vals['1.按时办结数'] = got
    ans = ['1.属于已主动公开范围数', '2.同意公开答复数', '3.同意部分公开答复数', '4.不同意公开答复数',
           '5.不属于本行政机关公开数', '6.申请信息不存在数', '7.告知作出更改补充数', '8.告知通过其他途径办理数']
    for k in ans[1:] + ['其中：涉及国家秘密', '涉及商业秘密', '涉及个人隐私', '危及国家安全、公共安全、经济安全和社会稳定',
                        '不是《条例》所指政府信息', '法律法规规定的其他情形']:
        if vals[k] is not None:
            vals[k] = 0
    vals['1.属于已主动公开范围数'] = got
    sub = ['（一）维持具体行政行为数', '（二）被依法纠错数', '（三）其他情形数']
    vals['四、行政复议数量'] = sum(z(k) for k in sub)
    vals['七、向图书馆、档案馆等查阅场所报送信息数'] = z('（一）纸质文件数') + z('（二）电子文件数')
    vals['（四）从事政府信息公开工作人员数'] = z('1.专职人员数（不包括政府公报及政府网站工作人员数）') + z('2.兼职人员数')
    return vals


def check_unique(cells):
    seen = set()
    for c in cells:
        k = (c['section'], c['row'], c['col'])
        assert k not in seen, k
        seen.add(k)


def d16():
    rng = random.Random(1616)
    year, agency = 2015, '温州市鹿城区环境保护局'
    title = '温州市鹿城区环境保护局2015年度政府信息公开工作年度报告'
    form = [('一、主动公开政府信息情况', None, False),
            ('主动公开信息（条）', rng.randint(120, 400), True),
            ('其中：全文电子化（条）', None, True),
            ('政府网站公开（条）', None, True), ('政务微博公开（条）', rng.randint(0, 60), True),
            ('政务微信公开（条）', rng.randint(0, 80), True),
            ('二、依申请公开政府信息情况', None, False),
            ('收到申请（件）', rng.randint(3, 30), True), ('当面申请（件）', None, True), ('网络申请（件）', None, True),
            ('信函申请（件）', None, True), ('同意公开（件）', None, True), ('部分公开（件）', rng.randint(0, 3), True),
            ('不予公开（件）', rng.randint(0, 2), True), ('信息不存在（件）', rng.randint(0, 4), True),
            ('非本机关掌握（件）', rng.randint(0, 3), True),
            ('三、收费及减免情况', None, False),
            ('收取费用（万元）', 0, True), ('减免费用（万元）', 0, True),
            ('四、行政复议和行政诉讼情况', None, False),
            ('行政复议（件）', rng.randint(0, 2), True), ('行政诉讼（件）', rng.randint(0, 1), True),
            ('五、机构和人员情况', None, False),
            ('专职人员（人）', 1, True), ('兼职人员（人）', rng.randint(1, 5), True),
            ('培训人次（人次）', rng.randint(10, 60), True)]
    vals = {lab: v for lab, v, ind in form}
    tot = vals['主动公开信息（条）']
    vals['其中：全文电子化（条）'] = tot
    vals['政府网站公开（条）'] = tot - vals['政务微博公开（条）'] - vals['政务微信公开（条）']
    ra = vals['收到申请（件）']
    a = rng.randint(0, ra)
    b = rng.randint(0, ra - a)
    vals['当面申请（件）'], vals['网络申请（件）'], vals['信函申请（件）'] = a, b, ra - a - b
    vals['同意公开（件）'] = max(0, ra - vals['部分公开（件）'] - vals['不予公开（件）'] - vals['信息不存在（件）'] - vals['非本机关掌握（件）'])
    rows = [[C('指标名称'), C('统计数')]]
    cells = []
    for lab, _, ind in form:
        if not ind:
            rows.append([C(lab, cs=2)])
            continue
        v = vals[lab]
        rows.append([C(lab), C(str(v))])
        cells.append(dict(section='legacy', row=legacy_key(lab), col='value', value=v, unit=None))
    check_unique(cells)
    P = lambda s: '<p class="MsoNormal" style="text-indent:21pt">%s</p>' % esc(s)
    parts = [P('根据《中华人民共和国政府信息公开条例》和《浙江省政府信息公开暂行办法》要求，特向社会公布%d年度本局政府信息公开工作年度报告。'
               '本报告由概述，主动公开政府信息情况，依申请公开政府信息情况，政府信息公开的收费及减免情况，因政府信息公开申请提起行政复议、'
               '行政诉讼情况，政府信息公开工作存在的主要问题及改进情况等部分组成。本报告中所列数据的统计期限自%d年1月1日起至%d年12月31日止。'
               % (year, year, year)),
             P('一、概述'), P('%d年，我局认真贯彻落实《条例》，围绕环境质量、建设项目环评审批、环境执法等重点领域，主动公开环境信息%d条，'
                            '召开新闻发布会%d次。' % (year, tot, rng.randint(1, 4))),
             P('二、主动公开政府信息情况'), P('全年共主动公开政府信息%d条，全文电子化率100%%。' % tot),
             P('三、依申请公开政府信息情况'), P('全年共收到政府信息公开申请%d件，均在规定期限内答复。' % ra),
             P('四、政府信息公开的收费及减免情况'), P('未收取任何费用。'),
             P('五、因政府信息公开申请提起行政复议、行政诉讼情况'), P('详见附表。'),
             P('六、存在的主要问题及改进措施'), P(PROBLEMS % (year, agency)),
             P('附表：%d年度政府信息公开情况统计表' % year),
             html_table(rows, 'mso', 'class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" width="520"')]
    pd = pubdate(rng, year)
    url = 'http://www.lucheng.gov.cn/art/2016/3/2/art_1247865_4821097.html'
    m = dict(SiteName='温州市鹿城区人民政府', SiteDomain='www.lucheng.gov.cn', SiteIDCode='3303020001', ColumnName='年度报告',
             ArticleTitle=title, PubDate=pd, ContentSource='鹿城区环保局', Url=url)
    html = page_hanweb(title, m, '\n'.join(parts), [('索引号', '002613582/2016-00011'), ('发布机构', '鹿城区环保局'),
                                                    ('生成日期', pd[:10])],
                       site='温州市鹿城区人民政府', prov='浙', idcode='3303020001', crumbs=('首页', '政务公开', '年度报告'))
    exp = dict(url=url, format='html', encoding='utf-8', title=title, agency=agency, year=year, template='legacy',
               cells=cells,
               notes='Provincial-style legacy form with two columns 指标名称 | 统计数; the unit is only inside the label '
                     '("主动公开信息（条）"), so the row key keeps it with half-width brackets ("主动公开信息(条)") and unit is '
                     'null. Section rows (一、… spanning both columns) give no cells. "其中：全文电子化（条）" -> "全文电子化(条)".')
    write_doc('d16_lucheng_hbj_2015_unit_in_label.html', html, exp,
              'legacy 2015; 指标名称|统计数 with units inside labels; spanning section rows')


def d17():
    rng = random.Random(1717)
    year, agency = 2014, '株洲市天元区人民政府'
    title = '株洲市天元区2014年政府信息公开工作年度报告'
    items = [('一、主动公开政府信息数', rng.randint(800, 2000), '含政府网站、政务微博、公开栏等渠道'),
             ('其中：政府网站公开数', None, '区政府门户网站'),
             ('二、依申请公开', None, None),
             ('1.收到申请数', rng.randint(10, 40), '其中网上申请12件'),
             ('2.已答复数', None, '全部按期答复'),
             ('3.同意公开数', rng.randint(5, 20), ''),
             ('4.部分公开数', rng.randint(0, 3), '无'),
             ('5.不予公开数', rng.randint(0, 2), '涉及个人隐私'),
             ('6.信息不存在数', rng.randint(0, 5), ''),
             ('三、行政复议数', rng.randint(0, 2), '均维持'),
             ('四、行政诉讼数', rng.randint(0, 1), '—'),
             ('五、收取费用（元）', 0, '未收费'),
             ('六、举办培训班（期）', rng.randint(1, 5), '2014年6月、11月'),
             ('七、信息公开查阅点（个）', rng.randint(1, 12), '区档案馆、政务服务中心等')]
    vals = {lab: v for lab, v, _ in items}
    vals['其中：政府网站公开数'] = vals['一、主动公开政府信息数'] - rng.randint(100, 300)
    vals['2.已答复数'] = vals['1.收到申请数']
    rows = [[C('项目'), C('数量'), C('备注')]]
    cells = []
    for lab, v, note in items:
        if lab == '二、依申请公开':
            rows.append([C(lab), C(''), C('')])
            continue
        v = vals[lab]
        rows.append([C(lab), C(str(v)), C(note or '')])
        cells.append(dict(section='legacy', row=legacy_key(lab), col='value', value=v, unit=None))
    check_unique(cells)
    P = lambda s: '<p align="justify" style="text-indent:2em">%s</p>' % esc(s)
    parts = [P('本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，由株洲市天元区人民政府办公室编制。'
               '全文包括概述、主动公开政府信息情况、依申请公开政府信息情况、政府信息公开收费及减免情况、因政府信息公开申请提起行政复议和'
               '行政诉讼情况、存在的主要问题和改进措施，以及附表。本报告中所列数据的统计期限自2014年1月1日起至2014年12月31日止。'),
             P('一、概述'), P('2014年，天元区认真贯彻落实《条例》和省、市有关要求，以“公开为原则，不公开为例外”，'
                            '进一步推进行政权力运行、财政预决算、“三公”经费等重点领域信息公开。'),
             P('二、主动公开政府信息情况'), P('全年主动公开政府信息%d条。' % vals['一、主动公开政府信息数']),
             P('三、依申请公开政府信息情况'), P('全年受理依申请公开%d件，按期答复率100%%。' % vals['1.收到申请数']),
             P('四、存在的主要问题和改进措施'), P(PROBLEMS % (year, '天元区')),
             P('附表：天元区2014年政府信息公开工作情况统计表'),
             html_table(rows, 'plain', 'border="1" cellspacing="0" cellpadding="4" width="90%"')]
    pd = pubdate(rng, year)
    url = 'http://www.tianyuan.gov.cn/c10983/20150318/i128734.html'
    page = ('<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
            + meta_tags(dict(SiteName='株洲市天元区人民政府', SiteIDCode='4302110001', ArticleTitle=title, PubDate=pd, Url=url))
            + '<title>%s</title></head><body><div class="wz">您现在的位置：<a>首页</a> &gt; <a>政务公开</a> &gt; <a>政府信息公开年报</a></div>'
            '<div class="art"><h2>%s</h2><p class="fbsj">发布时间：%s 来源：区政府办 点击：<span id="click"></span> '
            '字体：[<a>大</a> <a>中</a> <a>小</a>]</p><div class="article_content">%s</div>'
            '<p>【<a>打印本页</a>】【<a>关闭窗口</a>】</p></div>' % (esc(title), esc(title), pd[:10], '\n'.join(parts))
            + footer('株洲市天元区人民政府', '湘', '4302110001', '12008734', '43021102000114') + '</body></html>')
    exp = dict(url=url, format='html', encoding='utf-8', title=title, agency=agency, year=year, template='legacy',
               cells=cells,
               notes='Legacy 2014 table 项目 | 数量 | 备注. The 备注 column is free text (some of it with digits, "其中网上申请12件", '
                     '"2014年6月、11月", "无", "—") and gives no cells. Units only inside labels ("五、收取费用（元）" -> row '
                     '"收取费用(元)", unit null). Row "二、依申请公开" has no number -> no cell.')
    write_doc('d17_tianyuan_2014_remarks_column.html', page, exp,
              'legacy 2014; 项目|数量|备注 with digit-bearing remarks; units inside labels')


def d18():
    rng = random.Random(1818)
    year, agency = 2016, '绍兴市上虞区国土资源局'
    title = '绍兴市上虞区国土资源局2016年政府信息公开工作年度报告'
    cur = legacy_values(rng, 2)
    prev = legacy_values(rng, 2)
    rows = [[C('统计指标'), C('单位'), C('2016年'), C('2015年')]]
    cells = []
    for lab, unit in LEG_FORM:
        if unit is None:
            rows.append([C(lab), C(''), C(''), C('')])
            continue
        a, b = cur[lab], prev[lab]
        rows.append([C(lab), C(unit), C(fmt_default(a) if not isinstance(a, float) else '%.1f' % a),
                     C(fmt_default(b) if not isinstance(b, float) else '%.1f' % b)])
        cells.append(dict(section='legacy', row=legacy_key(lab), col='value', value=a, unit=unit))
        cells.append(dict(section='legacy', row=legacy_key(lab), col='2015年', value=b, unit=unit))
    check_unique(cells)
    P = lambda s: '<p>%s</p>' % esc(s)
    parts = [P('根据《中华人民共和国政府信息公开条例》规定，现公布上虞区国土资源局2016年度政府信息公开工作年度报告。'
               '本报告统计期限为2016年1月1日至2016年12月31日，并与2015年数据进行对比。'),
             P('一、概述'), P('2016年，我局围绕土地征收、矿产资源管理、不动产登记等重点领域加大公开力度。'),
             P('二、主动公开政府信息情况'), P('全年主动公开政府信息%d条，较上年%s。' % (cur['（一）主动公开政府信息数'],
                                                                    '有所增加' if cur['（一）主动公开政府信息数'] > prev['（一）主动公开政府信息数'] else '有所减少')),
             P('三、依申请公开情况'), P('全年收到政府信息公开申请%d件。' % cur['（一）收到申请数']),
             P('四、存在的主要问题及改进措施'), P(PROBLEMS % (year, agency)),
             P('附：上虞区国土资源局政府信息公开情况统计表（2016年与2015年对比）'),
             html_table(rows, 'mso', 'class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0"')]
    pd = pubdate(rng, year)
    url = 'http://www.shangyu.gov.cn/art/2017/1/24/art_1229417316_3215628.html'
    m = dict(SiteName='绍兴市上虞区人民政府', SiteDomain='www.shangyu.gov.cn', SiteIDCode='3306040001', ColumnName='信息公开年报',
             ArticleTitle=title, PubDate=pd, ContentSource='上虞区国土资源局', Url=url)
    html = page_trs(title, m, '\n'.join(parts), [('索引号', '002605193/2017-00008'), ('发布机构', '上虞区国土资源局'),
                                                 ('生成日期', pd[:10]), ('公开方式', '主动公开')],
                    site='绍兴市上虞区人民政府', idcode='3306040001', crumbs=('首页', '政务公开', '信息公开年报'))
    exp = dict(url=url, format='html', encoding='utf-8', title=title, agency=agency, year=year, template='legacy',
               cells=cells,
               notes='Legacy 统计指标 | 单位 | 2016年 | 2015年. Report year 2016: the 2016年 column -> col "value", the '
                     '2015年 column -> col "2015年". Section rows (no unit, no number) give no cells. Duplicate sub-rows of '
                     '五/六 (被依法纠错数 etc.) omitted by design so keys stay unique.')
    write_doc('d18_shangyu_gtj_2016_two_periods.html', html, exp,
              'legacy 2016; 单位 column and two period columns 2016年|2015年')


def d19():
    import openpyxl
    from openpyxl.styles import Alignment, Border, Font, Side
    rng = random.Random(1919)
    year, agency = 2017, '泰安市岱岳区水利局'
    title = '泰安市岱岳区水利局2017年度政府信息公开工作情况统计表'
    cur = legacy_values(rng, 1.2, blank_p=0.25)
    cum = legacy_values(rng, 6, blank_p=0.35)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = 'Sheet1'
    ws.append([title])
    ws.merge_cells('A1:D1')
    ws.append(['填报单位（盖章）：泰安市岱岳区水利局', None, None, '2017年度'])
    ws.merge_cells('A2:C2')
    ws.append(['统 计 指 标', '单位', '本年度', '历年累计'])
    cells = []
    for lab, unit in LEG_FORM:
        if unit is None:
            ws.append([lab])
            continue
        a, b = cur[lab], cum[lab]
        ws.append([lab, unit, a, b])
        cells.append(dict(section='legacy', row=legacy_key(lab), col='value', value=a, unit=unit))
        cells.append(dict(section='legacy', row=legacy_key(lab), col='cumulative', value=b, unit=unit))
    ws.append(['注：各子栏目数总数要等于总栏目数量。'])
    ws.merge_cells('A%d:D%d' % (ws.max_row, ws.max_row))
    ws.append(['填表人：张某某', None, '联系电话：0538-8321547'])
    thin = Side(style='thin')
    for row in ws.iter_rows(min_row=3, max_row=ws.max_row - 2):
        for c in row:
            c.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws['A1'].font = Font(name='宋体', size=14, bold=True)
    ws['A1'].alignment = Alignment(horizontal='center')
    ws.column_dimensions['A'].width = 60
    check_unique(cells)
    import io
    b = io.BytesIO()
    wb.properties.creator = 'Administrator'
    import datetime
    wb.properties.created = datetime.datetime(2018, 1, 15)
    wb.properties.modified = datetime.datetime(2018, 1, 15)
    wb.save(b)
    url = 'http://www.daiyue.gov.cn/module/download/downfile.jsp?classid=0&filename=1801261109517243.xlsx'
    exp = dict(url=url, format='xlsx', encoding=None, title=title, agency=agency, year=year, template='legacy',
               cells=cells,
               notes='XLS-style worksheet (only the statistics table): merged title row, 填报单位 row, header '
                     '统 计 指 标 | 单位 | 本年度 | 历年累计 -> cols value / cumulative. Numbers are numeric cells; blank '
                     'cells on indicator rows (which have a unit) -> null cells. Section rows have only a label -> no '
                     'cells. Footer note and 填表人 rows are not data.')
    write_doc('d19_daiyue_slj_2017_legacy.xlsx', b.getvalue(), exp, 'legacy 2017; XLSX sheet; 本年度|历年累计 columns; blanks')


def d20():
    rng = random.Random(2020)
    year, agency = 2018, '德州市陵城区人民政府办公室'
    title = '德州市陵城区人民政府办公室2018年政府信息公开工作年度报告'
    vals = legacy_values(rng, 1.5, blank_p=0.3)
    vals['（五）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）'] = 2.5
    sec_total = sum(vals[x] or 0 for x in ('1.政府公报公开政府信息数', '2.政府网站公开政府信息数', '3.政务微博公开政府信息数',
                                          '4.政务微信公开政府信息数', '5.其他方式公开政府信息数'))
    d = docx_new()
    d.add_paragraph(title).alignment = 1
    d.add_paragraph('根据《中华人民共和国政府信息公开条例》（以下简称《条例》）、《德州市政府信息公开规定》和上级有关要求，'
                    '特编制本报告。全文包括概述、主动公开政府信息情况、依申请公开政府信息情况、政府信息公开的收费及减免情况、'
                    '因政府信息公开申请提起行政复议和行政诉讼的情况、存在的主要问题及改进措施，并附《2018年政府信息公开工作情况统计表》。'
                    '本报告中所列数据的统计期限自2018年1月1日起至2018年12月31日止。如对本报告有疑问，请与陵城区人民政府办公室联系'
                    '（地址：陵城区政务中心；电话：0534-8221036）。')
    for h, s in general_paras('陵城区人民政府办公室', year, rng, 5):
        d.add_paragraph(h + '。' + s)
    d.add_paragraph('附件：2018年政府信息公开工作情况统计表')
    rows = [[C('统计指标'), C('单位'), C('统计数')]]
    cells = []
    for lab, unit in LEG_FORM:
        if lab == '一、主动公开情况':
            rows.append([C(lab), C(''), C(str(sec_total))])
            cells.append(dict(section='legacy', row=legacy_key(lab), col='value', value=sec_total, unit=None))
            continue
        if unit is None:
            rows.append([C(lab, cs=3)])
            continue
        v = vals[lab]
        rows.append([C(lab), C(unit), C('' if v is None else ('%.1f' % v if isinstance(v, float) else str(v)))])
        cells.append(dict(section='legacy', row=legacy_key(lab), col='value', value=v, unit=unit))
    docx_table(d, rows)
    d.add_paragraph('（注：各子栏目数总数要等于总栏目数量）')
    check_unique(cells)
    url = 'http://www.lingcheng.gov.cn/n29186457/n29186539/c53127864/part/53127912.docx'
    exp = dict(url=url, format='docx', encoding=None, title=title, agency=agency, year=year, template='legacy',
               cells=cells,
               notes='Legacy 2014-2018 统计表 (统计指标 | 单位 | 统计数) in a DOCX. Section rows are merged across all three '
                     'columns (gridSpan) and give no cells, except "一、主动公开情况" which carries a number in 统计数 with an '
                     'empty 单位 -> row "主动公开情况", unit null. Indicator rows with a unit but an empty 统计数 -> null '
                     'cells. 专项经费 2.5 万元.')
    write_doc('d20_lingcheng_zfb_2018_legacy.docx', docx_bytes(d), exp,
              'legacy 2018; DOCX 统计指标|单位|统计数; spanning section rows; blank indicator cells')


def d21():
    rng = random.Random(2121)
    year, agency = 2022, '六安市裕安区城南镇人民政府'
    title = '六安市裕安区城南镇人民政府2022年政府信息公开工作年度报告'
    P = lambda s: '<p style="text-indent:2em">%s</p>' % esc(s)
    parts = [P(intro(agency, year, '2021', rng)), P('一、总体情况')]
    for h, s in general_paras(agency, year, rng, 5):
        parts.append(P(h + '。' + s))
    imgs = ['/group3/M00/0A/1F/wKgBZ2PL9xCAT3kqAAKx2lqO4hM812.png', '/group3/M00/0A/1F/wKgBZ2PL9yaAKj7RAAOq1bBrV0c144.png',
            '/group3/M00/0A/1F/wKgBZ2PL9zSAbc0jAAHm8kqZcTU906.png']
    for h, src in zip(['二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况'], imgs):
        parts.append(P(h))
        parts.append('<p style="text-align:center"><img src="%s" width="600" alt="" title="%s"></p>' % (src, esc(h)))
    parts += [P('五、存在的主要问题及改进情况'), P(PROBLEMS % (year, agency)), P('六、其他需要报告的事项'), P(OTHER21_TEXT % agency)]
    pd = pubdate(rng, year)
    url = 'https://www.yuan.gov.cn/public/6611291/1117604213.html'
    m = dict(SiteName='六安市裕安区人民政府', SiteDomain='www.yuan.gov.cn', SiteIDCode='3415030001', ColumnName='政府信息公开年报',
             ArticleTitle=title, PubDate=pd, ContentSource='城南镇', Url=url)
    mi = [('索引号', '11341503003191264Q/202301-00004'), ('信息分类', '政府信息公开年报'), ('发布机构', '城南镇人民政府'),
          ('生成日期', pd[:10]), ('公开方式', '主动公开'), ('有效性', '有效'), ('文号', '')]
    html = page_trs(title, m, '\n'.join(parts), mi, site='六安市裕安区人民政府', prov='皖', idcode='3415030001',
                    crumbs=('首页', '信息公开', '城南镇', '政府信息公开年报'))
    exp = dict(url=url, format='html', encoding='utf-8', title=title, agency=agency, year=year, template='none',
               cells=[],
               notes='Full 2021-style prose report, but tables 二三四 are published only as <img> pictures; the only '
                     'HTML table on the page is the metadata block. template none, no cells. Prose numbers are not cells.')
    write_doc('d21_yuan_chengnan_2022_image_tables.html', html, exp,
              '2021-era report whose statistics tables are images only -> template none')


def main():
    for fn in (d01, d02, d03, d04, d05, d06, d07, d08, d09, d10, d11, d12, d13, d14, d15, d16, d17, d18, d19, d20, d21):
        fn()
    with open(os.path.join(OUT, 'manifest.json'), 'w', encoding='utf-8') as fh:
        json.dump({'set': 'blind-reports-2', 'generator': 'make_files.py', 'documents': MANIFEST}, fh,
                  ensure_ascii=False, indent=1)
        fh.write('\n')


if __name__ == '__main__':
    main()
