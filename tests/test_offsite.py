"""A portal fetches only its own site: links, redirects and meta refreshes elsewhere are refused at every hop."""

import asyncio
import zlib
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from scrapy import Request

from nianbao.crawler.offsite import NO_PORTAL, PORTAL, Refused, RefuseOffsite, registrable_domain
from nianbao.crawler.registry import Portal, site_domain
from nianbao.demo.catalog import TRS
from nianbao.demo.site import DemoSite, QuietHandler, Route, serve, stop_servers
from tests.conftest import chromium_path, nianbao, rows, write_registry

SECRET = "db_password=hunter2"
METADATA = "http://169.254.169.254/latest/meta-data/"
HOP = "/zwgk/hop.html"
ATTACHMENT = "/zwgk/files/nianbao.pdf"
MOVED = "/zwgk/old-column/"


class InternalService:
    """A service on another loopback port that must never be asked: every answer carries a secret."""

    def __init__(self):
        self.hits: list[str] = []
        service = self

        class Handler(QuietHandler):
            def do_GET(self):
                service.hits.append(self.path)
                body = f"<html><head><title>2023年政府信息公开工作年度报告</title></head><body>{SECRET}</body></html>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body.encode())))
                self.end_headers()
                self.wfile.write(body.encode())

        self.server = serve("127.0.0.1", 0, Handler)
        self.netloc = f"127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return f"http://{self.netloc}{path}"


def meta_refresh(url: str) -> Route:
    return Route(f'<html><head><meta http-equiv="refresh" content="0; url={url}"></head><body>跳转中</body></html>'
                 .encode())


def with_link(route: Route, href: str) -> Route:
    link = f'<p><a href="{href}">年度报告全文.pdf</a></p>'.encode()
    return Route(route.body.replace(b"</body>", link + b"</body>", 1), route.content_type)


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    """One crawl of the TRS demo portal whose report pages lead off-site every way there is."""
    tmp = tmp_path_factory.mktemp("offsite")
    site, internal = DemoSite().start(), InternalService()
    trs = site.portals[TRS]
    paths = [urlsplit(site.detail_url(TRS, r.agency, r.year)).path for r in site.catalog if TRS in r.portals]
    redirects = {paths[0]: internal.url("/config"), paths[1]: METADATA, paths[2]: "http://10.0.0.7/admin",
                 paths[3]: "file:///etc/passwd", paths[4]: "ftp://127.0.0.1/pub/nianbao.pdf", paths[6]: HOP,
                 HOP: internal.url("/second-hop"), ATTACHMENT: internal.url("/attachment"),
                 MOVED: internal.url("/column/"), "/robots.txt": internal.url("/robots.txt")}
    trs.redirects.update(redirects)
    trs.routes[paths[5]] = meta_refresh(internal.url("/meta"))
    trs.routes[paths[7]] = with_link(trs.routes[paths[7]], ATTACHMENT)
    trs.routes[paths[8]] = with_link(trs.routes[paths[8]], internal.url("/direct.pdf"))
    trs.routes[paths[9]] = meta_refresh("file:///etc/passwd")
    db_path = tmp / "nianbao.db"
    moved = {"id": "moved-away", "name": "旧栏目", "family": "trs", "start_url": site.url(TRS, MOVED)}
    try:
        result = nianbao("crawl", "--portals", write_registry(tmp / "portals.yaml", [site.registry_rows()[0], moved]),
                         "--db", db_path)
    finally:
        site.stop()
        stop_servers([internal.server])
    reasons = {row["url"]: row["reason"] for row in rows(db_path, "select url, reason from fetch_errors")}
    yield {"db": db_path, "result": result, "site": site, "internal": internal, "paths": paths, "reasons": reasons}


def test_the_crawl_goes_on_and_archives_the_portal_s_own_reports(crawl):
    runs = {row["portal"]: (row["status"], row["message"]) for row in rows(crawl["db"], "select * from portal_runs")}
    assert runs[TRS] == ("ok", None), crawl["result"].stderr[-3000:]
    archived = {row["source_url"] for row in rows(crawl["db"], "select source_url from reports")}
    own = [crawl["site"].url(TRS, path) for path in crawl["paths"][7:9] + crawl["paths"][10:]]
    assert set(own) <= archived


@pytest.mark.parametrize(("index", "how", "where", "why"), [
    (0, "redirect", "internal", "another port"),
    (1, "redirect", "169.254.169.254", "link-local address"),
    (2, "redirect", "10.0.0.7", "private address"),
    (3, "redirect", "file:///etc/passwd", "not http or https"),
    (4, "redirect", "ftp://127.0.0.1/pub/nianbao.pdf", "not http or https"),
    (5, "meta refresh", "internal", "another port"),
    (6, "redirect", "internal", "another port"),
    (9, "meta refresh", "file:///etc/passwd", "not http or https"),
])
def test_report_pages_that_lead_elsewhere_are_refused_and_recorded(crawl, index, how, where, why):
    where = crawl["internal"].netloc if where == "internal" else where
    url = crawl["site"].url(TRS, crawl["paths"][index])
    assert crawl["reasons"].get(url) == f"refused: {how} to {where} ({why})"


def test_a_listing_sent_elsewhere_means_the_column_moved(crawl):
    [run] = rows(crawl["db"], "select status, message from portal_runs where portal = 'moved-away'")
    assert run["status"] == "moved"
    assert run["message"] == (f"listing {crawl['site'].url(TRS, MOVED)}: refused: redirect to {crawl['internal'].netloc} "
                       "(another port)")


def test_attachments_that_lead_elsewhere_are_refused_and_recorded(crawl):
    netloc = crawl["internal"].netloc
    assert crawl["reasons"][crawl["site"].url(TRS, ATTACHMENT)] == f"refused: redirect to {netloc} (another port)"
    assert crawl["reasons"][crawl["internal"].url("/direct.pdf")] == f"refused: link to {netloc} (another port)"


def test_nothing_of_a_refused_target_is_fetched_or_archived(crawl):
    assert crawl["internal"].hits == []
    fetched = {row["url"] for row in rows(crawl["db"], "select url from fetches")}
    assert not {url for url in fetched if urlsplit(url).netloc != urlsplit(crawl["site"].base_url(TRS)).netloc}
    assert_no_secret(crawl["db"])


def assert_no_secret(db_path):
    bodies = [zlib.decompress(row["body"]) for row in rows(db_path, "select body from raw_pages")]
    assert bodies and not [body for body in bodies if SECRET.encode() in body]
    assert not rows(db_path, "select id from reports where text like ?", (f"%{SECRET}%",))


def portal(start_url: str, hosts: tuple[str, ...] = ()) -> Portal:
    netloc = urlsplit(start_url).netloc
    return Portal(id="p", name="P", start_url=start_url, hosts=(netloc, *hosts))


def test_sites_are_registrable_domains_from_the_public_suffix_list():
    assert registrable_domain("rsj.sz.gd.cn") == "sz.gd.cn" == site_domain("rsj.sz.gd.cn")
    assert registrable_domain("zwgk.mct.gov.cn") == "mct.gov.cn"
    city = portal("http://rsj.sz.gd.cn/zwgk/nb/")
    assert city.owns("https://www.sz.gd.cn/zwgk/nb/t1.html")
    assert city.fetch_rule.refusal("http://rsj.gz.gd.cn/zwgk/nb/t1.html") == "another site"


def test_registry_hosts_ports_and_schemes():
    agency = portal("http://www.mct.gov.cn/gknb/", hosts=("files.mct-cdn.com.cn",))
    rule = agency.fetch_rule
    assert rule.refusal("https://zwgk.mct.gov.cn/gknb/t1.html") is None
    assert rule.refusal("http://files.mct-cdn.com.cn/nb.pdf") is None
    assert rule.refusal("http://www.mct.gov.cn:6379/") == "another port"
    assert rule.refusal("ftp://www.mct.gov.cn/nb.pdf") == "not http or https"
    assert rule.refusal("http://127.0.0.1/") == "loopback address"
    assert rule.refusal("http://[::1]/") == "loopback address"
    assert rule.refusal("http://192.168.1.1/") == "private address"


def test_loopback_is_a_local_portal_s_own_port_only():
    local = portal("http://127.0.0.1:8000/zwgk/").fetch_rule
    assert local.refusal("http://127.0.0.1:8000/zwgk/t1.html") is None
    assert local.refusal("http://127.0.0.1:6379/") == "another port"
    assert local.refusal("http://localhost:8000/") == "another site"
    named = portal("http://localhost:8000/zwgk/").fetch_rule
    assert named.address_refusal("localhost", "127.0.0.1") is None


def test_a_sibling_host_that_resolves_inside_is_refused():
    rule = portal("http://www.mct.gov.cn/gknb/").fetch_rule
    assert rule.address_refusal("intranet.mct.gov.cn", "10.0.0.7") == "resolves to private address 10.0.0.7"
    assert rule.address_refusal("www.mct.gov.cn", "127.0.0.1") == "resolves to loopback address 127.0.0.1"
    assert rule.address_refusal("www.mct.gov.cn", "202.108.22.5") is None


def test_a_portal_named_localhost_resolves_to_its_own_loopback_and_no_other(tmp_path):
    site = DemoSite(host="localhost").start()
    try:
        paths = [urlsplit(site.detail_url(TRS, r.agency, r.year)).path for r in site.catalog if TRS in r.portals]
        by_address = f"127.0.0.1:{site.servers[TRS].server_address[1]}"
        site.portals[TRS].redirects[paths[0]] = f"http://{by_address}{paths[1]}"
        db_path = tmp_path / "nianbao.db"
        nianbao("crawl", "--portals", write_registry(tmp_path / "portals.yaml", [site.registry_rows()[0]]),
                "--db", db_path)
    finally:
        site.stop()
    reasons = {row["url"]: row["reason"] for row in rows(db_path, "select url, reason from fetch_errors")}
    assert reasons[site.url(TRS, paths[0])] == f"refused: redirect to {by_address} (loopback address)"
    archived = {row["source_url"] for row in rows(db_path, "select source_url from reports")}
    assert site.url(TRS, paths[1]) in archived


def test_a_browser_row_sent_elsewhere_is_refused_and_nothing_of_it_archived(tmp_path):
    site, internal = DemoSite().start(), InternalService()
    try:
        path = urlsplit(site.detail_url(TRS, *next((r.agency, r.year) for r in site.catalog if TRS in r.portals))).path
        site.portals[TRS].redirects[path] = internal.url("/browser")
        db_path = tmp_path / "nianbao.db"
        row = {**site.registry_rows()[0], "browser": True}
        nianbao("crawl", "--portals", write_registry(tmp_path / "portals.yaml", [row]), "--db", db_path,
                env={"NIANBAO_CHROMIUM": chromium_path()})
    finally:
        site.stop()
        stop_servers([internal.server])
    reasons = {row["url"]: row["reason"] for row in rows(db_path, "select url, reason from fetch_errors")}
    # Chromium follows the redirect itself, into the proxy rule: the service is never asked.
    assert reasons[site.url(TRS, path)] == "refused: browser navigation off the portal's site (Chromium's proxy rule)"
    assert internal.hits == []
    assert rows(db_path, "select count(*) as n from reports")[0]["n"] > 0
    assert_no_secret(db_path)


def test_a_request_of_no_portal_or_an_unknown_one_is_refused():
    own = portal("http://127.0.0.1:8000/gknb/")
    middleware = RefuseOffsite(SimpleNamespace(spider=SimpleNamespace(portals={own.id: own})))
    # A request read from Redis naming a portal this crawl does not have, and robots.txt of no portal's site.
    for request in (Request("http://127.0.0.1:8000/gknb/t1.html", meta={PORTAL: "ghost"}),
                    Request("http://169.254.169.254/robots.txt")):
        with pytest.raises(Refused, match=NO_PORTAL):
            asyncio.run(middleware.process_request(request))
    assert asyncio.run(middleware.process_request(Request("http://127.0.0.1:8000/robots.txt"))) is None
