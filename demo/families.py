"""Demo sites of the listing families that load their lists by API: gkmlpt, TRS search, jpaas, Hanweb uid, POST.

Each site serves its column the way docs/portals.md and tests/files/real-portals.yaml describe,
checks the parameters a real API checks, and answers report pages the existing renderers draw.
"""

import json
import random
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from html import escape
from http.server import ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from nianbao.demo import pages
from nianbao.demo.catalog import SEED, DemoReport, make_report
from nianbao.demo.site import NOT_FOUND, Hit, QuietHandler, Route, serve, stop_servers

GKMLPT, TRS_SEARCH, JPAAS, HANWEB_UID, POST = "demo-gkmlpt", "demo-trs-search", "demo-jpaas", "demo-hanweb-uid", "demo-post"
FAMILY = {GKMLPT: "gkmlpt", TRS_SEARCH: "trs", JPAAS: "jpaas", HANWEB_UID: "hanweb", POST: "post"}
BODIES = (
    (GKMLPT, "海澄市文化广电旅游体育局", (2021, 2022, 2023), "11440300MB2C123450"),
    (GKMLPT, "海澄市坪洲区人民政府", (2022, 2023), "11440300MB2C123461"),
    (TRS_SEARCH, "江城市洪岭区人民政府", (2019, 2020, 2021, 2022, 2023), "11420111MB0000001X"),
    (TRS_SEARCH, "江城市洪岭区民政局", (2021, 2022, 2023), "11420111MB00000028"),
    (JPAAS, "澄江省水利厅", (2020, 2021, 2022, 2023), "113300000025000001"),
    (HANWEB_UID, "齐州市人民政府", (2019, 2020, 2021, 2022, 2023), "113701000040000001"),
    (HANWEB_UID, "齐州市财政局", (2021, 2022, 2023), "113701000040000002"),
    (POST, "国家税费服务总局", (2018, 2019, 2020, 2021, 2022, 2023), "11100000000013127R"),
)
HTML, JSON = "text/html; charset=utf-8", "application/json;charset=UTF-8"
CHINA = timezone(timedelta(hours=8))
BAD_REQUEST = 400

GKMLPT_SID, GKMLPT_CATEGORY, GKMLPT_PER_PAGE = "755041", "2629", 2
TRS_COLUMN, TRS_CHANNEL, TRS_INDEX, TRS_PER_PAGE = "/xxgk/zfxxgknb/", "10086", "hlq-xxgk", 3
JPAAS_COLUMN_ID, JPAAS_WEB_ID, JPAAS_TPL, JPAAS_PAGE_ID = "1229500001", "ZjSlt8Yd3kPqW2", "Hq2vXo9wN4", "pg7Rk2Lm"
JPAAS_GATEWAY, JPAAS_SERVER_PAGE_SIZE = "/api-gateway/jpaas-publish-server/front/page/build/unit", 3
HANWEB_COLUMN_ID, HANWEB_UNIT, HANWEB_PER_PAGE = "1229600001", "7654321", 3
POST_PAGE, POST_API, POST_CHANNEL, POST_SIZE = ("/chinatax/n810214/c102384r/index.html", "/getFileListByCodeId",
                                                "61eaab3127b040d4950fff177f09e561", 4)


def family_catalog() -> list[DemoReport]:
    """Every report of the family sites, the same on every run."""
    rng = random.Random(f"{SEED}-families")
    reports: list[DemoReport] = []
    for number, (portal, agency, years, code) in enumerate(BODIES):
        for year in years:
            reports.append(make_report(rng, reports, agency, year, (portal,), code, 100 + number))
    return reports


def _day(report: DemoReport) -> date:
    return date.fromisoformat(report.published)


def detail_path(portal: str, report: DemoReport) -> str:
    """Where a family site serves a report."""
    day, article = _day(report), report.article_id
    if portal == GKMLPT:
        return f"/gkmlpt/content/4/{article // 1000}/post_{article}.html"
    if portal == TRS_SEARCH:
        return f"{TRS_COLUMN}{day:%Y%m}/t{day:%Y%m%d}_{article}.shtml"
    if portal in (JPAAS, HANWEB_UID):
        column = JPAAS_COLUMN_ID if portal == JPAAS else HANWEB_COLUMN_ID
        return f"/art/{day.year}/{day.month}/{day.day}/art_{column}_{article}.html"
    return f"/chinatax/n810214/c102384r/c{article}/content.html"


@dataclass
class FamilySite:
    """One family site: static routes, the reports it lists (newest first) and what it was asked."""

    id: str
    start_path: str
    listed: list[DemoReport]
    routes: dict[str, Route] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)

    def items(self) -> list[tuple[str, str, str]]:
        """(path, title, date) of each listed report, newest first."""
        return [(detail_path(self.id, r), r.title, r.published) for r in self.listed]


def _page(site: str, title: str, body: str) -> str:
    """A page in the site's chrome (header, footer) around body."""
    chrome = pages.SITES[site]
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(title)}_{chrome["name"]}</title>'
            f'<meta name="SiteName" content="{chrome["name"]}"></head><body>'
            f'<div class="header"><h2>{chrome["name"]}</h2></div>{body}'
            f'<div class="footer">主办单位：{chrome["name"]} 网站标识码：{chrome["code"]} {chrome["icp"]}</div>'
            "</body></html>")


def _json(data) -> Route:
    return Route(json.dumps(data, ensure_ascii=False).encode("utf-8"), JSON)


def _chunk(items: list, number: int, size: int) -> list:
    return items[(number - 1) * size:number * size]


def _epoch(published: str) -> int:
    return int(datetime.fromisoformat(published).replace(hour=9, tzinfo=CHINA).timestamp())


# --- gkmlpt: /gkmlpt/index → window._CONFIG SID + category links → /gkmlpt/api/all/<cat>?page=N&sid=SID

def _gkmlpt_index(site: FamilySite) -> str:
    nav = "".join(f'<li><a href="/gkmlpt/{path}#{cid}">{name}</a></li>' for path, cid, name in (
        ("policy", "2620", "政策文件"), ("guide", "2627", "政府信息公开指南"),
        ("annualreport", GKMLPT_CATEGORY, "政府信息公开年报"), ("system", "2628", "政府信息公开制度")))
    script = (f"<script>window._CONFIG = {{SID: '{GKMLPT_SID}', SITE_NAME: '海澄市人民政府', "
              "API_ROOT: '/gkmlpt/api', DEPARTMENT: ''};</script>")
    return _page(site.id, "政府信息公开目录", f'{script}<div class="gkml-nav"><ul>{nav}</ul></div>'
                 '<div id="app">正在加载……</div><script src="/gkmlpt/static/js/app.js"></script>')


def _gkmlpt_api(site: FamilySite, path: str, query: dict) -> Route | None:
    if not path.startswith("/gkmlpt/api/all/"):
        return None
    if query.get("sid") != GKMLPT_SID:
        return Route(b'{"code":400,"msg":"sid error"}', JSON, BAD_REQUEST)
    listed = site.listed if path.rsplit("/", 1)[1] == GKMLPT_CATEGORY else []
    number = int(query.get("page") or 1)
    articles = [{"id": r.article_id, "title": r.title, "url": f"{{base}}{detail_path(site.id, r)}",
                 "publisher": r.agency, "display_publish_time": _epoch(r.published),
                 "first_publish_time": _epoch(r.published), "identifier": f"{r.code}/{r.year + 1}-{r.article_id}"}
                for r in _chunk(listed, number, GKMLPT_PER_PAGE)]
    return _json({"articles": articles, "total": len(listed), "classify": {"id": GKMLPT_CATEGORY, "name": "年报"}})


# --- TRS with the IGS search API: three newest items static, the rest from /igs/front/search/list.html

def _trs_search_index(site: FamilySite) -> str:
    lis = "".join(f'<li><a href=".{href[len(TRS_COLUMN) - 1:]}" title="{escape(title)}">{escape(title)}</a>'
                  f"<span>{day}</span></li>" for href, title, day in site.items()[:TRS_PER_PAGE])
    script = ("<script>function loadPage(page){$.ajax({url: '/igs/front/search/list.html', type: 'get', "
              f"dataType: 'json', data: {{index: '{TRS_INDEX}', type: 'xxgk', 'filter[CHANNELID]': '{TRS_CHANNEL}', "
              f"pageSize: {TRS_PER_PAGE}, pageNumber: page, orderProperty: 'PUBDATE', orderDirection: 'desc'}}, "
              "success: function(d){render(d.page.content)}});}</script>")
    return _page(site.id, "政府信息公开年报", '<div class="crumb">当前位置：首页 &gt; 信息公开 &gt; 政府信息公开年报</div>'
                 f'<ul class="list" id="list">{lis}</ul><div id="pager"></div>{script}')


def _trs_search_api(site: FamilySite, path: str, query: dict) -> Route | None:
    if path != "/igs/front/search/list.html":
        return None
    if query.get("index") != TRS_INDEX or query.get("filter[CHANNELID]") != TRS_CHANNEL:
        return Route(b'{"success":false,"message":"index not found"}', JSON, BAD_REQUEST)
    size, number = int(query.get("pageSize") or 10), int(query.get("pageNumber") or 1)
    content = [{"DOCTITLE": f"<em>{r.title}</em>", "DOCPUBURL": f"{{base}}{detail_path(site.id, r)}",
                "PUBDATE": f"{r.published} 09:00:00", "CHNLDESC": "政府信息公开年报", "DOCID": r.article_id}
               for r in _chunk(site.listed, number, size)]
    total = len(site.listed)
    return _json({"page": {"content": content, "total": total, "totalPages": -(-total // size), "size": size,
                           "number": number}})


# --- Hanweb jpaas: a unitbuild script's queryData; pages of list HTML from the publish-server gateway

def _jpaas_column(site: FamilySite) -> str:
    query = (f"{{'webId':'{JPAAS_WEB_ID}','pageId':'{JPAAS_PAGE_ID}','tplSetId':'{JPAAS_TPL}',"
             f"'tagId':'当前栏目list','columnId':'{JPAAS_COLUMN_ID}'}}")
    return _page(site.id, "政府信息公开年报", '<div class="crumb">首页 &gt; 政务公开 &gt; 政府信息公开年报</div>'
                 f'<div id="unit-list"></div><script src="/module/jpage/unitbuild.js" url="{JPAAS_GATEWAY}" '
                 f'queryData="{query}"></script>')


def _jpaas_api(site: FamilySite, path: str, query: dict) -> Route | None:
    if path != JPAAS_GATEWAY:
        return None
    wanted = {"webId": JPAAS_WEB_ID, "pageId": JPAAS_PAGE_ID, "tplSetId": JPAAS_TPL, "parseType": "bulidstatic"}
    if any(query.get(k) != v for k, v in wanted.items()):
        return _json({"success": False, "code": "400", "message": "参数错误"})
    number = int(json.loads(query.get("paramJson") or "{}").get("pageNo") or 1)
    # The server keeps its own page size, whatever the client asks for.
    rows = "".join(f'<li><a href="{href}" title="{escape(title)}" target="_blank">{escape(title)}</a>'
                   f"<span>{day}</span></li>" for href, title, day in _chunk(site.items(), number, JPAAS_SERVER_PAGE_SIZE))
    return _json({"success": True, "code": "200", "data": {"html": f'<ul class="list">{rows}</ul>'}})


# --- Hanweb JCMS, GET paging: /col/col<id>/index.html?uid=<unit>&pageNum=N

def _hanweb_uid_column(site: FamilySite, number: int) -> str:
    chunk = _chunk(site.items(), number, HANWEB_PER_PAGE)
    column = f"/col/col{HANWEB_COLUMN_ID}/index.html"
    store = pages.hanweb_datastore([pages.hanweb_record(*item) for item in chunk], len(site.listed),
                                   HANWEB_COLUMN_ID, HANWEB_UNIT, "", nextgroup=f"{column}?uid={HANWEB_UNIT}&pageNum=2",
                                   per_page=HANWEB_PER_PAGE)
    return _page(site.id, "政府信息公开年报", '<div class="crumb">您的位置：首页 &gt; 政府信息公开 &gt; 年度报告</div>'
                 f'<div id="{HANWEB_UNIT}"><script type="text/xml">{store}</script></div>'
                 f"<script>$('#{HANWEB_UNIT}').jpage({{perPage: {HANWEB_PER_PAGE}, pageUrl: "
                 f"'{column}?uid={HANWEB_UNIT}&pageNum='}});</script>")


def _hanweb_uid_api(site: FamilySite, path: str, query: dict) -> Route | None:
    if path != f"/col/col{HANWEB_COLUMN_ID}/index.html" or "pageNum" not in query:
        return None
    if query.get("uid") != HANWEB_UNIT:
        return Route(NOT_FOUND, status=404)
    return Route(_hanweb_uid_column(site, int(query["pageNum"])).encode("utf-8"))


# --- A list the page's script POSTs for (the tax administration's getFileListByCodeId)

def _post_page(site: FamilySite) -> str:
    script = ("<script>var pageNo = 1; function getList(pageNo){$.ajax({url: '/getFileListByCodeId', "
              f"type: 'POST', dataType: 'json', data: {{channelId: '{POST_CHANNEL}', page: pageNo, size: {POST_SIZE}}}, "
              "success: function(res){showList(res.results.data.results)}});} getList(1);</script>")
    return _page(site.id, "政府信息公开", '<div class="tabs"><span>政府信息公开指南</span><span class="on">政府信息公开年报</span>'
                 f'</div><ul id="fileList"></ul>{script}')


def _post_api(site: FamilySite, path: str, form: dict) -> Route | None:
    if path != POST_API:
        return None
    if form.get("channelId") != POST_CHANNEL:
        return _json({"code": 500, "msg": "channelId error"})
    size, number = int(form.get("size") or 10), int(form.get("page") or 1)
    results = [{"title": r.title, "url": f"{{base}}{detail_path(site.id, r)}", "publishedTimeStr": r.published,
                "domainMetaList": [{"name": "发布机构", "value": r.agency}]}
               for r in _chunk(site.listed, number, size)]
    return _json({"code": 200, "msg": "成功", "results": {"data": {"results": results, "total": len(site.listed)}}})


START = {GKMLPT: "/gkmlpt/index", TRS_SEARCH: f"{TRS_COLUMN}index.shtml", JPAAS: f"/col/col{JPAAS_COLUMN_ID}/index.html",
         HANWEB_UID: f"/col/col{HANWEB_COLUMN_ID}/index.html", POST: f"{POST_PAGE}?tab=gknb"}
COLUMN = {GKMLPT: _gkmlpt_index, TRS_SEARCH: _trs_search_index, JPAAS: _jpaas_column,
          HANWEB_UID: lambda site: _hanweb_uid_column(site, 1), POST: _post_page}
GET_API = {GKMLPT: _gkmlpt_api, TRS_SEARCH: _trs_search_api, JPAAS: _jpaas_api, HANWEB_UID: _hanweb_uid_api}
RENDER = {GKMLPT: pages.trs_detail, TRS_SEARCH: pages.trs_detail, JPAAS: pages.hanweb_detail,
          HANWEB_UID: pages.hanweb_detail, POST: pages.generic_detail}
# Home pages lead to the column by link text, one or two clicks deep, for discovery.
HOME_PATH = {GKMLPT: [("政府信息公开", "/gkmlpt/index")], JPAAS: [("政务公开", "/zwgk/"), ("政府信息公开年报", "START")]}


def _home(site: FamilySite, links: list[tuple[str, str]]) -> None:
    first_text, first_href = links[0]
    site.routes["/"] = Route(_page(site.id, "首页", f'<ul class="nav"><li><a href="/">首页</a></li>'
                                   f'<li><a href="{first_href}">{first_text}</a></li><li><a href="/hdjl/">互动交流</a>'
                                   "</li></ul>").encode("utf-8"))
    if len(links) > 1:
        text, href = links[1]
        href = site.start_path if href == "START" else href
        site.routes[first_href] = Route(_page(site.id, first_text, '<ul><li><a href="/zwgk/zn/">政府信息公开指南</a></li>'
                                              f'<li><a href="{href}">{text}</a></li></ul>').encode("utf-8"))


def build_sites(catalog: list[DemoReport]) -> dict[str, FamilySite]:
    """The family sites with their static pages."""
    sites = {}
    for portal in FAMILY:
        listed = sorted((r for r in catalog if portal in r.portals), key=lambda r: (-r.year, r.agency))
        site = FamilySite(portal, START[portal], listed)
        site.routes[site.start_path] = Route(COLUMN[portal](site).encode("utf-8"))
        for report in listed:
            site.routes[detail_path(portal, report)] = Route(RENDER[portal](report, portal, []).encode("utf-8"))
        if portal in HOME_PATH:
            _home(site, HOME_PATH[portal])
        sites[portal] = site
    return sites


def _handler(site: FamilySite):
    class Handler(QuietHandler):
        """Static routes, then the site's API; unknown paths 404."""

        def _send(self, route: Route) -> None:
            site.hits.append(Hit(self.command, self.path, dict(self.headers), route.status, time.monotonic()))
            host, port = self.server.server_address[:2]
            body = route.body.replace(b"{base}", f"http://{host}:{port}".encode()) if route.content_type == JSON else route.body
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            parts = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            api = GET_API.get(site.id)
            route = site.routes.get(self.path) or (api and api(site, parts.path, query)) or site.routes.get(parts.path)
            self._send(route or Route(NOT_FOUND, status=404))

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode()
            if "json" in (self.headers.get("Content-Type") or ""):
                form = {k: str(v) for k, v in json.loads(raw or "{}").items()}
            else:
                form = {k: v[0] for k, v in parse_qs(raw).items()}
            route = _post_api(site, urlsplit(self.path).path, form) if site.id == POST else None
            self._send(route or Route(b"method not allowed", "text/plain", 405))

    return Handler


class FamilySites:
    """The family demo sites, each on its own 127.0.0.1 port."""

    def __init__(self, host: str = "127.0.0.1"):
        self.host = host
        self.catalog = family_catalog()
        self.sites = build_sites(self.catalog)
        self.servers: dict[str, ThreadingHTTPServer] = {}

    def start(self) -> "FamilySites":
        """Bind and serve every site on a free port."""
        for site in self.sites.values():
            self.servers[site.id] = serve(self.host, 0, _handler(site))
        return self

    def stop(self) -> None:
        """Shut every server down."""
        stop_servers(self.servers.values())

    def url(self, portal: str, path: str = "") -> str:
        """Absolute URL of a path on a site."""
        return f"http://{self.host}:{self.servers[portal].server_address[1]}{path}"

    def registry_rows(self) -> list[dict]:
        """Registry rows for the running sites, each naming its family."""
        return [{"id": portal, "name": pages.SITES[portal]["name"], "family": FAMILY[portal], "region": "演示",
                 "start_url": self.url(portal, site.start_path)} for portal, site in self.sites.items()]
