# -*- coding: utf-8 -*-
"""Shared helpers for make_files.py (blind test documents).

Written without reading the project's parser; only the two spec pages
(report-fields.md, portals.md) and the three seed texts were used.
"""
import html
import re

NULL_TOKENS = {"", "/", "-", "—", "——", "－", "无", "N/A", "n/a"}

# ---------------------------------------------------------------- values

def parse_value(printed, header_unit=None, signed=False):
    """Expected (value, unit) for a printed cell, per report-fields.md."""
    s = printed.replace("\u00a0", "").replace(" ", "").strip()
    if s in NULL_TOKENS:
        return None, None
    unit = header_unit
    for u in ("万元", "元"):
        if s.endswith(u):
            unit = u
            s = s[: -len(u)]
            break
    sign = 1
    if signed:
        if s.startswith("增"):
            s = s[1:]
        elif s.startswith("减"):
            s = s[1:]
            sign = -1
    if s.startswith("+"):
        s = s[1:]
    elif s.startswith("-") and len(s) > 1:
        s = s[1:]
        sign = -1
    if "." in s:
        v = float(s) * sign
    else:
        v = int(s) * sign
    return v, unit


# ---------------------------------------------------------------- legacy keys

_PREFIX = re.compile(
    r"^(?:其中[：:]|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]"
    r"|[（(]\d+[）)]|\d+[.．、]|[①②③④⑤⑥⑦⑧⑨⑩])"
)


def legacy_key(label):
    s = re.sub(r"\s+", "", label.replace("\u00a0", ""))
    while True:
        t = _PREFIX.sub("", s)
        if t == s:
            break
        s = t
    return s.replace("（", "(").replace("）", ")")


# ---------------------------------------------------------------- Word HTML

SPAN_CJK = ('<span style="font-size:{fs}pt;font-family:{font};mso-ascii-font-family:'
            '&quot;Times New Roman&quot;;mso-hansi-font-family:&quot;Times New Roman&quot;;'
            'color:black;mso-font-kerning:0pt">')
SPAN_EN = ('<span lang="EN-US" style="font-size:{fs}pt;font-family:&quot;Times New Roman&quot;,'
           'serif;mso-fareast-font-family:{font};color:black;mso-font-kerning:0pt">')


def _runs(text):
    """Split text into runs of ASCII vs non-ASCII like Word does."""
    out = []
    for ch in text:
        kind = ord(ch) < 128
        if out and out[-1][0] == kind:
            out[-1][1].append(ch)
        else:
            out.append((kind, [ch]))
    return [(k, "".join(c)) for k, c in out]


def spans(text, fs="10.5", font="宋体", bold=False, chop=0):
    """Render text as Word-style spans. chop>0 splits CJK runs every `chop` chars."""
    parts = []
    for is_en, run in _runs(text):
        pieces = [run]
        if chop and not is_en:
            pieces = [run[i:i + chop] for i in range(0, len(run), chop)]
        for p in pieces:
            tpl = SPAN_EN if is_en else SPAN_CJK
            body = html.escape(p, quote=False)
            body = body.replace("  ", "&nbsp; ")
            s = tpl.format(fs=fs, font=font) + body + "</span>"
            if bold:
                s = "<b>" + s + "</b>"
            parts.append(s)
    return "".join(parts)


def mso_p(text, align="center", fs="10.5", font="宋体", bold=False, chop=0, indent=False):
    if align == "center":
        a = ' align="center" style="text-align:center;mso-pagination:widow-orphan"'
    elif align == "left":
        a = ' align="left" style="text-align:left;mso-pagination:widow-orphan"'
    else:
        a = ' style="text-indent:32.0pt;mso-char-indent-count:2.0;line-height:28.0pt;mso-line-height-rule:exactly"'
    inner = spans(text, fs=fs, font=font, bold=bold, chop=chop) if text else ""
    return ('<p class="MsoNormal"%s>%s<span lang="EN-US" style="font-size:%spt"><o:p>&nbsp;</o:p></span></p>'
            % (a, inner, fs)) if not text else (
        '<p class="MsoNormal"%s>%s<span lang="EN-US" style="font-size:%spt"><o:p></o:p></span></p>'
        % (a, inner, fs))


class C:
    """A table cell: paras = list of paragraph strings."""

    def __init__(self, text="", cs=1, rs=1, bold=False, align="center", paras=None, br=False):
        self.paras = paras if paras is not None else [text]
        self.cs, self.rs, self.bold, self.align, self.br = cs, rs, bold, align, br


def word_table(rows, width_pt=450, col_w=None, fs="10.5", chop=0, nbsp_pad=False,
               cls="MsoNormalTable", font="宋体", height="20.25"):
    out = ['<table class="%s" border="1" cellspacing="0" cellpadding="0" width="%d" '
           'style="width:%.1fpt;border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;'
           'mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt">' % (cls, int(width_pt * 4 / 3), width_pt),
           "<tbody>"]
    for i, row in enumerate(rows):
        extra = ";mso-yfti-firstrow:yes" if i == 0 else (";mso-yfti-lastrow:yes" if i == len(rows) - 1 else "")
        out.append('<tr style="mso-yfti-irow:%d%s;height:%spt">' % (i, extra, height))
        for c in row:
            attrs = ""
            if c.cs > 1:
                attrs += ' colspan="%d"' % c.cs
            if c.rs > 1:
                attrs += ' rowspan="%d"' % c.rs
            w = (col_w or 40) * c.cs
            out.append('<td width="%d" valign="center"%s style="width:%.1fpt;border:solid windowtext 1.0pt;'
                       'border-top:none;mso-border-top-alt:solid windowtext .5pt;mso-border-alt:solid windowtext .5pt;'
                       'padding:0cm 5.4pt 0cm 5.4pt;height:%spt">' % (int(w * 4 / 3), attrs, w, height))
            if c.br:
                inner = "<br>".join(spans(p, fs=fs, font=font, bold=c.bold) for p in c.paras)
                out.append('<p class="MsoNormal" align="center" style="text-align:center">%s</p>' % inner)
            else:
                for p in c.paras:
                    t = p
                    if nbsp_pad and t and c.align == "left":
                        t = "\u00a0\u00a0" + t
                    out.append(mso_p(t, align=c.align, fs=fs, font=font, bold=c.bold, chop=chop))
            out.append("</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def body_paras(paras, fs="16", font="仿宋_GB2312"):
    """Report prose as Word paragraphs.  Items: str or ('h', str)."""
    out = []
    for p in paras:
        if isinstance(p, tuple) and p[0] == "h":
            out.append('<p class="MsoNormal" style="text-indent:32.0pt;line-height:28.0pt">'
                       '<b>%s</b></p>' % spans(p[1], fs=fs, font="黑体"))
        elif isinstance(p, tuple) and p[0] == "raw":
            out.append(p[1])
        else:
            out.append(mso_p(p, align="indent", fs=fs, font=font))
    return "\n".join(out)


def chunk(label, n):
    """Break a label into pieces of n chars (labels broken across <p>s)."""
    return [label[i:i + n] for i in range(0, len(label), n)]


# ================================================================ template data

REQ_COLS = ["natural_person", "business", "research", "social_org", "legal_service", "other_org", "total"]
REQ_ROWS_2019 = ["new", "carried_in", "granted", "partial",
                 "denied_state_secret", "denied_prohibited", "denied_three_safeties", "denied_third_party",
                 "denied_internal", "denied_process", "denied_enforcement", "denied_query",
                 "unavailable_not_held", "unavailable_needs_creation", "unavailable_unclear",
                 "rejected_complaint", "rejected_repeat", "rejected_publication", "rejected_excessive",
                 "rejected_confirmation", "other", "total", "carried_forward"]
REQ_ROWS_2021 = [r for r in REQ_ROWS_2019 if r != "other"]
REQ_ROWS_2021 = REQ_ROWS_2021[:REQ_ROWS_2021.index("total")] + ["other_no_correction", "other_unpaid_fee", "other_misc"] + ["total", "carried_forward"]
OUTCOME_ROWS = lambda tpl: [r for r in (REQ_ROWS_2019 if tpl == "2019" else REQ_ROWS_2021)
                            if r not in ("new", "carried_in", "total", "carried_forward")]

LBL = {
    "new": "一、本年新收政府信息公开申请数量",
    "carried_in": "二、上年结转政府信息公开申请数量",
    "granted": "（一）予以公开",
    "partial": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "denied_state_secret": "1.属于国家秘密",
    "denied_prohibited": "2.其他法律行政法规禁止公开",
    "denied_three_safeties": "3.危及“三安全一稳定”",
    "denied_third_party": "4.保护第三方合法权益",
    "denied_internal": "5.属于三类内部事务信息",
    "denied_process": "6.属于四类过程性信息",
    "denied_enforcement": "7.属于行政执法案卷",
    "denied_query": "8.属于行政查询事项",
    "unavailable_not_held": "1.本机关不掌握相关政府信息",
    "unavailable_needs_creation": "2.没有现成信息需要另行制作",
    "unavailable_unclear": "3.补正后申请内容仍不明确",
    "rejected_complaint": "1.信访举报投诉类申请",
    "rejected_repeat": "2.重复申请",
    "rejected_publication": "3.要求提供公开出版物",
    "rejected_excessive": "4.无正当理由大量反复申请",
    "rejected_confirmation": "5.要求行政机关确认或重新出具已获取信息",
    "other": "（六）其他处理",
    "other_no_correction": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "other_unpaid_fee": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "other_misc": "3.其他",
    "total": "（七）总计",
    "carried_forward": "四、结转下年度继续办理",
}
GROUP = [("（三）不予公开", "denied_"), ("（四）无法提供", "unavailable_"), ("（五）不予处理", "rejected_"),
         ("（六）其他处理", "other_")]
APPLICANT_SUB = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
APPEAL_ROWS = ["review", "suit_direct", "suit_after_review"]
APPEAL_COLS = ["upheld", "corrected", "other", "pending", "total"]
APPEAL_HDR = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def build_requests(tpl, cols, carried_in=None, forward=None):
    """cols: {col_index(0..5): {row: n}}.  Returns {row: [7 printed strings]}, consistent."""
    rows = REQ_ROWS_2019 if tpl == "2019" else REQ_ROWS_2021
    carried_in = carried_in or [0] * 6
    forward = forward or [0] * 6
    num = {r: [0] * 6 for r in rows}
    for ci, d in cols.items():
        for r, n in d.items():
            num[r][ci] = n
    for ci in range(6):
        num["carried_in"][ci] = carried_in[ci]
        num["carried_forward"][ci] = forward[ci]
        num["total"][ci] = sum(num[r][ci] for r in OUTCOME_ROWS(tpl))
        num["new"][ci] = num["total"][ci] + forward[ci] - carried_in[ci]
        assert num["new"][ci] >= 0, (ci, num["new"][ci])
    return {r: [str(x) for x in v] + [str(sum(v))] for r, v in num.items()}


def build_appeals(rows3):
    """rows3: 3 lists of 4 (upheld, corrected, other, pending) -> 15 printed strings."""
    out = []
    for r in rows3:
        out += [str(x) for x in r] + [str(sum(r))]
    return out


def expected_template_cells(tpl, active, requests, appeals, money_unit=None):
    """active: {row: {col: printed}}; requests: {row: [7]}; appeals: [15]."""
    cells = []
    order19 = [("regulations", ["made", "published", "total"]), ("normative_documents", ["made", "published", "total"]),
               ("licensing", ["prev_items", "change", "decisions"]), ("other_services", ["prev_items", "change", "decisions"]),
               ("penalties", ["prev_items", "change", "decisions"]), ("coercion", ["prev_items", "change", "decisions"]),
               ("fees", ["prev_items", "change"]), ("procurement", ["projects", "amount"])]
    order21 = [("regulations", ["issued", "repealed", "in_force"]), ("normative_documents", ["issued", "repealed", "in_force"]),
               ("licensing", ["decisions"]), ("penalties", ["decisions"]), ("coercion", ["decisions"]), ("fees", ["amount"])]
    for row, cols in (order19 if tpl == "2019" else order21):
        for col in cols:
            is_money = col == "amount"
            v, u = parse_value(active[row][col], header_unit=money_unit if is_money else None, signed=(col == "change"))
            cells.append({"section": "active", "row": row, "col": col, "value": v, "unit": u if is_money else None})
    for row in (REQ_ROWS_2019 if tpl == "2019" else REQ_ROWS_2021):
        for i, col in enumerate(REQ_COLS):
            v, _ = parse_value(requests[row][i])
            cells.append({"section": "requests", "row": row, "col": col, "value": v, "unit": None})
    for i, p in enumerate(appeals):
        v, _ = parse_value(p)
        cells.append({"section": "appeals", "row": APPEAL_ROWS[i // 5], "col": APPEAL_COLS[i % 5], "value": v, "unit": None})
    return cells


def legacy_cells(table_rows, col_keys):
    """table_rows: ('sec', label) | ('row', label, unit, [printed...]).  First key wins."""
    cells, seen = [], set()
    for tr in table_rows:
        if tr[0] != "row":
            continue
        _, label, unit, vals = tr
        key = legacy_key(label)
        if key in seen:
            continue
        seen.add(key)
        for ck, p in zip(col_keys, vals):
            v, _ = parse_value(p)
            cells.append({"section": "legacy", "row": key, "col": ck, "value": v, "unit": unit or None})
    return cells


# ---------------------------------------------------------------- HTML table builders for the templates

def active_rows_2019(a, money_hdr="采购总金额", split_hdr=False, lbl_split=0):
    def L(t):
        return C(paras=chunk(t, lbl_split)) if lbl_split else C(t)
    h_made = C(paras=["本年新", "制作数量"]) if split_hdr else C("本年新制作数量")
    h_pub = C(paras=["本年新", "公开数量"]) if split_hdr else C("本年新公开数量")
    rows = [[C("第二十条第（一）项", cs=4, bold=True)],
            [C("信息内容", bold=True), h_made, h_pub, C("对外公开总数量")]]
    for key, lab in (("regulations", "规章"), ("normative_documents", "规范性文件")):
        rows.append([L(lab)] + [C(a[key][c]) for c in ("made", "published", "total")])
    for sec, items in (("第二十条第（五）项", (("licensing", "行政许可"), ("other_services", "其他对外管理服务事项"))),
                       ("第二十条第（六）项", (("penalties", "行政处罚"), ("coercion", "行政强制")))):
        rows.append([C(sec, cs=4, bold=True)])
        rows.append([C("信息内容", bold=True), C("上一年项目数量"), C("本年增/减"), C("处理决定数量")])
        for key, lab in items:
            rows.append([L(lab)] + [C(a[key][c]) for c in ("prev_items", "change", "decisions")])
    rows.append([C("第二十条第（八）项", cs=4, bold=True)])
    rows.append([C("信息内容", bold=True), C("上一年项目数量"), C("本年增/减", cs=2)])
    rows.append([L("行政事业性收费"), C(a["fees"]["prev_items"]), C(a["fees"]["change"], cs=2)])
    rows.append([C("第二十条第（九）项", cs=4, bold=True)])
    rows.append([C("信息内容", bold=True), C("采购项目数量"), C(money_hdr, cs=2)])
    rows.append([L("政府集中采购"), C(a["procurement"]["projects"]), C(a["procurement"]["amount"], cs=2)])
    return rows


def active_rows_2021(a, lbl_split=0, fee_hdr="本年收费金额（单位：万元）"):
    def L(t):
        return C(paras=chunk(t, lbl_split)) if lbl_split else C(t)
    rows = [[C("第二十条第（一）项", cs=4, bold=True)],
            [C("信息内容", bold=True), C("本年制发件数"), C("本年废止件数"), C("现行有效件数")]]
    for key, lab in (("regulations", "规章"), ("normative_documents", "行政规范性文件")):
        rows.append([L(lab)] + [C(a[key][c]) for c in ("issued", "repealed", "in_force")])
    rows.append([C("第二十条第（五）项", cs=4, bold=True)])
    rows.append([C("信息内容", bold=True), C("本年处理决定数量", cs=3)])
    rows.append([L("行政许可"), C(a["licensing"]["decisions"], cs=3)])
    rows.append([C("第二十条第（六）项", cs=4, bold=True)])
    rows.append([C("信息内容", bold=True), C("本年处理决定数量", cs=3)])
    rows.append([L("行政处罚"), C(a["penalties"]["decisions"], cs=3)])
    rows.append([L("行政强制"), C(a["coercion"]["decisions"], cs=3)])
    rows.append([C("第二十条第（八）项", cs=4, bold=True)])
    rows.append([C("信息内容", bold=True), C(fee_hdr, cs=3)])
    rows.append([L("行政事业性收费"), C(a["fees"]["amount"], cs=3)])
    return rows


def requests_rows(tpl, r, lbl_split=0, hdr_variant=0):
    """Official layout: 3 label columns + 7 number columns."""
    def L(t, **kw):
        if lbl_split and len(t) > lbl_split:
            return C(paras=chunk(t, lbl_split), **kw)
        return C(t, **kw)
    rows = []
    note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    if hdr_variant == 0:
        rows.append([L(note, cs=3, rs=3), C("申请人情况", cs=7, bold=True)])
        rows.append([C("自然人", rs=2), C("法人或其他组织", cs=5), C("总计", rs=2)])
        rows.append([C(x) for x in APPLICANT_SUB])
    else:  # two header rows only, narrow-cell labels split one per <p>
        rows.append([C(paras=chunk(note, 6), cs=3, rs=3), C(paras=["申请人", "情况"], cs=7, bold=True)])
        rows.append([C(paras=["自然", "人"], rs=2), C(paras=["法人或其", "他组织"], cs=5), C(paras=["总", "计"], rs=2)])
        rows.append([C(paras=chunk(x, 2)) for x in APPLICANT_SUB])
    V = lambda key: [C(x) for x in r[key]]
    rows.append([L(LBL["new"], cs=3, align="left")] + V("new"))
    rows.append([L(LBL["carried_in"], cs=3, align="left")] + V("carried_in"))
    n_outcomes = len(OUTCOME_ROWS(tpl)) + 1
    first = True
    def lead():
        nonlocal first
        if first:
            first = False
            return [L("三、本年度办理结果", rs=n_outcomes)]
        return []
    rows.append(lead() + [L(LBL["granted"], cs=2, align="left")] + V("granted"))
    rows.append(lead() + [L(LBL["partial"], cs=2, align="left")] + V("partial"))
    for glabel, prefix in GROUP:
        keys = [k for k in OUTCOME_ROWS(tpl) if k.startswith(prefix)]
        if not keys:  # 2019: single 其他处理 row
            rows.append(lead() + [L(LBL["other"], cs=2, align="left")] + V("other"))
            continue
        for j, k in enumerate(keys):
            g = [L(glabel, rs=len(keys))] if j == 0 else []
            rows.append(lead() + g + [L(LBL[k], align="left")] + V(k))
    rows.append([L(LBL["total"], cs=2, align="left")] + V("total"))
    rows.append([L(LBL["carried_forward"], cs=3, align="left")] + V("carried_forward"))
    return rows


def appeals_rows(ap, char_per_line=None):
    """char_per_line: None | 'p' | 'br' -> header labels one character per line."""
    def H(t, **kw):
        if char_per_line == "p":
            return C(paras=list(t), **kw)
        if char_per_line == "br":
            return C(paras=list(t), br=True, **kw)
        return C(t, **kw)
    rows = [[H("行政复议", cs=5), H("行政诉讼", cs=10)],
            [H(x, rs=2) for x in APPEAL_HDR] + [H("未经复议直接起诉", cs=5), H("复议后起诉", cs=5)],
            [H(x) for x in APPEAL_HDR] * 2,
            [C(x) for x in ap]]
    return rows


# ================================================================ page chrome

def meta_tags(m):
    if not m:
        return ""
    order = ["SiteName", "SiteDomain", "SiteIDCode", "ColumnName", "ColumnType", "ArticleTitle",
             "PubDate", "ContentSource", "Author", "Keywords", "Description", "Url"]
    return "\n".join('<meta name="%s" content="%s">' % (k, html.escape(m[k])) for k in order if k in m)


def info_block(items, style="table"):
    if not items:
        return ""
    if style == "table":
        cells = []
        for i in range(0, len(items), 2):
            pair = items[i:i + 2]
            tds = "".join('<td class="xxgk_title">%s：</td><td class="xxgk_value">%s</td>' % (k, html.escape(v))
                          for k, v in pair)
            if len(pair) == 1:
                tds += "<td></td><td></td>"
            cells.append("<tr>%s</tr>" % tds)
        return ('<div class="xxgk_table"><table class="xxgk_info" width="100%%" border="0" cellspacing="0">\n%s\n</table></div>'
                % "\n".join(cells))
    # list style
    return '<ul class="xxgk-meta">%s</ul>' % "".join(
        "<li><b>%s：</b><span>%s</span></li>" % (k, html.escape(v)) for k, v in items)


FOOTERS = {
    "trs": ('<div class="footer"><p><a href="/wzdt/">网站地图</a> | <a href="/lxwm/">联系我们</a> | '
            '<a href="/wzsm/">网站声明</a></p><p>主办单位：{host}　承办单位：{host2}</p>'
            '<p>网站标识码：{sid}　<a href="https://beian.miit.gov.cn/">{icp}</a>　'
            '<img src="/images/gaba.png">{gaba}</p><p>建议使用1366*768分辨率浏览本网站</p>'
            '<div class="dzjg"><script type="text/javascript">document.write(unescape("%3Cspan id=\'_ideConac\' %3E%3C/span%3E"));</script></div></div>'),
    "hanweb": ('<div id="footer"><table width="1200" align="center"><tr><td>'
               '<p>主办：{host}　技术支持：大汉网络　<a href="/col/col1229000001/index.html">网站地图</a></p>'
               '<p>{icp}　{gaba}　网站标识码：{sid}</p><p>政府网站找错</p></td></tr></table></div>'),
    "gkmlpt": ('<footer class="footer"><p>版权所有：{host}</p><p>网站标识码：{sid}　{icp}　{gaba}</p>'
               '<p>涉密文件严禁上网，上网文件不得涉密</p></footer>'),
    "plain": ('<div class="bottom">Copyright &copy; {host} 版权所有<br>{icp}　网站标识码：{sid}</div>'),
}


def page(family, title, body_html, *, site, host="", host2="", sid="", icp="", gaba="", meta=None,
         info=None, info_style="table", crumbs=None, charset="utf-8", doc_title=None, pubdate="",
         source="", extra_head="", attach=None):
    meta_html = meta_tags(meta)
    charset_tag = ('<meta http-equiv="Content-Type" content="text/html; charset=%s">' % charset
                   if family in ("trs", "plain") else '<meta charset="%s">' % charset)
    crumbs = crumbs or ["首页", "政务公开", "政府信息公开年报"]
    if family == "hanweb":
        crumb_html = ('<div class="dqwz">您当前的位置：' + " &gt; ".join(
            '<a href="/col/col%d/index.html">%s</a>' % (1229000000 + i, c) for i, c in enumerate(crumbs)) + "</div>")
    else:
        crumb_html = ('<div class="position">当前位置：' + " &gt; ".join(
            '<a href="../">%s</a>' % c for c in crumbs) + "</div>")
    tools = {
        "trs": '<div class="fontsize">【字体：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】</div>',
        "hanweb": '<div class="wz_font">字号：[ <a href="javascript:void(0)" onclick="doZoom(20)">大</a> <a href="javascript:void(0)" onclick="doZoom(16)">中</a> <a href="javascript:void(0)" onclick="doZoom(14)">小</a> ]　<a href="javascript:window.print()">打印本页</a></div>',
        "gkmlpt": '<div class="article-tools"><span>字号：<a class="big">大</a><a class="mid">中</a><a class="small">小</a></span><span class="share">分享到：<a class="wx">微信</a><a class="wb">微博</a><a class="qz">QQ空间</a></span></div>',
        "plain": '<div class="tools">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div>',
    }[family]
    container = {"trs": '<div class="TRS_Editor">', "hanweb": '<div id="zoom">',
                 "gkmlpt": '<div class="article-content" id="UCAP-CONTENT">', "plain": '<div class="article_content">'}[family]
    head = ["<!DOCTYPE html>" if family != "plain" else
            '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">',
            '<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">',
            "<head>", charset_tag, meta_html,
            "<title>%s</title>" % html.escape(doc_title or title),
            '<link rel="stylesheet" href="/images/common.css">',
            '<script type="text/javascript" src="/js/jquery.min.js"></script>', extra_head, "</head>", "<body>"]
    top = ('<div class="top"><div class="top_l">网站支持IPV6</div><div class="top_r"><a href="#">长者模式</a> | '
           '<a href="#">无障碍浏览</a> | <a href="#">繁體版</a> | <a href="#">登录</a> <a href="#">注册</a></div></div>'
           '<div class="header"><img src="/images/logo.png" alt="%s"></div>' % html.escape(site))
    art = ['<div class="main">', crumb_html, info_block(info, info_style),
           '<div class="article"><h1 class="title">%s</h1>' % html.escape(title)]
    if pubdate or source:
        art.append('<div class="article-info"><span>发布时间：%s</span>%s<span>浏览次数：<script>_showDynClicks("wcmdocument", 80595)</script></span></div>'
                   % (pubdate, ('<span>来源：%s</span>' % html.escape(source)) if source else ""))
    art.append(tools)
    art.append(container)
    art.append(body_html)
    art.append("</div>")
    if attach:
        art.append('<div class="fujian">附件：<a href="%s">%s</a></div>' % attach)
    art.append('<div class="ewm">扫一扫在手机打开当前页<img src="/images/ewm.png"></div>'
               '<div class="jiucuo">【<a href="#">我要纠错</a>】【<a href="javascript:window.print()">打印本页</a>】'
               '【<a href="javascript:window.close()">关闭</a>】</div>')
    art.append('<div class="xgwz"><h3>相关链接</h3><ul><li><a href="../">政府信息公开指南</a></li>'
               '<li><a href="../">政府信息公开制度</a></li></ul></div>')
    art.append("</div></div>")
    foot = FOOTERS[family].format(host=host or site, host2=host2 or host or site, sid=sid, icp=icp, gaba=gaba)
    return "\n".join(head + [top] + art + [foot, "</body>", "</html>"]) + "\n"


# ================================================================ prose

CONTACT = {
    "温州市鹿城区人民政府": ("温州市鹿城区府前街1号", "325000", "0577-88206012"),
    "宁波市鄞州区市场监督管理局": ("宁波市鄞州区天童南路588号", "315100", "0574-87411235"),
    "鹤壁市淇滨区人民政府": ("鹤壁市淇滨区淇滨大道中段区行政中心", "458030", "0392-3316001"),
    "深圳市龙岗区人民政府": ("深圳市龙岗区龙城街道龙福路1号", "518172", "0755-28949123"),
    "山东省科学技术厅": ("济南市历下区舜耕路166号", "250002", "0531-51751234"),
    "杭州市西湖区人民政府": ("杭州市西湖区文三路318号", "310012", "0571-87023456"),
    "北京市朝阳区人民政府望京街道办事处": ("北京市朝阳区望京西园四区", "100102", "010-64711234"),
    "遵义市汇川区农业农村局": ("遵义市汇川区上海路行政中心", "563000", "0851-27612345"),
    "长沙市岳麓区人民政府": ("长沙市岳麓区金星中路397号", "410013", "0731-88991234"),
    "莆田市城厢区住房和城乡建设局": ("莆田市城厢区霞林街道荔城南大道", "351100", "0594-2691234"),
    "丽水市莲都区农业农村局": ("丽水市莲都区中山街北278号", "323000", "0578-2123456"),
    "宜昌市夷陵区人民政府": ("宜昌市夷陵区夷兴大道66号", "443100", "0717-7812345"),
    "江西省生态环境厅": ("南昌市红谷滩区卧龙路999号", "330038", "0791-86866123"),
}


def prose(agency, year, tpl, variant=0, extra=None, with_headings=True):
    """Paragraph list for a report body. Returns list of str / ('h', str)."""
    y = year
    ps = []
    if tpl in ("2019", "2021"):
        ps.append("本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和%s要求编制。全文包括总体情况、主动公开政府信息情况、"
                  "收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。"
                  "本报告中所列数据的统计期限自%d年1月1日起至%d年12月31日止。如对本报告有疑问，请与%s办公室联系（地址：%s；"
                  "邮编：%s；电话：%s）。"
                  % (("《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）"
                      if tpl == "2021" else "《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）",
                      y, y, agency) + CONTACT[agency]))
        ps.append(("h", "一、总体情况"))
        ps.append("%d年，%s坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实党中央、国务院关于全面推进政务公开工作的决策部署，"
                  "严格执行《条例》，围绕中心工作，不断深化重点领域信息公开，强化政策解读和回应关切，持续提升政务公开质量和实效。" % (y, agency))
        ps.append("（一）主动公开。全年通过政府网站主动公开政府信息%d条，其中政策文件%d件，政策解读%d篇，通过政务新媒体发布信息%d条。"
                  % (1000 + 37 * variant, 12 + variant, 9 + variant, 640 + 11 * variant))
        ps.append("（二）依申请公开。进一步规范依申请公开办理流程，严格按照法定时限答复，做到依法受理、按时答复、规范告知。")
        ps.append("（三）政府信息管理。严格落实“先审查、后公开”和“一事一审”制度，对拟公开信息进行保密审查，全年未发生泄密事件。")
        ps.append("（四）平台建设。持续优化政府信息公开专栏，完善栏目设置，及时更新公开指南和公开目录，确保信息发布准确、及时。")
        ps.append("（五）监督保障。将政务公开工作纳入年度绩效考核，组织开展业务培训%d次，参训人员%d人次。" % (2 + variant % 3, 60 + 15 * variant))
        ps.append(("h", "二、主动公开政府信息情况"))
        ps.append(("TABLE", "active"))
        ps.append(("h", "三、收到和处理政府信息公开申请情况"))
        ps.append(("TABLE", "requests"))
        ps.append(("h", "四、政府信息公开行政复议、行政诉讼情况"))
        ps.append(("TABLE", "appeals"))
        ps.append(("h", "五、存在的主要问题及改进情况"))
        ps.append("%d年，我们的政府信息公开工作取得了一定成效，但也存在一些不足：一是政策解读形式还不够丰富，图解、视频等解读方式运用较少；"
                  "二是基层政务公开标准化规范化建设仍需加强。下一步，我们将进一步加强政策解读，丰富解读形式；持续推进基层政务公开标准化规范化建设，"
                  "不断提升政务公开工作水平。" % y)
        ps.append(("h", "六、其他需要报告的事项"))
        if tpl == "2021":
            ps.append("本年度未收取信息处理费。%s" % (extra or "无其他需要报告的事项。"))
        else:
            ps.append(extra or "无。")
    else:
        ps.append("本年度报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，由%s编制。全文包括概述，主动公开政府信息情况，"
                  "依申请公开政府信息情况，政府信息公开的收费及减免情况，因政府信息公开申请提起行政复议、行政诉讼的情况，"
                  "政府信息公开工作存在的主要问题及改进措施，以及需要说明的事项和附表。本报告中所列数据的统计期限自%d年1月1日起至%d年12月31日止。"
                  % (agency, y, y))
        ps.append(("h", "一、概述"))
        ps.append("%d年，%s认真贯彻落实《条例》和上级关于政务公开工作的部署要求，进一步健全工作机制，规范公开程序，拓宽公开渠道，"
                  "政府信息公开工作有序推进。" % (y, agency))
        ps.append(("h", "二、主动公开政府信息情况"))
        ps.append("按照“以公开为常态、不公开为例外”的原则，通过政府网站、政务微博微信、公开栏等渠道主动公开政府信息，具体数据见附表。")
        ps.append(("h", "三、依申请公开政府信息情况"))
        ps.append("全年依申请公开工作依法依规办理，均在法定期限内答复，具体数据见附表。")
        ps.append(("h", "四、政府信息公开的收费及减免情况"))
        ps.append("本年度未收取政府信息公开检索、复制、邮寄等费用。")
        ps.append(("h", "五、因政府信息公开申请提起行政复议、行政诉讼的情况"))
        ps.append("具体情况见附表。")
        ps.append(("h", "六、政府信息公开工作存在的主要问题及改进措施"))
        ps.append("主要问题是公开内容的深度和广度还需拓展，信息更新的及时性有待提高。下一步将进一步完善工作制度，加强人员培训，提升公开质量。")
        ps.append(("h", "七、需要说明的事项及附表"))
        ps.append("附表：%d年度政府信息公开工作情况统计表" % y)
        ps.append(("TABLE", "legacy"))
    return ps


def render_body(ps, tables, fs="16"):
    """Replace ('TABLE', name) markers with table HTML (tables: {name: html})."""
    out = []
    for p in ps:
        if isinstance(p, tuple) and p[0] == "TABLE":
            out.append(tables[p[1]])
        else:
            out.append(body_paras([p], fs=fs))
    return "\n".join(out)


def prose_text(ps):
    return [p[1] if isinstance(p, tuple) else p for p in ps if not (isinstance(p, tuple) and p[0] == "TABLE")]


# ================================================================ output

import json
import os
import zipfile

OUT = os.path.dirname(os.path.abspath(__file__))
MANIFEST = []


def emit(name, data, exp):
    """data: str (with exp['encoding']) or bytes."""
    path = os.path.join(OUT, name)
    if isinstance(data, str):
        enc = exp["encoding"]
        with open(path, "wb") as f:
            f.write(data.encode("gbk" if enc == "gbk" else "utf-8"))
    elif data is not None:
        with open(path, "wb") as f:
            f.write(data)
    exp = dict(exp)
    exp["file"] = name
    ordered = {k: exp[k] for k in ["file", "url", "format", "encoding", "title", "agency", "year", "template", "cells", "notes"]}
    with open(path + ".expected.json", "w", encoding="utf-8") as f:
        f.write(dump_expected(ordered))
    MANIFEST.append({"file": name, "expected": name + ".expected.json", "format": exp["format"],
                     "template": exp["template"], "year": exp["year"], "agency": exp["agency"]})


def dump_expected(d):
    """JSON with one cell per line (readable diffs)."""
    lines = ["{"]
    keys = list(d)
    for i, k in enumerate(keys):
        comma = "," if i < len(keys) - 1 else ""
        if k == "cells":
            if not d[k]:
                lines.append(' "cells": []' + comma)
                continue
            lines.append(' "cells": [')
            for j, c in enumerate(d[k]):
                lines.append("  " + json.dumps(c, ensure_ascii=False) + ("," if j < len(d[k]) - 1 else ""))
            lines.append(" ]" + comma)
        else:
            lines.append(" %s: %s%s" % (json.dumps(k), json.dumps(d[k], ensure_ascii=False), comma))
    lines.append("}")
    text = "\n".join(lines) + "\n"
    assert json.loads(text) == d
    return text


def fix_zip(path):
    """Rewrite a zip (docx/xlsx) with fixed timestamps so output is byte-deterministic."""
    with zipfile.ZipFile(path) as z:
        items = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, blob in items:
            if name == "docProps/core.xml":
                blob = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                              rb"\g<1>2020-01-01T00:00:00Z\g<2>", blob)
            zi = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            z.writestr(zi, blob)


def T(*vals):
    return [str(v) for v in vals]


def active19(reg, norm, lic, oth, pen, coe, fees, proc):
    k3 = ("made", "published", "total")
    k3b = ("prev_items", "change", "decisions")
    return {"regulations": dict(zip(k3, T(*reg))), "normative_documents": dict(zip(k3, T(*norm))),
            "licensing": dict(zip(k3b, T(*lic))), "other_services": dict(zip(k3b, T(*oth))),
            "penalties": dict(zip(k3b, T(*pen))), "coercion": dict(zip(k3b, T(*coe))),
            "fees": dict(zip(("prev_items", "change"), T(*fees))),
            "procurement": dict(zip(("projects", "amount"), T(*proc)))}


def active21(reg, norm, lic, pen, coe, fee):
    k3 = ("issued", "repealed", "in_force")
    return {"regulations": dict(zip(k3, T(*reg))), "normative_documents": dict(zip(k3, T(*norm))),
            "licensing": {"decisions": str(lic)}, "penalties": {"decisions": str(pen)},
            "coercion": {"decisions": str(coe)}, "fees": {"amount": str(fee)}}


# column indices for build_requests
NP, BU, RE, SO, LS, OO = range(6)


# ================================================================ B: 2019 / 2021 template HTML pages

def template_html(name, *, tpl, year, title, agency, url, family, enc="utf-8", charset=None, site, host="",
                  sid, icp, gaba, meta=None, info=None, info_style="table", active, requests, appeals,
                  money_hdr="采购总金额", money_unit=None, split_hdr=False, lbl_split=0, req_hdr=0,
                  ap_chars=None, width=450, chop=0, nbsp_pad=False, prose_variant=0, prose_extra=None,
                  notes="", doc_title=None, pubdate="", source="", crumbs=None, body_pre=None,
                  override_cells=None, intro_fmt=True, fs="10.5", table_hook=None):
    if tpl == "2019":
        a_rows = active_rows_2019(active, money_hdr=money_hdr, split_hdr=split_hdr, lbl_split=lbl_split)
    else:
        a_rows = active_rows_2021(active, lbl_split=lbl_split)
    tables = {
        "active": word_table(a_rows, width_pt=width, col_w=width / 4, chop=chop, nbsp_pad=nbsp_pad, fs=fs),
        "requests": word_table(requests_rows(tpl, requests, lbl_split=lbl_split, hdr_variant=req_hdr),
                               width_pt=width, col_w=width / 10, chop=chop, nbsp_pad=nbsp_pad, fs=fs),
        "appeals": word_table(appeals_rows(appeals, char_per_line=ap_chars), width_pt=width,
                              col_w=width / 15, chop=chop, fs=fs),
    }
    if table_hook:
        tables = table_hook(tables)
    ps = prose(agency, year, tpl, variant=prose_variant, extra=prose_extra)
    if body_pre:
        ps = body_pre + ps
    body = render_body(ps, tables)
    html_text = page(family, title, body, site=site, host=host, sid=sid, icp=icp, gaba=gaba, meta=meta,
                     info=info, info_style=info_style, charset=charset or enc, doc_title=doc_title,
                     pubdate=pubdate, source=source, crumbs=crumbs)
    cells = expected_template_cells(tpl, active, requests, appeals, money_unit=money_unit)
    if override_cells:
        for c in cells:
            k = (c["section"], c["row"], c["col"])
            if k in override_cells:
                c["value"] = override_cells[k]
    emit(name, html_text, {"url": url, "format": "html", "encoding": enc, "title": title, "agency": agency,
                           "year": year, "template": tpl, "cells": cells, "notes": notes})


def make_b01():
    a = active19((0, 0, 0), (12, 12, 86), (438, "减37", 28613), (0, "增52", 5210), (1204, "+11", 36587),
                 (61, 0, 412), (23, "减3"), (356, "1553.91万元"))
    r = build_requests("2019", {
        NP: dict(granted=96, partial=7, denied_third_party=2, denied_process=1, unavailable_not_held=21,
                 unavailable_unclear=2, rejected_repeat=3, other=1),
        BU: dict(granted=12, partial=1, unavailable_not_held=2),
        SO: dict(granted=1),
        LS: dict(granted=3, unavailable_not_held=1),
        OO: dict(granted=2)}, carried_in=[4, 0, 0, 0, 0, 0], forward=[6, 1, 0, 0, 0, 0])
    ap = build_appeals([[2, 1, 0, 1], [1, 0, 1, 0], [0, 0, 0, 1]])
    title = "温州市鹿城区人民政府2019年政府信息公开工作年度报告"
    template_html(
        "b01_2019_lucheng_hanweb.html", tpl="2019", year=2019, title=title, agency="温州市鹿城区人民政府",
        url="http://www.lucheng.gov.cn/art/2020/3/20/art_1229254711_3562120.html", family="hanweb",
        site="温州市鹿城区人民政府", host="温州市鹿城区人民政府办公室", sid="3303020001", icp="浙ICP备05021564号",
        gaba="浙公网安备 33030202000112号",
        meta={"SiteName": "温州市鹿城区人民政府", "SiteDomain": "www.lucheng.gov.cn", "SiteIDCode": "3303020001",
              "ColumnName": "政府信息公开年报", "ArticleTitle": title, "PubDate": "2020-03-20 16:42",
              "ContentSource": "区政府办公室", "Url": "http://www.lucheng.gov.cn/art/2020/3/20/art_1229254711_3562120.html"},
        info=[("索引号", "002482410/2020-00012"), ("发布机构", "区政府办公室"), ("成文日期", "2020-03-18"),
              ("公开方式", "主动公开"), ("组配分类", "政府信息公开年报"), ("主题分类", "综合政务")],
        info_style="list", active=a, requests=r, appeals=ap, split_hdr=True, doc_title=title + "_鹿城区人民政府",
        pubdate="2020-03-20", notes="Hanweb article, Word-pasted tables with full rowspan/colspan of the official 2019 form; "
        "table-2 headers 本年新/制作数量 split over two <p>; changes printed 减37 / 增52 / +11 / 减3; procurement amount "
        "printed '1553.91万元' under a header without unit; 发布机构 is the short '区政府办公室' — agency comes from the title.")


def make_b02():
    a = active19((0, 0, 0), (3, 3, 17), (43, -8, 21876), (12, "+2", 3019), (287, "+5", 2214), (18, 0, 96),
                 (4, 0), (27, 276000))
    r = build_requests("2019", {
        NP: dict(granted=14, partial=2, denied_third_party=1, unavailable_not_held=5, unavailable_needs_creation=1,
                 rejected_complaint=2, other=1),
        BU: dict(granted=6, unavailable_not_held=1),
        LS: dict(granted=2, partial=1)}, carried_in=[1, 0, 0, 0, 0, 0], forward=[2, 0, 0, 0, 0, 0])
    ap = build_appeals([[1, 0, 0, 0], [0, 0, 0, 1], [0, 0, 0, 0]])
    title = "宁波市鄞州区市场监督管理局2020年度政府信息公开工作年度报告"
    template_html(
        "b02_2020_yinzhou_scjg_gbk_narrow.html", tpl="2019", year=2020, title=title,
        agency="宁波市鄞州区市场监督管理局", enc="gbk", charset="gbk",
        url="http://www.nbyz.gov.cn/art/2021/1/27/art_1229110361_3711942.html", family="hanweb",
        site="宁波市鄞州区人民政府", host="宁波市鄞州区人民政府办公室", sid="3302120003", icp="浙ICP备05004983号",
        gaba="浙公网安备 33021202000387号",
        meta={"SiteName": "宁波市鄞州区人民政府", "SiteDomain": "www.nbyz.gov.cn", "SiteIDCode": "3302120003",
              "ColumnName": "部门年报", "ArticleTitle": title, "PubDate": "2021-01-27 09:15",
              "ContentSource": "区市场监管局"},
        active=a, requests=r, appeals=ap, width=300, lbl_split=4, ap_chars="p", req_hdr=1,
        crumbs=["首页", "政府信息公开", "政府信息公开年报", "部门年报"], prose_variant=1,
        notes="GBK-encoded page with <meta charset=gbk>; narrow 300pt tables: every label longer than 4 characters broken "
              "into several <p> inside its cell; applicant header labels split 2 characters per <p>; table-4 header one "
              "character per <p>; changes printed -8 / +2 / +5; procurement amount 276000 printed with no unit anywhere "
              "(unit null).")


def make_b06():
    a = active19((0, 0, 0), (8, 8, 43), (215, "增6", 9874), (31, "减2", 1526), (96, "增4", 1187), (12, 0, 35),
                 (15, "减1"), (142, "8716.25"))
    r = build_requests("2019", {
        NP: dict(granted=48, partial=5, denied_third_party=1, unavailable_not_held=17, unavailable_unclear=1,
                 rejected_repeat=2, other=2),
        BU: dict(granted=7, unavailable_not_held=1),
        LS: dict(granted=2)}, carried_in=[3, 0, 0, 0, 0, 0], forward=[4, 1, 0, 0, 0, 0])
    # the report's own misprints (kept as printed): new natural +5 (and its total +5)
    r["new"][0] = str(int(r["new"][0]) + 5)
    r["new"][6] = str(int(r["new"][6]) + 5)
    ap = build_appeals([[1, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 0]])
    ap[4] = "3"  # review total printed 3 although 1+1+0+0 = 2
    title = "鹤壁市淇滨区人民政府2020年政府信息公开工作年度报告"
    template_html(
        "b06_2020_qibin_inconsistent.html", tpl="2019", year=2020, title=title, agency="鹤壁市淇滨区人民政府",
        url="http://www.qibin.gov.cn/qbqzf/zfxxgknb/202103/t20210329_1216543.html", family="trs",
        site="鹤壁市淇滨区人民政府", host="鹤壁市淇滨区人民政府办公室", sid="4106110002", icp="豫ICP备11004321号",
        gaba="豫公网安备 41061102000123号", money_hdr="采购总金额（万元）", money_unit="万元",
        meta={"SiteName": "鹤壁市淇滨区人民政府", "SiteDomain": "www.qibin.gov.cn", "SiteIDCode": "4106110002",
              "ColumnName": "政府信息公开年报", "ArticleTitle": title, "PubDate": "2021-03-29 11:20"},
        info=[("索引号", "qbqzf-2021-00215"), ("发布机构", "淇滨区人民政府办公室"), ("生成日期", "2021-03-29"),
              ("分类", "政府信息公开年报")],
        active=a, requests=r, appeals=ap, pubdate="2021-03-29", source="淇滨区人民政府办公室", prose_variant=2,
        notes="The report's own numbers break rules, kept as printed: requests row new (一) is 5 too high in "
              "natural_person (82 printed, 77 would balance) and total (93 printed, 88 would balance), so requests_balance fails for those two columns while "
              "requests_row_sum and requests_outcomes hold; appeals review row total printed 3 while 1+1+0+0=2, so "
              "appeals_sum fails for review. Procurement header 采购总金额（万元） gives unit 万元 to the plain 8716.25.")


def make_b09():
    a = active19((0, 0, 0), (15, 15, 102), (356, "+11", 48762), (128, "-8", 16540), (412, "+3", 25873),
                 (26, 0, 1342), (9, "-1"), (1263, "36215.8"))
    r = build_requests("2019", {
        NP: dict(granted=412, partial=36, denied_prohibited=1, denied_third_party=8, denied_internal=4,
                 denied_process=6, denied_enforcement=3, denied_query=5, unavailable_not_held=187,
                 unavailable_needs_creation=12, unavailable_unclear=9, rejected_complaint=14, rejected_repeat=22,
                 rejected_publication=2, rejected_excessive=3, rejected_confirmation=1, other=17),
        BU: dict(granted=38, partial=4, denied_third_party=2, unavailable_not_held=15, rejected_repeat=1, other=2),
        RE: dict(granted=2),
        SO: dict(granted=1, unavailable_not_held=1),
        LS: dict(granted=11, partial=2, unavailable_not_held=4, denied_enforcement=1),
        OO: dict(granted=3, unavailable_not_held=1)},
        carried_in=[21, 2, 0, 0, 0, 0], forward=[33, 3, 0, 0, 1, 0])
    ap = build_appeals([[6, 2, 3, 2], [3, 1, 2, 4], [1, 0, 1, 2]])
    title = "深圳市龙岗区2020年政府信息公开工作年度报告"
    template_html(
        "b09_2020_longgang_gkmlpt.html", tpl="2019", year=2020, title=title, agency="深圳市龙岗区人民政府",
        url="http://www.lg.gov.cn/gkmlpt/content/8/8567/post_8567123.html", family="gkmlpt",
        site="深圳市龙岗区人民政府", host="深圳市龙岗区人民政府办公室", sid="4403070001", icp="粤ICP备05003462号",
        gaba="粤公网安备 44030702001254号", money_hdr="采购总金额（单位：万元）", money_unit="万元",
        info=[("索引号", "007543519/2021-00104"), ("分类", "政府信息公开年报"), ("发布机构", "深圳市龙岗区人民政府办公室"),
              ("成文日期", "2021-01-29"), ("名称", title), ("文号", ""), ("发布日期", "2021-01-29"), ("主题词", "")],
        active=a, requests=r, appeals=ap, pubdate="2021-01-29 17:35", ap_chars="br",
        crumbs=["首页", "政务公开", "政府信息公开目录", "政府信息公开年报"], prose_variant=2,
        notes="Guangdong gkmlpt detail page; title names the district without 人民政府 (agency normalised to "
              "深圳市龙岗区人民政府 as with 句容市); procurement header '采购总金额（单位：万元）' gives unit 万元 to 36215.8; "
              "changes +11 / -8 / +3 / -1; every requests row non-trivial; table-4 header one character per line via <br>.")


def make_b11():
    a = active19((0, 0, 0), (6, 6, 38), (14, "减2", 1326), (9, "增1", 862), (3, 0, 5), (0, 0, 0), (0, 0),
                 (87, "3268.5万元"))
    r = build_requests("2019", {
        NP: dict(granted=23, partial=3, denied_internal=1, denied_process=2, unavailable_not_held=11,
                 unavailable_unclear=1, rejected_repeat=1, other=1),
        BU: dict(granted=4, unavailable_not_held=2),
        RE: dict(granted=2, partial=1),
        LS: dict(granted=1)}, carried_in=[1, 0, 0, 0, 0, 0], forward=[1, 0, 0, 0, 0, 0])
    assert r["unavailable_not_held"][0] == "11"
    r["unavailable_not_held"][0] = "1 1"  # digits split by a space, as in the Jurong seed ("1 0" = 10)
    ap = build_appeals([[1, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]])
    title = "山东省科学技术厅2019年政府信息公开工作年度报告"
    template_html(
        "b11_2019_sdkjt_metaonly.html", tpl="2019", year=2019, title=title, agency="山东省科学技术厅",
        url="http://kjt.shandong.gov.cn/art/2020/1/21/art_13360_8765432.html", family="hanweb",
        site="山东省科学技术厅", host="山东省科学技术厅", sid="3700000046", icp="鲁ICP备05016826号",
        gaba="鲁公网安备 37010202000541号",
        meta={"SiteName": "山东省科学技术厅", "SiteDomain": "kjt.shandong.gov.cn", "SiteIDCode": "3700000046",
              "ColumnName": "政府信息公开年度报告", "ArticleTitle": title, "PubDate": "2020-01-21 10:03",
              "ContentSource": "山东省科学技术厅", "Url": "http://kjt.shandong.gov.cn/art/2020/1/21/art_13360_8765432.html"},
        active=a, requests=r, appeals=ap, chop=3, prose_variant=0,
        crumbs=["首页", "信息公开", "政府信息公开年度报告"],
        notes="Provincial department on Hanweb; no 信息公开 metadata block, only <meta> tags; every CJK label chopped into "
              "3-character <span>s; procurement amount printed '3268.5万元' (unit from the value); requests "
              "unavailable_not_held / natural_person printed with split digits '1 1' = 11 (as the Jurong seed shows).")


def make_b03():
    a = active21((0, 0, 0), (9, 3, 64), 18736, 4521, 238, "1256.43")
    r = build_requests("2021", {
        NP: dict(granted=286, partial=24, denied_third_party=5, denied_internal=3, denied_process=7,
                 denied_enforcement=2, denied_query=4, unavailable_not_held=143, unavailable_needs_creation=6,
                 unavailable_unclear=11, rejected_complaint=9, rejected_repeat=15, rejected_publication=1,
                 rejected_excessive=2, rejected_confirmation=3, other_no_correction=12, other_misc=5),
        BU: dict(granted=31, partial=3, denied_third_party=1, unavailable_not_held=12, rejected_repeat=1,
                 other_no_correction=2),
        RE: dict(granted=1),
        SO: dict(granted=2, unavailable_not_held=1),
        LS: dict(granted=9, partial=1, unavailable_not_held=3, denied_enforcement=1, other_misc=1),
        OO: dict(granted=2)}, carried_in=[18, 1, 0, 0, 0, 0], forward=[26, 2, 0, 0, 1, 0])
    ap = build_appeals([[5, 1, 2, 1], [2, 0, 3, 2], [1, 0, 0, 1]])
    title = "杭州市西湖区人民政府2021年政府信息公开工作年度报告"
    template_html(
        "b03_2021_xihu_hanweb.html", tpl="2021", year=2021, title=title, agency="杭州市西湖区人民政府",
        url="http://www.hzxh.gov.cn/art/2022/1/28/art_1229365128_4012345.html", family="hanweb",
        site="杭州市西湖区人民政府", host="杭州市西湖区人民政府办公室", sid="3301060002", icp="浙ICP备05074651号",
        gaba="浙公网安备 33010602000159号", money_unit="万元",
        meta={"SiteName": "杭州市西湖区人民政府", "SiteDomain": "www.hzxh.gov.cn", "SiteIDCode": "3301060002",
              "ColumnName": "政府信息公开年报", "ArticleTitle": title, "PubDate": "2022-01-28 15:06",
              "ContentSource": "区政府办公室"},
        info=[("索引号", "002508891/2022-00031"), ("发布机构", "杭州市西湖区人民政府"), ("成文日期", "2022-01-28"),
              ("公开方式", "主动公开"), ("组配分类", "政府信息公开年报")],
        active=a, requests=r, appeals=ap, pubdate="2022-01-28", prose_variant=0,
        notes="2021 template, official layout: 三、本年度办理结果 rowspan 22, （三）不予公开 rowspan 8, （六）其他处理 rowspan 3; "
              "fee amount 1256.43 under header 本年收费金额（单位：万元） (unit 万元); all 25 requests rows x 7 columns printed.")


def make_b07():
    a = active21(("—", "—", "—"), (0, 0, 0), "/", 128, "", "—")
    r = build_requests("2021", {
        NP: dict(granted=11, partial=1, unavailable_not_held=6, unavailable_unclear=1, rejected_repeat=1,
                 other_no_correction=1),
        BU: dict(granted=2)}, forward=[1, 0, 0, 0, 0, 0])
    for row in r:
        r[row][RE] = "/"
        r[row][SO] = "—"
    r["carried_in"][BU] = ""
    r["carried_in"][OO] = ""
    ap = build_appeals([[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]])
    ap[10:15] = ["—"] * 5
    title = "北京市朝阳区人民政府望京街道办事处2022年政府信息公开工作年度报告"
    template_html(
        "b07_2022_wangjing_nulls.html", tpl="2021", year=2022, title=title,
        agency="北京市朝阳区人民政府望京街道办事处",
        url="http://www.bjchy.gov.cn/affair/zfxxgk/ndbg/8a24fe8386123a4b0186b1c4e2f10123.html", family="plain",
        site="北京市朝阳区人民政府", host="北京市朝阳区人民政府", sid="1101050001", icp="京ICP备05062612号",
        gaba="京公网安备 11010502036784号", money_unit="万元",
        info=[("索引号", "11110105MB1X00321T/2023-00007"), ("发文机构", "望京街道"), ("发布日期", "2023-01-16"),
              ("主题分类", "年度报告")],
        active=a, requests=r, appeals=ap, pubdate="2023-01-16", prose_variant=1,
        notes="Street office; null cells in several spellings, all expected null (not 0): regulations '—', licensing '/', "
              "coercion empty, fee amount '—'; requests columns 科研机构 all '/' and 社会公益组织 all '—'; carried_in empty "
              "for 商业企业 and 其他; appeals row 复议后起诉 all '—'. Rules touching those cells are unknown, not failed. "
              "发文机构 is the short '望京街道'; agency from the title.")


def make_b10():
    a = active21((0, 0, 0), (1, 0, 4), 386, 27, 0, 0)
    r = build_requests("2021", {
        NP: dict(granted=4, unavailable_not_held=2, other_no_correction=1),
        BU: dict(granted=1)})
    ap = build_appeals([[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]])
    title = "遵义市汇川区农业农村局2021年政府信息公开工作年度报告"
    template_html(
        "b10_2021_huichuan_nyj_splitp.html", tpl="2021", year=2021, title=title, agency="遵义市汇川区农业农村局",
        url="https://www.zyhc.gov.cn/zwgk/zfxxgk/fdzdgknr/zfxxgknb/202201/t20220125_72345678.html", family="trs",
        site="遵义市汇川区人民政府", host="遵义市汇川区人民政府办公室", sid="5203030005", icp="黔ICP备12003118号-1",
        gaba="黔公网安备 52030302000142号", money_unit="万元",
        meta={"SiteName": "遵义市汇川区人民政府", "SiteDomain": "www.zyhc.gov.cn", "SiteIDCode": "5203030005",
              "ColumnName": "政府信息公开年报", "ArticleTitle": title, "PubDate": "2022-01-25 10:12",
              "ContentSource": "区农业农村局"},
        info=[("索引号", "zyhcnyj/2022-0125001"), ("发布机构", "汇川区农业农村局"), ("生成日期", "2022-01-25"),
              ("公开形式", "主动公开"), ("信息分类", "年度报告")],
        active=a, requests=r, appeals=ap, lbl_split=5, chop=2, nbsp_pad=True, req_hdr=1, pubdate="2022-01-25",
        source="区农业农村局", prose_variant=1, width=420,
        notes="Every label split across several <p> (5 characters each) and every CJK run chopped into 2-character "
              "<span>s, left cells padded with &nbsp;; applicant header labels split two characters per <p>; "
              "small department, mostly zeros; fee amount 0 with header unit 万元.")


def make_b12():
    a = active21((0, 0, 0), (7, 5, 41), 27463, 3362, 187, "3.6")
    r = build_requests("2021", {
        NP: dict(granted=198, partial=17, denied_third_party=4, denied_internal=2, denied_process=5,
                 denied_enforcement=3, denied_query=6, unavailable_not_held=96, unavailable_needs_creation=4,
                 unavailable_unclear=7, rejected_complaint=11, rejected_repeat=9, rejected_publication=1,
                 rejected_excessive=4, rejected_confirmation=2, other_no_correction=8, other_misc=3),
        BU: dict(granted=21, partial=2, unavailable_not_held=8, denied_third_party=1),
        RE: dict(granted=1),
        SO: dict(granted=1, unavailable_not_held=1),
        LS: dict(granted=6, partial=1, unavailable_not_held=2, denied_enforcement=1),
        OO: dict(granted=2)}, carried_in=[12, 1, 0, 0, 0, 0], forward=[15, 2, 0, 0, 1, 0])
    ap = build_appeals([[4, 1, 1, 2], [2, 1, 2, 3], [1, 0, 0, 1]])
    title = "长沙市岳麓区2024年政府信息公开工作年度报告"
    template_html(
        "b12_2024_yuelu_gb2312.html", tpl="2021", year=2024, title=title, agency="长沙市岳麓区人民政府",
        enc="gbk", charset="gb2312",
        url="http://www.yuelu.gov.cn/zwgk/zfxxgknb/202501/t20250120_11654321.html", family="trs",
        site="长沙市岳麓区人民政府", host="长沙市岳麓区人民政府办公室", sid="4301040001", icp="湘ICP备05005672号",
        gaba="湘公网安备 43010402000321号", money_unit="万元",
        meta={"SiteName": "长沙市岳麓区人民政府", "SiteDomain": "www.yuelu.gov.cn", "SiteIDCode": "4301040001",
              "ColumnName": "政府信息公开年报", "ArticleTitle": title, "PubDate": "2025-01-20 09:30",
              "ContentSource": "岳麓区人民政府办公室"},
        info=[("索引号", "000014349/2025-00023"), ("发布机构", "岳麓区人民政府办公室"), ("发文日期", "2025-01-20"),
              ("有效性", "有效")],
        active=a, requests=r, appeals=ap, ap_chars="br", pubdate="2025-01-20", prose_variant=1,
        notes="Encoded GBK with <meta http-equiv content='text/html; charset=gb2312'> (GB2312 label, all characters "
              "within GB2312/GBK); title names the district without 人民政府; table-4 header one character per line via <br>; "
              "fee amount 3.6 under the 万元 header.")


def make_c01():
    a = active21((0, 0, 0), (2, 1, 11), 1243, 38, 2, 0)
    r = build_requests("2021", {
        NP: dict(granted=9, partial=1, unavailable_not_held=4, rejected_complaint=1, other_misc=1),
        BU: dict(granted=2, unavailable_not_held=1),
        LS: dict(granted=1)}, forward=[1, 0, 0, 0, 0, 0])
    ap = build_appeals([[1, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]])
    title = "莆田市城厢区住房和城乡建设局2022年政府信息公开工作年度报告"
    pre = ["为深入推进基层政务公开标准化规范化工作，我局按照区政务公开领导小组部署，对公开主体、公开内容、公开渠道和载体、"
           "公开对象和公开方式等要素进行标准化规范,并通过网站向社会公开。明确各股室为本领域信息公开的责任主体，"
           "会同区城市管理局等执法机构做好住建领域行政处罚信息的公开。"]
    template_html(
        "c01_2022_chengxiang_zjj_nopublisher.html", tpl="2021", year=2022, title=title,
        agency="莆田市城厢区住房和城乡建设局",
        url="http://www.ptcx.gov.cn/zwgk/zfxxgkzl/ndbg/202301/t20230118_1789012.htm", family="trs",
        site="莆田市城厢区人民政府", host="莆田市城厢区人民政府办公室", sid="3503020001", icp="闽ICP备05011234号",
        gaba="闽公网安备 35030202000101号", money_unit="万元",
        meta={"SiteName": "莆田市城厢区人民政府", "SiteDomain": "www.ptcx.gov.cn", "SiteIDCode": "3503020001",
              "ColumnName": "政府信息公开年度报告", "ArticleTitle": title, "PubDate": "2023-01-18 08:45"},
        active=a, requests=r, appeals=ap, body_pre=pre, prose_variant=2,
        notes="No 发布机构 / ContentSource anywhere; the opening prose contains 公开主体、…、责任主体 and 执法机构 "
              "(words that must not be read as the publisher); SiteName is the district portal (城厢区人民政府), not the "
              "agency; agency only from the title/ArticleTitle.")


def make_c04():
    a = active19((0, 0, 0), (2, 2, 9), (27, "增3", 1846), (6, 0, 237), (19, 0, 64), (2, 0, 3), (0, 0),
                 (11, "326.48"))
    r = build_requests("2019", {NP: dict(granted=5, unavailable_not_held=3, other=1), BU: dict(granted=1)})
    ap = build_appeals([[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]])
    title = "丽水市莲都区农业农村局2020年政府信息公开工作年度报告"
    template_html(
        "c04_2020_liandu_nyncj_creditcode.html", tpl="2019", year=2020, title=title, agency="丽水市莲都区农业农村局",
        url="http://www.liandu.gov.cn/art/2021/1/29/art_1229371829_3698450.html", family="hanweb",
        site="丽水市莲都区人民政府", host="丽水市莲都区人民政府办公室", sid="3311020002", icp="浙ICP备05020153号",
        gaba="浙公网安备 33110202000088号",
        meta={"SiteName": "丽水市莲都区人民政府", "SiteDomain": "www.liandu.gov.cn", "SiteIDCode": "3311020002",
              "ColumnName": "部门政府信息公开年报", "ArticleTitle": title, "PubDate": "2021-01-29 14:20",
              "ContentSource": "莲都区农业农村局"},
        info=[("索引号", "11331102002567891K/2021-02-00018"), ("成文日期", "2021-01-29"), ("公开方式", "主动公开"),
              ("组配分类", "政府信息公开年报"), ("发布机构", "莲都区农业农村局")],
        active=a, requests=r, appeals=ap, split_hdr=True, prose_variant=0,
        notes="索引号 prefix is an 18-character unified social credit code (11331102002567891K) and its tail "
              "'2021-02-00018' looks like a date but is not the publication date (成文日期 2021-01-29); 发布机构 present "
              "as the short '莲都区农业农村局'; procurement amount 326.48 with no unit stated (unit null).")


def make_c02():
    title = "东营市河口区六合街道办事处2020年政府信息公开工作年度报告"
    paras = [
        "根据《中华人民共和国政府信息公开条例》规定，现公布本单位2020年政府信息公开工作年度报告。本报告所列数据的统计期限自2020年1月1日起至2020年12月31日止。",
        ("h", "一、总体情况"),
        "2020年，我街道认真落实政务公开各项工作要求，围绕群众关心关注的重点领域，及时、准确、全面公开政府信息。",
        ("h", "二、主动公开政府信息情况"),
        "全年通过区政府门户网站街道专栏主动公开政府信息126条，通过“六合发布”微信公众号发布信息312条，通过村务公开栏公开信息58期。",
        ("h", "三、收到和处理政府信息公开申请情况"),
        "2020年，我街道未收到政府信息公开申请，无上年结转申请。",
        ("h", "四、政府信息公开行政复议、行政诉讼情况"),
        "2020年，我街道未发生因政府信息公开引起的行政复议、行政诉讼。",
        ("raw", '<p style="text-align:center"><img src="/picture/0/2101291552138765432.jpg" alt="" width="600" '
                'title="统计表"></p>'),
        ("h", "五、存在的主要问题及改进情况"),
        "存在的问题主要是信息公开的及时性还需加强。下一步，我们将加强业务培训，进一步提升公开质量。",
        ("h", "六、其他需要报告的事项"),
        "无。",
    ]
    body = body_paras(paras)
    html_text = page("hanweb", title, body, site="东营市河口区人民政府", host="东营市河口区人民政府办公室",
                     sid="3705030001", icp="鲁ICP备05041332号", gaba="鲁公网安备 37050302000045号",
                     crumbs=["首页", "信息公开", "街道年报"], doc_title=title)
    emit("c02_2020_liuhe_jd_titleonly_none.html", html_text, {
        "url": "http://www.hekou.gov.cn/art/2021/1/29/art_40123_10298765.html", "format": "html", "encoding": "utf-8",
        "title": title, "agency": "东营市河口区六合街道办事处", "year": 2020, "template": "none", "cells": [],
        "notes": "No <meta> tags, no metadata block, no 来源/发布机构; the only evidence of the agency is the title (<title> and "
                 "<h1>); the prose says only '我街道'; the footer names the portal host (河口区人民政府办公室), which is "
                 "not the report's agency. The statistics table is an image (图片版), so there is no table to parse: "
                 "template none, no cells, even though the prose mentions counts."})


# ================================================================ A: legacy tables

NATIONAL = [
    ("sec", "一、主动公开情况"),
    ("row", "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）", "条"),
    ("row", "其中：主动公开规范性文件数", "条"),
    ("row", "制发规范性文件总数", "件"),
    ("row", "（二）通过不同渠道和方式公开政府信息的情况", ""),
    ("row", "1.政府公报公开政府信息数", "条"),
    ("row", "2.政府网站公开政府信息数", "条"),
    ("row", "3.政务微博公开政府信息数", "条"),
    ("row", "4.政务微信公开政府信息数", "条"),
    ("row", "5.其他方式公开政府信息数", "条"),
    ("sec", "二、回应解读情况"),
    ("row", "（一）回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）", "次"),
    ("row", "（二）通过不同渠道和方式回应解读的情况", ""),
    ("row", "1.参加或举办新闻发布会总次数", "次"),
    ("row", "其中：主要负责同志参加新闻发布会次数", "次"),
    ("row", "2.政府网站在线访谈次数", "次"),
    ("row", "其中：主要负责同志参加政府网站在线访谈次数", "次"),
    ("row", "3.政策解读稿件发布数", "篇"),
    ("row", "4.微博微信回应事件数", "次"),
    ("row", "5.其他方式回应事件数", "次"),
    ("sec", "三、依申请公开情况"),
    ("row", "（一）收到申请数", "件"),
    ("row", "1.当面申请数", "件"),
    ("row", "2.传真申请数", "件"),
    ("row", "3.网络申请数", "件"),
    ("row", "4.信函申请数", "件"),
    ("row", "5.其他形式", "件"),
    ("row", "（二）申请办结数", "件"),
    ("row", "1.按时办结数", "件"),
    ("row", "2.延期办结数", "件"),
    ("row", "（三）申请答复数", "件"),
    ("row", "1.属于已主动公开范围数", "件"),
    ("row", "2.同意公开答复数", "件"),
    ("row", "3.同意部分公开答复数", "件"),
    ("row", "4.不同意公开答复数", "件"),
    ("row", "其中：涉及国家秘密", "件"),
    ("row", "涉及商业秘密", "件"),
    ("row", "涉及个人隐私", "件"),
    ("row", "危及国家安全、公共安全、经济安全和社会稳定", "件"),
    ("row", "不是《条例》所指政府信息", "件"),
    ("row", "法律法规规定的其他情形", "件"),
    ("row", "5.不属于本行政机关公开数", "件"),
    ("row", "6.申请信息不存在数", "件"),
    ("row", "7.告知作出更改补充数", "件"),
    ("row", "8.告知通过其他途径办理数", "件"),
    ("row", "四、行政复议数量", "件"),
    ("row", "（一）维持具体行政行为数", "件"),
    ("row", "（二）被依法纠错数", "件"),
    ("row", "（三）其他情形数", "件"),
    ("row", "五、行政诉讼数量", "件"),
    ("row", "（一）维持具体行政行为或者驳回原告诉讼请求数", "件"),
    ("row", "（二）被依法纠错数", "件"),
    ("row", "（三）其他情形数", "件"),
    ("row", "六、被举报投诉数量", "件"),
    ("row", "（一）维持具体行政行为数", "件"),
    ("row", "（二）被纠错数", "件"),
    ("row", "（三）其他情形数", "件"),
    ("row", "七、向图书馆、档案馆等查阅场所报送信息数", "条"),
    ("row", "（一）纸质文件数", "条"),
    ("row", "（二）电子文件数", "条"),
    ("sec", "八、机构建设和保障经费情况"),
    ("row", "（一）政府信息公开工作专门机构数", "个"),
    ("row", "（二）设置政府信息公开查阅点数", "个"),
    ("row", "（三）查阅点接待人数", "人"),
    ("row", "（四）从事政府信息公开工作人员数", "人"),
    ("row", "1.专职人员数（不包括政府公报及政府网站工作人员数）", "人"),
    ("row", "2.兼职人员数", "人"),
    ("row", "（五）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）", "万元"),
    ("sec", "九、政府信息公开会议和培训情况"),
    ("row", "（一）召开政府信息公开工作会议或专题会议数", "次"),
    ("row", "（二）举办各类培训班数", "次"),
    ("row", "（三）接受培训人员数", "人次"),
]
N_NATIONAL_ROWS = sum(1 for x in NATIONAL if x[0] == "row")


def national(values):
    """values: list of printed strings, one per data row of NATIONAL, in order."""
    assert len(values) == N_NATIONAL_ROWS, (len(values), N_NATIONAL_ROWS)
    out, it = [], iter(values)
    for x in NATIONAL:
        if x[0] == "sec":
            out.append(x)
        else:
            out.append(("row", x[1], x[2], [str(next(it))]))
    return out


def legacy_html_rows(header_rows, trows, ncols, lbl_split=0, indent=True):
    rows = [list(h) for h in header_rows]
    for tr in trows:
        if tr[0] == "sec":
            rows.append([C(tr[1], cs=ncols, align="left", bold=True)])
            continue
        _, label, unit, vals = tr
        lab = ("\u3000" + label) if (indent and (label.startswith("其中") or label[:1].isdigit())) else label
        lc = C(paras=chunk(lab, lbl_split), align="left") if (lbl_split and len(lab) > lbl_split) else C(lab, align="left")
        rows.append([lc, C(unit)] + [C(v) for v in vals])
    return rows


def legacy_page(name, *, trows, header_rows, col_keys, ncols, title, agency, year, url, family, enc="utf-8",
                charset=None, site, host="", sid, icp, gaba, meta=None, info=None, info_style="table", notes,
                lbl_split=0, width=450, col_w=None, split_at=None, repeat_header=False, pubdate="", source="",
                crumbs=None, fs="10.5", chop=0):
    ps = prose(agency, year, "legacy")
    if split_at is None:
        t = word_table(legacy_html_rows(header_rows, trows, ncols, lbl_split), width_pt=width,
                       col_w=col_w or width / ncols, fs=fs, chop=chop)
    else:
        t1 = word_table(legacy_html_rows(header_rows, trows[:split_at], ncols, lbl_split), width_pt=width,
                        col_w=col_w or width / ncols, fs=fs, chop=chop)
        t2 = word_table(legacy_html_rows(header_rows if repeat_header else [], trows[split_at:], ncols, lbl_split),
                        width_pt=width, col_w=col_w or width / ncols, fs=fs, chop=chop)
        t = (t1 + '\n<span lang="EN-US" style="font-size:10.5pt;font-family:&quot;Times New Roman&quot;">'
             '<br clear="all" style="page-break-before:always"></span>\n'
             + mso_p("（续表）", align="left") + "\n" + t2)
    body = render_body(ps, {"legacy": t})
    html_text = page(family, title, body, site=site, host=host, sid=sid, icp=icp, gaba=gaba, meta=meta, info=info,
                     info_style=info_style, charset=charset or enc, pubdate=pubdate, source=source, crumbs=crumbs)
    emit(name, html_text, {"url": url, "format": "html", "encoding": enc, "title": title, "agency": agency,
                           "year": year, "template": "legacy", "cells": legacy_cells(trows, col_keys), "notes": notes})


HDR3 = [[C("统 计 指 标", bold=True), C("单位", bold=True), C("统计数", bold=True)]]


def make_a01():
    v = [2316, 14, 14, 3170, "", 2108, "", 846, 216,
         12, 47, 6, 2, 4, 1, 21, 16, "",
         31, 9, "", 17, 5, "", 31, 31, "", 31, 6, 14, 2, 3, "", 1, 1, "", 1, "", 4, 2, "", "",
         2, 2, "", "", 1, 1, "", "", 0, "", "", "", 36, 36, "",
         1, 3, 126, 5, 1, 4, "3.5",
         4, 2, 130]
    title = "济宁市兖州区人民政府2016年政府信息公开工作年度报告"
    legacy_page(
        "a01_legacy_national_2016_yanzhou.html", trows=national(v), header_rows=HDR3, col_keys=["value"], ncols=3,
        title=title, agency="济宁市兖州区人民政府", year=2016,
        url="http://www.yanzhou.gov.cn/zwgk/zfxxgknb/201703/t20170328_1402518.html", family="trs",
        site="济宁市兖州区人民政府", host="济宁市兖州区人民政府办公室", sid="3708120001", icp="鲁ICP备05038917号",
        gaba="鲁公网安备 37081202000032号",
        meta={"SiteName": "济宁市兖州区人民政府", "SiteDomain": "www.yanzhou.gov.cn", "SiteIDCode": "3708120001",
              "ColumnName": "政府信息公开年报", "ArticleTitle": title, "PubDate": "2017-03-28 16:10",
              "ContentSource": "区政府办公室"},
        info=[("索引号", "004344521/2017-00035"), ("发布机构", "兖州区人民政府办公室"), ("生成日期", "2017-03-28"),
              ("主题分类", "综合政务"), ("文号", ""), ("有效性", "有效")],
        notes="National 2014-2018 统计表 (统计指标 / 单位 / 统计数) as Word HTML; section rows 一、二、三、八、九 span the row "
              "(no cells); many empty cells -> null; rows 四、五、六、七 carry units and numbers. Duplicate keys, first wins: "
              "维持具体行政行为数 (四(一)=2 kept, 六(一) empty dropped), 被依法纠错数 (四(二)), 其他情形数 (四(三)); "
              "（二）通过不同渠道… rows have an empty unit cell (unit null). Fullwidth brackets inside labels folded to ().",
        pubdate="2017-03-28", source="区政府办公室")


def make_a02():
    trows = [
        ("sec", "一、主动公开情况"),
        ("row", "主动公开文件数", "条", ["412", "3120"]),
        ("row", "其中：1.政府网站公开数", "条", ["356", "2680"]),
        ("row", "2.政府公报公开数", "条", ["12", "110"]),
        ("row", "3.其他方式公开数", "条", ["44", "330"]),
        ("sec", "二、依申请公开情况"),
        ("row", "收到申请数", "件", ["23", "187"]),
        ("row", "其中：1.当面申请数", "件", ["5", "61"]),
        ("row", "2.网络申请数", "件", ["14", "98"]),
        ("row", "3.信函申请数", "件", ["4", "28"]),
        ("row", "申请答复数", "件", ["23", "187"]),
        ("row", "其中：1.同意公开答复数", "件", ["15", "121"]),
        ("row", "2.同意部分公开答复数", "件", ["3", "19"]),
        ("row", "3.不同意公开答复数", "件", ["1", "12"]),
        ("row", "4.信息不存在数", "件", ["2", "21"]),
        ("row", "5.非本机关职责范围数", "件", ["2", "14"]),
        ("sec", "三、行政复议和行政诉讼情况"),
        ("row", "行政复议数", "件", ["1", "6"]),
        ("row", "行政诉讼数", "件", ["0", "2"]),
        ("sec", "四、收费情况"),
        ("row", "收取费用", "万元", ["0", "0.12"]),
    ]
    hdr = [[C("指标名称", bold=True), C("计量单位", bold=True), C("2017年度", bold=True), C("历年累计", bold=True)]]
    title = "绍兴市柯桥区卫生和计划生育局2017年度政府信息公开工作年度报告"
    legacy_page(
        "a02_legacy_cumulative_2017_keqiao_wjj_gbk.html", trows=trows, header_rows=hdr,
        col_keys=["value", "cumulative"], ncols=4, title=title, agency="绍兴市柯桥区卫生和计划生育局", year=2017,
        url="http://www.kq.gov.cn/art/2018/1/26/art_1557461_15326598.html", family="hanweb", enc="gbk",
        site="绍兴市柯桥区人民政府", host="绍兴市柯桥区人民政府办公室", sid="3306030001", icp="浙ICP备05083214号",
        gaba="浙公网安备 33062102000215号",
        meta={"SiteName": "绍兴市柯桥区人民政府", "SiteDomain": "www.kq.gov.cn", "SiteIDCode": "3306030001",
              "ColumnName": "政府信息公开年报", "ArticleTitle": title, "PubDate": "2018-01-26 14:37",
              "ContentSource": "区卫计局"},
        notes="GBK page (<meta charset=gbk>); legacy table 指标名称 | 计量单位 | 2017年度 | 历年累计 -> cols value / cumulative; "
              "stacked prefix '其中：1.' stripped; row '2.同意部分公开答复数' uses a phrase that also resembles the newer "
              "templates (部分公开) but the table is legacy; cumulative 0.12 (万元) is a float.")


def make_a03():
    trows = [
        ("sec", "一、主动公开"),
        ("row", "主动公开政府信息", "条", ["18764", "1532", "11876", "5356"]),
        ("row", "其中：政府网站", "条", ["16420", "1490", "10212", "4718"]),
        ("sec", "二、依申请公开"),
        ("row", "受理申请", "件", ["146", "38", "97", "11"]),
        ("row", "其中：当面申请", "件", ["52", "9", "35", "8"]),
        ("row", "网络申请", "件", ["71", "21", "48", "2"]),
        ("row", "信函申请", "件", ["23", "8", "14", "1"]),
        ("row", "已答复", "件", ["146", "38", "97", "11"]),
        ("sec", "三、行政复议和行政诉讼"),
        ("row", "行政复议", "件", ["3", "2", "1", "0"]),
        ("row", "行政诉讼", "件", ["1", "1", "0", ""]),
        ("sec", "四、收费"),
        ("row", "收取费用", "元", ["0", "0", "0", "0"]),
        ("sec", "五、会议和培训"),
        ("row", "举办培训班", "次", ["27", "3", "16", "8"]),
        ("row", "参训人数", "人次", ["1280", "160", "720", "400"]),
    ]
    hdr = [[C("指　标", rs=2, bold=True), C("单位", rs=2, bold=True), C("合计", rs=2, bold=True), C("其中", cs=3, bold=True)],
           [C("区政府", bold=True), C("部门", bold=True), C("乡镇(街道)", bold=True)]]
    title = "重庆市江津区人民政府2015年政府信息公开工作年度报告"
    legacy_page(
        "a03_legacy_breakdown_2015_jiangjin.html", trows=trows, header_rows=hdr,
        col_keys=["value", "区政府", "部门", "乡镇(街道)"], ncols=6, title=title, agency="重庆市江津区人民政府", year=2015,
        url="http://www.jiangjin.gov.cn/zwgk_165/zfxxgknb/201603/t20160325_412345.html", family="trs",
        site="重庆市江津区人民政府", host="重庆市江津区人民政府办公室", sid="5001160001", icp="渝ICP备05002587号",
        gaba="渝公网安备 50011602500101号",
        info=[("索引号", "11500381009275316W/2016-00041"), ("发布机构", "重庆市江津区人民政府办公室"),
              ("成文日期", "2016-03-25"), ("主题分类", "综合政务")], info_style="list", width=480,
        notes="Breakdown columns: 指标 | 单位 | 合计 | 其中(区政府 | 部门 | 乡镇(街道)); header over two rows, 其中 spans 3; "
              "合计 -> value, others keep their header text (half-width brackets written in the source). "
              "One empty cell (行政诉讼 / 乡镇(街道)) -> null. Every row: 合计 = sum of the three parts.",
        pubdate="2016-03-25")


def make_a04():
    trows = [
        ("sec", "一、主动公开情况"),
        ("row", "（一）主动公开政府信息数", "条", ["186"]),
        ("row", "其中：1.主动公开规范性文件数", "件", ["2"]),
        ("sec", "（二）通过不同渠道公开情况"),
        ("row", "1.政府网站", "条", ["172"]),
        ("row", "2.公开栏（电子屏）", "条", ["48"]),
        ("row", "3.其他方式", "条", ["9"]),
        ("sec", "二、依申请公开情况"),
        ("row", "（一）收到申请数", "件", ["7"]),
        ("row", "其中：①当面申请", "件", ["4"]),
        ("row", "②网络申请", "件", ["2"]),
        ("row", "③信函申请", "件", ["1"]),
        ("sec", "（二）答复情况"),
        ("row", "1.同意公开", "件", ["5"]),
        ("row", "2.不予公开", "件", ["1"]),
        ("row", "其中：（1）涉及个人隐私", "件", ["1"]),
        ("row", "3.信息不存在", "件", ["1"]),
        ("sec", "三、收费及减免情况"),
        ("row", "（一）收取费用", "元", ["0"]),
        ("row", "（二）减免费用", "元", ["0"]),
        ("sec", "四、行政复议、诉讼和申诉情况"),
        ("row", "（一）行政复议", "件", ["0"]),
        ("row", "（二）行政诉讼", "件", ["0"]),
        ("row", "（三）申诉", "件", ["0"]),
    ]
    hdr = [[C("指　　标", bold=True), C("单位", bold=True), C("数量", bold=True)]]
    title = "广州市天河区石牌街道办事处2014年政府信息公开工作年度报告"
    legacy_page(
        "a04_legacy_nested_2014_shipai_jd.html", trows=trows, header_rows=hdr, col_keys=["value"], ncols=3,
        title=title, agency="广州市天河区石牌街道办事处", year=2014,
        url="http://www.thnet.gov.cn/gkmlpt/content/2/2891/post_2891234.html", family="gkmlpt",
        site="广州市天河区人民政府", host="广州市天河区人民政府办公室", sid="4401060001", icp="粤ICP备05007681号",
        gaba="粤公网安备 44010602000131号",
        info=[("索引号", "007502713/2015-00118"), ("分类", "年度报告"), ("发布机构", "广州市天河区石牌街道办事处"),
              ("成文日期", "2015-03-20"), ("发布日期", "2015-03-20")],
        lbl_split=6, width=420, col_w=None,
        notes="Nested sections: 一、 / （一）/ 1. / 其中：① / 其中：（1）; sub-section rows （二）通过不同渠道公开情况 and "
              "（二）答复情况 span the row and carry no numbers (no cells); labels longer than 6 characters are broken "
              "across several <p> inside their cell (joined without whitespace for the key); '公开栏（电子屏）' folds "
              "to '公开栏(电子屏)'; circled ①②③ and '（1）' treated as ordinal prefixes; 数量 -> value.",
        pubdate="2015-03-20")


def make_a05():
    v = [4862, 21, 23, 6120, 35, 4650, 412, 903, 120,
         18, 96, 8, 3, 6, 2, 47, 29, 6,
         58, 12, 0, 39, 7, 0, 58, 57, 1, 58, 9, 26, 4, 5, 0, 1, 2, 0, 2, 0, 8, 5, 1, 0,
         4, 3, 1, 0, 2, 2, 0, 0, 1, 0, 1, 0, 240, 120, 120,
         1, 17, 356, 21, 3, 18, "12.6",
         6, 5, 420]
    trows = national(v)
    split_at = next(i for i, x in enumerate(trows) if x[0] == "row" and x[1] == "（三）申请答复数")
    title = "六安市金安区人民政府2018年政府信息公开工作年度报告"
    legacy_page(
        "a05_legacy_split_2018_jinan.html", trows=trows, header_rows=HDR3, col_keys=["value"], ncols=3,
        title=title, agency="六安市金安区人民政府", year=2018,
        url="https://www.ja.gov.cn/public/6596541/8764321.html", family="plain",
        site="六安市金安区人民政府", host="六安市金安区人民政府办公室", sid="3415020001", icp="皖ICP备05012894号",
        gaba="皖公网安备 34150202000163号",
        info=[("索引号", "003148372/201901-00027"), ("发布机构", "金安区政府办"), ("发布日期", "2019-01-30"),
              ("主题分类", "综合政务"), ("体裁分类", "年度报告")],
        split_at=split_at, repeat_header=False,
        notes="One 统计表 split over two HTML tables with a Word page break and '（续表）' between; the second table does "
              "NOT repeat the header and starts at （三）申请答复数. All cells filled. Duplicate keys, first wins: "
              "维持具体行政行为数 = 3 (四(一); 六(一) printed 0 is dropped), 被依法纠错数 = 1 (四(二); 五(二) 0 dropped), "
              "其他情形数 = 0 (四(三)).",
        pubdate="2019-01-30")


def txt_prose(agency, year):
    return "\n".join(prose_text(prose(agency, year, "legacy")))


def make_a06a():
    trows = [
        ("sec", "一、主动公开情况"),
        ("row", "（一）主动公开政府信息数", "条", ["326"]),
        ("row", "其中：政府网站公开", "条", ["298"]),
        ("row", "政务微信公开", "条", ["28"]),
        ("sec", "二、依申请公开情况"),
        ("row", "（一）收到申请数", "件", ["2"]),
        ("row", "（二）办结数", "件", ["2"]),
        ("row", "（三）同意公开数", "件", ["1"]),
        ("row", "（四）不予公开数", "件", [""]),
        ("row", "（五）信息不存在数", "件", ["1"]),
        ("sec", "三、复议诉讼情况"),
        ("row", "（一）行政复议数", "件", ["0"]),
        ("row", "（二）行政诉讼数", "件", ["0"]),
        ("sec", "四、收费情况"),
        ("row", "（一）收取费用", "元", ["0"]),
        ("sec", "五、机构和人员"),
        ("row", "（一）工作人员数", "人", ["2"]),
        ("row", "（二）专项经费", "万元", ["0.5"]),
    ]
    agency = "临沂市兰山区商务局"
    title = agency + "2017年政府信息公开工作年度报告"
    lines = [title, txt_prose(agency, 2017), "2017年度政府信息公开工作情况统计表", "统 计 指 标 | 单位 | 统计数 |"]
    for tr in trows:
        if tr[0] == "sec":
            lines.append(tr[1] + " |")
        else:
            lines.append("%s | %s | %s |" % (tr[1], tr[2], tr[3][0]) if tr[3][0] else "%s | %s | |" % (tr[1], tr[2]))
    lines.append("（注：各子栏目数总数要等于总栏目数量）")
    emit("a06a_legacy_pipe_2017_lanshan_swj.txt", "\n".join(lines) + "\n", {
        "url": "http://www.lanshan.gov.cn/info/1205/68231.htm", "format": "txt", "encoding": "utf-8",
        "title": title, "agency": agency, "year": 2017, "template": "legacy", "cells": legacy_cells(trows, ["value"]),
        "notes": "Plain text as an extractor flattens it (like seed 001): table rows as 'a | b | c |' pipe lines, section "
                 "rows as a single cell 'label |'; one empty value ('（四）不予公开数 | 件 | |') -> null; 统计数 -> value."})


def make_a06b():
    trows = [
        ("sec", "一、主动公开"),
        ("row", "主动公开信息数", "条", ["864", "5210"]),
        ("row", "其中：网站公开", "条", ["780", "4702"]),
        ("row", "微信公众号公开", "条", ["84", "508"]),
        ("sec", "二、依申请公开"),
        ("row", "申请总数", "件", ["12", "67"]),
        ("row", "其中：同意公开", "件", ["8", "45"]),
        ("row", "部分公开", "件", ["1", "6"]),
        ("row", "不予公开", "件", ["1", "4"]),
        ("row", "信息不存在", "件", ["2", "12"]),
        ("sec", "三、复议诉讼"),
        ("row", "行政复议", "件", ["0", "2"]),
        ("row", "行政诉讼", "件", ["0", "1"]),
        ("sec", "四、收费"),
        ("row", "收费金额", "元", ["0", ""]),
    ]
    agency = "宜宾市交通运输局"
    title = agency + "2018年政府信息公开工作年度报告"
    lines = [title, txt_prose(agency, 2018), "附表", "指标名称\t单位\t本年度\t累计"]
    for tr in trows:
        if tr[0] == "sec":
            lines.append(tr[1])
        else:
            lines.append("\t".join([tr[1], tr[2]] + tr[3]))
    emit("a06b_legacy_tab_2018_yibin_jtj_titleline.txt", "\n".join(lines) + "\n", {
        "url": "http://jtj.yibin.gov.cn/zwgk/xxgknb/201901/t20190128_523456.html", "format": "txt", "encoding": "utf-8",
        "title": title, "agency": agency, "year": 2018, "template": "legacy",
        "cells": legacy_cells(trows, ["value", "cumulative"]),
        "notes": "Text file whose first line is the title and nothing else identifies the agency (no metadata, no URL "
                 "inside); table as tab-separated lines 指标名称 / 单位 / 本年度 / 累计 -> value / cumulative; section rows "
                 "are single untabbed lines; last line ends with an empty cumulative (trailing tab) -> null. "
                 "Rows 部分公开 / 不予公开 are legacy rows despite sounding like 2019-template labels."})


def make_a06c():
    trows = [
        ("sec", "一、主动公开情况"),
        ("row", "主动公开政府信息数", "条", ["3652"]),
        ("row", "其中：政府网站", "条", ["3120"]),
        ("row", "政务微博", "条", ["214"]),
        ("row", "政务微信", "条", ["318"]),
        ("sec", "二、依申请公开情况"),
        ("row", "受理申请总数", "件", ["19"]),
        ("row", "其中：当面申请", "件", ["6"]),
        ("row", "网上申请", "件", ["11"]),
        ("row", "信函申请", "件", ["2"]),
        ("row", "答复总数", "件", ["19"]),
        ("row", "其中：同意公开", "件", ["13"]),
        ("row", "同意部分公开", "件", ["2"]),
        ("row", "不同意公开", "件", ["1"]),
        ("row", "信息不存在", "件", ["3"]),
        ("sec", "三、行政复议和行政诉讼"),
        ("row", "行政复议", "件", ["1"]),
        ("row", "行政诉讼", "件", ["0"]),
        ("sec", "四、收费及减免"),
        ("row", "收取费用", "元", ["0"]),
        ("row", "减免费用", "元", ["0"]),
    ]
    agency = "株洲市天元区人民政府"
    title = agency + "2016年政府信息公开工作年度报告"
    lines = [title, "发布时间：2017-03-10　来源：天元区人民政府办公室", txt_prose(agency, 2016),
             "天元区2016年政府信息公开情况统计表"]
    for c in ("项目", "单位", "数量"):
        lines.append(c + " |")
    lines.append("|")
    for tr in trows:
        if tr[0] == "sec":
            lines.append(tr[1] + " |")
            lines.append("||")
        else:
            lines += [tr[1] + " |", tr[2] + " |", tr[3][0] + " |", "|"]
    emit("a06c_legacy_cellperline_2016_tianyuan.txt", "\n".join(lines) + "\n", {
        "url": "http://www.tianyuan.gov.cn/c13470/20170310/i1023456.html", "format": "txt", "encoding": "utf-8",
        "title": title, "agency": agency, "year": 2016, "template": "legacy", "cells": legacy_cells(trows, ["value"]),
        "notes": "Table flattened one cell per line like seed 002: each cell 'text |', each row closed by a line '|' "
                 "(section rows, which span the row, are closed by '||'); header 项目 / 单位 / 数量; all cells filled "
                 "(no empty cells, so row boundaries are unambiguous)."})


# ---------------------------------------------------------------- DOCX

def docx_set_cell(cell, text, bold=False, size=10.5, align="center"):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt
    paras = text if isinstance(text, list) else [text]
    cell.text = ""
    for i, t in enumerate(paras):
        p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER if align == "center" else WD_ALIGN_PARAGRAPH.LEFT
        run = p.add_run(t)
        run.bold = bold
        run.font.size = Pt(size)
        run.font.name = "Times New Roman"
        run._element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")


def new_docx(title):
    import datetime

    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt
    d = Document()
    cp = d.core_properties
    fixed = datetime.datetime(2020, 1, 1, 0, 0, 0)
    cp.created = fixed
    cp.modified = fixed
    cp.last_printed = fixed
    cp.author = "Administrator"
    cp.last_modified_by = "Administrator"
    cp.title = ""
    st = d.styles["Normal"]
    st.font.name = "Times New Roman"
    st.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋_GB2312")
    st.font.size = Pt(14)
    p = d.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = p.add_run(title)
    r.bold = True
    r.font.size = Pt(20)
    r.font.name = "Times New Roman"
    r._element.rPr.rFonts.set(qn("w:eastAsia"), "方正小标宋简体")
    return d


def docx_prose(d, ps):
    from docx.shared import Pt
    for p in ps:
        if isinstance(p, tuple) and p[0] == "TABLE":
            yield p[1]
            continue
        text = p[1] if isinstance(p, tuple) else p
        para = d.add_paragraph()
        para.paragraph_format.first_line_indent = Pt(28)
        run = para.add_run(text)
        if isinstance(p, tuple):
            run.bold = True


def save_docx(d, name):
    path = os.path.join(OUT, name)
    d.save(path)
    fix_zip(path)
    with open(path, "rb") as f:
        return f.read()


def make_a07():
    trows = [
        ("sec", "一、主动公开政府信息"),
        ("row", "主动公开信息总数", "条", ["1268", "7435"]),
        ("row", "其中：网站公开", "条", ["1156", "6820"]),
        ("row", "政务微博公开", "条", ["112", "615"]),
        ("sec", "二、依申请公开"),
        ("row", "收到申请", "件", ["9", "41"]),
        ("row", "办结", "件", ["9", "41"]),
        ("row", "其中：同意公开", "件", ["6", "28"]),
        ("row", "部分公开", "件", ["1", "4"]),
        ("row", "不予公开", "件", ["0", "3"]),
        ("row", "信息不存在", "件", ["2", "6"]),
        ("sec", "三、行政复议、诉讼和申诉"),
        ("row", "行政复议", "件", ["0", "1"]),
        ("row", "行政诉讼", "件", ["0", "0"]),
        ("sec", "四、收费"),
        ("row", "依申请公开收费", "元", ["0", "0"]),
    ]
    agency = "南通经济技术开发区管理委员会"
    title = agency + "2015年政府信息公开工作年度报告"
    d = new_docx(title)
    for marker in docx_prose(d, prose(agency, 2015, "legacy")):
        t = d.add_table(rows=2 + len(trows), cols=4)
        t.style = "Table Grid"
        h = t.rows
        a = h[0].cells[0].merge(h[1].cells[0]); docx_set_cell(a, "指标名称", bold=True)
        b = h[0].cells[1].merge(h[1].cells[1]); docx_set_cell(b, ["计量", "单位"], bold=True)
        c = h[0].cells[2].merge(h[0].cells[3]); docx_set_cell(c, "统计数据", bold=True)
        docx_set_cell(h[1].cells[2], "2015年度", bold=True)
        docx_set_cell(h[1].cells[3], "历年累计", bold=True)
        for i, tr in enumerate(trows):
            row = t.rows[2 + i]
            if tr[0] == "sec":
                m = row.cells[0].merge(row.cells[3])
                docx_set_cell(m, tr[1], bold=True, align="left")
            else:
                docx_set_cell(row.cells[0], tr[1], align="left")
                docx_set_cell(row.cells[1], tr[2])
                docx_set_cell(row.cells[2], tr[3][0])
                docx_set_cell(row.cells[3], tr[3][1])
    name = "a07_legacy_merged_2015_nantong_kfq.docx"
    emit(name, save_docx(d, name), {
        "url": "http://www.netda.gov.cn/uploadfiles/201602/20160226153012345.docx", "format": "docx",
        "encoding": "utf-8", "title": title, "agency": agency, "year": 2015, "template": "legacy",
        "cells": legacy_cells(trows, ["value", "cumulative"]),
        "notes": "DOCX (attachment of a 开发区管委会) with merged header cells: 指标名称 and 计量单位 merged vertically over two "
                 "rows (计量/单位 in two paragraphs), 统计数据 merged horizontally over 2015年度 | 历年累计 -> value / "
                 "cumulative; section rows merged across all four columns (no cells). encoding given as utf-8 (XML)."})


# ---------------------------------------------------------------- PDF

def c_rows_to_grid(rows):
    """HTML-style layout of C rows -> (grid of text-or-None, span commands)."""
    occ = {}
    grid_rows = []
    spans_cmd = []
    ncols = 0
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in occ:
                c += 1
            for dr in range(cell.rs):
                for dc in range(cell.cs):
                    occ[(r + dr, c + dc)] = None
            occ[(r, c)] = cell
            if cell.cs > 1 or cell.rs > 1:
                spans_cmd.append(("SPAN", (c, r), (c + cell.cs - 1, r + cell.rs - 1)))
            c += cell.cs
            ncols = max(ncols, c)
    nrows = max(r for r, _ in occ) + 1
    grid = [[occ.get((r, c)) for c in range(ncols)] for r in range(nrows)]
    return grid, spans_cmd


def pdf_build(name, title, story_items, page_size=None):
    from reportlab import rl_config
    rl_config.invariant = 1
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate
    path = os.path.join(OUT, name)
    doc = SimpleDocTemplate(path, pagesize=page_size or A4, leftMargin=18 * mm, rightMargin=18 * mm,
                            topMargin=20 * mm, bottomMargin=20 * mm, title="", author="", subject="", creator="")
    doc.build(story_items)
    with open(path, "rb") as f:
        return f.read()


def pdf_styles():
    from reportlab.lib.enums import TA_CENTER, TA_LEFT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    try:
        pdfmetrics.getFont("STSong-Light")
    except KeyError:
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    base = dict(fontName="STSong-Light", wordWrap="CJK")
    return {
        "title": ParagraphStyle("t", fontSize=16, leading=24, alignment=TA_CENTER, spaceAfter=12, **base),
        "h": ParagraphStyle("h", fontSize=12, leading=20, spaceBefore=6, **base),
        "p": ParagraphStyle("p", fontSize=11, leading=19, firstLineIndent=22, **base),
        "cell": ParagraphStyle("c", fontSize=8.5, leading=11, alignment=TA_CENTER, **base),
        "cell_l": ParagraphStyle("cl", fontSize=8.5, leading=11, alignment=TA_LEFT, **base),
    }


def wrap_cjk(text, n):
    """Break text into lines of at most n (CJK-width) characters; never leave a 1-character last line.
    A line made of a single non-ASCII character gets a trailing space (pdfium drops lone CID glyph runs)."""
    lines, cur, w = [], "", 0.0
    for ch in text:
        cw = 0.55 if ord(ch) < 128 else 1.0
        if cur and w + cw > n:
            lines.append(cur)
            cur, w = "", 0.0
        cur += ch
        w += cw
    if cur:
        lines.append(cur)
    if len(lines) > 1 and len(lines[-1]) == 1:
        last = lines.pop()
        lines[-1] += last
    return [(l + " ") if (len(l) == 1 and ord(l) >= 128) else l for l in lines]


def pdf_table(rows, col_widths, st, repeat=0, fs=8.5):
    """Plain-string cells, wrapped by hand to the column width (deterministic line breaks)."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle
    grid, spans_cmd = c_rows_to_grid(rows)
    span_w = {}
    for _, (c0, r0), (c1, r1) in spans_cmd:
        span_w[(r0, c0)] = sum(col_widths[c0:c1 + 1])
    data, styles = [], []
    for r, grow in enumerate(grid):
        out = []
        for c, cell in enumerate(grow):
            if cell is None:
                out.append("")
                continue
            w = span_w.get((r, c), col_widths[c])
            n = max(1, int((w - 8) / fs))
            lines = []
            for para in cell.paras:
                lines += wrap_cjk(para, n) if para else [""]
            out.append("\n".join(lines))
            if cell.align == "left":
                styles.append(("ALIGN", (c, r), (c, r), "LEFT"))
        data.append(out)
    t = Table(data, colWidths=col_widths, repeatRows=repeat)
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                           ("FONTNAME", (0, 0), (-1, -1), "STSong-Light"),
                           ("FONTSIZE", (0, 0), (-1, -1), fs), ("LEADING", (0, 0), (-1, -1), fs + 2.5),
                           ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                           ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                           ("VALIGN", (0, 0), (-1, -1), "MIDDLE")] + styles + spans_cmd))
    return t


def pdf_story(title, ps, tables, st):
    from reportlab.platypus import Paragraph, Spacer
    story = [Paragraph(html.escape(title), st["title"])]
    for p in ps:
        if isinstance(p, tuple) and p[0] == "TABLE":
            story.append(Spacer(1, 4))
            story.append(tables[p[1]])
            story.append(Spacer(1, 6))
        elif isinstance(p, tuple):
            story.append(Paragraph(html.escape(p[1]), st["h"]))
        else:
            story.append(Paragraph(html.escape(p), st["p"]))
    return story


def make_a08():
    from reportlab.lib.units import mm
    v = [1387, 9, 9, 2214, 6, 1290, "", 918, "",
         7, 31, 4, 1, 2, 2, 15, 10, "",
         44, 8, "", 30, 6, "", 44, 44, "", 44, 7, 21, 3, 2, "", "", 2, "", "", "", 6, 4, 1, "",
         1, 1, "", "", 0, "", "", "", 0, "", "", "", 24, 24, "",
         1, 1, 38, 4, 1, 3, 2,
         3, 2, 85]
    trows = national(v)
    agency = "泉州市人力资源和社会保障局"
    title = agency + "2018年政府信息公开工作年度报告"
    st = pdf_styles()
    rows = legacy_html_rows([[C("统计指标", bold=True), C("单位", bold=True), C("统计数", bold=True)]], trows, 3,
                            indent=False)
    tbl = pdf_table(rows, [120 * mm, 22 * mm, 28 * mm], st, repeat=1)
    story = pdf_story(title, prose(agency, 2018, "legacy"), {"legacy": tbl}, st)
    name = "a08_legacy_national_2018_quanzhou_rsj.pdf"
    emit(name, pdf_build(name, title, story), {
        "url": "http://rsj.quanzhou.gov.cn/zwgk/xxgknb/201901/P020190125512345678901.pdf", "format": "pdf",
        "encoding": "utf-8", "title": title, "agency": agency, "year": 2018, "template": "legacy",
        "cells": legacy_cells(trows, ["value"]),
        "notes": "PDF (reportlab, CID font STSong-Light, text extractable) of the national 统计表 running from page 1 to page 3 "
                 "with the header row repeated on each continuation page; empty cells -> null; long labels (（五）政府信息公开专项"
                 "经费（不包括…）) may wrap; duplicate keys first wins (维持具体行政行为数 = 1 from 四(一)). "
                 "encoding given as utf-8 (text is Unicode in the PDF)."})


def make_b04():
    from reportlab.lib.units import mm
    a = active21((0, 0, 0), (4, 2, 31), 9652, 1843, 76, 0)
    r = build_requests("2021", {
        NP: dict(granted=42, partial=6, denied_third_party=2, denied_process=1, unavailable_not_held=18,
                 unavailable_unclear=2, rejected_repeat=3, other_no_correction=2, other_unpaid_fee=1, other_misc=1),
        BU: dict(granted=5, unavailable_not_held=2),
        LS: dict(granted=3, partial=1),
        OO: dict(granted=1)}, carried_in=[2, 0, 0, 0, 0, 0], forward=[3, 0, 0, 0, 1, 0])
    ap = build_appeals([[2, 0, 1, 0], [1, 0, 0, 1], [0, 0, 0, 0]])
    agency = "宜昌市夷陵区人民政府"
    title = agency + "2022年政府信息公开工作年度报告"
    st = pdf_styles()
    W = 174 * mm
    tables = {
        "active": pdf_table(active_rows_2021(a), [W * 0.34, W * 0.22, W * 0.22, W * 0.22], st),
        "requests": pdf_table(requests_rows("2021", r), [14 * mm, 16 * mm, 39 * mm] + [15 * mm] * 7, st),
        "appeals": pdf_table(appeals_rows(ap), [W / 15] * 15, st),
    }
    story = pdf_story(title, prose(agency, 2022, "2021", variant=1), tables, st)
    name = "b04_2022_yiling_2021tpl.pdf"
    emit(name, pdf_build(name, title, story), {
        "url": "http://www.yiling.gov.cn/xxgk/zc/gfxwj/xxgknb/202301/P020230130384562198127.pdf", "format": "pdf",
        "encoding": "utf-8", "title": title, "agency": agency, "year": 2022, "template": "2021",
        "cells": expected_template_cells("2021", a, r, ap, money_unit="万元"),
        "notes": "2021-template PDF; the label column of （六） is 39 mm wide so '2.申请人逾期未按收费通知要求缴纳费用、"
                 "行政机关不再处理其政府信息公开申请' (and （六）1.) wrap over several lines; other_unpaid_fee natural_person = 1; "
                 "table-4 header cells ~11.6 mm wide so labels wrap two characters per line, and the table breaks across the page: its header ends page 2 and its row of 15 numbers opens page 3; fee amount 0 (万元). Line breaks are explicit (hand-wrapped plain strings)."})


def docx_table_from_rows(d, rows, size=9):
    grid, spans_cmd = c_rows_to_grid(rows)
    t = d.add_table(rows=len(grid), cols=len(grid[0]))
    t.style = "Table Grid"
    for _, (c0, r0), (c1, r1) in spans_cmd:
        t.cell(r0, c0).merge(t.cell(r1, c1))
    for r, grow in enumerate(grid):
        for c, cell in enumerate(grow):
            if cell is not None:
                docx_set_cell(t.cell(r, c), cell.paras, bold=cell.bold, size=size, align=cell.align)
    return t


def make_b05():
    a = active21((0, 0, 0), (3, 1, 27), 1164, 12, 0, 0)
    r = build_requests("2021", {
        NP: dict(granted=37, partial=5, denied_third_party=1, denied_internal=2, denied_process=3,
                 denied_enforcement=1, unavailable_not_held=21, unavailable_needs_creation=2, unavailable_unclear=3,
                 rejected_complaint=4, rejected_repeat=2, other_no_correction=3, other_misc=2),
        BU: dict(granted=14, partial=2, denied_third_party=2, unavailable_not_held=6),
        RE: dict(granted=1),
        SO: dict(granted=6, partial=2, unavailable_not_held=1),
        LS: dict(granted=8, unavailable_not_held=2, rejected_repeat=1)},
        carried_in=[3, 0, 0, 0, 0, 0], forward=[2, 1, 0, 0, 0, 0])
    ap = build_appeals([[3, 1, 0, 1], [1, 0, 1, 1], [0, 0, 0, 0]])
    agency = "江西省生态环境厅"
    title = agency + "2023年政府信息公开工作年度报告"
    d = new_docx(title)
    ps = prose(agency, 2023, "2021", variant=2)
    for marker in docx_prose(d, ps):
        if marker == "active":
            docx_table_from_rows(d, active_rows_2021(a))
        elif marker == "requests":
            docx_table_from_rows(d, requests_rows("2021", r), size=8)
        else:
            docx_table_from_rows(d, appeals_rows(ap, char_per_line="p"), size=8)
    name = "b05_2023_jxsthjt_2021tpl.docx"
    emit(name, save_docx(d, name), {
        "url": "http://sthjt.jiangxi.gov.cn/module/download/downfile.jsp?classid=0&filename=2401261530123456.docx",
        "format": "docx", "encoding": "utf-8", "title": title, "agency": agency, "year": 2023, "template": "2021",
        "cells": expected_template_cells("2021", a, r, ap, money_unit="万元"),
        "notes": "2021-template DOCX attachment of a provincial department; Word merged cells reproduce the official "
                 "rowspans/colspans (python-docx merge, so merged cells repeat in naive cell iteration); table-4 header "
                 "one character per paragraph; 社会公益组织 column non-zero; regulations all 0."})


def make_b08():
    import datetime

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    a = active21((0, 0, 0), (5, 2, 23), 312, 4, 0, "0.35")
    r = build_requests("2021", {
        NP: dict(granted=58, partial=4, denied_third_party=3, denied_internal=1, denied_process=2,
                 unavailable_not_held=26, unavailable_unclear=2, rejected_complaint=3, rejected_repeat=4,
                 rejected_confirmation=1, other_no_correction=2, other_misc=1),
        BU: dict(granted=3, unavailable_not_held=1),
        SO: dict(granted=1),
        LS: dict(granted=2, unavailable_not_held=1)}, carried_in=[4, 0, 0, 0, 0, 0], forward=[5, 0, 0, 0, 0, 0])
    ap = build_appeals([[1, 0, 1, 0], [0, 0, 0, 1], [0, 0, 0, 0]])
    agency = "佛山市南海区教育局"
    title = agency + "2023年政府信息公开工作年度报告"
    wb = Workbook()
    wb.properties.created = datetime.datetime(2020, 1, 1)
    wb.properties.modified = datetime.datetime(2020, 1, 1)
    wb.properties.creator = "Administrator"
    thin = Side(style="thin")
    sheets = [("二、主动公开", "二、主动公开政府信息情况", active_rows_2021(a)),
              ("三、依申请公开", "三、收到和处理政府信息公开申请情况", requests_rows("2021", r)),
              ("四、复议诉讼", "四、政府信息公开行政复议、行政诉讼情况", appeals_rows(ap))]
    text_cells = {("三、依申请公开", "（五）不予处理", "3.要求提供公开出版物")}
    for i, (sname, heading, rows) in enumerate(sheets):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = sname
        ws["A1"] = title
        ws["A1"].font = Font(bold=True, size=14)
        ws["A2"] = heading
        grid, spans_cmd = c_rows_to_grid(rows)
        off = 3
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(grid[0]))
        for _, (c0, r0), (c1, r1) in spans_cmd:
            ws.merge_cells(start_row=r0 + off, start_column=c0 + 1, end_row=r1 + off, end_column=c1 + 1)
        for rr, grow in enumerate(grid):
            for cc, cell in enumerate(grow):
                xc = ws.cell(row=rr + off, column=cc + 1)
                xc.border = Border(left=thin, right=thin, top=thin, bottom=thin)
                if cell is None:
                    continue
                txt = "\n".join(cell.paras)
                try:
                    val = float(txt) if "." in txt else int(txt)
                except ValueError:
                    val = txt
                # one row's numbers stored as text, as hand-typed sheets often have
                if isinstance(val, int) and rr > 0 and grow[0] is None and i == 1 and \
                        any(g is not None and g.paras == ["3.要求提供公开出版物"] for g in grow):
                    val = str(val)
                xc.value = val
                xc.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        ws.column_dimensions["A"].width = 16
    path = os.path.join(OUT, "b08_2023_nanhai_jyj_tables.xlsx")
    wb.save(path)
    fix_zip(path)
    with open(path, "rb") as f:
        data = f.read()
    emit("b08_2023_nanhai_jyj_tables.xlsx", data, {
        "url": "http://www.nanhai.gov.cn/attachment/0/512/512345/5789012.xlsx", "format": "xlsx", "encoding": "utf-8",
        "title": title, "agency": agency, "year": 2023, "template": "2021",
        "cells": expected_template_cells("2021", a, r, ap, money_unit="万元"),
        "notes": "XLSX attachment holding only the three tables, one sheet each (sheet names 二、主动公开 / 三、依申请公开 / "
                 "四、复议诉讼), title in merged A1 on every sheet; merged cells as in the official form; numbers stored "
                 "as numeric cells except the row 3.要求提供公开出版物, stored as text '0'; fee amount 0.35 (float) under "
                 "the 万元 header. No prose."})


# ================================================================ main

def write_readme():
    txt = """# Blind test reports

Test documents for the OGI annual-report parser, written **without reading the
parser** (or any project code): only `report-fields.md`, `portals.md` and the
three seed texts were used. Each document `X` has `X.expected.json` with the
hand-checked answer (url, format, encoding, title, agency, year, template and
every statistics cell, nulls included); `manifest.json` lists them all.

All files are generated by `make_files.py` (deterministic: no network, no clock;
docx/xlsx zips rewritten with fixed timestamps, reportlab in invariant mode):

    /work/main/.venv/bin/python tests/files/blind-reports/make_files.py

Pages imitate real portals: Word-pasted HTML (`MsoNormal`, `MsoNormalTable`,
rowspan/colspan, labels split over spans and `<p>`s), TRS / Hanweb / gkmlpt /
plain chrome, GBK pages, metadata blocks or none. Numbers are invented but
plausible and satisfy the 勾稽 rules unless a file's `notes` say otherwise.
The expected values follow the contract in the brief: legacy row keys are the
row label without ordinal prefixes/whitespace, full-width brackets folded,
first key wins on duplicates; null-like cells are null; money units per
report-fields.md. For docx/pdf/xlsx `encoding` is given as `utf-8`.

Decisions where the spec left room (details in each file's `notes`):
- a null money cell (e.g. fee amount printed "—") has unit null, even under a 万元 header;
- legacy section rows without numbers always span the whole row here (no cells);
  rows with a unit or a number are data rows, even with an 一、 prefix
  (e.g. 四、行政复议数量 -> `行政复议数量`); an empty unit cell gives unit null;
- "（1）" and "①" count as ordinal prefixes; parentheses inside a label stay
  (folded to half-width); the breakdown header is written `乡镇(街道)` in the source;
- split digits "1 1" (as in the Jurong seed) read as 11;
- titles naming only a place ("深圳市龙岗区2020年…") give agency `<place>人民政府`;
  otherwise the agency is the title's organisation, not 发布机构/SiteName/footer.

| file | format | template | year | agency |
| --- | --- | --- | --- | --- |
""" + "".join("| %s | %s | %s | %s | %s |\n" % (m["file"], m["format"], m["template"], m["year"], m["agency"])
              for m in MANIFEST)
    with open(os.path.join(OUT, "README.md"), "w", encoding="utf-8") as f:
        f.write(txt)


def main():
    for fn in (make_a01, make_a02, make_a03, make_a04, make_a05, make_a06a, make_a06b, make_a06c, make_a07,
               make_a08, make_b01, make_b02, make_b03, make_b04, make_b05, make_b06, make_b07, make_b08,
               make_b09, make_b10, make_b11, make_b12, make_c01, make_c02, make_c04):
        fn()
    with open(os.path.join(OUT, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump({"generator": "make_files.py", "documents": MANIFEST}, f, ensure_ascii=False, indent=1)
        f.write("\n")
    write_readme()


if __name__ == "__main__":
    main()
