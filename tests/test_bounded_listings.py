"""Hostile portals on 127.0.0.1 (a pager of a million pages, a page of 100,000 links, a 50 MB robots.txt, a cookie
flood) crawled for real: each bounded and recorded, and the crawl finishes in bounded memory."""

import os
import sys
from dataclasses import dataclass, field

import pytest
from scrapy import Request, Spider
from scrapy.http import Headers, Response
from scrapy.utils.test import get_crawler

from nianbao.crawler.cookies import MAX_COOKIES_PER_DOMAIN, CappedCookiesMiddleware
from nianbao.crawler.settings import NIANBAO_MAX_COOKIE_HEADER_BYTES, NIANBAO_ROBOTS_MAX_BYTES
from nianbao.demo.site import QuietHandler, serve, stop_servers
from tests.conftest import FAST_ENV, rows, write_registry
from tests.peak_memory import MIB, run_measured

LOOPBACK = "127.0.0.1"
PAGER, LINKS, ROBOTS, COOKIES = "hostile-pager", "hostile-links", "hostile-robots", "hostile-cookies"
# Small caps keep the crawl short; the pager names a million pages and the page 100,000 links all the same.
MAX_PAGES, MAX_LINKS = 20, 50
PAGER_PAGES, LINK_COUNT = 1_000_000, 100_000
LINKS_PER_PAGE = 2
ROBOTS_BYTES, CHUNK = 50 * 1024 * 1024, 1024 * 1024
# Set-Cookie headers per answer, new names each time, and bytes each: the jar grows by 230 KB an answer (under the
# response header cap); kept whole, 20 answers make the 4.6 MB Cookie header once echoed back.
COOKIE_COUNT, COOKIE_BYTES = 100, 2300
# The crawl process's high-water mark: a crawl of these portals holds about 200 MB; the million-page pager alone
# once took 3.1 GB.
MAX_RSS_BYTES = 768 * 1024 * 1024
CRAWL_TIMEOUT = 600
TITLE = "青石县某局{}年政府信息公开工作年度报告"
HTML = "text/html; charset=utf-8"


def _listing(links: list[tuple[str, str]], script: str = "") -> bytes:
    items = "".join(f'<li><a href="{href}">{title}</a><span>2024-01-20</span></li>' for href, title in links)
    return f'<html><body><ul class="list">{items}</ul>{script}</body></html>'.encode()


def _detail(title: str) -> bytes:
    text = "本机关收到政府信息公开申请3件，均已按时答复。" * 4
    return f'<html><head><title>{title}</title></head><body><div id="zoom"><p>{text}</p></div></body></html>'.encode()


@dataclass
class HostileSite:
    """One hostile portal: what it does, and every request it saw (path, length of its Cookie header)."""

    id: str
    hits: list[tuple[str, int]] = field(default_factory=list)

    @property
    def start_path(self) -> str:
        return "/zwgk/index.html" if self.id == PAGER else "/xxgk/list.asp"

    def answer(self, path: str) -> tuple[int, bytes | None]:
        """Status and body of a path; None streams the oversized robots.txt."""
        if path == "/robots.txt":
            return (200, None) if self.id == ROBOTS else (200, b"User-agent: *\nDisallow: /admin/\n")
        if self.id == PAGER and path.startswith("/zwgk/index"):
            number = 0 if path == self.start_path else int(path.rsplit("_", 1)[1].split(".")[0])
            links = [(f"./202401/t20240120_{number * LINKS_PER_PAGE + i}.html", TITLE.format(2000 + i))
                     for i in range(LINKS_PER_PAGE)]
            return 200, _listing(links, f'<script>createPageHTML({PAGER_PAGES}, {number}, "index", "html");</script>')
        if path == self.start_path:
            count = LINK_COUNT if self.id == LINKS else LINKS_PER_PAGE
            return 200, _listing([(f"show.asp?id={i}", TITLE.format(2000 + i % 25)) for i in range(count)])
        return 200, _detail(TITLE.format(2023))

    def handler(self):
        """The request handler class serving this portal."""
        site = self

        class Handler(QuietHandler):
            """Answers as the portal misbehaves."""

            def do_GET(self):
                site.hits.append((self.path, len(self.headers.get("Cookie") or "")))
                status, body = site.answer(self.path)
                self.send_response(status)
                self.send_header("Content-Type", "text/plain" if body is None else HTML)
                if site.id == COOKIES:
                    for number in range(COOKIE_COUNT):
                        name = f"c{len(site.hits)}_{number}"
                        self.send_header("Set-Cookie", f"{name}={'x' * COOKIE_BYTES}; Path=/")
                if body is not None:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body) if body is not None else self._stream_robots()
                except OSError:  # the crawler hung up on the oversized robots.txt, as it should
                    self.close_connection = True

            def _stream_robots(self):
                # No Content-Length: the cap must hold while the body streams in.
                line = b"User-agent: *\nAllow: /\n"
                for _ in range(ROBOTS_BYTES // CHUNK):
                    self.wfile.write(line * (CHUNK // len(line)))
                self.close_connection = True

        return Handler


def netloc(run: dict) -> str:
    """host:port of a portal_runs row's portal, from the listing URL its message names."""
    return run["message"].split("http://", 1)[1].split("/", 1)[0]


def crawl(*args, env: dict) -> tuple[int, int, str]:
    """`nianbao crawl` in a child process: its exit code, the peak resident memory of its processes in bytes, and its
    stderr."""
    result, peak_mib = run_measured([sys.executable, "-m", "nianbao", "crawl", *map(str, args)],
                                    {**os.environ, **FAST_ENV, **env}, CRAWL_TIMEOUT)
    return result.returncode, int(peak_mib * MIB), result.stderr


@pytest.fixture(scope="module")
def hostile_crawl(tmp_path_factory):
    """The four hostile portals, each on its own port, crawled once together."""
    sites = {name: HostileSite(name) for name in (PAGER, LINKS, ROBOTS, COOKIES)}
    servers = {name: serve(LOOPBACK, 0, site.handler()) for name, site in sites.items()}
    tmp = tmp_path_factory.mktemp("hostile")
    registry = write_registry(tmp / "portals.yaml", [
        {"id": name, "name": f"青石县 {name}", "family": "trs" if name == PAGER else "generic", "region": "青石县",
         "start_url": f"http://{LOOPBACK}:{servers[name].server_address[1]}{site.start_path}"}
        for name, site in sites.items()])
    try:
        code, peak, stderr = crawl("--portals", registry, "--db", tmp / "nianbao.db",
                                   "--set", f"NIANBAO_MAX_LISTING_PAGES={MAX_PAGES}",
                                   "--set", f"NIANBAO_MAX_LISTING_LINKS={MAX_LINKS}",
                                   env={"NIANBAO_RETRY_TIMES": "0"})
        runs = {row["portal"]: row for row in rows(tmp / "nianbao.db", "select * from portal_runs")}
        errors = rows(tmp / "nianbao.db", "select portal, url, reason from fetch_errors")
        yield sites, runs, errors, (code, peak, stderr)
    finally:
        stop_servers(servers.values())


def test_the_crawl_finishes_every_portal_in_bounded_memory(hostile_crawl):
    _, runs, _, (code, peak, stderr) = hostile_crawl
    assert code in (0, 1) and set(runs) == {PAGER, LINKS, ROBOTS, COOKIES}, stderr[-3000:]
    assert peak < MAX_RSS_BYTES, f"peak RSS {peak / 2**20:.0f} MiB"


def test_a_million_page_pager_asks_no_more_pages_than_the_cap_and_fails_short_of_its_claim(hostile_crawl):
    sites, runs, _, _ = hostile_crawl
    listing = [path for path, _ in sites[PAGER].hits if path.startswith("/zwgk/index")]
    assert len(listing) == len(set(listing)) == MAX_PAGES
    run = runs[PAGER]
    assert run["status"] == "error" and run["listing_pages"] == MAX_PAGES
    assert run["items_listed"] == MAX_PAGES * LINKS_PER_PAGE
    assert run["items_claimed"] == (PAGER_PAGES - 1) * LINKS_PER_PAGE + 1
    assert run["message"].startswith(f"listed {MAX_PAGES * LINKS_PER_PAGE} of at least {run['items_claimed']} claimed")
    assert f"names {PAGER_PAGES - 1} listing pages, at most {MAX_PAGES} followed (NIANBAO_MAX_LISTING_PAGES)" in (
        run["message"])


def test_a_page_of_100000_links_follows_no_more_than_the_cap_and_says_so(hostile_crawl):
    sites, runs, _, _ = hostile_crawl
    details = [path for path, _ in sites[LINKS].hits if path.startswith("/xxgk/show.asp")]
    assert 0 < len(details) <= MAX_LINKS
    run = runs[LINKS]
    assert run["links_found"] == MAX_LINKS
    assert run["message"].endswith(
        f"names {LINK_COUNT} links, at most {MAX_LINKS} followed (NIANBAO_MAX_LISTING_LINKS)")


def test_an_oversized_robots_txt_forbids_its_portal_for_the_run(hostile_crawl):
    sites, runs, errors, _ = hostile_crawl
    assert [path for path, _ in sites[ROBOTS].hits] == ["/robots.txt"]
    run = runs[ROBOTS]
    assert run["status"] == "error" and "robots.txt" in run["message"]
    assert "read as disallow all for this run" in run["message"]
    assert [e["reason"] for e in errors if e["portal"] == ROBOTS] == [
        f"not fetched: robots.txt of {netloc(run)} is larger than {NIANBAO_ROBOTS_MAX_BYTES} bytes "
        "(NIANBAO_ROBOTS_MAX_BYTES): read as disallow all for this run"]


def test_a_cookie_flood_is_not_sent_back(hostile_crawl):
    sites, runs, _, _ = hostile_crawl
    hits = sites[COOKIES].hits
    assert len(hits) > 2 and max(length for _, length in hits) <= NIANBAO_MAX_COOKIE_HEADER_BYTES
    assert any(length for _, length in hits[1:])
    assert runs[COOKIES]["message"].startswith(("cookies refused:", "Cookie header cut from"))


def test_cookies_kept_per_domain_are_capped_whatever_their_paths():
    crawler = get_crawler(Spider, {"NIANBAO_MAX_COOKIE_HEADER_BYTES": NIANBAO_MAX_COOKIE_HEADER_BYTES})
    crawler.spider = Spider("flood")
    middleware = CappedCookiesMiddleware.from_crawler(crawler)
    request = Request("http://127.0.0.1:8000/gknb/index.html")
    for answer in range(3):
        headers = [("Set-Cookie", f"a=x; Path=/{answer}/{n}/") for n in range(MAX_COOKIES_PER_DOMAIN)]
        middleware.process_response(request, Response(request.url, headers=Headers(headers)))
    jar = middleware.jars[None]
    assert sum(len(named) for named in jar.jar._cookies["127.0.0.1"].values()) == MAX_COOKIES_PER_DOMAIN


def test_a_first_cookie_over_the_header_cap_sends_no_cookie_header():
    crawler = get_crawler(Spider, {"NIANBAO_MAX_COOKIE_HEADER_BYTES": 100})
    crawler.spider = Spider("big")
    middleware = CappedCookiesMiddleware.from_crawler(crawler)
    request = Request("http://127.0.0.1:8000/gknb/index.html")
    middleware.process_response(request, Response(request.url, headers={"Set-Cookie": f"a={'x' * 200}; Path=/"}))
    asked = Request("http://127.0.0.1:8000/gknb/index_1.html")
    middleware.process_request(asked)
    assert b"Cookie" not in asked.headers
