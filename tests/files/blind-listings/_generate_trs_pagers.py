#!/usr/bin/env python3
"""Write the five trs-pager-* blind listing fixtures.

The fixtures were written blind. The only sources were shared/spec/portals.md, shared/spec/real-portals.yaml,
the README and folders in this directory, and general knowledge of TRS WCM front ends. No crawler code was read.
Each site is a TRS 政府信息公开年报 column. Its static listing pages carry the TRS pager `createPageHTML(...)`
and its inline definition, and the sites differ in the ways real TRS portals differ.

Deterministic: `python3 _generate_trs_pagers.py` writes the same bytes every time. It writes only the
trs-pager-* folders; the other sites come from _generate.py.
"""
import json
import os
import random
import shutil
from datetime import date, timedelta
from urllib.parse import urljoin, urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))
HTML_UTF8 = "text/html; charset=utf-8"
HTML_BARE = "text/html"


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------
def reset(site):
    d = os.path.join(HERE, site)
    assert os.path.basename(d).startswith("trs-pager-")
    if os.path.isdir(d):
        shutil.rmtree(d)
    os.makedirs(d)


def write(site, name, text, encoding="utf-8"):
    with open(os.path.join(HERE, site, name), "wb") as f:
        f.write(text.encode(encoding))


def write_json(site, name, obj):
    write(site, name, json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


def route(path, file, content_type=HTML_UTF8):
    return {"method": "GET", "path": path, "query": {}, "form": {}, "file": file, "content_type": content_type}


def resolve(page_path, href):
    """An href resolved against the page path, as a path (plus query)."""
    parts = urlsplit(urljoin("http://h" + page_path, href))
    return parts.path + ("?" + parts.query if parts.query else "")


def cut(title, n, ell="…"):
    return title if len(title) <= n else title[:n] + ell


def pub_date(rng, report_year, gov):
    """Departments publish by 31 January, governments by 31 March."""
    if gov:
        return date(report_year + 1, 2, 18) + timedelta(days=rng.randint(0, 41))
    return date(report_year + 1, 1, 6) + timedelta(days=rng.randint(0, 25))


class Ids:
    """TRS document ids: they grow with the publication date, with gaps."""

    def __init__(self, rng, base, per_day):
        self.rng, self.base, self.per_day, self.used = rng, base, per_day, set()

    def __call__(self, d):
        days = (d - date(2008, 1, 1)).days
        docid = self.base + days * self.per_day + self.rng.randint(0, self.per_day - 1)
        while docid in self.used:
            docid += 1
        self.used.add(docid)
        return docid


def trs_href(d, docid, ext="html", prefix="./"):
    return "%s%04d%02d/t%04d%02d%02d_%d.%s" % (prefix, d.year, d.month, d.year, d.month, d.day, docid, ext)


def report_title(rng, body, year, old_style_before=2019):
    if year < old_style_before and rng.random() < 0.5:
        return f"{body}{year}年度政府信息公开工作年度报告"
    if rng.random() < 0.15:
        return f"{year}年{body}政府信息公开工作年度报告"
    return f"{body}{year}年政府信息公开工作年度报告"


def reports(rng, bodies, years, ids, ext="html", folder=lambda year: "./"):
    """Report items: one per body and year, newest first."""
    out = []
    for year in years:
        for body, gov in bodies:
            d = pub_date(rng, year, gov)
            out.append({"title": report_title(rng, body, year), "date": d, "report": True,
                        "href": trs_href(d, ids(d), ext, folder(year))})
    out.sort(key=lambda it: (it["date"], it["href"]), reverse=True)
    return out


def merge(items, extra):
    """Non-report items put in date order among the reports."""
    out = items + extra
    out.sort(key=lambda it: (it["date"], it["href"]), reverse=True)
    return out


def note(title, d, href):
    return {"title": title, "date": d, "report": False, "href": href}


def chunks(items, sizes):
    out, i = [], 0
    for n in sizes:
        out.append(items[i:i + n])
        i += n
    assert i == len(items), (i, len(items))
    return out


# --------------------------------------------------------------------------
# page chrome
# --------------------------------------------------------------------------
def head(c, charset_meta='<meta charset="utf-8">'):
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
{charset_meta}
<meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="SiteName" content="{c['site']}">
<meta name="SiteDomain" content="{c['domain']}">
<meta name="SiteIDCode" content="{c['idcode']}">
<meta name="ColumnName" content="{c['column']}">
<meta name="ColumnType" content="{c['column']}">
<meta name="ColumnDescription" content="{c['column']}">
<meta name="ColumnKeywords" content="{c['column']}">
<title>{c['column']}_{c['site']}</title>
<link rel="stylesheet" type="text/css" href="/images/public/css/base.css">
<link rel="stylesheet" type="text/css" href="/images/public/css/list.css">
<script type="text/javascript" src="/images/public/js/jquery-1.12.4.min.js"></script>
<script type="text/javascript" src="/images/public/js/common.js"></script>
</head>
"""


def top(c):
    nav = "\n".join(f'      <li><a href="{href}">{text}</a></li>' for text, href in c["nav"])
    return f"""<body>
<div class="top">
  <div class="w1200 clearfix">
    <div class="top-l">您好，欢迎访问{c['site']}！</div>
    <div class="top-r">
      <a href="javascript:void(0);" id="oldMode">长者模式</a><span>|</span>
      <a href="javascript:void(0);" id="toolbarBtn">无障碍浏览</a><span>|</span>
      <a href="javascript:void(0);" id="jtft">繁體版</a><span>|</span>
      <a href="/wzdt/">网站地图</a><span>|</span>
      <a href="https://zwfw.{c['domain'].split('.', 1)[1]}/login" target="_blank">登录</a>
      <a href="https://zwfw.{c['domain'].split('.', 1)[1]}/register" target="_blank">注册</a>
    </div>
  </div>
</div>
<div class="header">
  <div class="w1200 clearfix">
    <a class="logo" href="/"><img src="/images/public/images/logo.png" alt="{c['site']}"></a>
    <div class="search">
      <form action="/guestweb4/s" method="get" target="_blank">
        <input type="hidden" name="siteCode" value="{c['idcode']}">
        <input type="text" name="searchWord" placeholder="请输入关键字"><button type="submit">搜索</button>
      </form>
    </div>
  </div>
</div>
<div class="nav">
  <ul class="w1200 clearfix">
{nav}
  </ul>
</div>
<div class="crumbs w1200">当前位置：{c['crumbs']}</div>
"""


def side(c):
    on_attr = ' class="on"'
    links = "\n".join(f'      <li{on_attr if on else ""}><a href="{href}" title="{text}">{text}</a></li>'
                      for text, href, on in c["side"])
    return f"""  <div class="side-l">
    <div class="side-tit"><h3>{c['side_title']}</h3></div>
    <ul class="side-list">
{links}
    </ul>
    <div class="side-box">
      <h4>相关链接</h4>
      <a href="https://www.gov.cn/zhengce/xxgk/index.htm" target="_blank">中国政府网政府信息公开专栏</a>
      <a href="{c['province_url']}" target="_blank">{c['province']}政府信息公开平台</a>
    </div>
  </div>
"""


def foot(c):
    return f"""<div class="footer">
  <div class="w1200">
    <div class="foot-nav"><a href="/wzdt/">网站地图</a> | <a href="/lxwm/">联系我们</a> | <a href="/wzsm/">网站声明</a> | <a href="https://zfwzzc.www.gov.cn/" target="_blank">政府网站找错</a></div>
    <p>主办单位：{c['host']}　　承办单位：{c['host']}办公室　　技术支持：拓尔思信息技术股份有限公司</p>
    <p>网站标识码：{c['idcode']}　　<a href="https://beian.miit.gov.cn/" target="_blank">{c['icp']}</a>　　<a href="https://www.beian.gov.cn/" target="_blank"><img src="/images/public/images/ga.png" alt="">{c['police']}</a></p>
    <p>版权所有：{c['host']}　　网站支持IPV6　　建议使用1366*768以上分辨率、IE9以上浏览器浏览本站</p>
    <div class="dzjg"><script type="text/javascript">document.write(unescape("%3Cspan id='_ideConac' %3E%3C/span%3E%3Cscript src='https://dcs.conac.cn/js/{c['conac']}.js' type='text/javascript'%3E%3C/script%3E"));</script></div>
    <div class="jiucuo"><script id="_jiucuo_" sitecode="{c['idcode']}" src="https://zfwzgl.www.gov.cn/exposure/jiucuo.js"></script></div>
  </div>
</div>
<script type="text/javascript">
$(function(){{ $(".side-list li").hover(function(){{ $(this).addClass("hover"); }}, function(){{ $(this).removeClass("hover"); }}); }});
</script>
</body>
</html>
"""


# The TRS WCM default pager, as TRS templates inline it (4 arguments).
PAGER_4 = r"""<script type="text/javascript">
function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){
	if(_nPageCount == null || _nPageCount<=1){
		return;
	}
	var nCurrIndex = _nCurrIndex || 0;
	// 1 输出首页和上一页
	// 1.1 当前页是首页
	if(nCurrIndex == 0){
		document.write("<span class=\"disabled\">首页</span>&nbsp;");
		document.write("<span class=\"disabled\">上一页</span>&nbsp;");
	}
	// 1.2 当前页是第二页
	else if(nCurrIndex == 1){
		document.write("<a href=\""+_sPageName+"."+_sPageExt+"\">首页</a>&nbsp;");
		document.write("<a href=\""+_sPageName+"."+_sPageExt+"\">上一页</a>&nbsp;");
	}
	// 1.3 其它
	else{
		document.write("<a href=\""+_sPageName+"."+_sPageExt+"\">首页</a>&nbsp;");
		document.write("<a href=\""+_sPageName+"_" + (nCurrIndex-1) + "."+_sPageExt+"\">上一页</a>&nbsp;");
	}
	// 2 输出中间分页
	for(var i=0; i<_nPageCount; i++){
		if(i == nCurrIndex)
			document.write("<span class=\"current\">"+(i+1) + "</span>&nbsp;");
		else if(i==0)
			document.write("<a href=\""+_sPageName+"."+_sPageExt+"\">"+(i+1)+"</a>&nbsp;");
		else
			document.write("<a href=\""+_sPageName+"_" + i + "."+_sPageExt+"\">"+(i+1)+"</a>&nbsp;");
	}
	// 3 输出下一页和尾页
	// 3.1 当前页是尾页
	if(nCurrIndex == (_nPageCount-1)){
		document.write("<span class=\"disabled\">下一页</span>&nbsp;");
		document.write("<span class=\"disabled\">尾页</span>");
	}
	// 3.2 其它
	else{
		document.write("<a href=\""+_sPageName+"_" + (nCurrIndex+1) + "."+_sPageExt+"\">下一页</a>&nbsp;");
		document.write("<a href=\""+_sPageName+"_" + (_nPageCount-1) + "."+_sPageExt+"\">尾页</a>");
	}
}
</script>
"""

# The newer 6-argument form: target div id first, record count last; it fills the div instead of document.write.
PAGER_6 = r"""<script type="text/javascript">
function createPageHTML(page_id, _nPageCount, _nCurrIndex, _sPageName, _sPageExt, _nPageSum){
	var oPage = document.getElementById(page_id);
	if(oPage == null){
		return;
	}
	if(_nPageCount == null || _nPageCount <= 1){
		oPage.innerHTML = "<span class='page-total'>共" + _nPageSum + "条</span>";
		return;
	}
	var nCurrIndex = _nCurrIndex || 0;
	var sHtml = "<span class='page-total'>共" + _nPageSum + "条&nbsp;&nbsp;当前第" + (nCurrIndex + 1) + "/" + _nPageCount + "页</span>";
	if(nCurrIndex == 0){
		sHtml += "<span class='disabled'>首页</span><span class='disabled'>上一页</span>";
	}else if(nCurrIndex == 1){
		sHtml += "<a href='" + _sPageName + "." + _sPageExt + "'>首页</a>";
		sHtml += "<a href='" + _sPageName + "." + _sPageExt + "'>上一页</a>";
	}else{
		sHtml += "<a href='" + _sPageName + "." + _sPageExt + "'>首页</a>";
		sHtml += "<a href='" + _sPageName + "_" + (nCurrIndex - 1) + "." + _sPageExt + "'>上一页</a>";
	}
	var nStart = Math.max(0, nCurrIndex - 2), nEnd = Math.min(_nPageCount, nStart + 5);
	for(var i = nStart; i < nEnd; i++){
		if(i == nCurrIndex){
			sHtml += "<a class='active'>" + (i + 1) + "</a>";
		}else if(i == 0){
			sHtml += "<a href='" + _sPageName + "." + _sPageExt + "'>1</a>";
		}else{
			sHtml += "<a href='" + _sPageName + "_" + i + "." + _sPageExt + "'>" + (i + 1) + "</a>";
		}
	}
	if(nCurrIndex == _nPageCount - 1){
		sHtml += "<span class='disabled'>下一页</span><span class='disabled'>尾页</span>";
	}else{
		sHtml += "<a href='" + _sPageName + "_" + (nCurrIndex + 1) + "." + _sPageExt + "'>下一页</a>";
		sHtml += "<a href='" + _sPageName + "_" + (_nPageCount - 1) + "." + _sPageExt + "'>尾页</a>";
	}
	sHtml += "<span class='page-jump'>跳转到<input type='text' id='jumpPage' size='3'>页<a href='javascript:void(0);' onclick='jumpTo(\"" + _sPageName + "\",\"" + _sPageExt + "\"," + _nPageCount + ")'>GO</a></span>";
	oPage.innerHTML = sHtml;
}
function jumpTo(sName, sExt, nCount){
	var n = parseInt(document.getElementById("jumpPage").value, 10);
	if(isNaN(n) || n < 1 || n > nCount){
		alert("请输入正确的页码");
		return;
	}
	window.location.href = (n == 1) ? (sName + "." + sExt) : (sName + "_" + (n - 1) + "." + sExt);
}
</script>
"""


def li_rows(items, width, with_title=True):
    rows = []
    for it in items:
        text = cut(it["title"], width)
        title = f' title="{it["title"]}"' if with_title else ""
        rows.append(f'          <li><a href="{it["href"]}" target="_blank"{title}>{text}</a>'
                    f'<span class="date">{it["date"]:%Y-%m-%d}</span></li>')
    return "\n".join(rows)


def expected(start_url, claimed, report_paths, notes, outcome="ok"):
    return {"start_url": start_url, "family": "trs", "claimed_total": claimed, "report_urls": report_paths,
            "outcome": outcome, "notes": notes}


def report_paths(pages):
    """(page path, items) pairs -> every report path in listing order, each once."""
    seen, out = set(), []
    for page_path, items in pages:
        for it in items:
            if it["report"]:
                p = resolve(page_path, it["href"])
                if p not in seen:
                    seen.add(p)
                    out.append(p)
    return out


def page_name(n, ext):
    return f"index.{ext}" if n == 0 else f"index_{n}.{ext}"


# --------------------------------------------------------------------------
# 1. trs-pager-shtml6: createPageHTML('page_div', 4, 0, 'index', 'shtml', 57)
# --------------------------------------------------------------------------
def site_shtml6():
    site = "trs-pager-shtml6"
    reset(site)
    rng = random.Random(61)
    col = "/zfxxgkml/zfxxgkndbg/"
    c = {
        "site": "禄劝彝族苗族自治县人民政府", "host": "禄劝彝族苗族自治县人民政府办公室", "domain": "lq.km.gov.cn",
        "idcode": "5301280001", "column": "政府信息公开年报", "icp": "滇ICP备05007283号-1",
        "police": "滇公网安备 53012802000117号", "conac": "5301280001", "province": "云南省",
        "province_url": "https://www.yn.gov.cn/zwgk/zfxxgkpt/",
        "nav": [("首页", "/"), ("走进禄劝", "/zjlq/"), ("政务动态", "/zwdt/"), ("政府信息公开", "/zfxxgkml/"),
                ("政务服务", "https://zwfw.km.gov.cn/"), ("互动交流", "/hdjl/")],
        "crumbs": '<a href="/">首页</a> &gt; <a href="../">政府信息公开</a> &gt; <a href="./">政府信息公开年报</a>',
        "side_title": "政府信息公开",
        "side": [("政府信息公开指南", "../zfxxgkzn/", False), ("政府信息公开制度", "../zfxxgkzd/", False),
                 ("法定主动公开内容", "../fdzdgknr/", False), ("政府信息公开年报", "./", True),
                 ("依申请公开", "/hdjl/ysqgk/", False)],
    }
    ids = Ids(rng, 1000000, 211)
    bodies = [("禄劝彝族苗族自治县人民政府", True), ("禄劝县发展和改革局", False), ("禄劝县财政局", False),
              ("禄劝县教育体育局", False), ("禄劝县卫生健康局", False), ("禄劝县民政局", False),
              ("禄劝县自然资源局", False), ("禄劝县屏山街道办事处", True), ("禄劝县转龙镇人民政府", True),
              ("禄劝县撒营盘镇人民政府", True), ("禄劝县团街镇人民政府", True)]
    items = reports(rng, bodies, [2023, 2022, 2021, 2020, 2019], ids, "shtml")[:53]
    items = merge(items, [
        note("关于做好2023年度政府信息公开工作年度报告编制发布工作的通知", date(2023, 12, 19),
             trs_href(date(2023, 12, 19), ids(date(2023, 12, 19)), "shtml")),
        note("禄劝县人民政府办公室关于政府信息公开年报栏目调整的公告", date(2022, 6, 8),
             trs_href(date(2022, 6, 8), ids(date(2022, 6, 8)), "shtml")),
        note("禄劝县2022年政务公开工作要点", date(2022, 4, 26),
             "../fdzdgknr/zcwj/" + trs_href(date(2022, 4, 26), ids(date(2022, 4, 26)), "shtml")[2:]),
        note("禄劝县政府信息公开申请表（下载）", date(2021, 7, 2),
             "./202107/P020210702562613489321.doc"),
    ])
    assert len(items) == 57
    pages = chunks(items, [15, 15, 15, 12])
    routes, served = [], []
    for n, page_items in enumerate(pages):
        name = page_name(n, "shtml")
        html = head(c) + top(c) + f"""<div class="main w1200 clearfix">
{side(c)}  <div class="side-r">
    <div class="r-tit"><span>政府信息公开年报</span></div>
    <div class="list-con">
        <ul class="list">
{li_rows(page_items, 26)}
        </ul>
    </div>
    <div class="page" id="page_div"></div>
{PAGER_6}<script type="text/javascript">
createPageHTML('page_div', 4, {n}, 'index', 'shtml', 57);
</script>
  </div>
</div>
""" + foot(c)
        write(site, name, html)
        if n == 0:
            routes.append(route(col, name))
        routes.append(route(col + name, name))
        served.append((col + name, page_items))
    write_json(site, "routes.json", routes)
    write_json(site, "expected.json", expected(
        col, 57, report_paths(served),
        "Kunming-style TRS column served as .shtml: index.shtml (also the folder), index_1.shtml, index_2.shtml, "
        "index_3.shtml; 15 + 15 + 15 + 12 = 57 items. Every page has <div id=\"page_div\"></div> and the newer "
        "6-argument pager createPageHTML('page_div', 4, n, 'index', 'shtml', 57) (single quotes, spaces after "
        "commas, target div first, record count last); the function is inlined and fills the div through "
        "innerHTML (no document.write), so no page link is in the static HTML. The last argument is the column's "
        "item count, so claimed_total is 57 (all rows, reports and not). Detail links ./YYYYMM/tYYYYMMDD_id.shtml. "
        "53 reports of the county government, its departments and townships (2019-2023); 4 non-reports are "
        "excluded: the 2023 年度报告 compilation notice (its title contains 年度报告), a 公告 about the column "
        "(its title contains 年报), the 2022 政务公开工作要点 (links to ../fdzdgknr/zcwj/), and a .doc "
        "application form (./202107/P0….doc)."))


# --------------------------------------------------------------------------
# 2. trs-pager-indexhtml: start URL .../index.html, 5 pages, createPageHTML(5, 0, "index", "html")
# --------------------------------------------------------------------------
def site_indexhtml():
    site = "trs-pager-indexhtml"
    reset(site)
    rng = random.Random(62)
    col = "/zwgk/zfxxgkndgzbg/"
    c = {
        "site": "沈阳市人民政府", "host": "沈阳市人民政府办公室", "domain": "www.shenyang.gov.cn",
        "idcode": "2101000001", "column": "政府信息公开年报", "icp": "辽ICP备05005046号",
        "police": "辽公网安备 21010202000101号", "conac": "2101000001", "province": "辽宁省",
        "province_url": "https://www.ln.gov.cn/web/zwgkx/zfxxgk1/",
        "nav": [("首页", "../../"), ("政务公开", "../"), ("政务服务", "https://zwfw.shenyang.gov.cn/"),
                ("政民互动", "../../hdjl/"), ("走进沈阳", "../../zjsy/")],
        "crumbs": '<a href="../../">首页</a> &gt; <a href="../">政务公开</a> &gt; <span>政府信息公开年报</span>',
        "side_title": "政务公开",
        "side": [("政府信息公开指南", "../zfxxgkzn/index.html", False),
                 ("政府信息公开制度", "../zfxxgkzd/index.html", False),
                 ("政府信息公开年报", "./index.html", True), ("政府公报", "../zfgb/index.html", False)],
    }
    ids = Ids(rng, 200000, 97)
    bodies = [("沈阳市人民政府", True), ("沈阳市人民政府办公室", False), ("沈阳市和平区人民政府", True),
              ("沈阳市沈河区人民政府", True), ("沈阳市大东区人民政府", True), ("沈阳市皇姑区人民政府", True),
              ("沈阳市铁西区人民政府", True), ("沈阳市教育局", False), ("沈阳市财政局", False),
              ("沈阳市民政局", False), ("沈阳市卫生健康委员会", False), ("沈阳市交通运输局", False),
              ("沈阳市住房和城乡建设局", False), ("沈阳市生态环境局", False)]
    items = reports(rng, bodies, [2023, 2022, 2021], ids, "html")
    items = merge(items, [
        note("沈阳市人民政府办公室关于开展2021年度政府信息公开工作考核的通知", date(2022, 11, 15),
             trs_href(date(2022, 11, 15), ids(date(2022, 11, 15)))),
        note("关于政府信息公开年报集中发布的公告", date(2023, 4, 3),
             trs_href(date(2023, 4, 3), ids(date(2023, 4, 3)))),
        note("沈阳市2023年政务公开工作要点", date(2023, 5, 17),
             "../zcwj/" + trs_href(date(2023, 5, 17), ids(date(2023, 5, 17)))[2:]),
        note("国务院办公厅关于印发2023年政务公开工作要点的通知", date(2023, 4, 20),
             "https://www.gov.cn/zhengce/content/2023-04/20/content_5751996.htm"),
    ])
    assert len(items) == 46
    pages = chunks(items, [10, 10, 10, 10, 6])
    routes, served = [], []
    for n, page_items in enumerate(pages):
        name = page_name(n, "html")
        html = head(c) + top(c) + f"""<div class="main w1200 clearfix">
{side(c)}  <div class="side-r">
    <div class="r-tit"><span>政府信息公开年报</span></div>
    <div class="list-con">
        <ul class="list">
{li_rows(page_items, 30)}
        </ul>
    </div>
    <div class="page">
{PAGER_4}<script type="text/javascript">
createPageHTML(5, {n}, "index", "html");
</script>
    </div>
  </div>
</div>
""" + foot(c)
        write(site, name, html)
        if n == 0:
            routes.append(route(col, name))
        routes.append(route(col + name, name))
        served.append((col + name, page_items))
    write_json(site, "routes.json", routes)
    write_json(site, "expected.json", expected(
        col + "index.html", None, report_paths(served),
        "Shenyang-style TRS column whose start URL is the explicit .../zfxxgkndgzbg/index.html (not the folder; "
        "the folder is served too, as a real server would). 5 pages index.html, index_1.html … index_4.html, "
        "10 + 10 + 10 + 10 + 6 = 46 items; the pager call has spaces after the commas: "
        "createPageHTML(5, n, \"index\", \"html\"); with the classic TRS function (comments 输出首页和上一页 …) "
        "inlined before it. No item count anywhere, so claimed_total is null. Nav, breadcrumb and sidebar use "
        "../ and ../../ links from index.html. 42 reports (the city, its office, 5 districts, 7 bureaus, "
        "2021-2023); 4 non-reports excluded: a 考核 notice whose title contains 年度政府信息公开工作, a 公告 whose "
        "title contains 年报, the city's 政务公开工作要点 (../zcwj/…) and the State Council's 要点 notice on "
        "www.gov.cn."))


# --------------------------------------------------------------------------
# 3. trs-pager-many: 12 pages x 15, createPageHTML(12,n,"index","htm"), year subfolders
# --------------------------------------------------------------------------
def site_many():
    site = "trs-pager-many"
    reset(site)
    rng = random.Random(63)
    col = "/zwgk/xxgk_424/xxgknb/"
    c = {
        "site": "西藏自治区人民政府", "host": "西藏自治区人民政府办公厅", "domain": "www.xizang.gov.cn",
        "idcode": "5400000010", "column": "政府信息公开年报", "icp": "藏ICP备05000006号",
        "police": "藏公网安备 54010202000001号", "conac": "5400000010", "province": "国家",
        "province_url": "https://www.gov.cn/zhengce/xxgk/gjgbmyjsxxgk.htm",
        "nav": [("首页", "/"), ("要闻动态", "/xwzx_406/"), ("政务公开", "/zwgk/"), ("政务服务", "/zwfw/"),
                ("互动交流", "/hdjl_433/"), ("走进西藏", "/rsxz/")],
        "crumbs": '<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; '
                  '<a href="../">政府信息公开</a> &gt; <a href="./">政府信息公开年报</a>',
        "side_title": "政府信息公开",
        "side": [("政府信息公开指南", "../xxgkzn/", False), ("政府信息公开制度", "../xxgkzd/", False),
                 ("法定主动公开内容", "../fdzdgknr/", False), ("政府信息公开年报", "./", True)],
    }
    ids = Ids(rng, 10000, 31)
    bodies = [("西藏自治区人民政府", True), ("西藏自治区发展和改革委员会", False), ("西藏自治区教育厅", False),
              ("西藏自治区科学技术厅", False), ("西藏自治区公安厅", False), ("西藏自治区民政厅", False),
              ("西藏自治区司法厅", False), ("西藏自治区财政厅", False), ("西藏自治区人力资源和社会保障厅", False),
              ("西藏自治区自然资源厅", False), ("西藏自治区生态环境厅", False), ("西藏自治区住房和城乡建设厅", False),
              ("西藏自治区交通运输厅", False), ("西藏自治区水利厅", False), ("西藏自治区农业农村厅", False),
              ("西藏自治区商务厅", False), ("西藏自治区文化厅", False), ("西藏自治区卫生健康委员会", False),
              ("拉萨市人民政府", True), ("日喀则市人民政府", True), ("昌都市人民政府", True),
              ("林芝市人民政府", True), ("山南市人民政府", True), ("那曲市人民政府", True),
              ("阿里地区行政公署", True)]
    items = reports(rng, bodies, list(range(2023, 2016, -1)), ids, "htm", folder=lambda y: f"./{y}nb/")
    extra = []
    for d, title in [(date(2023, 12, 12), "关于做好2023年度政府信息公开工作年度报告编制和发布工作的通知"),
                     (date(2021, 12, 20), "关于做好2021年度政府信息公开工作年度报告编制和发布工作的通知"),
                     (date(2020, 3, 31), "西藏自治区人民政府办公厅关于2019年度政府信息公开年报集中发布情况的通报"),
                     (date(2019, 6, 18), "西藏自治区政府信息公开平台升级改版公告")]:
        extra.append(note(title, d, trs_href(d, ids(d), "htm", "./tzgg/")))
    d = date(2021, 9, 30)
    extra.append(note("国务院办公厅政府信息公开办公室关于印发《中华人民共和国政府信息公开工作年度报告格式》的通知",
                      d, "https://www.gov.cn/zhengce/zhengceku/2021-09/30/content_5640401.htm"))
    items = merge(items, extra)
    assert len(items) == 180, len(items)
    pages = chunks(items, [15] * 12)
    routes, served = [], []
    for n, page_items in enumerate(pages):
        name = page_name(n, "htm")
        rows = []
        for it in page_items:
            rows.append(f'          <li><span class="date">[{it["date"]:%Y-%m-%d}]</span><a href="{it["href"]}" '
                        f'target="_blank">{it["title"]}</a></li>')
        html = head(c) + top(c) + f"""<div class="main w1200 clearfix">
{side(c)}  <div class="side-r">
    <div class="r-tit"><span>政府信息公开年报</span><em>按发布时间排序</em></div>
    <div class="list-con">
        <ul class="list">
{chr(10).join(rows)}
        </ul>
    </div>
    <div class="page">
{PAGER_4}<script>createPageHTML(12,{n},"index","htm");</script>
    </div>
  </div>
</div>
""" + foot(c)
        write(site, name, html)
        if n == 0:
            routes.append(route(col, name))
        routes.append(route(col + name, name))
        served.append((col + name, page_items))
    write_json(site, "routes.json", routes)
    write_json(site, "expected.json", expected(
        col, None, report_paths(served),
        "Provincial TRS column with 12 pages of 15 items (180), .htm everywhere: index.htm (also the folder), "
        "index_1.htm … index_11.htm. Every page carries the same pager, createPageHTML(12,n,\"index\",\"htm\") "
        "with no spaces, and the classic TRS function inlined; only the current index n changes. Rows are "
        "<li><span>[YYYY-MM-DD]</span><a>full title</a></li> with no title= attribute and no cut text. Reports "
        "sit in year subfolders: ./2023nb/202402/t20240227_id.htm. 175 reports (25 bodies x 2017-2023); 5 "
        "non-reports excluded: 2 年度报告 compilation notices, a 通报 on how the 2019 年报 were published, a 平台 "
        "改版公告 (all under ./tzgg/YYYYMM/) and the State Council 年度报告格式 notice on www.gov.cn. No item "
        "count, so claimed_total is null."))


# --------------------------------------------------------------------------
# 4. trs-pager-stale: index.html says 3 pages (stale), later pages say 4
# --------------------------------------------------------------------------
def site_stale():
    site = "trs-pager-stale"
    reset(site)
    rng = random.Random(64)
    col = "/xxgk/bmxxgkml/szfbgt/xxgknb_1840/"
    c = {
        "site": "银川市人民政府", "host": "银川市人民政府办公室", "domain": "www.yinchuan.gov.cn",
        "idcode": "6401000001", "column": "政府信息公开年报", "icp": "宁ICP备05001452号",
        "police": "宁公网安备 64010402000123号", "conac": "6401000001", "province": "宁夏回族自治区",
        "province_url": "https://www.nx.gov.cn/zwgk/",
        "nav": [("首页", "/"), ("政务公开", "/xxgk/"), ("政务服务", "https://zwfw.yinchuan.gov.cn/"),
                ("互动交流", "/hdjl/"), ("魅力银川", "/mlyc/")],
        "crumbs": '<a href="/">首页</a> &gt; <a href="/xxgk/">政府信息公开</a> &gt; '
                  '<a href="../../">部门信息公开目录</a> &gt; <a href="../">市政府办公室</a> &gt; '
                  '<a href="./">政府信息公开年报</a>',
        "side_title": "市政府办公室",
        "side": [("政府信息公开指南", "../xxgkzn_1836/", False), ("政府信息公开制度", "../xxgkzd_1837/", False),
                 ("机构职能", "../jgzn_1838/", False), ("政府信息公开年报", "./", True)],
    }
    ids = Ids(rng, 3000000, 151)
    bodies = [("银川市人民政府", True), ("银川市人民政府办公室", False)]
    items = reports(rng, bodies, list(range(2023, 2008, -1)), ids, "html")[:29]
    items = merge(items, [
        note("银川市人民政府办公室关于报送2018年度政府信息公开工作年度报告的通知", date(2018, 12, 26),
             trs_href(date(2018, 12, 26), ids(date(2018, 12, 26)))),
        note("银川市政府信息公开工作年度报告集中公开的公告", date(2016, 4, 12),
             trs_href(date(2016, 4, 12), ids(date(2016, 4, 12)))),
    ])
    assert len(items) == 31, len(items)
    assert items[0]["report"] and items[30]["report"] and items[10]["report"]
    # Fresh list F0..F30 (31 items, 4 pages of 10). The folder/index.html copy is from before F0 was published:
    # then the list was F1..F30 (3 pages) and page 0 held F1..F10.
    stale0 = items[1:11]
    fresh = chunks(items, [10, 10, 10, 1])
    pages = [(0, stale0, 3), (1, fresh[1], 4), (2, fresh[2], 4), (3, fresh[3], 4)]
    routes, served = [], []
    for n, page_items, count in pages:
        name = page_name(n, "html")
        html = head(c) + top(c) + f"""<div class="main w1200 clearfix">
{side(c)}  <div class="side-r">
    <div class="r-tit"><span>政府信息公开年报</span></div>
    <div class="list-con">
        <ul class="list">
{li_rows(page_items, 28)}
        </ul>
    </div>
    <div class="page">
{PAGER_4}<script type="text/javascript">
    createPageHTML({count}, {n}, "index", "html");
</script>
    </div>
  </div>
</div>
""" + foot(c)
        write(site, name, html)
        if n == 0:
            routes.append(route(col, name))
        routes.append(route(col + name, name))
        served.append((col + name, page_items))
    paths = report_paths(served)
    assert resolve(col, items[0]["href"]) not in paths
    assert resolve(col, items[30]["href"]) in paths
    write_json(site, "routes.json", routes)
    write_json(site, "expected.json", expected(
        col, None, paths,
        "A column whose later pages claim more pages than its first. A report was published after the cached "
        "index.html (also served for the folder) was made: index.html still says createPageHTML(3, 0, \"index\", "
        "\"html\") and lists the 10 items that were then newest, while index_1.html, index_2.html and "
        "index_3.html are fresh and say createPageHTML(4, n, \"index\", \"html\"). So index_1.html starts with the "
        "item that ends index.html (listed twice, counted once), and index_3.html exists and holds one item, the "
        "oldest report (" + items[30]["title"] + "). No page links to index_3.html except the pager calls on "
        "index_1/index_2/index_3 (count 4), so a correct crawl must take the largest page count any listing page "
        "states and fetch index_3.html. report_urls holds 28 reports: every report on the four served pages. The "
        "newest report (the one that made the cache stale) is on no served page and cannot be found, so it is "
        "not expected. 2 non-reports are excluded: a 报送…年度报告 notice and a 年度报告集中公开 公告. No item count, so "
        "claimed_total is null; the pager call is indented inside its <script>. Outcome (set by the crawler's "
        "author after this site was written with `ok`): the fresh pages state 4 pages of 10, so the column holds "
        "at least 31 items and the served pages show 30; falling short of what a column states is an error.",
        "error: listed 30 of at least 31 claimed"))


# --------------------------------------------------------------------------
# 5. trs-pager-gbk: GBK bytes labelled gb2312, div.xxgk_list table, multi-line single-quoted pager
# --------------------------------------------------------------------------
def site_gbk():
    site = "trs-pager-gbk"
    reset(site)
    rng = random.Random(65)
    col = "/xxgk/zfxxgknb/"
    c = {
        "site": "宿州市埇桥区人民政府", "host": "宿州市埇桥区人民政府办公室", "domain": "www.ahyqq.gov.cn",
        "idcode": "3413020001", "column": "政府信息公开年报", "icp": "皖ICP备05011204号",
        "police": "皖公网安备 34130202000066号", "conac": "3413020001", "province": "安徽省",
        "province_url": "https://www.ah.gov.cn/public/column/4140867?type=4",
        "nav": [("首页", "/"), ("走进埇桥", "/zjyq/"), ("政务公开", "/xxgk/"), ("政务服务", "https://www.ahzwfw.gov.cn/"),
                ("互动交流", "/hdjl/")],
        "crumbs": '<a href="/">首页</a> &gt; <a href="/xxgk/">政府信息公开</a> &gt; <a href="./">政府信息公开年报</a>',
        "side_title": "政府信息公开",
        "side": [("政府信息公开指南", "../zfxxgkzn/", False), ("政府信息公开制度", "../zfxxgkzd/", False),
                 ("法定主动公开内容", "../fdzdgknr/", False), ("政府信息公开年报", "./", True),
                 ("依申请公开", "../ysqgk/", False)],
    }
    ids = Ids(rng, 500000, 53)
    bodies = [("宿州市埇桥区人民政府", True), ("埇桥区发展和改革委员会", False), ("埇桥区财政局", False),
              ("埇桥区教育体育局", False), ("埇桥区符离镇人民政府", True)]
    items = reports(rng, bodies, [2023, 2022, 2021, 2020, 2019], ids, "html")
    items = merge(items, [
        note("埇桥区人民政府办公室关于做好政府信息公开年报编制工作的通知", date(2023, 12, 5),
             trs_href(date(2023, 12, 5), ids(date(2023, 12, 5)))),
        note("埇桥区政府信息公开目录（2022年版）", date(2022, 5, 10),
             "../fdzdgknr/" + trs_href(date(2022, 5, 10), ids(date(2022, 5, 10)))[2:]),
        note("埇桥区政务公开工作领导小组调整公告", date(2021, 4, 14),
             trs_href(date(2021, 4, 14), ids(date(2021, 4, 14)))),
        note("关于征集政府信息公开意见建议的公告", date(2019, 9, 2),
             trs_href(date(2019, 9, 2), ids(date(2019, 9, 2)))),
    ])
    assert len(items) == 29, len(items)
    pages = chunks(items, [12, 12, 5])
    routes, served = [], []
    for n, page_items in enumerate(pages):
        name = page_name(n, "html")
        rows = []
        for i, it in enumerate(page_items):
            seq = n * 12 + i + 1
            index_no = f"011460473/{it['date']:%Y}-{ids(it['date']) % 100000:05d}"
            rows.append(f"""          <tr{' class="bg"' if i % 2 else ''}>
            <td class="xh">{seq}</td>
            <td class="syh">{index_no}</td>
            <td class="bt"><a href="{it['href']}" target="_blank" title="{it['title']}">{cut(it['title'], 24, '...')}</a><script type="text/javascript">var pubDate = "{it['date']:%Y-%m-%d}"; if(isNew(pubDate, 7)){{ document.write('<img src="../../images/new.gif" alt="new">'); }}</script></td>
            <td class="rq">{it['date']:%Y-%m-%d}</td>
          </tr>""")
        html = head(c, '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">') + top(c) + \
            f"""<div class="main w1200 clearfix">
{side(c)}  <div class="side-r">
    <div class="r-tit"><span>政府信息公开年报</span></div>
    <div class="xxgk_list">
      <script type="text/javascript">
      function isNew(sDate, nDays){{
          var d = new Date(sDate.replace(/-/g, "/"));
          return (new Date() - d) < nDays * 24 * 3600 * 1000;
      }}
      </script>
      <table class="xxgk_table" width="100%" cellspacing="0" cellpadding="0">
        <thead>
          <tr><th width="8%">序号</th><th width="22%">索引号</th><th>信息名称</th><th width="14%">发布日期</th></tr>
        </thead>
        <tbody>
{chr(10).join(rows)}
        </tbody>
      </table>
      <div class="page">
{PAGER_4}<script language="javascript">
	createPageHTML(
		3,
		{n},
		'index',
		'html'
	);
</script>
      </div>
    </div>
  </div>
</div>
""" + foot(c)
        write(site, name, html, encoding="gbk")
        if n == 0:
            routes.append(route(col, name, HTML_BARE))
        routes.append(route(col + name, name, HTML_BARE))
        served.append((col + name, page_items))
    write_json(site, "routes.json", routes)
    write_json(site, "expected.json", expected(
        col, None, report_paths(served),
        "Older Anhui TRS 信息公开 column saved as GBK bytes. The page says <meta http-equiv=\"Content-Type\" "
        "content=\"text/html; charset=gb2312\"> and the HTTP Content-Type is a bare text/html, but the place name "
        "埇 (bytes 88 AC) is GBK only, not GB2312, so the label is slightly wrong and a strict gb2312 decode fails "
        "on every title. 3 pages index.html (also the folder), index_1.html, index_2.html, 12 + 12 + 5 = 29 rows. "
        "The list is a table inside <div class=\"xxgk_list\"> (序号 / 索引号 / 信息名称 / 发布日期) with a "
        "<script> block before it and a per-row <script> that writes a 'new' icon; the pager sits in the same "
        "div, and its call spreads over lines with single quotes: createPageHTML(\\n\\t\\t3,\\n\\t\\tn,\\n\\t\\t"
        "'index',\\n\\t\\t'html'\\n\\t);. Link text is cut with '...', and full titles are in title=. 25 "
        "reports (district government, 3 bureaus, 符离镇; 2019-2023); 4 non-reports excluded: a 年报编制 notice "
        "(its title contains 年报), the 2022 信息公开目录 (../fdzdgknr/…) and two 公告. No item count, so "
        "claimed_total is null."))


def main():
    for build in (site_shtml6, site_indexhtml, site_many, site_stale, site_gbk):
        build()


if __name__ == "__main__":
    main()
