#!/usr/bin/env python3
"""Regenerate the blind listing fixtures in this folder.

Written only from /work/shared/spec/portals.md and the task brief, without
reading the crawler.  Deterministic: run `python3 _generate.py` and every site
folder is rewritten byte for byte the same.
"""
import json
import os
import random
from datetime import date, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))

HTML_UTF8 = "text/html; charset=utf-8"
XML_UTF8 = "text/xml;charset=UTF-8"
JSON_UTF8 = "application/json;charset=UTF-8"


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------
def write(site, name, text, encoding="utf-8"):
    d = os.path.join(HERE, site)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(text.encode(encoding))


def write_json(site, name, obj):
    write(site, name, json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


def route(method, path, file, content_type, query=None, form=None):
    return {"method": method, "path": path, "query": query or {},
            "form": form or {}, "file": file, "content_type": content_type}


def cut(title, n, ell="…"):
    return title if len(title) <= n else title[:n] + ell


def pub_date(rng, report_year, kind):
    """Departments publish by 31 Jan, governments by 31 Mar (portals.md)."""
    y = report_year + 1
    if kind == "dept":
        d = date(y, 1, 8) + timedelta(days=rng.randint(0, 23))
    else:
        d = date(y, 2, 20) + timedelta(days=rng.randint(0, 39))
    return d


def hanweb_art(colid, d, artid):
    return "/art/%d/%d/%d/art_%s_%d.html" % (d.year, d.month, d.day, colid, artid)


def chrome_head(title, site_name, domain, idcode, column, extra_meta=""):
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="SiteName" content="{site_name}">
<meta name="SiteDomain" content="{domain}">
<meta name="SiteIDCode" content="{idcode}">
<meta name="ColumnName" content="{column}">
<meta name="ColumnType" content="政府信息公开年报">
{extra_meta}<title>{title}</title>
<link rel="stylesheet" type="text/css" href="/images/css/common.css">
<link rel="stylesheet" type="text/css" href="/images/css/list.css">
<script type="text/javascript" src="/module/jslib/jquery/jquery.js"></script>
</head>
"""


def top_bar(site_name):
    return f"""<div class="top-bar">
  <div class="w1200">
    <span class="fl">欢迎访问{site_name}！今天是<script>document.write(new Date().toLocaleDateString());</script></span>
    <span class="fr"><a href="javascript:void(0)" id="zhuanti">长者模式</a> | <a href="javascript:void(0)" id="wza">无障碍浏览</a> | <a href="javascript:void(0)">繁體版</a> | <a href="/login.html">登录</a> <a href="/reg.html">注册</a> | <a href="https://www.gov.cn/" target="_blank">中国政府网</a></span>
  </div>
</div>
"""


def nav(items):
    lis = "\n".join(f'      <li><a href="{h}">{t}</a></li>' for t, h in items)
    return f"""<div class="nav">
  <ul class="w1200">
{lis}
  </ul>
</div>
"""


def breadcrumb(parts):
    segs = []
    for t, h in parts:
        segs.append(f'<a href="{h}">{t}</a>' if h else f"<span>{t}</span>")
    return ('<div class="position w1200">当前位置：' + " &gt; ".join(segs) +
            "</div>\n")


def sidebar(title, items, current=None):
    lis = []
    for t, h in items:
        cls = ' class="on"' if t == current else ""
        lis.append(f'      <li{cls}><a href="{h}" title="{t}">{t}</a></li>')
    return f"""  <div class="left-side">
    <div class="side-tit">{title}</div>
    <ul class="side-menu">
{chr(10).join(lis)}
    </ul>
    <div class="side-box">
      <div class="side-tit2">相关链接</div>
      <a href="http://www.gov.cn/zhengce/xxgk/index.htm" target="_blank">中国政府网政府信息公开专栏</a>
      <a href="/zwgk/zfxxgkzn/index.html">政府信息公开指南</a>
      <a href="/hdjl/ysqgk/index.html">依申请公开</a>
    </div>
  </div>
"""


def footer(host_org, idcode, icp, gaba, tech="南京大汉网络有限公司"):
    return f"""<div class="footer">
  <div class="w1200">
    <div class="foot-links"><a href="/col/wzdt/index.html">网站地图</a> | <a href="/lxwm.html">联系我们</a> | <a href="/wzsm.html">网站声明</a> | <a href="javascript:void(0)">政府网站找错</a></div>
    <p>主办单位：{host_org}　　承办单位：{host_org}办公室　　技术支持：{tech}</p>
    <p>网站标识码：{idcode}　　<a href="https://beian.miit.gov.cn/" target="_blank">{icp}</a>　　<a href="http://www.beian.gov.cn/" target="_blank">{gaba}</a></p>
    <p>版权所有：{host_org}　　网站支持IPV6　　建议使用大于1366*768分辨率的浏览器浏览本站</p>
    <div class="dzjg"><a href="http://bszs.conac.cn/sitename?method=show&id=0A1B2C3D" target="_blank"><img src="/images/red.png" alt="党政机关"></a></div>
  </div>
</div>
"""


def expected(site, start_url, family, claimed, reports, outcome, notes):
    write_json(site, "expected.json", {
        "start_url": start_url,
        "family": family,
        "claimed_total": claimed,
        "report_urls": reports,
        "outcome": outcome,
        "notes": notes,
    })


# --------------------------------------------------------------------------
# Hanweb common pieces
# --------------------------------------------------------------------------
def hanweb_datastore(records, totalrecord=None, totalpage=None, nextgroup=None,
                     xml_decl=False):
    out = []
    if xml_decl:
        out.append('<?xml version="1.0" encoding="UTF-8"?>')
    out.append("<datastore>")
    if totalrecord is not None:
        out.append(f"<totalrecord>{totalrecord}</totalrecord>")
    if totalpage is not None:
        out.append(f"<totalpage>{totalpage}</totalpage>")
    if nextgroup is not None:
        out.append(f'<nextgroup><![CDATA[<a href="{nextgroup}"></a>]]></nextgroup>')
    out.append("<recordset>")
    for r in records:
        out.append(f"<record><![CDATA[\n{r}\n]]></record>")
    out.append("</recordset>")
    out.append("</datastore>")
    return "\n".join(out) + "\n"


def proxy_routes(prefix, slices, form_req, empty_starts):
    """slices: list of (startrecord, filename).  Answers are fixed slices."""
    rs = []
    for start, fn in slices:
        rs.append(route("POST", "/module/web/jpage/dataproxy.jsp", fn, XML_UTF8,
                        query={"startrecord": str(start)}, form=form_req))
    for start in empty_starts:
        rs.append(route("POST", "/module/web/jpage/dataproxy.jsp",
                        "dataproxy_empty.xml", XML_UTF8,
                        query={"startrecord": str(start)}, form=form_req))
    return rs


# --------------------------------------------------------------------------
# 1. hanweb-a : datastore XML with totalrecord/totalpage, 63 records,
#    first group of 20 in the page, 3 POST answers for the rest.
# --------------------------------------------------------------------------
def site_hanweb_a():
    site = "hanweb-a"
    rng = random.Random(101)
    colid, webid, unitid = "1229211624", "3095", "6101313"
    units = [("安吉县人民政府", "gov"), ("安吉县人民政府办公室", "dept"),
             ("安吉县发展和改革局", "dept"), ("安吉县教育局", "dept"),
             ("安吉县公安局", "dept"), ("安吉县民政局", "dept"),
             ("安吉县财政局", "dept"), ("安吉县人力资源和社会保障局", "dept"),
             ("湖州市生态环境局安吉分局", "dept"), ("安吉县住房和城乡建设局", "dept"),
             ("安吉县交通运输局", "dept"), ("安吉县农业农村局", "dept"),
             ("安吉县卫生健康局", "dept"), ("安吉县市场监督管理局", "dept"),
             ("递铺街道办事处", "gov"), ("孝丰镇人民政府", "gov")]
    items = []
    for y in (2019, 2020, 2021, 2022):
        for u, kind in units:
            if y == 2019 and u == "湖州市生态环境局安吉分局":
                continue  # the bureau was renamed later: 63 reports in all
            d = pub_date(rng, y, kind)
            suffix = "年度" if rng.random() < 0.3 else "年"
            t = f"{u}{y}{suffix}政府信息公开工作年度报告"
            items.append([t, d])
    items.sort(key=lambda x: (x[1], x[0]), reverse=True)
    artid = 58800000
    recs = []
    reports = []
    for t, d in sorted(items, key=lambda x: (x[1], x[0])):
        artid += rng.randint(40, 900)
        url = hanweb_art(colid, d, artid)
        recs.append((t, d, url))
    recs.sort(key=lambda x: (x[1], x[2]), reverse=True)
    assert len(recs) == 63
    lis = []
    for t, d, url in recs:
        reports.append(url)
        lis.append(f'<li><a href="{url}" title="{t}" target="_blank">{cut(t, 24)}</a>'
                   f'<span class="bt-data-time">{d.isoformat()}</span></li>')
    nextgroup = (f"/module/web/jpage/dataproxy.jsp?page=1&webid={webid}&path=/"
                 f"&columnid={colid}&unitid={unitid}&webname=%E5%AE%89%E5%90%89%E5%8E%BF%E4%BA%BA%E6%B0%91%E6%94%BF%E5%BA%9C&permissiontype=0")
    ds_page = hanweb_datastore(lis[:20], 63, 4, nextgroup)
    html = chrome_head("政府信息公开年报 安吉县人民政府", "安吉县人民政府", "www.anji.gov.cn",
                       "3305230001", "政府信息公开年报",
                       '<meta name="keywords" content="安吉县人民政府,政府信息公开年报">\n')
    html += "<body>\n" + top_bar("安吉县人民政府门户网站")
    html += """<div class="header"><div class="w1200"><a href="/" class="logo"><img src="/images/logo.png" alt="安吉县人民政府"></a>
  <form class="search" action="/jrobot/search.do" method="get" target="_blank"><input type="hidden" name="webid" value="3095"><input type="text" name="q" placeholder="请输入关键字"><button type="submit">搜索</button></form>
</div></div>
"""
    html += nav([("首页", "/"), ("政务公开", "/col/col1229211603/index.html"),
                 ("政务服务", "https://www.zjzwfw.gov.cn/"), ("互动交流", "/col/col1229211680/index.html"),
                 ("走进安吉", "/col/col1229211700/index.html"), ("专题专栏", "/col/col1229211720/index.html")])
    html += breadcrumb([("首页", "/"), ("政务公开", "/col/col1229211603/index.html"),
                        ("政府信息公开", "/col/col1229211610/index.html"), ("政府信息公开年报", None)])
    html += '<div class="main w1200 clearfix">\n'
    html += sidebar("政府信息公开", [
        ("政府信息公开指南", "/col/col1229211611/index.html"),
        ("政府信息公开制度", "/col/col1229211612/index.html"),
        ("法定主动公开内容", "/col/col1229211613/index.html"),
        ("政府信息公开年报", f"/col/col{colid}/index.html"),
        ("政策文件", "/col/col1229211630/index.html"),
        ("政策解读", "http://www.anji.gov.cn/col/col1229211631/index.html"),
    ], current="政府信息公开年报")
    html += f"""  <div class="right-con">
    <div class="con-tit"><span>政府信息公开年报</span></div>
    <div class="bt-list">
<div id="{unitid}"><script type="text/xml">
{ds_page}</script><script language="javascript" src="/module/web/jpage/jpage.js"></script></div>
    </div>
  </div>
</div>
"""
    html += footer("安吉县人民政府办公室", "3305230001", "浙ICP备05013568号-1", "浙公网安备 33052302000123号")
    html += '<script type="text/javascript" src="/script/0/1910221558117567.js"></script>\n</body>\n</html>\n'
    write(site, "index.html", html)

    # dataproxy answers: fixed slices of 20, whatever endrecord says
    files = []
    for i, start in enumerate((1, 21, 41, 61)):
        fn = f"dataproxy_{start}.xml"
        write(site, fn, hanweb_datastore(lis[start - 1:start + 19], 63, 4, nextgroup, xml_decl=True))
        files.append((start, fn))
    write(site, "dataproxy_empty.xml", hanweb_datastore([], 63, 4, nextgroup, xml_decl=True))
    form_req = {"columnid": colid, "unitid": unitid}
    routes = [route("GET", f"/col/col{colid}/index.html", "index.html", HTML_UTF8),
              route("GET", f"/col/col{colid}/", "index.html", HTML_UTF8)]
    routes += proxy_routes(site, files, form_req, [81, 64])
    write_json(site, "routes.json", routes)
    expected(site, f"/col/col{colid}/index.html", "hanweb", 63, reports, "ok",
             "Hanweb JCMS column. The page embeds the first group (records 1-20) as "
             "<datastore> XML with totalrecord 63 / totalpage 4 and a <nextgroup> "
             "dataproxy link; no perPage is declared anywhere (infer 20 from the "
             "embedded group and totalpage). Records 21-63 only come from POST "
             "/module/web/jpage/dataproxy.jsp?startrecord=21|41|61&endrecord=..&perpage=20 "
             "with form col=1&appid=1&webid=3095&path=/&columnid=1229211624&unitid=6101313&permissiontype=0 "
             "(routes require columnid+unitid and query startrecord; each answer is a fixed slice "
             "of 20 records whatever endrecord says; startrecord=1 re-serves 1-20; "
             "startrecord=64 or 81 returns an empty recordset). Titles longer than 24 chars "
             "are cut with … in the link text; full title in title=.")


# --------------------------------------------------------------------------
# 2. hanweb-b : 2 embedded records, no totalrecord, totals in a separate
#    script, third report only through dataproxy.
# --------------------------------------------------------------------------
def site_hanweb_b():
    site = "hanweb-b"
    colid, webid, unitid = "1229779588", "3871", "7658843"
    recs = [("枫林镇人民政府2023年政府信息公开工作年度报告", date(2024, 1, 16), 86711),
            ("枫林镇人民政府2022年政府信息公开工作年度报告", date(2023, 1, 19), 84127),
            ("枫林镇人民政府2021年度政府信息公开工作年度报告", date(2022, 1, 25), 80034)]
    rows = []
    reports = []
    for t, d, a in recs:
        url = hanweb_art(colid, d, a)
        reports.append(url)
        rows.append(f'<table width="100%" border="0" cellspacing="0" cellpadding="0"><tr>'
                    f'<td align="left" class="bt_link"><a href="{url}" title="{t}" target="_blank">{cut(t, 18)}</a></td>'
                    f'<td width="90" class="bt_time" align="right">[{d.isoformat()}]</td></tr></table>')
    nextgroup = (f"/module/web/jpage/dataproxy.jsp?page=1&webid={webid}&path=/"
                 f"&columnid={colid}&unitid={unitid}&webname=%E6%B0%B8%E5%98%89%E5%8E%BF%E4%BA%BA%E6%B0%91%E6%94%BF%E5%BA%9C&permissiontype=0")
    ds = hanweb_datastore(rows[:2], None, None, nextgroup)
    html = chrome_head("枫林镇 政府信息公开年报", "永嘉县人民政府", "www.yj.gov.cn", "3303240003", "政府信息公开年报")
    html += "<body>\n" + top_bar("永嘉县人民政府")
    html += '<div class="header"><div class="w1200"><img src="/images/yj_logo.png" alt="永嘉县人民政府"><h1 style="display:none">永嘉县人民政府</h1></div></div>\n'
    html += nav([("首页", "/"), ("政务公开", "/col/col1229207451/index.html"),
                 ("乡镇（街道）信息公开", "/col/col1229779000/index.html"),
                 ("政务服务", "https://www.zjzwfw.gov.cn/"), ("政民互动", "/col/col1229207470/index.html")])
    html += breadcrumb([("首页", "/"), ("政务公开", "/col/col1229207451/index.html"),
                        ("乡镇（街道）信息公开", "/col/col1229779000/index.html"),
                        ("枫林镇", "/col/col1229779570/index.html"), ("政府信息公开年报", None)])
    html += '<div class="main w1200 clearfix">\n'
    html += sidebar("枫林镇", [
        ("机构概况", "/col/col1229779571/index.html"),
        ("政策文件", "/col/col1229779575/index.html"),
        ("财政预决算", "/col/col1229779580/index.html"),
        ("政府信息公开指南", "/col/col1229779585/index.html"),
        ("政府信息公开年报", f"/col/col{colid}/index.html"),
        ("其他乡镇", "/col/col1229779000/index.html"),
    ], current="政府信息公开年报")
    html += f"""  <div class="right-con">
    <div class="con-tit"><span>政府信息公开年报</span></div>
    <div class="default_pgContainer" id="{unitid}">
<script type="text/xml">
{ds}</script>
    </div>
    <div id="page_{unitid}" class="default_pgBar"></div>
  </div>
</div>
"""
    html += footer("永嘉县人民政府办公室", "3303240003", "浙ICP备05076547号", "浙公网安备 33032402000165号")
    html += f"""<script language="javascript" src="/module/jslib/jquery/jpage/jquery.jpage.js"></script>
<script type="text/javascript">
  var unitid = '{unitid}';
  var totalRecord = 3; var perPage = 2;
  var totalPage = Math.ceil(totalRecord / perPage);
  $(function () {{
    createJpage(unitid, totalRecord, perPage, '{webid}', '{colid}');
  }});
</script>
</body>
</html>
"""
    write(site, "index.html", html)
    write(site, "dataproxy_1.xml", hanweb_datastore(rows[0:2], None, None, nextgroup, xml_decl=True))
    write(site, "dataproxy_3.xml", hanweb_datastore(rows[2:3], None, None, nextgroup, xml_decl=True))
    write(site, "dataproxy_empty.xml", hanweb_datastore([], None, None, nextgroup, xml_decl=True))
    form_req = {"columnid": colid, "unitid": unitid}
    routes = [route("GET", f"/col/col{colid}/index.html", "index.html", HTML_UTF8),
              route("GET", f"/col/col{colid}/", "index.html", HTML_UTF8)]
    routes += proxy_routes(site, [(1, "dataproxy_1.xml"), (3, "dataproxy_3.xml")], form_req, [4, 5])
    write_json(site, "routes.json", routes)
    expected(site, f"/col/col{colid}/index.html", "hanweb", 3, reports, "ok",
             "Township column on a county Hanweb portal. The embedded <datastore> has no "
             "<totalrecord>/<totalpage>, only <nextgroup> and 2 records (table-row markup, "
             "dates in [brackets]). The totals are in a separate script at the bottom: "
             "'var totalRecord = 3; var perPage = 2;'. The 2021 report is only in the "
             "POST dataproxy answer for startrecord=3 (form columnid+unitid required). "
             "The proxy answers carry no totalrecord either; startrecord=4/5 answer an empty recordset.")


# --------------------------------------------------------------------------
# 3. hanweb-c : jpage({...}) call with a JS array dataStore, 40 records.
# --------------------------------------------------------------------------
def site_hanweb_c():
    site = "hanweb-c"
    rng = random.Random(303)
    colid, webid, unitid = "80235", "68", "3718562"
    units = [("连云港市人民政府", "gov"), ("连云港市人民政府办公室", "dept"),
             ("连云港市发展和改革委员会", "dept"), ("连云港市教育局", "dept"),
             ("连云港市工业和信息化局", "dept"), ("连云港市自然资源和规划局", "dept"),
             ("连云港市退役军人事务局", "dept"), ("海州区人民政府", "gov"),
             ("连云区人民政府", "gov"), ("赣榆区人民政府", "gov")]
    items = []
    for y in (2019, 2020, 2021, 2022):
        for u, kind in units:
            items.append((f"{u}{y}年政府信息公开工作年度报告", pub_date(rng, y, kind)))
    items.sort(key=lambda x: (x[1], x[0]))
    artid = 10640000
    recs = []
    for t, d in items:
        artid += rng.randint(100, 3000)
        recs.append((t, d, hanweb_art(colid, d, artid)))
    recs.sort(key=lambda x: (x[1], x[2]), reverse=True)
    assert len(recs) == 40
    lis = [f"<li><a href='{u}' title='{t}' target='_blank'>{cut(t, 22)}</a><i>{d.isoformat()}</i></li>"
           for t, d, u in recs]
    reports = [u for _, _, u in recs]
    js_array = "var dataStore = [\n" + ",\n".join('"' + x + '"' for x in lis[:15]) + "\n];\n"
    html = chrome_head("政府信息公开年报_连云港市人民政府", "连云港市人民政府", "www.lyg.gov.cn",
                       "3207000009", "政府信息公开年报")
    html += "<body>\n" + top_bar("中国·连云港")
    html += '<div class="header"><div class="w1200"><a href="/"><img src="/images/lyg/logo.png" alt="中国·连云港"></a></div></div>\n'
    html += nav([("首页", "/"), ("要闻动态", "/col/col80001/index.html"),
                 ("政务公开", "/col/col80200/index.html"), ("政务服务", "http://lyg.jszwfw.gov.cn/"),
                 ("政民互动", "/col/col80300/index.html"), ("走进港城", "/col/col80400/index.html")])
    html += breadcrumb([("首页", "/"), ("政务公开", "/col/col80200/index.html"),
                        ("政府信息公开年报", None)])
    html += '<div class="main w1200 clearfix">\n'
    html += sidebar("政府信息公开", [
        ("政府信息公开指南", "/col/col80231/index.html"),
        ("政府信息公开制度", "/col/col80232/index.html"),
        ("法定主动公开内容", "/col/col80233/index.html"),
        ("政府信息公开年报", f"/col/col{colid}/index.html"),
        ("政府信息公开目录", "/zglygzfxxgk/index.jhtml"),
    ], current="政府信息公开年报")
    html += f"""  <div class="right-con">
    <div class="con-tit"><span>政府信息公开年报</span><em>共 40 条</em></div>
    <div id="div{unitid}"></div>
  </div>
</div>
"""
    html += footer("连云港市人民政府办公室", "3207000009", "苏ICP备05003672号", "苏公网安备 32070302010237号")
    html += f"""<script type="text/javascript" src="/module/jslib/jquery/jpage/jquery.jpage.js"></script>
<script type="text/javascript">
{js_array}$(document).ready(function () {{
  $('#div{unitid}').jpage({{
    dataStore: dataStore,
    containerTag: '<ul class="list-ul">',
    proxyUrl: '/module/web/jpage/dataproxy.jsp',
    perPage: 15,
    totalRecord: 40,
    groupSize: 1,
    barPosition: 'bottom',
    showMode: 'full',
    col: 1,
    appid: 1,
    webid: '{webid}',
    path: '/',
    columnid: '{colid}',
    sourceContentType: '1',
    unitid: '{unitid}',
    webname: '连云港市人民政府',
    permissiontype: 0
  }});
}});
</script>
</body>
</html>
"""
    write(site, "index.html", html)
    nextgroup = (f"/module/web/jpage/dataproxy.jsp?page=1&webid={webid}&path=/&columnid={colid}"
                 f"&unitid={unitid}&webname=%E8%BF%9E%E4%BA%91%E6%B8%AF%E5%B8%82%E4%BA%BA%E6%B0%91%E6%94%BF%E5%BA%9C&permissiontype=0")
    lis_xml = [x.replace("'", '"') for x in lis]
    files = []
    for start in (1, 16, 31):
        fn = f"dataproxy_{start}.xml"
        write(site, fn, hanweb_datastore(lis_xml[start - 1:start + 14], 40, 3, nextgroup, xml_decl=True))
        files.append((start, fn))
    write(site, "dataproxy_empty.xml", hanweb_datastore([], 40, 3, nextgroup, xml_decl=True))
    form_req = {"columnid": colid, "unitid": unitid}
    routes = [route("GET", f"/col/col{colid}/index.html", "index.html", HTML_UTF8),
              route("GET", f"/col/col{colid}/", "index.html", HTML_UTF8)]
    routes += proxy_routes(site, files, form_req, [41, 46])
    write_json(site, "routes.json", routes)
    expected(site, f"/col/col{colid}/index.html", "hanweb", 40, reports, "ok",
             "Newer Hanweb markup: no <script type=text/xml>; the first 15 records are a JS "
             "array 'var dataStore = [\"<li>…</li>\", …]' (single-quoted attributes inside) and "
             "the paging parameters sit in a $('#div3718562').jpage({ … proxyUrl, perPage: 15, "
             "totalRecord: 40, webid: '68', columnid: '80235', unitid: '3718562' … }) call at the "
             "bottom. Note the div id carries a 'div' prefix; the unitid is the bare number. Records "
             "16-40 come from POST dataproxy.jsp?startrecord=16 and 31 (fixed slices of 15, datastore "
             "XML with totalrecord 40). The 共 40 条 text in the heading agrees.")


# --------------------------------------------------------------------------
# TRS common
# --------------------------------------------------------------------------
TRS_CREATE_PAGE_JS = r"""<script type="text/javascript">
function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){
  if(_nPageCount == null || _nPageCount<=1){
    return;
  }
  var nCurrIndex = _nCurrIndex || 0;
  if(nCurrIndex == 0)
    document.write("<span>首页</span>&nbsp;<span>上一页</span>&nbsp;");
  else if(nCurrIndex == 1)
    document.write("<a href=\""+_sPageName+"."+_sPageExt+"\">首页</a>&nbsp;<a href=\""+_sPageName+"."+_sPageExt+"\">上一页</a>&nbsp;");
  else
    document.write("<a href=\""+_sPageName+"."+_sPageExt+"\">首页</a>&nbsp;<a href=\""+_sPageName+"_" + (nCurrIndex-1) + "."+_sPageExt+"\">上一页</a>&nbsp;");
  if(nCurrIndex == (_nPageCount-1))
    document.write("<span>下一页</span>&nbsp;<span>尾页</span>");
  else
    document.write("<a href=\""+_sPageName+"_" + (nCurrIndex+1) + "."+_sPageExt+"\">下一页</a>&nbsp;<a href=\""+_sPageName+"_" + (_nPageCount-1) + "."+_sPageExt+"\">尾页</a>");
  document.write("&nbsp;第" + (nCurrIndex+1) + "页/共" + _nPageCount + "页");
}
</script>
"""


def trs_id(rng, d, base):
    return "t%s_%d" % (d.strftime("%Y%m%d"), base)


# --------------------------------------------------------------------------
# 4. trs-api : static newest 10 + JSON search API for all 20.
# --------------------------------------------------------------------------
def site_trs_api():
    site = "trs-api"
    rng = random.Random(404)
    folder = "/zwgk/zfxxgkzl/zfxxgknb/"
    chnlid = "36871"
    units = [("三明市人民政府", "gov"), ("三明市人民政府办公室", "dept"),
             ("永安市人民政府", "gov"), ("三明市三元区人民政府", "gov"),
             ("三明市沙县区人民政府", "gov")]
    items = []
    for y in (2019, 2020, 2021, 2022):
        for u, kind in units:
            items.append((f"{u}{y}年政府信息公开工作年度报告", pub_date(rng, y, kind)))
    items.sort(key=lambda x: (x[1], x[0]))
    docid = 5401200
    recs = []
    for t, d in items:
        docid += rng.randint(300, 9000)
        fname = "%s/t%s_%d.html" % (d.strftime("%Y%m"), d.strftime("%Y%m%d"), docid)
        hh, mm, ss = rng.randint(8, 18), rng.randint(0, 59), rng.randint(0, 59)
        recs.append({"docid": docid, "title": t, "rel": "./" + fname, "path": folder + fname,
                     "date": d, "time": "%s %02d:%02d:%02d" % (d.isoformat(), hh, mm, ss)})
    recs.sort(key=lambda r: (r["time"], r["docid"]), reverse=True)
    assert len(recs) == 20
    reports = [r["path"] for r in recs]
    lis = "\n".join(
        f'        <li><a href="{r["rel"]}" target="_blank" title="{r["title"]}">{cut(r["title"], 20)}</a><span class="date">{r["date"].isoformat()}</span></li>'
        for r in recs[:10])
    html = chrome_head("政府信息公开年报 - 三明市人民政府", "三明市人民政府", "www.sm.gov.cn",
                       "3504000013", "政府信息公开年报",
                       '<meta name="ColumnKeywords" content="年报,政府信息公开">\n<meta name="ColumnDescription" content="政府信息公开工作年度报告">\n')
    html = html.replace('<script type="text/javascript" src="/module/jslib/jquery/jquery.js"></script>',
                        '<script type="text/javascript" src="/images/2021/js/jquery-1.12.4.min.js"></script>\n'
                        '<script type="text/javascript" src="/images/2021/js/laypage.js"></script>')
    html += "<body>\n<!--SiteID:3 ChannelID:36871-->\n" + top_bar("三明市人民政府")
    html += '<div class="header"><div class="w1200"><a href="/"><img src="/images/2021/logo.png" alt="三明市人民政府"></a></div></div>\n'
    html += nav([("首页", "/"), ("要闻动态", "/zw/smyw/"), ("政务公开", "/zwgk/"),
                 ("政府信息公开", "/zwgk/zfxxgkzl/"), ("办事服务", "https://zwfw.fujian.gov.cn/"),
                 ("互动交流", "/hdjl/")])
    html += breadcrumb([("首页", "../../../"), ("政务公开", "../../"),
                        ("政府信息公开", "../"), ("政府信息公开年报", None)])
    html += '<div class="main w1200 clearfix">\n'
    html += sidebar("政府信息公开", [
        ("政府信息公开指南", "../zfxxgkzn/"),
        ("政府信息公开制度", "../zfxxgkzd/"),
        ("法定主动公开内容", "../fdzdgknr/"),
        ("政府信息公开年报", "./"),
        ("依申请公开", "/hdjl/ysqgk/"),
    ], current="政府信息公开年报")
    html += f"""  <div class="right-con">
    <div class="con-tit"><span>政府信息公开年报</span></div>
    <div class="list-box">
      <ul class="list" id="listContent">
{lis}
      </ul>
      <div class="page-info">共 <span id="recordCount">20</span> 条记录</div>
      <div id="pageBar" class="pagebar"></div>
    </div>
  </div>
</div>
"""
    html += footer("三明市人民政府办公室", "3504000013", "闽ICP备05031285号", "闽公网安备 35040202000104号",
                   tech="拓尔思信息技术股份有限公司")
    html += f"""<script type="text/javascript">
var chnlid = '{chnlid}';
var prepage = 10;
var recordCount = '20';
function loadList(page) {{
  $.ajax({{
    url: '/fjdzapp/search',
    type: 'POST',
    dataType: 'json',
    data: {{
      chnlid: chnlid,
      prepage: prepage,
      page: page,
      recordCount: recordCount,
      siteid: '3',
      sortField: '-docreltime',
      keyWords: ''
    }},
    success: function (res) {{
      if (!res || res.code !== 200) return;
      var html = '';
      $.each(res.docs, function (i, d) {{
        html += '<li><a href="' + d.url + '" target="_blank" title="' + d.title + '">' + d.title + '</a><span class="date">' + d.pubDate + '</span></li>';
      }});
      $('#listContent').html(html);
    }}
  }});
}}
laypage({{
  cont: 'pageBar',
  pages: Math.ceil(parseInt(recordCount, 10) / prepage),
  curr: 1,
  skip: true,
  jump: function (obj, first) {{
    if (!first) {{ loadList(obj.curr); }}
  }}
}});
</script>
</body>
</html>
"""
    write(site, "index.html", html)

    def api(page):
        chunk = recs[(page - 1) * 10: page * 10]
        return {
            "code": 200,
            "msg": "操作成功",
            "total": 20,
            "page": page,
            "prepage": 10,
            "pageCount": 2,
            "docs": [{
                "docid": r["docid"],
                "chnlid": int(chnlid),
                "chnlname": "政府信息公开年报",
                "title": r["title"],
                "url": r["path"],
                "docreltime": r["time"],
                "pubDate": r["date"].isoformat(),
                "source": r["title"].split("20")[0],
            } for r in chunk],
        }
    for p in (1, 2, 3):
        write_json(site, f"search_page{p}.json", api(p))
    routes = [route("GET", folder, "index.html", HTML_UTF8),
              route("GET", folder + "index.html", "index.html", HTML_UTF8)]
    for p in (1, 2, 3):
        routes.append(route("POST", "/fjdzapp/search", f"search_page{p}.json", JSON_UTF8,
                            form={"chnlid": chnlid, "page": str(p)}))
        routes.append(route("GET", "/fjdzapp/search", f"search_page{p}.json", JSON_UTF8,
                            query={"chnlid": chnlid, "page": str(p)}))
    write_json(site, "routes.json", routes)
    expected(site, folder, "trs", 20, reports, "ok",
             "TRS-generated static index lists only the newest 10 (./YYYYMM/tYYYYMMDD_id.html, "
             "titles cut to 20 chars + …). No createPageHTML and no index_1.html: the rest is "
             "loaded by $.ajax POST /fjdzapp/search with form chnlid=36871, prepage=10, page=N, "
             "recordCount='20', siteid, sortField, keyWords. Routes require chnlid+page (POST form; "
             "GET query also accepted). JSON: {code:200,total:20,page,prepage,pageCount:2,docs:[{docid,"
             "title,url,docreltime,pubDate,…}]}; url is root-relative. Page 1 = the static 10, "
             "page 2 = the older 10, page 3 = empty docs.")


# --------------------------------------------------------------------------
# 5. trs-pages : index / index_1 / index_2 with createPageHTML, notices mixed in.
# --------------------------------------------------------------------------
def site_trs_pages():
    site = "trs-pages"
    rng = random.Random(505)
    folder = "/zw/zfxxgk/zfgbm/qzfb/zfxxgknb/"
    org = "天津市和平区人民政府办公室"
    entries = []  # (title, date, href, resolved_path, is_report)
    docid = 6300000
    # reports 2008..2023 of the office plus a few district-level ones
    items = []
    for y in range(2008, 2024):
        if y == 2022:
            continue  # that year the office posted only a PDF attachment (below)
        if y < 2014:
            t = f"{org}{y}年政府信息公开工作年度报告"
        else:
            t = f"{org}{y}年度政府信息公开工作年度报告" if y % 3 == 0 else f"{org}{y}年政府信息公开工作年度报告"
        items.append((t, pub_date(rng, y, "dept")))
    for y in range(2016, 2024):
        items.append((f"天津市和平区人民政府{y}年政府信息公开工作年度报告", pub_date(rng, y, "gov")))
    items.append(("天津市和平区人民政府办公室2022年政府信息公开工作年度报告（PDF版）", date(2023, 1, 20)))
    assert len(items) == 24
    notices = [
        ("关于做好2022年政府信息公开工作年度报告编制工作的通知", date(2022, 12, 12), "notice-tzgg"),
        ("国务院办公厅政府信息公开办公室关于印发《中华人民共和国政府信息公开工作年度报告格式》的通知", date(2021, 9, 30), "notice-ext"),
        ("和平区2023年政务公开工作要点", date(2023, 4, 21), "notice-here"),
    ]
    all_items = [(t, d, "report") for t, d in items] + list(notices)
    all_items.sort(key=lambda x: (x[1], x[0]))
    for t, d, kind in all_items:
        docid += rng.randint(500, 20000)
        tname = "t%s_%d" % (d.strftime("%Y%m%d"), docid)
        if kind == "report" and "PDF版" in t:
            pdfname = "P0%s%s.pdf" % (d.strftime("%Y%m%d"), str(rng.randint(10 ** 11, 10 ** 12 - 1)))
            href = "./%s/%s" % (d.strftime("%Y%m"), pdfname)
            path = folder + "%s/%s" % (d.strftime("%Y%m"), pdfname)
        elif kind == "notice-tzgg":
            href = "../../../../zwgk/tzgg/%s/%s.html" % (d.strftime("%Y%m"), tname)
            path = "/zw/zwgk/tzgg/%s/%s.html" % (d.strftime("%Y%m"), tname)
        elif kind == "notice-ext":
            href = "http://www.gov.cn/zhengce/zhengceku/2021-09/30/content_5640401.htm"
            path = None
        elif rng.random() < 0.25:
            path = folder + "%s/%s.html" % (d.strftime("%Y%m"), tname)
            href = path  # root-relative
        else:
            href = "./%s/%s.html" % (d.strftime("%Y%m"), tname)
            path = folder + "%s/%s.html" % (d.strftime("%Y%m"), tname)
        entries.append((t, d, href, path, kind == "report"))
    entries.sort(key=lambda e: (e[1], e[0]), reverse=True)
    assert len(entries) == 27
    pages = [entries[0:12], entries[12:24], entries[24:]]
    reports = [e[3] for e in entries if e[4]]
    for i, chunk in enumerate(pages):
        lis = []
        for t, d, href, path, is_rep in chunk:
            tgt = ' target="_blank"'
            lis.append(f'          <li><span class="fr">{d.isoformat()}</span><a href="{href}"{tgt} title="{t}">{cut(t, 26)}</a></li>')
        name = "index.html" if i == 0 else f"index_{i}.html"
        html = chrome_head("政府信息公开年报-天津市和平区人民政府", "天津市和平区人民政府", "www.tjhp.gov.cn",
                           "1201010001", "政府信息公开年报")
        html = html.replace('<script type="text/javascript" src="/module/jslib/jquery/jquery.js"></script>',
                            '<script type="text/javascript" src="/images/jquery.min.js"></script>')
        html += "<body>\n" + top_bar("天津市和平区人民政府")
        html += '<div class="header"><div class="w1200"><a href="/"><img src="/images/hp_logo.png" alt="天津市和平区人民政府"></a></div></div>\n'
        html += nav([("首页", "/"), ("政务", "/zw/"), ("政府信息公开", "/zw/zfxxgk/"),
                     ("政务服务", "https://zwfw.tj.gov.cn/"), ("互动", "/hd/"), ("和平概况", "/hpgk/")])
        html += breadcrumb([("首页", "../../../../../"), ("政务", "../../../../"),
                            ("政府信息公开", "../../../"), ("区政府办", "../"), ("政府信息公开年报", None)])
        html += '<div class="main w1200 clearfix">\n'
        html += sidebar("区政府办", [
            ("政府信息公开指南", "../zfxxgkzn/"),
            ("政府信息公开制度", "../zfxxgkzd/"),
            ("机构职能", "../jgzn/"),
            ("政府信息公开年报", "./"),
            ("通知公告", "/zw/zwgk/tzgg/"),
        ], current="政府信息公开年报")
        html += f"""  <div class="right-con">
    <div class="con-tit"><span>政府信息公开年报</span></div>
    <div class="list-box">
        <ul class="common-list">
{chr(10).join(lis)}
        </ul>
    </div>
    <div class="page">
{TRS_CREATE_PAGE_JS}<script type="text/javascript">
createPageHTML(3,{i},"index","html");
</script>
    </div>
  </div>
</div>
"""
        html += footer("天津市和平区人民政府办公室", "1201010001", "津ICP备05005296号", "津公网安备 12010102000347号",
                       tech="拓尔思信息技术股份有限公司")
        html += "</body>\n</html>\n"
        write(site, name, html)
    routes = [route("GET", folder, "index.html", HTML_UTF8),
              route("GET", folder + "index.html", "index.html", HTML_UTF8),
              route("GET", folder + "index_1.html", "index_1.html", HTML_UTF8),
              route("GET", folder + "index_2.html", "index_2.html", HTML_UTF8)]
    write_json(site, "routes.json", routes)
    expected(site, folder, "trs", None, reports, "ok",
             "Classic TRS column, 3 static pages (index.html, index_1.html, index_2.html), page count "
             "only in createPageHTML(3,0,\"index\",\"html\") (no spaces after commas; index 1 and 2 on "
             "the later pages); the createPageHTML function body is inlined on every page. No item "
             "count is claimed anywhere. 27 list items: 24 reports + 3 non-reports excluded from "
             "report_urls: 关于做好2022年政府信息公开工作年度报告编制工作的通知 (links into "
             "../../../../zwgk/tzgg/), the State Council 年度报告格式 notice (off-site http://www.gov.cn link, "
             "its text contains 年度报告), and 和平区2023年政务公开工作要点. Hrefs mix ./YYYYMM/t..html "
             "and root-relative /zw/.../t..html. One report is a TRS attachment PDF "
             "(./202301/P0….pdf, title …（PDF版）) and counts as a report (it is the 2022 report of the office; "
             "there is no separate HTML page for that year).")


# --------------------------------------------------------------------------
# Generic lists
# --------------------------------------------------------------------------
def generic_pager(total, page, pages, href_of, style="cn"):
    parts = [f"<span>共 {total} 条</span>" if total is not None else "",
             f"<span>共{pages}页</span>", f"<span>当前第{page}/{pages}页</span>"]
    if page > 1:
        parts.append(f'<a href="{href_of(1)}">首页</a>')
        parts.append(f'<a href="{href_of(page - 1)}">上一页</a>')
    else:
        parts.append('<span class="disabled">首页</span>')
        parts.append('<span class="disabled">上一页</span>')
    if page < pages:
        parts.append(f'<a href="{href_of(page + 1)}">下一页</a>')
        parts.append(f'<a href="{href_of(pages)}">尾页</a>')
    else:
        parts.append('<span class="disabled">下一页</span>')
        parts.append('<span class="disabled">尾页</span>')
    return '<div class="pagination">' + "&nbsp;".join(p for p in parts if p) + "</div>"


# --------------------------------------------------------------------------
# 6. claims-more : ASP.NET InfoPublic.aspx, says 共 12 条, lists 10.
# --------------------------------------------------------------------------
def site_claims_more():
    site = "claims-more"
    rng = random.Random(606)
    org = "云南省人力资源和社会保障厅"
    items = []
    for y in range(2012, 2024):
        if y in (2014, 2016):
            continue  # withdrawn from the list, counter never updated
        t = f"{org}{y}年政府信息公开工作年度报告"
        items.append((t, pub_date(rng, y, "dept")))
    items.sort(key=lambda x: x[1], reverse=True)
    assert len(items) == 10
    iid = 21300
    recs = []
    for k, (t, d) in enumerate(items):
        iid -= rng.randint(150, 700)
        recs.append((t, d, f"/InfoDetail.aspx?cid=1019&pid=971&id={iid}", f"InfoDetail.aspx?cid=1019&pid=971&id={iid}"))
    reports = [r[2] for r in recs]
    href_of = lambda p: f"InfoPublic.aspx?cid=1019&pid=971&page={p}&kw="
    for p, chunk in ((1, recs[:6]), (2, recs[6:])):
        rows = []
        for t, d, path, href in chunk:
            rows.append(f'        <tr><td class="t-left"><a href="{href}" target="_blank" title="{t}">{cut(t, 25, "...")}</a></td>'
                        f'<td>办公室</td><td>{d.strftime("%Y-%m-%d")}</td></tr>')
        html = chrome_head("政府信息公开年报-云南省人力资源和社会保障厅", "云南省人力资源和社会保障厅",
                           "hrss.yn.gov.cn", "5300000025", "政府信息公开年报")
        html = html.replace('<script type="text/javascript" src="/module/jslib/jquery/jquery.js"></script>',
                            '<script type="text/javascript" src="/Scripts/jquery-1.8.3.min.js"></script>')
        html += "<body>\n<form method=\"post\" action=\"./InfoPublic.aspx?cid=1019&amp;pid=971&amp;page=%d&amp;kw=\" id=\"form1\">\n" % p
        html += '<div class="aspNetHidden"><input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKMTY1NDU2MTA1MmRkmQ2xO0v1dA==" /></div>\n'
        html += top_bar("云南省人力资源和社会保障厅")
        html += nav([("首页", "/"), ("新闻中心", "/NewsList.aspx?cid=1001"), ("信息公开", "/InfoPublic.aspx?cid=970"),
                     ("办事服务", "/WorkGuide.aspx"), ("互动交流", "/Interaction.aspx")])
        html += breadcrumb([("首页", "/"), ("信息公开", "/InfoPublic.aspx?cid=970"), ("政府信息公开年报", None)])
        html += '<div class="main w1200 clearfix">\n'
        html += sidebar("信息公开", [
            ("政府信息公开指南", "InfoPublic.aspx?cid=1017&pid=971"),
            ("政府信息公开制度", "InfoPublic.aspx?cid=1018&pid=971"),
            ("政府信息公开年报", "InfoPublic.aspx?cid=1019&pid=971&page=1&kw="),
            ("法规文件", "InfoPublic.aspx?cid=1020&pid=971"),
        ], current="政府信息公开年报")
        html += f"""  <div class="right-con">
    <div class="search-bar">标题：<input name="kw" type="text" value="" /> <input type="submit" value="检索" /></div>
    <table class="info-table" width="100%">
      <thead><tr><th>标题</th><th width="120">发布机构</th><th width="110">发布日期</th></tr></thead>
      <tbody>
{chr(10).join(rows)}
      </tbody>
    </table>
    {generic_pager(12, p, 2, href_of)}
  </div>
</div>
"""
        html += footer("云南省人力资源和社会保障厅", "5300000025", "滇ICP备05001763号", "滇公网安备 53010202000236号",
                       tech="云南南天电子信息产业股份有限公司")
        html += "</form>\n</body>\n</html>\n"
        write(site, f"page{p}.html", html)
    routes = [route("GET", "/InfoPublic.aspx", f"page{p}.html", HTML_UTF8,
                    query={"cid": "1019", "page": str(p)}) for p in (1, 2)]
    write_json(site, "routes.json", routes)
    expected(site, "/InfoPublic.aspx?cid=1019&pid=971&page=1&kw=", "generic", 12, reports,
             "error: listed 10 of 12 claimed",
             "ASP.NET list (query-string paging page=N, routes require cid=1019 and page). The pager "
             "says 共 12 条 / 共2页 with 上一页/下一页/尾页, but the two pages hold 6 + 4 = 10 reports "
             "(2014 and 2016 withdrawn, counter stale). Detail links are relative "
             "InfoDetail.aspx?cid=1019&pid=971&id=N, so report_urls carry the query string. "
             "Titles cut with ASCII '...' at 25 chars.")


# --------------------------------------------------------------------------
# 7. lists-more : says 共 5 条, lists 7 over two N.html pages.
# --------------------------------------------------------------------------
def site_lists_more():
    site = "lists-more"
    rng = random.Random(707)
    org = "延安市财政局"
    folder = "/zfxxgk/zfxxgknb/"
    items = []
    for y in range(2017, 2024):
        t = f"{org}{y}年政府信息公开工作年度报告" if y != 2019 else f"{org}2019年度政府信息公开年度报告"
        items.append((t, pub_date(rng, y, "dept")))
    items.sort(key=lambda x: x[1], reverse=True)
    recs = []
    for t, d in items:
        h = "%032x" % rng.getrandbits(128)
        path = "/zfxxgk/zfxxgknb/%s/%s.html" % (d.strftime("%Y%m"), h)
        recs.append((t, d, path))
    reports = [r[2] for r in recs]
    for p, chunk in ((1, recs[:5]), (2, recs[5:])):
        lis = []
        for k, (t, d, path) in enumerate(chunk):
            href = path if (k % 2 == 0) else "../zfxxgknb/%s" % path.split("/zfxxgknb/")[1]
            lis.append(f'      <li><a href="{href}" title="{t}" target="_blank">{cut(t, 21)}</a><span>{d.isoformat()}</span></li>')
        href_of = lambda q: f"{q}.html"
        html = chrome_head("政府信息公开年报 延安市财政局", "延安市财政局", "czj.yanan.gov.cn",
                           "6106000044", "政府信息公开年报")
        html += "<body>\n" + top_bar("延安市财政局")
        html += nav([("首页", "/"), ("机构概况", "/jggk/"), ("政府信息公开", "/zfxxgk/"),
                     ("财政资金", "/czzj/"), ("互动交流", "/hdjl/")])
        html += breadcrumb([("首页", "/"), ("政府信息公开", "/zfxxgk/"), ("政府信息公开年报", None)])
        html += '<div class="main w1200 clearfix">\n'
        html += sidebar("政府信息公开", [
            ("政府信息公开指南", "/zfxxgk/zfxxgkzn/1.html"),
            ("政府信息公开制度", "/zfxxgk/zfxxgkzd/1.html"),
            ("政府信息公开年报", "/zfxxgk/zfxxgknb/1.html"),
            ("预决算公开", "/zfxxgk/yjsgk/1.html"),
            ("延安市人民政府", "http://www.yanan.gov.cn/"),
        ], current="政府信息公开年报")
        html += f"""  <div class="right-con">
    <div class="con-tit"><span>政府信息公开年报</span></div>
    <ul class="news-list">
{chr(10).join(lis)}
    </ul>
    {generic_pager(5, p, 2, href_of)}
  </div>
</div>
"""
        html += footer("延安市财政局", "6106000044", "陕ICP备05006584号-2", "陕公网安备 61060202000188号",
                       tech="陕西省信息化工程研究院")
        html += "</body>\n</html>\n"
        write(site, f"{p}.html", html)
    routes = [route("GET", folder + "1.html", "1.html", HTML_UTF8),
              route("GET", folder, "1.html", HTML_UTF8),
              route("GET", folder + "2.html", "2.html", HTML_UTF8)]
    write_json(site, "routes.json", routes)
    expected(site, folder + "1.html", "generic", 5, reports, "ok",
             "Stale counter: the pager on both pages says 共 5 条 but 1.html lists 5 reports and "
             "2.html (reached by 下一页/尾页) lists 2 more, 7 in all. Listing more than claimed is "
             "not a failure, so outcome ok with all 7. A crawler that stops once it has the claimed "
             "5 misses 2017 and 2018. Hrefs alternate root-relative /zfxxgk/zfxxgknb/YYYYMM/<hex>.html "
             "and ../zfxxgknb/YYYYMM/<hex>.html; the 2019 title reads 年度政府信息公开年度报告.")


# --------------------------------------------------------------------------
# 8. gbk-generic : GBK pages, zfxxgknb.htm + zfxxgknb/1.htm, 共2页.
# --------------------------------------------------------------------------
def site_gbk_generic():
    site = "gbk-generic"
    rng = random.Random(808)
    org = "甘南藏族自治州人力资源和社会保障局"
    short = "甘南州人社局"
    items = []
    for y in range(2014, 2024):
        if y == 2014:
            t = f"{short}2014年度政府信息公开工作报告"
        elif y % 2:
            t = f"{org}{y}年政府信息公开工作年度报告"
        else:
            t = f"{short}{y}年政府信息公开工作年度报告"
        items.append((t, pub_date(rng, y, "dept"), True))
    items.append(("甘南州人社局2023年政务公开工作要点", date(2023, 4, 11), False))
    items.sort(key=lambda x: x[1], reverse=True)
    assert len(items) == 11
    recs = []
    iid = 3400
    for t, d, is_rep in sorted(items, key=lambda x: x[1]):
        iid += rng.randint(20, 160)
        recs.append((t, d, is_rep, "/info/1016/%d.htm" % iid))
    recs.sort(key=lambda r: r[1], reverse=True)
    reports = [r[3] for r in recs if r[2]]
    pages = [("zfxxgknb.htm", recs[:6], "../"), ("zfxxgknb/1.htm", recs[6:], "../../")]
    for idx, (name, chunk, up) in enumerate(pages):
        lis = []
        for t, d, is_rep, path in chunk:
            href = up + path.lstrip("/")
            lis.append(f'<li id="line_u8_{len(lis)}"><a href="{href}" target="_blank" title="{t}">{cut(t, 20, "...")}</a><span>{d.strftime("%Y-%m-%d")}</span></li>')
        if idx == 0:
            pager = ('<div class="pb_sys_common pb_sys_normal pb_sys_style1"><span class="p_pages">'
                     '共2页&nbsp;&nbsp;1/2&nbsp;</span>'
                     '<span class="p_first">首页</span><span class="p_prev">上一页</span>'
                     '<span class="p_next"><a href="zfxxgknb/1.htm">下一页</a></span>'
                     '<span class="p_last"><a href="zfxxgknb/1.htm">尾页</a></span></div>')
        else:
            pager = ('<div class="pb_sys_common pb_sys_normal pb_sys_style1"><span class="p_pages">'
                     '共2页&nbsp;&nbsp;2/2&nbsp;</span>'
                     '<span class="p_first"><a href="../zfxxgknb.htm">首页</a></span>'
                     '<span class="p_prev"><a href="../zfxxgknb.htm">上一页</a></span>'
                     '<span class="p_next">下一页</span><span class="p_last">尾页</span></div>')
        res = up + "images/"
        html = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta charset="gbk">
<title>政府信息公开年报-甘南藏族自治州人力资源和社会保障局</title>
<meta name="pageType" content="2">
<meta name="pageTitle" content="政府信息公开年报">
<META Name="keywords" Content="甘南藏族自治州人力资源和社会保障局,政府信息公开年报" />
<link rel="stylesheet" href="{up}style/style.css">
<script type="text/javascript" src="{up}system/resource/js/jquery/jquery-latest.min.js"></script>
<!--Announced by Visual SiteBuilder 9-->
</head>
<body>
<div class="top"><div class="w1200"><img src="{res}logo.png" alt="甘南藏族自治州人力资源和社会保障局"><span class="tel">劳动保障咨询电话：12333</span></div></div>
<div class="nav"><ul class="w1200">
<li><a href="{up}index.htm">首页</a></li><li><a href="{up}jgsz.htm">机构设置</a></li><li><a href="{up}zfxxgk1.htm">政府信息公开</a></li><li><a href="{up}jyzc.htm">就业创业</a></li><li><a href="{up}shbz.htm">社会保障</a></li><li><a href="{up}hdjl.htm">互动交流</a></li>
</ul></div>
<div class="position w1200">当前位置：<a href="{up}index.htm">首页</a> &gt;&gt; <a href="{up}zfxxgk1.htm">政府信息公开</a> &gt;&gt; 政府信息公开年报</div>
<div class="main w1200">
  <div class="left">
    <h3>政府信息公开</h3>
    <ul>
      <li><a href="{up}zfxxgk1/zfxxgkzn.htm">政府信息公开指南</a></li>
      <li><a href="{up}zfxxgk1/zfxxgkzd.htm">政府信息公开制度</a></li>
      <li class="on"><a href="{up}zfxxgk1/zfxxgknb.htm">政府信息公开年报</a></li>
      <li><a href="{up}zfxxgk1/fdzdgknr.htm">法定主动公开内容</a></li>
      <li><a href="http://www.gnzrmzf.gov.cn/" target="_blank">甘南州人民政府</a></li>
    </ul>
  </div>
  <div class="right">
    <div class="r-tit">政府信息公开年报</div>
    <ul class="list">
{chr(10).join(lis)}
    </ul>
    {pager}
  </div>
</div>
<div class="footer"><div class="w1200">
<p><a href="{up}wzdt.htm">网站地图</a> | <a href="{up}lxwm.htm">联系我们</a></p>
<p>主办单位：甘南藏族自治州人力资源和社会保障局　地址：甘肃省合作市当周街　邮编：747000</p>
<p>网站标识码：6230000047　<a href="https://beian.miit.gov.cn/" target="_blank">陇ICP备05004258号</a>　<a href="http://www.beian.gov.cn/">甘公网安备 62300102000109号</a></p>
<p>技术支持：博达软件　　浏览器建议使用大于1366*768分辨率</p>
</div></div>
</body>
</html>
"""
        write(site, name.replace("/", "__"), html, encoding="gbk")
    routes = [route("GET", "/zfxxgk1/zfxxgknb.htm", "zfxxgknb.htm", "text/html"),
              route("GET", "/zfxxgk1/zfxxgknb/1.htm", "zfxxgknb__1.htm", "text/html")]
    write_json(site, "routes.json", routes)
    expected(site, "/zfxxgk1/zfxxgknb.htm", "generic", None, reports, "ok",
             "VSB (博达) style, GBK-encoded bytes with <meta charset=\"gbk\">; the HTTP content type "
             "is plain text/html with NO charset, so the meta decides. Page 1 is /zfxxgk1/zfxxgknb.htm, "
             "下一页/尾页 go to zfxxgknb/1.htm (relative), whose links climb with ../../. Pager text: "
             "共2页 1/2 (no item count, so claimed_total null). 11 list items: 10 reports + "
             "甘南州人社局2023年政务公开工作要点 (not a report, excluded). The 2014 "
             "title is '…2014年度政府信息公开工作报告' (contains neither 年报 nor 年度报告) but it is a report. "
             "Titles are cut to 20 chars + '...'; full titles in title=.")


def main():
    for f in (site_hanweb_a, site_hanweb_b, site_hanweb_c, site_trs_api,
              site_trs_pages, site_claims_more, site_lists_more, site_gbk_generic):
        f()


if __name__ == "__main__":
    main()
