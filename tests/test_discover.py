"""`nianbao discover` finds the 年报 column from a home page by link text, on sites it was never configured for."""

import pytest
import yaml

from nianbao.demo.families import GKMLPT, JPAAS, POST, FamilySites
from nianbao.demo.site import DemoSite
from tests.conftest import nianbao, write_registry
from tests.test_end_to_end import rows


@pytest.fixture(scope="module")
def family_sites():
    """The family demo sites, served for this module."""
    sites = FamilySites().start()
    yield sites
    sites.stop()


def discovered(url: str) -> dict:
    """The one registry row discover prints for url."""
    result = nianbao("discover", url)
    assert result.returncode == 0, result.stderr[-2000:]
    (row,) = yaml.safe_load(result.stdout)
    return row


@pytest.mark.parametrize("portal, family, trail", [
    ("demo-trs", "trs", "首页 > 政务公开 > 政府信息公开年报"),
    ("demo-hanweb", "hanweb", "首页 > 政务公开 > 政府信息公开 > 政府信息公开年报"),
    ("demo-generic", "generic", "首页 > 信息公开 > 年度报告"),
])
def test_column_two_or_three_clicks_deep_is_found_with_its_family(demo_site, portal, family, trail):
    row = discovered(demo_site.url(portal, "/"))
    assert row["start_url"] == demo_site.url(portal, demo_site.portals[portal].start_path)
    assert row["family"] == family
    assert f": {trail} (" in row["evidence"]
    assert row["name"] == {"demo-trs": "云溪市人民政府", "demo-hanweb": "云溪市教育局", "demo-generic": "青石县人民政府"}[portal]
    assert row["id"] == f"host-{demo_site.servers[portal].server_address[1]}"


@pytest.mark.parametrize("portal, family", [(JPAAS, "jpaas"), (GKMLPT, "gkmlpt")])
def test_columns_that_list_by_api_are_confirmed_through_their_api(family_sites, portal, family):
    row = discovered(family_sites.url(portal, "/"))
    assert (row["start_url"], row["family"]) == (family_sites.url(portal, family_sites.sites[portal].start_path), family)


def test_a_discovered_row_crawls_its_reports(demo_site, tmp_path):
    row = discovered(demo_site.url("demo-hanweb", "/"))
    db = tmp_path / "found.db"
    result = nianbao("crawl", "--portals", write_registry(tmp_path / "found.yaml", [row]), "--db", db)
    assert result.returncode == 0, result.stderr[-2000:]
    archived = {(r["agency"], r["year"]) for r in rows(db, "select agency, year from reports")}
    assert archived == {(r.agency, r.year) for r in demo_site.catalog if "demo-hanweb" in r.portals}


def test_a_site_without_a_column_in_reach_says_so(family_sites):
    result = nianbao("discover", family_sites.url(POST, "/"))
    assert result.returncode == 1
    assert f"no 年报 column found from {family_sites.url(POST, '/')} within 4 clicks" in result.stderr


def test_a_home_page_sent_to_another_site_is_not_followed():
    site = DemoSite().start()
    try:
        site.portals["demo-generic"].redirects["/"] = site.url("demo-trs", "/")
        result = nianbao("discover", site.url("demo-generic", "/"))
        assert result.returncode == 1
        assert f"refused: redirect to {site.base_url('demo-trs')[len('http://'):]} (another port)" in result.stderr
        assert site.portals["demo-trs"].hits == []
    finally:
        site.stop()
