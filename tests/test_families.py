"""The API-loaded listing families crawl their demo sites exactly: every report once, nothing else, every cell."""

import json
from collections import Counter
from urllib.parse import parse_qs, urlsplit

import pytest

from nianbao.demo.families import (
    FAMILY,
    GKMLPT,
    GKMLPT_CATEGORY,
    HANWEB_UID,
    JPAAS,
    POST,
    TRS_SEARCH,
    FamilySites,
    detail_path,
)
from tests.catalog_cells import assert_cells_as_printed
from tests.conftest import nianbao, write_registry
from tests.test_end_to_end import rows


@pytest.fixture(scope="module")
def family_sites():
    """The five family sites, served for this module."""
    sites = FamilySites().start()
    yield sites
    sites.stop()


@pytest.fixture(scope="module")
def crawled(family_sites, tmp_path_factory):
    """One crawl of every family site; the sites' request logs are kept and then cleared."""
    tmp = tmp_path_factory.mktemp("families")
    db = tmp / "nianbao.db"
    registry = write_registry(tmp / "portals.yaml", family_sites.registry_rows())
    result = nianbao("crawl", "--portals", registry, "--db", db)
    hits = {portal: list(site.hits) for portal, site in family_sites.sites.items()}
    for site in family_sites.sites.values():
        site.hits.clear()
    return {"result": result, "db": db, "hits": hits, "registry": registry}


@pytest.fixture(scope="module")
def listing_hits(crawled, family_sites):
    """The requests of the first crawl that were not for report pages or robots.txt, per site."""
    def hits(portal):
        details = {detail_path(portal, report) for report in family_sites.sites[portal].listed}
        return [(hit.method, hit.path) for hit in crawled["hits"][portal]
                if hit.path not in details and hit.path != "/robots.txt"]
    return hits


def test_every_family_site_crawls_ok(crawled):
    assert crawled["result"].returncode == 0, crawled["result"].stderr[-3000:]
    assert "5 of 5 portals ok" in crawled["result"].stdout
    runs = {r["portal"]: r for r in rows(crawled["db"], "select * from portal_runs")}
    assert {portal: (run["family"], run["status"], run["message"]) for portal, run in runs.items()} == {
        portal: (family, "ok", None) for portal, family in FAMILY.items()}


def test_every_report_is_archived_once_with_its_metadata(crawled, family_sites):
    archived = {(r["agency"], r["year"]): r for r in rows(crawled["db"], "select * from reports")}
    expected = {(r.agency, r.year): r for r in family_sites.catalog}
    assert set(archived) == set(expected)
    for key, report in expected.items():
        row = archived[key]
        assert (row["title"], row["template"], row["published"]) == (report.title, report.template, report.published)
        assert json.loads(row["portals"]) == list(report.portals)


def test_cells_equal_the_numbers_the_sites_printed(crawled, family_sites):
    assert_cells_as_printed(crawled["db"], family_sites.catalog)


def test_each_report_page_is_fetched_exactly_once(crawled, family_sites):
    for portal, site in family_sites.sites.items():
        fetched = Counter(hit.path for hit in crawled["hits"][portal])
        assert {detail_path(portal, r): fetched[detail_path(portal, r)] for r in site.listed} == {
            detail_path(portal, r): 1 for r in site.listed}, portal


def test_gkmlpt_reads_the_sid_and_the_annual_report_category_then_pages_the_json(listing_hits):
    assert sorted(listing_hits(GKMLPT)) == [
        ("GET", f"/gkmlpt/api/all/{GKMLPT_CATEGORY}?page={n}&sid=755041") for n in (1, 2, 3)] + [
        ("GET", "/gkmlpt/index")]


def test_trs_search_api_pages_after_the_static_newest_items(listing_hits):
    hits = listing_hits(TRS_SEARCH)
    assert hits[0] == ("GET", "/xxgk/zfxxgknb/index.shtml")
    queries = [parse_qs(urlsplit(path).query) for _, path in hits[1:]]
    assert sorted(q["pageNumber"] for q in queries) == [["1"], ["2"], ["3"]]
    assert all(q["filter[CHANNELID]"] == ["10086"] and q["pageSize"] == ["3"] for q in queries)


def test_jpaas_pages_the_gateway_until_a_page_lists_nothing(listing_hits):
    hits = listing_hits(JPAAS)
    assert hits[0] == ("GET", "/col/col1229500001/index.html")
    asked = [json.loads(parse_qs(urlsplit(path).query)["paramJson"][0])["pageNo"] for _, path in hits[1:]]
    assert asked == [1, 2, 3]


def test_hanweb_uid_columns_page_by_get(listing_hits):
    assert sorted(listing_hits(HANWEB_UID)) == [
        ("GET", "/col/col1229600001/index.html")] + [
        ("GET", f"/col/col1229600001/index.html?uid=7654321&pageNum={n}") for n in (2, 3)]


def test_post_lists_are_posted_page_by_page(listing_hits):
    assert listing_hits(POST) == [
        ("GET", "/chinatax/n810214/c102384r/index.html?tab=gknb"), ("POST", "/getFileListByCodeId"),
        ("POST", "/getFileListByCodeId")]


def test_second_crawl_asks_the_lists_again_and_no_report_page(crawled, family_sites):
    result = nianbao("crawl", "--portals", crawled["registry"], "--db", crawled["db"])
    assert result.returncode == 0, result.stderr[-3000:]
    for portal, site in family_sites.sites.items():
        details = {detail_path(portal, r) for r in site.listed}
        assert not [hit for hit in site.hits if hit.path in details and hit.status == 200], portal
