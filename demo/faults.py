"""A fault portal on 127.0.0.1: the ways government servers fail, each on its own page, switchable off.

Every faulty page is a real report once the site heals, so a test can check that the next run fetches
exactly what the faulty run missed. In "storm" mode every report page fails at once, so a test can check
that re-checks against a failing server lose nothing already archived.
"""

import random
import socket
import struct
import time
from dataclasses import dataclass, field
from html import escape

from nianbao.demo import pages
from nianbao.demo.catalog import SEED, DemoReport, make_report
from nianbao.demo.site import CHALLENGE, ROBOTS, QuietHandler, serve, stop_servers

PAGES, TRAP, BLOCKED, DOWN = "fault-pages", "fault-trap", "fault-blocked", "fault-down"
LIST = "/xxgk/list.asp"
SHOW = "/xxgk/show.asp"
# The page at SHOW redirects here, and this back to SHOW.
LOOP_PATH = "/xxgk/moved.asp"
FAULTS, HEALED, STORM = "faults", "healed", "storm"
# What each report page of the fault-pages portal does while the site is faulty.
OK, FLAKY, ERROR, TIMEOUT, RESET, TRICKLE, STALL, TRUNCATED = (
    "ok", "flaky", "error", "timeout", "reset", "trickle", "stall", "truncated")
GBK_AS_UTF8, UTF8_AS_GBK, NO_CHARSET, LOOP, SOFT_404, OVERSIZED, JUNK, INJECTION = (
    "gbk-as-utf8", "utf8-as-gbk", "no-charset", "redirect-loop", "soft-404", "oversized", "junk", "injection")
PAGE_FAULTS = (OK, FLAKY, ERROR, TIMEOUT, RESET, TRICKLE, STALL, TRUNCATED, GBK_AS_UTF8, UTF8_AS_GBK, NO_CHARSET,
               LOOP, SOFT_404, OVERSIZED, JUNK, INJECTION)
# Faults whose page is archived anyway: a retry succeeds, the wait stays under the timeout, the text decodes.
RECOVERED = (OK, FLAKY, TRICKLE, GBK_AS_UTF8, UTF8_AS_GBK, NO_CHARSET, INJECTION)
MISSED = tuple(f for f in PAGE_FAULTS if f not in RECOVERED)
# While storming, known pages answer these in turn: none of them may cost the archive a report.
STORM_FAULTS = (ERROR, RESET, TRUNCATED, JUNK, STALL)
INJECTED_TITLE = "<script>alert('nianbao')</script>"
INJECTED_TEXT = '<img src=x onerror="alert(2)"><b>不应加粗</b>'
SOFT_404_TEXT = "对不起，您访问的页面不存在或已被删除！"
HTML_UTF8, HTML_GBK, HTML_BARE = "text/html; charset=utf-8", "text/html; charset=gbk", "text/html"
TRICKLE_CHUNKS = 8
UNKNOWN_LENGTH = -1
JUNK_BYTES = 64 * 1024
SERVER_ERROR, SERVICE_UNAVAILABLE, PRECONDITION_FAILED = 500, 503, 412
# 青石县 is made up: its division is the one its bodies' 统一社会信用代码 carry (1153012700…).
QINGSHI_DIVISION = "530127"
AGENCIES = ("青石县发展和改革局", "青石县教育局", "青石县财政局", "青石县自然资源局", "青石县生态环境局",
            "青石县交通运输局", "青石县农业农村局", "青石县水务局", "青石县商务局", "青石县文化和旅游局",
            "青石县卫生健康局", "青石县应急管理局", "青石县审计局", "青石县市场监督管理局", "青石县统计局",
            "青石县医疗保障局", "青石县林业和草原局", "青石县民政局", "青石县司法局", "青石县退役军人事务局",
            "青石县住房和城乡建设局", "青石县人力资源和社会保障局")


@dataclass
class FaultPage:
    """One report page and the fault it shows while the site is faulty."""

    path: str
    report: DemoReport
    fault: str


@dataclass
class FaultPortal:
    """One fault portal: its listing and report pages, and every request it saw."""

    id: str
    name: str
    pages: list[FaultPage]
    hits: list[str] = field(default_factory=list)

    @property
    def start_path(self) -> str:
        return f"{LIST}?page=1"


def _reports(count: int) -> list[DemoReport]:
    rng = random.Random(f"{SEED}-faults")
    reports: list[DemoReport] = []
    for number, agency in enumerate(AGENCIES[:count]):
        reports.append(make_report(rng, reports, agency, 2023, ("demo-generic",), f"1153012700000{number:05d}", number))
    return reports


def build_fault_portals() -> dict[str, FaultPortal]:
    """The fault-pages portal (one page per fault) and three portals that fail as a whole."""
    reports = _reports(len(PAGE_FAULTS) + 6)
    faulty = [FaultPage(f"{SHOW}?id={r.article_id}", r, fault) for r, fault in zip(reports, PAGE_FAULTS)]
    rest = iter(reports[len(PAGE_FAULTS):])

    def plain(count: int) -> list[FaultPage]:
        return [FaultPage(f"{SHOW}?id={r.article_id}", r, OK) for r in (next(rest) for _ in range(count))]

    blocked = plain(2)
    blocked[0].fault = "412"
    return {PAGES: FaultPortal(PAGES, "青石县 故障门户", faulty),
            TRAP: FaultPortal(TRAP, "青石县 翻页陷阱", plain(2)),
            BLOCKED: FaultPortal(BLOCKED, "青石县 反爬网关", blocked),
            DOWN: FaultPortal(DOWN, "青石县 宕机门户", plain(2))}


def _detail(report: DemoReport, title: str | None = None, extra: str = "") -> str:
    html = pages.generic_detail(report, "demo-generic", [])
    if title:
        html = html.replace(escape(report.title), escape(title))
    return html.replace('<td class="nr">', f'<td class="nr"><p>{extra}</p>', 1) if extra else html


def _listing(portal: FaultPortal, page: int) -> bytes:
    items = [(p.path, (INJECTED_TITLE if p.fault == INJECTION else "") + p.report.title, p.report.published)
             for p in portal.pages]
    html = pages.generic_listing(items, 1, 1, "demo-generic")
    if portal.id == TRAP:
        # Every page names a next one and lists what the page before it listed: a CMS whose pager never ends.
        html = html.replace('<td class="pager">', f'<td class="pager"><a href="list.asp?page={page + 1}">下一页</a>', 1)
    return html.encode("gbk", errors="xmlcharrefreplace")


class FaultSite:
    """The fault portals, each on its own port; `mode` switches between faults, healed and storm."""

    def __init__(self, host: str = "127.0.0.1", timeout: float = 2.0, max_bytes: int = 1 << 20):
        self.host, self.timeout, self.max_bytes = host, timeout, max_bytes
        self.portals = build_fault_portals()
        self.mode = FAULTS
        self.servers = {}
        self.flaky_answered: set[str] = set()

    def start(self) -> "FaultSite":
        """Serve every portal."""
        for portal in self.portals.values():
            self.servers[portal.id] = serve(self.host, 0, _handler(self, portal))
        return self

    def stop(self) -> None:
        """Shut every server down."""
        stop_servers(self.servers.values())

    def url(self, portal: str, path: str) -> str:
        """Absolute URL of a path on a portal."""
        return f"http://{self.host}:{self.servers[portal].server_address[1]}{path}"

    def registry_rows(self) -> list[dict]:
        """Registry rows for the fault portals (the generic family, as old county sites are)."""
        return [{"id": p.id, "name": p.name, "start_url": self.url(p.id, p.start_path), "family": "generic",
                 "region": "青石县", "division": QINGSHI_DIVISION} for p in self.portals.values()]

    def page(self, fault: str) -> FaultPage:
        """The fault-pages report page showing a fault."""
        return next(p for p in self.portals[PAGES].pages if p.fault == fault)

    def fault_of(self, portal: FaultPortal, page: FaultPage, number: int) -> str:
        """What a report page does now, given the mode; number counts the requests the server has seen."""
        if self.mode == HEALED:
            return INJECTION if page.fault == INJECTION else OK
        if self.mode == STORM:
            return STORM_FAULTS[number % len(STORM_FAULTS)]
        return page.fault


def _handler(site: FaultSite, portal: FaultPortal):
    class Handler(QuietHandler):
        """Answers a fault portal's requests, misbehaving as told."""

        def handle(self):
            try:
                super().handle()
            except OSError:  # the client gave up first (a timeout) or we reset the connection on purpose
                self.close_connection = True

        def do_GET(self):
            portal.hits.append(self.path)
            if self.path == "/robots.txt":
                self._send(ROBOTS, "text/plain")
            elif self.path.startswith(LIST):
                self._listing()
            elif self.path.startswith(LOOP_PATH):
                self.redirect(self.path.replace(LOOP_PATH, SHOW, 1))
            else:
                page = next((p for p in portal.pages if p.path == self.path), None)
                if page is None:
                    self._send(b"<html><body>404</body></html>", HTML_BARE, 404)
                else:
                    self._page(page, site.fault_of(portal, page, len(portal.hits)))

        def _listing(self):
            if portal.id == DOWN and site.mode != HEALED:
                self._send(b"<html><body><h1>500 Internal Server Error</h1></body></html>", HTML_BARE, SERVER_ERROR)
                return
            page = int(self.path.rsplit("=", 1)[1]) if "page=" in self.path else 1
            self._send(_listing(portal, page), HTML_BARE)

        def _send(self, body: bytes, content_type: str, status: int = 200, length: int | None = None):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            if length != UNKNOWN_LENGTH:
                self.send_header("Content-Length", str(len(body) if length is None else length))
            self.end_headers()
            self.wfile.write(body)

        def _page(self, page: FaultPage, fault: str):
            report = page.report
            gbk = _detail(report).encode("gbk", errors="xmlcharrefreplace")
            if fault in (OK, NO_CHARSET):
                self._send(gbk, HTML_BARE if fault == NO_CHARSET else HTML_GBK)
            elif fault == FLAKY:
                if self.path not in site.flaky_answered:
                    site.flaky_answered.add(self.path)
                    self._send(b"Service Unavailable", "text/plain", SERVICE_UNAVAILABLE)
                else:
                    self._send(gbk, HTML_GBK)
            elif fault == "412":
                self._send(CHALLENGE, HTML_BARE, PRECONDITION_FAILED)
            elif fault == ERROR:
                self._send(b"<html><body><h1>500 Internal Server Error</h1></body></html>", HTML_BARE, SERVER_ERROR)
            elif fault == TIMEOUT:
                time.sleep(site.timeout * 2)
                self._send(gbk, HTML_GBK)
            elif fault == RESET:
                # SO_LINGER 0: close() sends a TCP RST, as an overloaded load balancer does.
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.connection.close()
                self.close_connection = True
            elif fault in (TRICKLE, STALL):
                self._trickle(gbk, site.timeout * (0.5 if fault == TRICKLE else 3))
            elif fault == TRUNCATED:
                self._send(gbk[:len(gbk) // 3], HTML_GBK, length=len(gbk))
                self.close_connection = True
            elif fault == GBK_AS_UTF8:
                self._send(gbk, HTML_UTF8)
            elif fault == UTF8_AS_GBK:
                self._send(_detail(report).replace("charset=gb2312", "charset=gbk").encode("utf-8"), HTML_GBK)
            elif fault == LOOP:
                self.redirect(self.path.replace(SHOW, LOOP_PATH, 1))
            elif fault == SOFT_404:
                self._send(pages.removed_notice("demo-generic").replace("对不起，您访问的信息已删除或已过期！", SOFT_404_TEXT)
                           .encode("utf-8"), HTML_UTF8)
            elif fault == OVERSIZED:
                # No Content-Length: the cap must hold while the body streams in, not only on the header.
                padding = b"<!-- " + b"x" * site.max_bytes + b" -->"
                self._send(gbk.replace(b"</body>", padding + b"</body>"), HTML_GBK, length=UNKNOWN_LENGTH)
                self.close_connection = True
            elif fault == JUNK:
                self._send(random.Random(self.path).randbytes(JUNK_BYTES), HTML_UTF8)
            elif fault == INJECTION:
                html = _detail(report, INJECTED_TITLE + report.title, escape(INJECTED_TEXT))
                self._send(html.encode("gbk", errors="xmlcharrefreplace"), HTML_GBK)
            else:
                raise ValueError(f"unknown fault {fault}")

        def _trickle(self, body: bytes, seconds: float):
            self.send_response(200)
            self.send_header("Content-Type", HTML_GBK)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            step = -(-len(body) // TRICKLE_CHUNKS)
            for start in range(0, len(body), step):
                time.sleep(seconds / TRICKLE_CHUNKS)
                try:
                    self.wfile.write(body[start:start + step])
                    self.wfile.flush()
                except OSError:
                    return

        def do_HEAD(self):
            self.send_response(405)
            self.end_headers()

    return Handler
