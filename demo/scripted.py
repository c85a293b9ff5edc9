"""A demo portal whose 年报 list exists only after its script runs: the HTML carries the items as data, no links.

Without a browser the listing yields nothing (the portal fails, loudly); a row marked `browser: true` lists it.
"""

import json
import random

from nianbao.demo import pages
from nianbao.demo.catalog import SEED, DemoReport, make_report
from nianbao.demo.site import NOT_FOUND, ROBOTS, OneServerSite, QuietHandler

PORTAL = "demo-scripted"
COLUMN = "/xxgk/ndbg/"
PER_PAGE = 2
AGENCIES = ("松岭县人民政府", "松岭县教育局", "松岭县财政局")
HTML = "text/html; charset=utf-8"


def scripted_reports() -> list[DemoReport]:
    """The reports the site lists."""
    rng = random.Random(f"{SEED}-scripted")
    reports: list[DemoReport] = []
    for number, agency in enumerate(AGENCIES):
        reports.append(make_report(rng, reports, agency, 2023, ("demo-generic",), f"1153012800000{number:05d}", number))
    return reports


def detail_path(report: DemoReport) -> str:
    """Where the site serves a report."""
    return f"{COLUMN}t{report.published.replace('-', '')}_{report.article_id}.html"


def scripted_listing(items: list[dict], page: int, pages_total: int) -> str:
    """A column page that draws its list and pager from inline JSON, as single-page-app CMS themes do."""
    data = json.dumps({"items": items, "page": page, "pages": pages_total}, ensure_ascii=False)
    script = ("var d = JSON.parse(document.getElementById('list-data').textContent);"
              "var ul = document.getElementById('list');"
              "d.items.forEach(function (it) { var li = document.createElement('li'); var a = document.createElement('a');"
              " a.href = it.href; a.textContent = it.title; li.appendChild(a); var s = document.createElement('span');"
              " s.textContent = it.date; li.appendChild(s); ul.appendChild(li); });"
              "if (d.page < d.pages) { var n = document.createElement('a'); n.href = 'index_' + d.page + '.html';"
              " n.textContent = '下一页'; document.getElementById('pager').appendChild(n); }")
    return ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>年度报告_松岭县人民政府</title></head><body>'
            '<div class="crumb">当前位置：首页 &gt; 信息公开 &gt; 年度报告</div><ul id="list"></ul><div id="pager"></div>'
            f'<script type="application/json" id="list-data">{data}</script><script>{script}</script></body></html>')


class ScriptedSite(OneServerSite):
    """The script-rendered portal on its own 127.0.0.1 port."""

    def __init__(self, host: str = "127.0.0.1"):
        self.host = host
        self.reports = scripted_reports()
        self.routes = {"/robots.txt": ROBOTS}
        items = [{"href": detail_path(r), "title": r.title, "date": r.published} for r in self.reports]
        chunks = [items[i:i + PER_PAGE] for i in range(0, len(items), PER_PAGE)]
        for number, chunk in enumerate(chunks):
            name = "index.html" if number == 0 else f"index_{number}.html"
            self.routes[COLUMN + name] = scripted_listing(chunk, number + 1, len(chunks)).encode("utf-8")
        for report in self.reports:
            self.routes[detail_path(report)] = pages.generic_detail(report, "demo-generic", []).encode(
                "gbk", errors="xmlcharrefreplace")
        self.log: list[str] = []
        self.redirects: dict[str, str] = {}

    def handler(self) -> type:
        """Static answers from the routes, every request logged."""
        return _handler(self)

    def registry_row(self, browser: bool) -> dict:
        """The site's registry row, with or without a browser."""
        return {"id": PORTAL, "name": "松岭县人民政府 年度报告", "family": "generic", "browser": browser,
                "start_url": self.url(COLUMN + "index.html")}


def _handler(site: ScriptedSite):
    class Handler(QuietHandler):
        """Static answers from the site's routes."""

        def do_GET(self):
            site.log.append(self.path)
            if self.path in site.redirects:
                self.redirect(site.redirects[self.path])
                return
            body = site.routes.get(self.path)
            self.send_response(200 if body else 404)
            content_type = "text/plain" if self.path == "/robots.txt" else \
                "text/html" if self.path.startswith(COLUMN + "t") else HTML
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body or NOT_FOUND)))
            self.end_headers()
            self.wfile.write(body or NOT_FOUND)

    return Handler
