"""Serve the demo portals on 127.0.0.1, one server (host:port) per portal, as real sites would be."""

import hashlib
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from nianbao.demo import pages
from nianbao.demo.catalog import (
    DEAD_TITLE,
    GENERIC,
    HANWEB,
    NOTICE_TITLE,
    ROBOTS_TITLE,
    TRS,
    DemoReport,
    build_catalog,
    next_report,
)

TRS_COLUMN = "/zwgk/zfxxgknb/"
TRS_PER_PAGE = 5
HANWEB_COLUMN_ID, HANWEB_UNIT_ID, HANWEB_WEB_ID = "1229165988", "6101313", "3095"
HANWEB_COLUMN = f"/col/col{HANWEB_COLUMN_ID}/index.html"
HANWEB_PER_PAGE = 4
GENERIC_LIST = "/xxgk/ndbg/list.asp"
GENERIC_PER_PAGE = 5
ROBOTS = b"User-agent: *\nDisallow: /admin/\n"
ROBOTS_PATH = "/admin/preview/t20200301_1.html"
# A listed report whose page is gone: the TRS column still links it.
DEAD_PATH = f"{TRS_COLUMN}202001/t20200115_99999.html"
# Static-page families send validators and answer conditional requests; the old ASP site sends none.
VALIDATED = (TRS, HANWEB)
# The demo's places are made up; each portal's division is the one its bodies' 统一社会信用代码 carry
# (1153010… for 云溪市's bodies, 1153012700… for 青石县's: catalog.BODIES).
DIVISIONS = {TRS: "530100", HANWEB: "530100", GENERIC: "530127"}
FOUND = 302
NOT_MODIFIED = 304
SERVICE_UNAVAILABLE = 503
NOT_FOUND = "<html><body><h1>404 页面不存在</h1></body></html>".encode()
# What anti-bot gateways answer a client without their cookie: a script that sets it and reloads.
CHALLENGE = (b"<html><head><script>document.cookie='__jsl_clearance=1700000000.1|0|abc';"
             b"location.href=location.pathname+location.search</script></head><body></body></html>")
NOTICE, GONE = "notice", "404"
HTML = "text/html; charset=utf-8"
RELATED_LINKS = 2


@dataclass
class Route:
    """A canned answer."""

    body: bytes
    content_type: str = HTML
    status: int = 200
    etag: str | None = None
    modified: datetime | None = None


@dataclass
class Portal:
    """One demo site: its routes and the reports it lists."""

    id: str
    start_path: str
    routes: dict[str, Route] = field(default_factory=dict)
    records: list[str] = field(default_factory=list)
    log: list[tuple[str, str]] = field(default_factory=list)
    hits: list["Hit"] = field(default_factory=list)
    blocked: int | None = None
    delay: float = 0.0
    unavailable: dict[str, int] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Hit:
    """One request as the server saw it, for tests of what the crawler sent."""

    method: str
    path: str
    headers: dict
    status: int
    at: float


def _day(report: DemoReport) -> date:
    return date.fromisoformat(report.published)


def _detail_path(portal: str, report: DemoReport) -> str:
    day = _day(report)
    if portal == TRS:
        return f"{TRS_COLUMN}{day:%Y%m}/t{day:%Y%m%d}_{report.article_id}.html"
    if portal == HANWEB:
        return f"/art/{day.year}/{day.month}/{day.day}/art_{HANWEB_COLUMN_ID}_{report.article_id}.html"
    return f"/xxgk/ndbg/show.asp?id={report.article_id}"


def _encode(html: str, portal: str) -> Route:
    if portal == GENERIC:
        return Route(html.encode("gbk", errors="xmlcharrefreplace"), "text/html")
    return Route(html.encode("utf-8"))


def build_portals(catalog: list[DemoReport], removed: dict | None = None) -> dict[str, Portal]:
    """The three demo sites with every page they serve; removed reports are unlisted, then 404 or a notice."""
    removed = removed or {}
    sites = {TRS: Portal(TRS, f"{TRS_COLUMN}index.html"), HANWEB: Portal(HANWEB, HANWEB_COLUMN),
             GENERIC: Portal(GENERIC, f"{GENERIC_LIST}?page=1")}
    render = {TRS: pages.trs_detail, HANWEB: pages.hanweb_detail, GENERIC: pages.generic_detail}
    for site in sites.values():
        listed = sorted((r for r in catalog if site.id in r.portals), key=lambda r: (-r.year, r.agency))
        for report in listed:
            if removed.get((report.agency, report.year)) == NOTICE:
                site.routes[_detail_path(site.id, report)] = _encode(pages.removed_notice(site.id), site.id)
        listed = [r for r in listed if (r.agency, r.year) not in removed]
        items = [(_detail_path(site.id, r), r.title, r.published) for r in listed]
        for number, (report, item) in enumerate(zip(listed, items)):
            # The neighbours in the column, as CMS "上一篇 / 下一篇" blocks show: a new or removed report
            # changes the pages next to it, and only those.
            window = items[max(0, number - RELATED_LINKS // 2):number + RELATED_LINKS // 2 + 1]
            related = [(href, title) for href, title, _ in window if href != item[0]]
            site.routes[item[0]] = _encode(render[site.id](report, site.id, related), site.id)
        if site.id in (TRS, GENERIC):
            notice = f"{TRS_COLUMN}202212/t20221201_1.html" if site.id == TRS else "/xxgk/ndbg/show.asp?id=1"
            site.routes[notice] = _encode(pages.notice_detail(site.id), site.id)
            items.insert(1, (notice, NOTICE_TITLE, "2022-12-01"))
        if site.id == TRS:
            items.insert(3, (DEAD_PATH, DEAD_TITLE, "2020-01-15"))
            items.insert(4, (ROBOTS_PATH, ROBOTS_TITLE, "2020-03-01"))
        _add_listing(site, items)
        for path, (title, links) in _navigation(site).items():
            charset = "gb2312" if site.id == GENERIC else "utf-8"
            site.routes[path] = _encode(pages.nav_page(site.id, title, links, charset), site.id)
    return sites


def _navigation(site: Portal) -> dict[str, tuple[str, list[tuple[str, str]]]]:
    """Home and section pages leading to the 年报 column by link text: two clicks deep, three on the Hanweb site."""
    column = site.start_path
    section = {TRS: ("/zwgk/", "政务公开"), HANWEB: ("/zwgk/", "政务公开"), GENERIC: ("/xxgk/", "信息公开")}[site.id]
    home = ("首页", [("首页", "/"), (section[1], section[0]), ("政务服务", "/zwfw/"), ("互动交流", "/hdjl/")])
    guide = [("政府信息公开指南", "/zwgk/zn/"), ("政府信息公开制度", "/zwgk/zd/")]
    if site.id == HANWEB:
        return {"/": home, section[0]: (section[1], [*guide, ("政府信息公开", "/col/col1229000002/index.html")]),
                "/col/col1229000002/index.html": ("政府信息公开", [("法定主动公开内容", "/col/col1229000003/index.html"),
                                                                   ("政府信息公开年报", column)])}
    return {"/": home, section[0]: (section[1], [*guide, ("政府信息公开年报" if site.id == TRS else "年度报告", column)])}


def _relative(href: str) -> str:
    return "./" + href[len(TRS_COLUMN):] if href.startswith(TRS_COLUMN) else href


def _add_listing(site: Portal, items: list[tuple[str, str, str]]) -> None:
    if site.id == TRS:
        chunks = [items[i:i + TRS_PER_PAGE] for i in range(0, len(items), TRS_PER_PAGE)]
        for number, chunk in enumerate(chunks):
            html = pages.trs_listing([(_relative(h), t, d) for h, t, d in chunk], number, len(chunks), site.id)
            name = "index.html" if number == 0 else f"index_{number}.html"
            site.routes[TRS_COLUMN + name] = _encode(html, site.id)
        site.routes[TRS_COLUMN] = site.routes[TRS_COLUMN + "index.html"]
    elif site.id == HANWEB:
        site.records = [pages.hanweb_record(h, t, d) for h, t, d in items]
        store = pages.hanweb_datastore(site.records[:HANWEB_PER_PAGE], len(items), HANWEB_COLUMN_ID,
                                       HANWEB_UNIT_ID, HANWEB_WEB_ID)
        html = pages.hanweb_column(store, site.id, HANWEB_UNIT_ID, HANWEB_PER_PAGE, len(items))
        site.routes[HANWEB_COLUMN] = _encode(html, site.id)
    else:
        chunks = [items[i:i + GENERIC_PER_PAGE] for i in range(0, len(items), GENERIC_PER_PAGE)]
        for number, chunk in enumerate(chunks, start=1):
            html = pages.generic_listing(chunk, number, len(chunks), site.id)
            site.routes[f"{GENERIC_LIST}?page={number}"] = _encode(html, site.id)
    site.routes["/robots.txt"] = Route(ROBOTS, "text/plain")


def _not_modified(route: Route, headers) -> bool:
    """RFC 9110: If-None-Match decides when sent; else If-Modified-Since against Last-Modified."""
    if route.etag and headers.get("If-None-Match"):
        return route.etag in [tag.strip() for tag in headers["If-None-Match"].split(",")]
    if route.modified and headers.get("If-Modified-Since"):
        try:
            return route.modified <= parsedate_to_datetime(headers["If-Modified-Since"])
        except (TypeError, ValueError):
            return False
    return False


class QuietHandler(BaseHTTPRequestHandler):
    """A request handler that writes no access log (tests and benchmarks would drown in it)."""

    def log_message(self, *args):
        """Log nothing."""
        return

    def redirect(self, location: str) -> None:
        """Answer 302 to location, with an empty body."""
        self.send_response(FOUND)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()


def _handler(site: Portal):
    class Handler(QuietHandler):
        """Answers from the site's routes; Hanweb's dataproxy.jsp checks the form like the real one."""

        def _send(self, route: Route, status: int | None = None) -> None:
            status = status or route.status
            site.hits.append(Hit(self.command, self.path, dict(self.headers), status, time.monotonic()))
            self.send_response(status)
            self.send_header("Content-Type", route.content_type)
            if route.etag:
                self.send_header("ETag", route.etag)
            if route.modified:
                self.send_header("Last-Modified", format_datetime(route.modified, usegmt=True))
            body = b"" if status == NOT_MODIFIED else route.body
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            site.log.append(("GET", self.path))
            time.sleep(site.delay)
            if site.blocked and self.path != "/robots.txt":
                self._send(Route(CHALLENGE, status=site.blocked))
                return
            if self.path in site.redirects:
                self.redirect(site.redirects[self.path])
                return
            if site.unavailable.get(self.path):
                site.unavailable[self.path] -= 1
                self._send(Route(b"Service Unavailable", "text/plain", SERVICE_UNAVAILABLE))
                return
            route = site.routes.get(self.path) or Route(NOT_FOUND, status=404)
            self._send(route, NOT_MODIFIED if route.status == 200 and _not_modified(route, self.headers) else None)

        def do_POST(self):
            site.log.append(("POST", self.path))
            time.sleep(site.delay)
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            query = {k: int(v[0]) for k, v in parse_qs(urlsplit(self.path).query).items() if v[0].isdigit()}
            wanted = {"columnid": HANWEB_COLUMN_ID, "unitid": HANWEB_UNIT_ID, "webid": HANWEB_WEB_ID}
            if site.blocked:
                self._send(Route(CHALLENGE, status=site.blocked))
                return
            if (urlsplit(self.path).path != "/module/web/jpage/dataproxy.jsp" or not site.records
                    or any(form.get(k) != v for k, v in wanted.items()) or "startrecord" not in query):
                self._send(Route(b"bad request", "text/plain", 400))
                return
            chosen = site.records[query["startrecord"] - 1:query.get("endrecord", len(site.records))]
            store = pages.hanweb_datastore(chosen, len(site.records), HANWEB_COLUMN_ID, HANWEB_UNIT_ID,
                                           HANWEB_WEB_ID)
            self._send(Route(store.encode("utf-8"), "text/xml; charset=utf-8"))

    return Handler


def _validate(site: Portal, before: dict[str, Route]) -> None:
    """Give a static site's pages an ETag and a Last-Modified that moves only when the page's bytes change."""
    now = datetime.now(UTC).replace(microsecond=0)
    for path, route in site.routes.items():
        route.etag = '"' + hashlib.sha1(route.body).hexdigest()[:16] + '"'
        old = before.get(path)
        route.modified = old.modified if old and old.etag == route.etag else now


def serve(host: str, port: int, handler) -> ThreadingHTTPServer:
    """A server bound to host:port (0: a free port), answering from a daemon thread."""
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def stop_servers(servers) -> None:
    """Shut servers down and free their ports."""
    for server in servers:
        server.shutdown()
        server.server_close()


class OneServerSite:
    """A demo site on one port of its host, answering with the handler that handler() builds."""

    host: str
    server: ThreadingHTTPServer | None = None

    def handler(self) -> type:
        """The request handler class serving this site."""
        raise NotImplementedError

    def start(self, port: int = 0):
        """Serve the site on a port (0: a free one)."""
        self.server = serve(self.host, port, self.handler())
        return self

    def port(self) -> int:
        """The port the site is served on."""
        return self.server.server_address[1]

    def stop(self) -> None:
        """Shut the server down."""
        stop_servers([self.server])

    def url(self, path: str) -> str:
        """Absolute URL of a path."""
        return f"http://{self.host}:{self.server.server_address[1]}{path}"


class DemoSite:
    """The three demo portals, each on its own 127.0.0.1 port, served from background threads.

    Tests change them between crawls as real sites change between nights: a new report, an edited one,
    a removed one, a portal that starts refusing us.
    """

    def __init__(self, host: str = "127.0.0.1", base_port: int = 0):
        self.host, self.base_port = host, base_port
        self.catalog = build_catalog()
        self.removed: dict[tuple[str, int], str] = {}
        self.portals = build_portals(self.catalog)
        for site in self.portals.values():
            if site.id in VALIDATED:
                _validate(site, {})
        self.servers: dict[str, ThreadingHTTPServer] = {}

    def rebuild(self) -> None:
        """Re-render every page after a change, keeping each site's logs and settings."""
        for portal_id, fresh in build_portals(self.catalog, self.removed).items():
            site = self.portals[portal_id]
            if site.id in VALIDATED:
                _validate(fresh, site.routes)
            site.routes, site.records = fresh.routes, fresh.records

    def report(self, agency: str, year: int) -> DemoReport:
        """The catalog entry of an agency's report."""
        return next(r for r in self.catalog if (r.agency, r.year) == (agency, year))

    def publish_next(self, agency: str) -> DemoReport:
        """Publish the agency's next year's report."""
        report = next_report(self.catalog, agency)
        self.catalog.append(report)
        self.rebuild()
        return report

    def edit(self, agency: str, year: int, correction: str) -> None:
        """Republish a report with a correction paragraph added."""
        self.report(agency, year).correction = correction
        self.rebuild()

    def remove(self, agency: str, year: int, how: str = GONE) -> None:
        """Take a report down: unlisted, and its page answers 404 (GONE) or a "content removed" page (NOTICE)."""
        self.removed[(agency, year)] = how
        self.rebuild()

    def detail_url(self, portal: str, agency: str, year: int) -> str:
        """Where a portal serves a report's page."""
        return self.url(portal, _detail_path(portal, self.report(agency, year)))

    def start(self, ports: dict[str, int] | None = None) -> "DemoSite":
        """Bind and serve every portal: on the ports given per portal, else from base_port upwards, else free ones.

        A port that cannot be bound raises OSError, with the servers already started shut down.
        """
        ports = ports or {}
        try:
            for offset, site in enumerate(self.portals.values()):
                port = ports.get(site.id) or (self.base_port + offset if self.base_port else 0)
                self.servers[site.id] = serve(self.host, port, _handler(site))
        except OSError:
            self.stop()
            raise
        return self

    def ports(self) -> dict[str, int]:
        """The port each portal is served on."""
        return {portal: server.server_address[1] for portal, server in self.servers.items()}

    def planted_faults(self) -> dict[str, str]:
        """The URLs the demo portals list on purpose that no crawl can archive, and why (Chinese / English)."""
        return {self.url(TRS, ROBOTS_PATH): "robots.txt 禁止抓取的路径 / listed under a path robots.txt disallows",
                self.url(TRS, DEAD_PATH): "已列出但页面已删除 / listed, but its page is gone (404)"}

    def stop(self) -> None:
        """Shut every server down."""
        stop_servers(self.servers.values())

    def base_url(self, portal: str) -> str:
        """http://127.0.0.1:PORT of a portal."""
        return f"http://{self.host}:{self.servers[portal].server_address[1]}"

    def url(self, portal: str, path: str) -> str:
        """Absolute URL of a path on a portal."""
        return self.base_url(portal) + path

    def registry_rows(self) -> list[dict]:
        """Registry rows for the running demo; the generic one has no family, to exercise detection."""
        names = {TRS: ("云溪市人民政府 政府信息公开年报", "trs"), HANWEB: ("云溪市教育局 政府信息公开年报", "hanweb"),
                 GENERIC: ("青石县人民政府 年度报告", None)}
        rows = []
        for portal, site in self.portals.items():
            name, family = names[portal]
            row = {"id": portal, "name": name, "start_url": self.url(portal, site.start_path), "region": "云溪市",
                   "division": DIVISIONS[portal]}
            if family:
                row["family"] = family
            rows.append(row)
        return rows
