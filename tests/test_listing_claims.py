"""Listings held to what their column claims: blind-written sites crawled for real, each claim form from saved pages."""

import json
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from scrapy.http import HtmlResponse, Request, TextResponse
from scrapy.utils.test import get_crawler

from nianbao.crawler.listings.claims import ITEMS, PAGES, Claim, claims_in, strongest
from nianbao.crawler.listings.generic import GenericListing
from nianbao.crawler.listings.hanweb import GROUP_META, HanwebListing, records
from nianbao.crawler.listings.list_rows import column_items
from nianbao.crawler.listings.post import page_request
from nianbao.crawler.listings.scripts import PostCall, list_calls
from nianbao.crawler.listings.trs import TrsListing
from nianbao.crawler.portal_stats import PortalStats, merge_stats
from nianbao.crawler.registry import Portal
from nianbao.crawler.spiders.portals import PORTAL, PortalsSpider
from nianbao.demo.site import NOT_FOUND, QuietHandler, serve, stop_servers
from tests.conftest import nianbao, rows, write_registry
from tests.saved_pages import listed, saved_response

BLIND = Path(__file__).parent / "files" / "blind-listings"
SITES = sorted(path.parent.name for path in BLIND.glob("*/expected.json"))
ROBOTS = "/robots.txt"
HOST = "http://blind.test"
LOOPBACK = "127.0.0.1"


@dataclass
class BlindSite:
    """One blind site: its routes, what a crawl should find, and every request it saw (method, path, matched)."""

    name: str
    routes: list[dict]
    expected: dict
    hits: list[tuple[str, str, bool]] = field(default_factory=list)

    @classmethod
    def load(cls, name: str) -> "BlindSite":
        """A site from its folder's routes.json and expected.json."""
        folder = BLIND / name
        return cls(name, json.loads((folder / "routes.json").read_text(encoding="utf-8")),
                   json.loads((folder / "expected.json").read_text(encoding="utf-8")))

    def route(self, method: str, path: str, query: dict, form: dict) -> dict | None:
        """The route answering a request: method and path equal, every listed query and form field present."""
        return next((r for r in self.routes if r["method"] == method and r["path"] == path
                     and all(query.get(k) == v for k, v in r["query"].items())
                     and all(form.get(k) == v for k, v in r["form"].items())), None)

    def handler(self):
        """The request handler class serving this site."""
        site = self

        class Handler(QuietHandler):
            """Answers by routes.json; anything else is a 404."""

            def _answer(self, form: dict) -> None:
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
                route = site.route(self.command, parts.path, query, form)
                site.hits.append((self.command, self.path, route is not None))
                body = (BLIND / site.name / route["file"]).read_bytes() if route else NOT_FOUND
                self.send_response(200 if route else 404)
                self.send_header("Content-Type", route["content_type"] if route else "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                self._answer({})

            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8")
                if "json" in (self.headers.get("Content-Type") or ""):
                    form = {k: str(v) for k, v in json.loads(raw or "{}").items()}
                else:
                    form = {k: v[0] for k, v in parse_qs(raw, keep_blank_values=True).items()}
                self._answer(form)

        return Handler


@pytest.fixture(scope="module")
def blind_crawl(tmp_path_factory):
    """Every blind site on its own 127.0.0.1 port, crawled once by `nianbao crawl` with one registry row each."""
    sites = {name: BlindSite.load(name) for name in SITES}
    servers: dict[str, ThreadingHTTPServer] = {name: serve(LOOPBACK, 0, site.handler()) for name, site in sites.items()}
    tmp = tmp_path_factory.mktemp("blind")
    registry = write_registry(tmp / "portals.yaml", [
        {"id": f"blind-{name}", "name": f"盲测 {name}", "family": site.expected["family"], "region": "测试",
         "start_url": f"http://{LOOPBACK}:{servers[name].server_address[1]}{site.expected['start_url']}"}
        for name, site in sites.items()])
    result = nianbao("crawl", "--portals", registry, "--db", tmp / "nianbao.db")
    runs = {row["portal"]: row for row in rows(tmp / "nianbao.db", "select * from portal_runs")}
    yield sites, runs, result
    stop_servers(servers.values())


@pytest.mark.parametrize("name", SITES)
def test_blind_site_requests_exactly_its_reports(blind_crawl, name):
    sites, _, result = blind_crawl
    site = sites[name]
    unrouted = [(method, path) for method, path, matched in site.hits if not matched and path != ROBOTS]
    assert {method for method, _ in unrouted} <= {"GET"}, (unrouted, result.stderr[-3000:])
    assert {path for _, path in unrouted} == set(site.expected["report_urls"]), result.stderr[-3000:]


@pytest.mark.parametrize("name", SITES)
def test_blind_site_outcome_holds_the_column_to_its_claim(blind_crawl, name):
    sites, runs, _ = blind_crawl
    expected, run = sites[name].expected, runs[f"blind-{name}"]
    if expected["outcome"] == "ok":
        assert run["status"] == "ok", run["message"]
    else:
        why = expected["outcome"].removeprefix("error: ")
        assert run["status"] == "error" and run["message"].startswith(why), run["message"]
    if expected["claimed_total"] is not None:
        assert run["items_claimed"] == expected["claimed_total"]
    assert run["items_listed"] >= len(expected["report_urls"])


def test_a_column_listing_more_than_it_claims_is_ok_and_noted(blind_crawl):
    _, runs, _ = blind_crawl
    run = runs["blind-lists-more"]
    assert (run["status"], run["items_listed"], run["items_claimed"]) == ("ok", 7, 5)
    assert run["message"].startswith("listed 7, more than the 5 claimed (共 5 条 on http://127.0.0.1:")


def test_the_crawl_fails_when_a_column_lists_fewer_than_it_claims(blind_crawl):
    sites, runs, result = blind_crawl
    assert result.returncode == 1
    short = sorted(f"blind-{name}" for name, site in sites.items() if site.expected["outcome"] != "ok")
    assert short == ["blind-claims-more", "blind-trs-pager-stale"]
    assert sorted(portal for portal, run in runs.items() if run["status"] != "ok") == short


def _blind_page(name: str, file: str, path: str | None = None, meta: dict | None = None) -> HtmlResponse:
    """A blind site's saved file as the response to its path (the column's start_url by default)."""
    site = BlindSite.load(name)
    url = HOST + (path or site.expected["start_url"])
    route = next(r for r in site.routes if r["file"] == file)
    cls = HtmlResponse if "html" in route["content_type"] else TextResponse
    return cls(url=url, body=(BLIND / name / file).read_bytes(), headers={"Content-Type": route["content_type"]},
               request=Request(url, meta=meta or {}), **({} if cls is HtmlResponse else {"encoding": "utf-8"}))


def _claims(response, shown: int) -> set[tuple[str, int, str]]:
    return {(claim.kind, claim.count, claim.form) for claim in claims_in(response.text, response.url, shown)}


@pytest.mark.parametrize(("name", "file", "shown", "claims"), [
    ("hanweb-a", "index.html", 20, {(ITEMS, 63, "<totalrecord>{}</totalrecord>"),
                                     (PAGES, 4, "<totalpage>{}</totalpage>")}),
    ("hanweb-b", "index.html", 2, {(ITEMS, 3, "totalRecord")}),
    ("hanweb-c", "index.html", 15, {(ITEMS, 40, "totalRecord"), (ITEMS, 40, "共 {} 条")}),
    ("trs-api", "index.html", 10, {(ITEMS, 20, "recordCount"), (ITEMS, 20, "共 {} 条")}),
    ("trs-pages", "index.html", 12, {(PAGES, 3, "createPageHTML({}, …)")}),
    ("claims-more", "page1.html", 6, {(ITEMS, 12, "共 {} 条"), (PAGES, 2, "共 {} 页"), (PAGES, 2, "…/{} 页")}),
    ("gbk-generic", "zfxxgknb.htm", 6, {(PAGES, 2, "共 {} 页")}),
])
def test_claims_are_read_wherever_the_page_writes_them(name, file, shown, claims):
    assert _claims(_blind_page(name, file), shown) == claims


def test_json_totals_and_page_counts_are_claims():
    answer = _blind_page("trs-api", "search_page1.json", "/fjdzapp/search")
    found = claims_in(answer.text, answer.url, 10)
    assert {(c.kind, c.count, c.form, c.per_page) for c in found} == {
        (ITEMS, 20, "total", None), (PAGES, 2, "pageCount", 10)}


def test_createpagehtml_with_a_record_count_claims_items_and_pages():
    page = saved_response("mct", "index.html")
    assert _claims(page, 4) == {(PAGES, 3, "createPageHTML({}, …)"), (ITEMS, 27, "createPageHTML(…, {})")}


def test_a_page_count_is_a_bound_of_its_page_size_and_an_item_total_outranks_it():
    pages = Claim(PAGES, 4, "totalPage", "u", per_page=3)
    assert pages.least() == 10
    assert strongest([pages, Claim(ITEMS, 11, "totalRecord", "u")]).count == 11
    assert strongest([pages, Claim(PAGES, 2, "共 {} 页", "u", per_page=3)]) == pages
    sd = saved_response("sd-gov", "column.html")
    assert {(c.kind, c.count, c.per_page) for c in claims_in(sd.text, sd.url, 3)} == {(ITEMS, 11, None), (PAGES, 4, 3)}


def test_an_equality_test_a_computed_value_or_a_placeholder_is_no_claim():
    page = ("<script>var totalCount = 0; if (totalRecord == 0) {} var totalPage = Math.ceil(totalRecord / perPage);"
            "</script>")
    assert claims_in(page, HOST, 0) == []


def test_column_items_count_every_row_of_the_lists_the_links_sit_in():
    page = _blind_page("trs-pages", "index.html")
    links = [result for result in TrsListing().parse(page) if not isinstance(result, Request)]
    items = column_items(page, links)
    assert len(items) == 12
    assert f"{HOST}/zw/zfxxgk/zfgbm/qzfb/zfxxgknb/202301/P020230120710866430347.pdf" in {link.url for link in links}
    assert "http://www.gov.cn/zhengce/zhengceku/2021-09/30/content_5640401.htm" in items


def test_a_trs_column_is_paged_from_its_first_page_and_its_later_pages_only_list():
    """Each page carries the column's createPageHTML(3, current, …): the first names the other two, which name none
    (they were asked already), rather than nine requests for the spider to drop."""
    start = BlindSite.load("trs-pages").expected["start_url"]
    first = [r for r in TrsListing().parse(_blind_page("trs-pages", "index.html")) if isinstance(r, Request)]
    assert [r.url for r in first] == [f"{HOST}{start}index_{n}.html" for n in (1, 2)]
    later = list(TrsListing().parse(_blind_page("trs-pages", "index_1.html", start + "index_1.html", first[0].meta)))
    assert not [r for r in later if isinstance(r, Request)]
    assert len([r for r in later if not isinstance(r, Request)]) == 12


def test_a_trs_page_naming_more_pages_than_the_first_asks_for_those_alone():
    """A column that grew between the captures of its pages: the newer page's pager names one page more."""
    start = BlindSite.load("trs-pages").expected["start_url"]
    first = [r for r in TrsListing().parse(_blind_page("trs-pages", "index.html")) if isinstance(r, Request)]
    grown = _blind_page("trs-pages", "index_1.html", start + "index_1.html", first[0].meta)
    grown = grown.replace(body=grown.body.replace(b"createPageHTML(3,1,", b"createPageHTML(4,1,"))
    asked = [r.url for r in TrsListing().parse(grown) if isinstance(r, Request)]
    assert asked == [f"{HOST}{start}index_3.html"]


def test_sidebar_and_navigation_links_are_not_items():
    page = _blind_page("claims-more", "page1.html")
    links = [result for result in GenericListing().parse(page) if not isinstance(result, Request)]
    assert len(column_items(page, links)) == 6


def _posts(results) -> list[tuple[int, int]]:
    return [tuple(int(parse_qs(urlsplit(r.url).query)[k][0]) for k in ("startrecord", "endrecord"))
            for r in results if isinstance(r, Request)]


def test_hanweb_total_from_a_script_variable_pages_the_dataproxy():
    results = list(HanwebListing().parse(_blind_page("hanweb-b", "index.html")))
    (post,) = [r for r in results if isinstance(r, Request)]
    assert _posts([post]) == [(3, 3)]
    form = parse_qs(post.body.decode())
    assert (form["columnid"], form["unitid"], form["webid"]) == (["1229779588"], ["7658843"], ["3871"])


def test_hanweb_records_in_a_script_array_and_the_jpage_call_give_the_form():
    page = _blind_page("hanweb-c", "index.html")
    assert len(records(page.text)) == 15
    results = list(HanwebListing().parse(page))
    assert _posts(results) == [(16, 30), (31, 40)]
    form = parse_qs(results[-1].body.decode())
    assert (form["columnid"], form["unitid"], form["webid"]) == (["80235"], ["3718562"], ["68"])
    assert urlsplit(results[-1].url).path == "/module/web/jpage/dataproxy.jsp"


def test_hanweb_group_answer_short_of_its_range_asks_for_the_rest_and_an_empty_one_ends():
    column = list(HanwebListing().parse(_blind_page("hanweb-a", "index.html")))
    group = column[-1].meta[GROUP_META]
    assert _posts(column) == [(21, 40), (41, 60), (61, 63)]
    short = {**group, "start": 41, "end": 70, "total": 70}
    answer = _blind_page("hanweb-a", "dataproxy_41.xml", "/module/web/jpage/dataproxy.jsp", {GROUP_META: short})
    assert _posts(HanwebListing().parse(answer)) == [(61, 70)]
    empty = _blind_page("hanweb-a", "dataproxy_empty.xml", "/module/web/jpage/dataproxy.jsp", {GROUP_META: group})
    assert list(HanwebListing().parse(empty)) == []


def test_hanweb_column_with_no_total_asks_group_after_group_until_one_repeats():
    page = _blind_page("hanweb-b", "index.html")
    unclaimed = HtmlResponse(url=page.url, body=page.body.replace(b"var totalRecord = 3;", b""), encoding="utf-8",
                             request=page.request)
    (first,) = [r for r in HanwebListing().parse(unclaimed) if isinstance(r, Request)]
    assert _posts([first]) == [(3, 4)]
    answer = _blind_page("hanweb-b", "dataproxy_3.xml", "/module/web/jpage/dataproxy.jsp", first.meta)
    (second,) = [r for r in HanwebListing().parse(answer) if isinstance(r, Request)]
    assert _posts([second]) == [(4, 5)]


def test_trs_front_end_search_api_is_found_by_its_call_and_paged():
    page = _blind_page("trs-api", "index.html")
    (call,) = list_calls(page.text)
    assert (call.url, call.method, call.page_field) == ("/fjdzapp/search", "POST", "page")
    assert call.fields["chnlid"] == "36871" and call.fields["prepage"] == "10"
    results = list(TrsListing().parse(page))
    (api,) = [r for r in results if isinstance(r, Request)]
    assert len(results) == 11 and parse_qs(api.body.decode())["page"] == ["1"]
    answer = _blind_page("trs-api", "search_page1.json", "/fjdzapp/search", api.meta)
    second = list(TrsListing().parse(answer))
    assert len(second) == 11 and parse_qs(second[-1].body.decode())["page"] == ["2"]


@pytest.mark.parametrize(("script", "call"), [
    ("var cid = '9'; function more(n) { $.getJSON('/api/list', {chnlid: cid, pageNo: n, pageSize: 15}, show); }",
     PostCall("/api/list", {"chnlid": "9", "pageSize": "15"}, "pageNo", 1, False, "GET")),
    ("var query = {columnId: 'nb', pageIndex: 1, rows: 20};"
     " fetch('/list.do', {method: 'POST', body: JSON.stringify(query)}).then(draw);",
     PostCall("/list.do", {"columnId": "nb", "rows": "20"}, "pageIndex", 1, True, "POST")),
    ("function go(n) { $.post('/xxgk/list', {chnl: '5', idx: n, limit: 10}, draw); }",
     PostCall("/xxgk/list", {"chnl": "5", "limit": "10"}, "idx", 1, False, "POST")),
])
def test_list_calls_are_read_by_shape_whatever_their_method_and_names(script, call):
    assert list_calls(f"<script>{script}</script>") == [call]


def test_a_call_with_no_page_is_no_list():
    assert list_calls("<script>$.ajax({url: '/visit', type: 'POST', data: {id: docId}});</script>") == []


def test_a_get_list_call_asks_by_query():
    call = PostCall("/api/list?site=3", {"chnlid": "9"}, "pageNo", 1, False, "GET")
    assert page_request(f"{HOST}/xxgk/", call, 2).url == f"{HOST}/api/list?site=3&chnlid=9&pageNo=2"


def test_a_shortfall_fails_the_portal_and_says_by_how_much():
    stats = PortalStats("p", listing_pages=1, reports_listed=2)
    stats.listed({"a", "b"}, [Claim(ITEMS, 3, "totalRecord", "http://x/col/col1/index.html")])
    stats.close()
    assert (stats.status, stats.items_listed, stats.items_claimed) == ("error", 2, 3)
    assert stats.message == ("listed 2 of 3 claimed (totalRecord = 3 on http://x/col/col1/index.html); "
                             "no further page or list request was found to follow")


def test_a_page_bound_shortfall_says_at_least():
    stats = PortalStats("p", listing_pages=3, reports_listed=1)
    stats.listed({"a"}, [Claim(PAGES, 2, "共 {} 页", "u", per_page=10)])
    stats.close()
    assert stats.message.startswith("listed 1 of at least 11 claimed (共 2 页, pages of 10, on u); over 3 listing pages")


def test_items_are_counted_once_across_pages_and_workers():
    first, second = PortalStats("p", reports_listed=1), PortalStats("p", reports_listed=1)
    first.listed({"a", "b"}, [Claim(ITEMS, 3, "total", "u")])
    second.listed({"b", "c"}, [])
    merged = merge_stats([first, second])
    merged.close()
    assert (merged.status, merged.items_listed, merged.items_claimed, merged.message) == ("ok", 3, 3, None)


def test_a_column_whose_pager_cannot_be_followed_fails_and_says_so():
    page = _blind_page("trs-api", "index.html")
    static = page.replace(body=page.body.split(b"function loadList")[0] + b"</script></body></html>")
    spider = PortalsSpider.from_crawler(get_crawler(PortalsSpider), run_id="test-run", portals=[
        Portal(id="trs-api", name="三明市人民政府", start_url=page.url, family="trs", hosts=("blind.test",))])
    requests = list(spider.parse_listing(static.replace(request=Request(page.url, meta={PORTAL: "trs-api"}))))
    assert len(requests) == 10 and all(r.callback == spider.parse_detail for r in requests)
    stats = spider.stats_by_portal["trs-api"]
    stats.close()
    assert (stats.status, stats.message) == ("error", f"listed 10 of 20 claimed (recordCount = 20 on {page.url}); "
                                                      "no further page or list request was found to follow")


def test_a_saved_hanweb_column_counts_its_records_against_its_total():
    listing = listed("js-mzt", "column.html")
    stats = listing.spider.stats_by_portal["js-mzt"]
    assert (stats.items_listed, stats.items_claimed) == (3, 7)
