"""Listing and detail pages in the style of each portal family, with their real-world chrome."""

from html import escape

from nianbao.demo.body import report_body
from nianbao.demo.catalog import DemoReport

SITES = {
    "demo-trs": {"name": "云溪市人民政府", "code": "5301000001", "icp": "滇ICP备05003731号",
                 "gongan": "滇公网安备53010002001252号", "address": "云溪市人民路1号", "zip": "650000",
                 "phone": "0871-63100000"},
    "demo-hanweb": {"name": "云溪市教育局", "code": "5301000012", "icp": "滇ICP备05003732号",
                    "gongan": "滇公网安备53010002001253号", "address": "云溪市学府路8号", "zip": "650001",
                    "phone": "0871-63100012"},
    "demo-generic": {"name": "青石县人民政府", "code": "5301270001", "icp": "滇ICP备05003740号",
                     "gongan": "滇公网安备53012702000001号", "address": "青石县城关镇政府街2号", "zip": "651200",
                     "phone": "0871-67100001"},
    "demo-gkmlpt": {"name": "海澄市人民政府", "code": "4403000001", "icp": "粤ICP备05003741号",
                    "gongan": "粤公网安备44030002001254号", "address": "海澄市福中路3号", "zip": "518000",
                    "phone": "0755-88100000"},
    "demo-trs-search": {"name": "江城市洪岭区人民政府", "code": "4201110001", "icp": "鄂ICP备05003742号",
                        "gongan": "鄂公网安备42011102001255号", "address": "江城市洪岭区珞喻路6号", "zip": "430070",
                        "phone": "027-87100000"},
    "demo-jpaas": {"name": "澄江省水利厅", "code": "3300000031", "icp": "浙ICP备05003743号",
                   "gongan": "浙公网安备33010602001256号", "address": "澄江省水利大道9号", "zip": "310009",
                   "phone": "0571-87100031"},
    "demo-hanweb-uid": {"name": "齐州市人民政府", "code": "3701000001", "icp": "鲁ICP备05003744号",
                        "gongan": "鲁公网安备37010202001257号", "address": "齐州市龙奥北路1号", "zip": "250099",
                        "phone": "0531-51700000"},
    "demo-post": {"name": "国家税费服务总局", "code": "bm29000001", "icp": "京ICP备05003745号",
                  "gongan": "京公网安备11010202001258号", "address": "北京市海淀区羊坊店西路5号", "zip": "100038",
                  "phone": "010-63410000"},
}


def contact_line(portal: str) -> str:
    """The contact the report's opening gives for questions (地址/邮编/电话), which must survive cleaning."""
    site = SITES[portal]
    return f"地址：{site['address']}，邮编：{site['zip']}，电话：{site['phone']}，电子邮箱：gk{site['code']}@example.gov.cn"


def _head(title: str, site: dict, report: DemoReport | None, charset: str) -> str:
    metas = ""
    if report:
        metas = (f'<meta name="SiteName" content="{site["name"]}"><meta name="SiteIDCode" content="{site["code"]}">'
                 f'<meta name="ColumnName" content="政府信息公开年报"><meta name="ArticleTitle" content="{escape(title)}">'
                 f'<meta name="PubDate" content="{report.published} 09:30"><meta name="ContentSource" '
                 f'content="{escape(report.agency)}">')
    return (f'<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
            f"<title>{escape(title)}_{site['name']}</title>{metas}"
            "<style>.header{height:120px} .nav li{float:left} body{font:14px/1.6 SimSun}</style>"
            "<script>var _hmt = _hmt || []; function setFont(s){document.getElementById('zoom').style.fontSize=s}"
            "</script></head>")


def _header(site: dict) -> str:
    return (f'<div class="header"><div class="top">长者模式 | 无障碍浏览 | 登录 | 注册 | 繁體版</div>'
            f'<h2 class="logo">{site["name"]}</h2><ul class="nav"><li><a href="/">首页</a></li>'
            '<li><a href="/zwgk/">政务公开</a></li><li><a href="/zwfw/">政务服务</a></li>'
            '<li><a href="/hdjl/">互动交流</a></li><li><a href="/zjyx/">走进云溪</a></li></ul></div>')


def _footer(site: dict) -> str:
    return (f'<div class="footer"><p><a href="/wzdt/">网站地图</a> | <a href="/lxwm/">联系我们</a> | 政府网站找错</p>'
            f'<p>主办单位：{site["name"]}办公室 承办单位：{site["name"]}大数据中心</p>'
            f'<p>地址：{site["address"]} 邮编：{site["zip"]} 电话：{site["phone"]}</p>'
            f'<p>网站标识码：{site["code"]} {site["icp"]} {site["gongan"]}</p>'
            '<p>建议使用1366*768分辨率 IE9以上浏览器浏览本站</p><p>党政机关</p></div>')


def _tools() -> str:
    return ('<div class="tools">【字体：<a href="javascript:setFont(16)">大</a> <a href="javascript:setFont(14)">中</a> '
            '<a href="javascript:setFont(12)">小</a>】 <a href="javascript:window.print()">打印本页</a> '
            '<a href="javascript:window.close()">关闭窗口</a> 分享到：微信 微博 QQ空间 '
            '<div class="qr">扫一扫在手机打开当前页</div></div>')


def _related(links: list[tuple[str, str]]) -> str:
    items = "".join(f'<li><a href="{href}">{escape(title)}</a></li>' for href, title in links)
    return f'<div class="related"><h3>相关链接</h3><ul>{items}</ul></div>'


def trs_detail(report: DemoReport, portal: str, related) -> str:
    """A TRS WCM article: 信息公开 metadata table, TRS_Editor body."""
    site = SITES[portal]
    meta = (f'<table class="xxgk_table"><tr><td>索引号：</td><td>{report.code}/{report.year + 1}-{report.article_id % 100000:05d}</td>'
            f'<td>主题分类：</td><td>综合政务</td></tr><tr><td>发布机构：</td><td>{escape(report.agency)}</td>'
            f'<td>成文日期：</td><td>{report.published}</td></tr><tr><td>文号：</td><td></td><td>公开方式：</td><td>主动公开</td></tr></table>')
    return (_head(report.title, site, report, "utf-8") + "<body>" + _header(site)
            + '<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 政府信息公开年报</div>'
            + meta + f'<h1 class="title">{escape(report.title)}</h1>' + _tools()
            + f'<div class="TRS_Editor"><div class="Custom_UnionStyle">{report_body(report, contact_line(report.portals[0]))}</div></div>'
            + '<div class="editor">责任编辑：李明</div>' + _related(related) + _footer(site) + "</body></html>")


def hanweb_detail(report: DemoReport, portal: str, related) -> str:
    """A Hanweb JCMS article: spaced labels, #zoom body."""
    site = SITES[portal]
    meta = (f'<div class="xxgk"><table><tr><td>索 引 号：</td><td>{report.code}/{report.year + 1}-{report.article_id % 100000:05d}</td>'
            f'<td>分　　类：</td><td>年度报告</td></tr><tr><td>发布机构：</td><td>{escape(report.agency)}</td>'
            f'<td>发文日期：</td><td>{report.published}</td></tr></table></div>')
    return (_head(report.title, site, report, "utf-8") + "<body>" + _header(site)
            + '<div class="crumb">您的位置：首页 &gt; 信息公开 &gt; 政府信息公开年报</div>' + meta
            + f'<div class="article"><h1>{escape(report.title)}</h1><div class="info">发布日期：{report.published} '
            + f'浏览次数：1024</div>{_tools()}<div id="zoom">{report_body(report, contact_line(report.portals[0]))}</div></div>'
            + _related(related) + _footer(site) + "</body></html>")


def generic_detail(report: DemoReport, portal: str, related) -> str:
    """An old ASP site: layout tables and no recognisable body container; served as GBK."""
    site = SITES[portal]
    return (_head(report.title, site, None, "gb2312") + '<body><table width="1000" align="center"><tr><td>'
            + _header(site) + '</td></tr><tr><td class="crumb">当前位置：首页 &gt;&gt; 信息公开 &gt;&gt; 年度报告</td></tr>'
            + f'<tr><td align="center"><font size="5"><b>{escape(report.title)}</b></font></td></tr>'
            + f'<tr><td align="center">发布时间：{report.published}　来源：{escape(report.agency)}　【字体：大 中 小】</td></tr>'
            + f'<tr><td class="nr">{report_body(report, contact_line(report.portals[0]))}</td></tr>'
            + f'<tr><td>{_related(related)}</td></tr><tr><td>{_footer(site)}</td></tr></table></body></html>')


def notice_detail(portal: str) -> str:
    """The notice about reports that must never be archived as one."""
    site = SITES[portal]
    return (_head("关于做好年度报告工作的通知", site, None, "utf-8") + "<body><div class='TRS_Editor'>"
            + "<p>各县（市、区）人民政府，市直各部门：请于1月31日前完成本单位政府信息公开工作年度报告的编制和发布工作。</p>"
            + "</div></body></html>")


def removed_notice(portal: str) -> str:
    """What a portal serves, with status 200, where a taken-down article was: the site chrome and one sentence."""
    site = SITES[portal]
    return (_head("提示信息", site, None, "utf-8") + "<body>" + _header(site)
            + '<div class="main"><div class="tips"><p>对不起，您访问的信息已删除或已过期！</p>'
            + '<p><a href="/">返回首页</a></p></div></div>' + _footer(site) + "</body></html>")


def trs_listing(items: list[tuple[str, str, str]], page: int, pages: int, portal: str) -> str:
    """A TRS column page: list items, then createPageHTML(pages, page, "index", "html")."""
    site = SITES[portal]
    lis = "".join(f'<li><a href="{href}" title="{escape(title)}" target="_blank">{escape(title[:18])}…</a>'
                  f'<span class="date">{date}</span></li>' for href, title, date in items)
    return (_head("政府信息公开年报", site, None, "utf-8") + "<body>" + _header(site)
            + '<div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 政府信息公开年报</div>'
            + f'<div class="list"><ul class="list-ul">{lis}</ul></div><div class="page">'
            + f'<script language="JavaScript">createPageHTML({pages}, {page}, "index", "html");</script></div>'
            + _footer(site) + "</body></html>")


def hanweb_record(href: str, title: str, date: str) -> str:
    """One <record> of a Hanweb <datastore>."""
    return (f'<record><![CDATA[<li><a href="{href}" title="{escape(title)}" target="_blank">{escape(title)}</a>'
            f'<span>{date}</span></li>]]></record>')


def hanweb_datastore(records: list[str], total: int, columnid: str, unitid: str, webid: str,
                     nextgroup: str | None = None, per_page: int | None = None) -> str:
    """The <datastore> XML a Hanweb column embeds and dataproxy.jsp answers; nextgroup defaults to the proxy,
    the page count to the total over the records shown."""
    nextgroup = nextgroup or (f"/module/web/jpage/dataproxy.jsp?page=1&webid={webid}&path=/&columnid={columnid}"
                              f"&unitid={unitid}&webname=%E4%BA%91%E6%BA%AA&permissiontype=0")
    pages = -(-total // (per_page or max(1, len(records))))
    return (f"<datastore><totalrecord>{total}</totalrecord><totalpage>{pages}</totalpage>"
            f'<nextgroup><![CDATA[<a href="{nextgroup}"></a>]]></nextgroup>'
            f"<recordset>{''.join(records)}</recordset></datastore>")


def hanweb_column(store: str, portal: str, unitid: str, perpage: int, total: int) -> str:
    """A Hanweb column page with its embedded datastore and jpage script."""
    site = SITES[portal]
    return (_head("政府信息公开年报", site, None, "utf-8") + "<body>" + _header(site)
            + f'<div class="crumb">您的位置：首页 &gt; 信息公开 &gt; 政府信息公开年报</div><div id="{unitid}">'
            + f'<script type="text/xml">{store}</script></div>'
            + '<script language="javascript" src="/module/jslib/jquery/jpage/jpage.js"></script>'
            + f"<script>$('#{unitid}').jpage({{dataStore: dataStore, perPage: {perpage}, totalRecord: {total}, "
            + "proxyUrl: '/module/web/jpage/dataproxy.jsp', groupSize: 1}});</script>" + _footer(site) + "</body></html>")


def generic_listing(items: list[tuple[str, str, str]], page: int, pages: int, portal: str) -> str:
    """An ASP list page in layout tables with 首页 / 上一页 / numbers / 下一页 / 尾页."""
    site = SITES[portal]
    rows = "".join(f'<tr><td class="bt">·<a href="{href}" target="_blank">{escape(title)}</a></td>'
                   f'<td class="rq">[{date}]</td></tr>' for href, title, date in items)
    pager = ['<a href="list.asp?page=1">首页</a>']
    if page > 1:
        pager.append(f'<a href="list.asp?page={page - 1}">上一页</a>')
    pager += [f'<a href="list.asp?page={n}">{n}</a>' if n != page else f"<b>{n}</b>" for n in range(1, pages + 1)]
    if page < pages:
        pager.append(f'<a href="list.asp?page={page + 1}">下一页</a>')
    pager.append(f'<a href="list.asp?page={pages}">尾页</a>')
    return (_head("年度报告", site, None, "gb2312") + '<body><table width="1000" align="center"><tr><td>' + _header(site)
            + '</td></tr><tr><td>当前位置：首页 &gt;&gt; 信息公开 &gt;&gt; 年度报告</td></tr>'
            + f'<tr><td><table class="list">{rows}</table></td></tr><tr><td class="pager">{" ".join(pager)}</td></tr>'
            + f"<tr><td>{_footer(site)}</td></tr></table></body></html>")


def nav_page(portal: str, title: str, links: list[tuple[str, str]], charset: str = "utf-8") -> str:
    """A home or section page: the site's chrome and a list of links by their text, as discovery sees them."""
    site = SITES[portal]
    items = "".join(f'<li><a href="{href}">{escape(text)}</a></li>' for text, href in links)
    return (_head(title, site, None, charset) + "<body>" + _header(site) + f'<div class="main"><h2>{escape(title)}</h2>'
            f'<ul class="links">{items}</ul></div>' + _footer(site) + "</body></html>")
