"""A hostile portal on 127.0.0.1: report pages whose answer or attachment is built to exhaust the reader.

Network bombs are the page itself (a gzip body that inflates past any cap, a flood of headers, a chunked
body that never ends); file bombs (tests.bombs) are a report page's attachment. Two plain reports stand
beside them: the crawl must archive those, record every bomb with its reason, and stay small.
"""

import random
import zlib
from dataclasses import dataclass
from html import escape

from nianbao.demo import pages
from nianbao.demo.catalog import SEED, DemoReport, make_report
from nianbao.demo.site import OneServerSite, QuietHandler
from tests import bombs as files

BOMBS = "demo-bombs"
LIST = "/xxgk/list.asp"
SHOW = "/xxgk/show.asp"
UPLOAD = "/upload/"
HTML_GBK = "text/html; charset=gbk"
OCTET_STREAM = "application/octet-stream"
GZIP_BOMB, HEADER_FLOOD, ENDLESS = "gzip-bomb", "header-flood", "endless-chunked"
NETWORK_BOMBS = (GZIP_BOMB, HEADER_FLOOD, ENDLESS)
PLAIN = "plain"
# What the gzip bomb inflates to: far past any download cap, from about a thousandth of it on the wire.
GZIP_INFLATED_BYTES = 1 << 30
GZIP_BLOCK = 1 << 20
# A megabyte of headers: every one short, so no single line trips a line-length limit.
HEADER_COUNT = 20_000
HEADER_VALUE = "x" * 40
ENDLESS_CHUNK = b"<p>" + "无尽".encode("gbk") * 2000 + b"</p>"
# Each file bomb: the attachment's suffix and how it is built.
FILE_BOMBS = {
    "docx-inflating": ("docx", lambda: files.docx_inflating(files.BOMB_BYTES)),
    "docx-grid-span": ("docx", lambda: files.docx_spanning(2**31)),
    "docx-merged-rows": ("docx", lambda: files.docx_merged_down(5001, 1)),
    "docx-merged-grid": ("docx", lambda: files.docx_merged_down(2000, 400)),
    "xlsx-merged": ("xlsx", lambda: files.xlsx_merging("A1:XFD1048576")),
    "xlsx-last-cell": ("xlsx", lambda: files.xlsx_reaching("XFD1048576")),
    "pdf-huge-page": ("pdf", lambda: files.pdf_of_pages(1, (14_400, 14_400))),
    "pdf-huge-scan": ("pdf", lambda: files.pdf_of_scan(30_000)),
}
AGENCIES = ("赤岭县发展和改革局", "赤岭县教育局", "赤岭县财政局", "赤岭县民政局", "赤岭县司法局", "赤岭县审计局",
            "赤岭县统计局", "赤岭县水务局", "赤岭县商务局", "赤岭县林业局", "赤岭县交通运输局", "赤岭县卫生健康局",
            "赤岭县应急管理局", "赤岭县医疗保障局")
YEAR = 2023


@dataclass
class BombPage:
    """One report page of the bomb portal and the bomb it carries (a network bomb, a file bomb, or none)."""

    bomb: str
    report: DemoReport
    path: str

    @property
    def attachment(self) -> str:
        """Where the page's bomb file is served (file bombs only)."""
        return f"{UPLOAD}P{self.report.article_id}.{FILE_BOMBS[self.bomb][0]}"


def gzip_bomb() -> bytes:
    """A gzip body of GZIP_INFLATED_BYTES zeros, compressed a block at a time (never held whole)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = bytes(GZIP_BLOCK)
    return b"".join(packer.compress(block) for _ in range(GZIP_INFLATED_BYTES // GZIP_BLOCK)) + packer.flush()


def build_pages(bombs: tuple[str, ...]) -> list[BombPage]:
    """Two plain reports and one page per bomb."""
    kinds = (PLAIN, *bombs, PLAIN)
    rng = random.Random(f"{SEED}-bombs")
    made: list[DemoReport] = []
    built = []
    for number, (agency, bomb) in enumerate(zip(AGENCIES, kinds, strict=False)):
        report = make_report(rng, made, agency, YEAR, ("demo-generic",), f"1146903300000{number:05d}", 900 + number)
        built.append(BombPage(bomb, report, f"{SHOW}?id={report.article_id}"))
    if len(built) < len(kinds):
        raise ValueError(f"the bomb portal needs {len(kinds)} agencies, has {len(AGENCIES)}")
    return built


def _page(page: BombPage) -> bytes:
    """A report page; a file bomb's page links its attachment."""
    html = pages.generic_detail(page.report, "demo-generic", [])
    if page.bomb in FILE_BOMBS:
        link = f'<p>附件：<a href="{page.attachment}">{escape(page.report.title)}（全文）</a></p>'
        html = html.replace('<td class="nr">', f'<td class="nr">{link}', 1)
    return html.encode("gbk", errors="xmlcharrefreplace")


class BombSite(OneServerSite):
    """The bomb portal on a port of 127.0.0.1; files are built at start, every request logged."""

    def __init__(self, host: str = "127.0.0.1", bombs: tuple[str, ...] = (*NETWORK_BOMBS, *FILE_BOMBS)):
        self.host = host
        self.pages = build_pages(bombs)
        items = [(p.path, p.report.title, p.report.published) for p in self.pages]
        self.routes: dict[str, tuple[bytes, str]] = {
            f"{LIST}?page=1": (pages.generic_listing(items, 1, 1, "demo-generic").encode("gbk"), HTML_GBK)}
        for page in self.pages:
            if page.bomb not in NETWORK_BOMBS:
                self.routes[page.path] = (_page(page), HTML_GBK)
            if page.bomb in FILE_BOMBS:
                self.routes[page.attachment] = (FILE_BOMBS[page.bomb][1](), OCTET_STREAM)
        self.bombs = {page.path: page.bomb for page in self.pages if page.bomb in NETWORK_BOMBS}
        self.gzip_body = gzip_bomb() if GZIP_BOMB in bombs else b""
        self.hits: list[str] = []

    def handler(self) -> type:
        """Routes, and the network bombs by path."""
        return _handler(self)

    def page(self, bomb: str) -> BombPage:
        """The page carrying a bomb."""
        return next(p for p in self.pages if p.bomb == bomb)

    def registry_rows(self) -> list[dict]:
        """The registry row of the bomb portal (an old county site: generic family)."""
        return [{"id": BOMBS, "name": "赤岭县人民政府 年度报告", "start_url": self.url(f"{LIST}?page=1"),
                 "family": "generic", "region": "赤岭县"}]


def _handler(site: BombSite):
    class Handler(QuietHandler):
        """Answers from the routes; the network bombs misbehave as named."""

        def handle(self):
            try:
                super().handle()
            except OSError:  # the client hung up on a bomb, as it should
                self.close_connection = True

        def do_GET(self):
            site.hits.append(self.path)
            bomb = site.bombs.get(self.path)
            if bomb == GZIP_BOMB:
                self._send(site.gzip_body, HTML_GBK, {"Content-Encoding": "gzip"})
            elif bomb == HEADER_FLOOD:
                self._send(b"<html></html>", HTML_GBK, {f"X-Flood-{n}": HEADER_VALUE for n in range(HEADER_COUNT)})
            elif bomb == ENDLESS:
                self._endless()
            else:
                body, content_type = site.routes.get(self.path, (b"<html><body>404</body></html>", "text/html"))
                self._send(body, content_type, status=200 if self.path in site.routes else 404)

        def _send(self, body: bytes, content_type: str, headers: dict | None = None, status: int = 200):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _endless(self):
            self.protocol_version = "HTTP/1.1"
            self.send_response(200)
            self.send_header("Content-Type", HTML_GBK)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"%x\r\n%s\r\n" % (len(ENDLESS_CHUNK), ENDLESS_CHUNK)
            while True:  # until the client hangs up (OSError, caught in handle)
                self.wfile.write(chunk)

    return Handler
