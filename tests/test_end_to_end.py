"""Crawl the demo portal on 127.0.0.1 and check the archive report by report."""

import json
import shutil
import sqlite3
import subprocess
import sys
import urllib.request
from contextlib import closing
from unittest.mock import ANY

import pytest

from nianbao.demo.catalog import CARRY_BREAK, DEAD_TITLE, INCONSISTENT, NOTICE_TITLE, REPOST, ROBOTS_TITLE
from nianbao.demo.site import ROBOTS_PATH
from nianbao.exit_codes import REGISTRY
from tests.catalog_cells import assert_cells_as_printed
from tests.conftest import free_port, nianbao, rows, wait_for_http, write_registry

DERIVED = ("reports", "versions", "sources", "cells", "checks")


def dump(db_path, tables=DERIVED) -> dict:
    """Every row of the given tables, sorted, for before/after comparisons."""
    with closing(sqlite3.connect(db_path)) as db:
        return {t: sorted(map(repr, db.execute(f"select * from {t}"))) for t in tables}


@pytest.fixture(scope="module")
def crawled(demo_site, tmp_path_factory):
    """One crawl of the demo portal; the site's request log is kept and then cleared."""
    tmp = tmp_path_factory.mktemp("e2e")
    registry = write_registry(tmp / "portals.yaml", demo_site.registry_rows())
    db = tmp / "nianbao.db"
    for site in demo_site.portals.values():
        site.log.clear()
    result = nianbao("crawl", "--portals", registry, "--db", db)
    first_log = {pid: list(site.log) for pid, site in demo_site.portals.items()}
    for site in demo_site.portals.values():
        site.log.clear()
    return {"db": db, "registry": registry, "result": result, "log": first_log, "tmp": tmp}


def test_first_crawl_succeeds(crawled):
    assert crawled["result"].returncode == 0, crawled["result"].stderr[-3000:]
    assert "3 of 3 portals ok" in crawled["result"].stdout


def test_every_report_is_archived_once_with_its_metadata(crawled, demo_site):
    archived = {(r["agency"], r["year"]): r for r in rows(crawled["db"], "select * from reports")}
    expected = {(r.agency, r.year): r for r in demo_site.catalog}
    assert set(archived) == set(expected)
    for key, report in expected.items():
        row = archived[key]
        assert (row["title"], row["template"], row["published"]) == (report.title, report.template, report.published)
        assert row["key_basis"] == "agency_year" and row["versions"] == 1
        assert sorted(json.loads(row["portals"])) == sorted(report.portals), key


def test_repost_is_one_report_with_two_sources(crawled, demo_site):
    agency, year, second_portal = REPOST
    sources = rows(crawled["db"], "select s.portal from sources s join reports r on r.id = s.report_id"
                                  " where r.agency = ? and r.year = ? order by s.portal", (agency, year))
    assert sorted(s["portal"] for s in sources) == sorted(["demo-trs", second_portal])
    assert len(rows(crawled["db"], "select * from sources")) == len(demo_site.catalog) + 1


def test_how_each_page_was_read_is_recorded_per_source(crawled):
    read = {(s["portal"], s["encoding"], s["charset_mislabelled"], s["container"])
            for s in rows(crawled["db"], "select * from sources")}
    assert read == {("demo-trs", "utf-8", 0, "div.TRS_Editor"), ("demo-hanweb", "utf-8", 0, "#zoom"),
                    ("demo-generic", "gb18030", 0, "inferred")}


def test_notice_is_never_fetched_nor_archived(crawled):
    assert not rows(crawled["db"], "select * from reports where title like '%通知%'")
    fetched = [path for log in crawled["log"].values() for _, path in log]
    assert not any(path.endswith(("t20221201_1.html", "show.asp?id=1")) for path in fetched)
    assert NOTICE_TITLE


def test_dead_link_is_recorded_and_the_crawl_goes_on(crawled):
    (error,) = rows(crawled["db"], "select * from fetch_errors where status is not null")
    assert error["url"].endswith("/zwgk/zfxxgknb/202001/t20200115_99999.html")
    assert (error["status"], error["reason"], error["permanent"], error["portal"]) == (404, "HTTP 404", 1, "demo-trs")
    assert not rows(crawled["db"], "select * from reports where title = ?", (DEAD_TITLE,))


def test_robots_txt_is_obeyed_and_the_refusal_recorded(crawled):
    (error,) = rows(crawled["db"], "select * from fetch_errors where status is null")
    assert error["url"].endswith(ROBOTS_PATH)
    assert error["reason"] == "not fetched: Forbidden by robots.txt"
    assert ("GET", ROBOTS_PATH) not in crawled["log"]["demo-trs"]
    assert ("GET", "/robots.txt") in crawled["log"]["demo-trs"]
    assert not rows(crawled["db"], "select * from reports where title = ?", (ROBOTS_TITLE,))


def test_family_of_unconfigured_portal_is_detected_and_hanweb_pages_were_posted(crawled):
    runs = {r["portal"]: r for r in rows(crawled["db"], "select * from portal_runs")}
    assert runs["demo-generic"]["family"] == "generic"
    assert all(r["status"] == "ok" for r in runs.values())
    assert any(method == "POST" for method, _ in crawled["log"]["demo-hanweb"])


def test_cells_equal_the_numbers_the_demo_printed(crawled, demo_site):
    assert_cells_as_printed(crawled["db"], demo_site.catalog)


def test_consistency_checks_flag_the_inconsistent_report_only(crawled):
    failed = rows(crawled["db"], "select r.agency, r.year, c.rule, c.detail from checks c"
                                 " join reports r on r.id = c.report_id where c.status = 'failed' and c.rule != 'carry_over'")
    # Its 一、本年新收 total is 5 over: the balance and that row's sum both break, in the total column.
    assert {(f["agency"], f["year"], f["rule"]) for f in failed} == {
        (*INCONSISTENT, "requests_balance"), (*INCONSISTENT, "requests_row_sum")}
    details = {f["rule"]: json.loads(f["detail"]) for f in failed}
    assert details["requests_balance"] == [{"rule": "requests_balance", "where": "total", "left": ANY, "right": ANY}]
    assert details["requests_balance"][0]["left"] - details["requests_balance"][0]["right"] == 5
    assert details["requests_row_sum"] == [{"rule": "requests_row_sum", "where": "new", "left": ANY, "right": ANY}]


def test_carry_over_compares_each_report_with_the_agencys_previous_year(crawled, demo_site):
    status = {(r["agency"], r["year"]): r["status"] for r in rows(
        crawled["db"], "select r.agency, r.year, c.status from checks c join reports r on r.id = c.report_id"
                       " where c.rule = 'carry_over'")}
    tables = {(r.agency, r.year) for r in demo_site.catalog if r.requests}
    for agency, year in tables:
        expected = "unknown" if (agency, year - 1) not in tables else "failed" if (agency, year) == CARRY_BREAK else "ok"
        assert status[(agency, year)] == expected, (agency, year)


def test_every_row_carries_provenance(crawled):
    for table in ("reports", "versions", "cells", "checks"):
        missing = rows(crawled["db"], f"select count(*) n from {table} where source_url is null or fetched_at is null"
                                      " or content_hash is null or crawl_run is null")
        assert missing[0]["n"] == 0, table


def test_export_prints_one_json_report_per_line(crawled, demo_site):
    result = nianbao("export", "--db", crawled["db"])
    assert result.returncode == 0, result.stderr
    reports = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(reports) == len(demo_site.catalog)
    first = reports[0]
    assert set(first) == {"id", "title", "agency", "year", "published", "index_no", "template", "text", "cells",
                          "checks", "sources", "versions", "agency_id", "agency_name", "agency_kind", "agency_level",
                          "agency_province_code", "agency_city_code", "agency_county_code", "publisher", "scope"}
    assert all(r["agency_id"] and r["agency_province_code"] and r["scope"] for r in reports)
    sample = next(r for r in reports if r["template"] == "2021")
    assert set(sample["cells"][0]) == {"section", "row", "col", "value", "value_text", "value_note", "unit", "raw"}
    assert set(sample["sources"][0]) == {"url", "portal", "first_seen"}
    assert sample["checks"]["requests_balance"] == "ok"


def test_reparse_rebuilds_the_same_archive_without_crawling(crawled, demo_site):
    copy = crawled["tmp"] / "reparse.db"
    shutil.copy(crawled["db"], copy)
    before = dump(copy)
    with closing(sqlite3.connect(copy)) as db, db:
        db.execute("delete from reports")
        db.execute("delete from cells")
    result = nianbao("reparse", "--db", copy)
    assert result.returncode == 0, result.stderr
    assert dump(copy) == before
    assert all(not log for log in (s.log for s in demo_site.portals.values()))


def test_datasette_serves_the_archive(crawled):
    port = free_port()
    copy = crawled["tmp"] / "serve.db"
    shutil.copy(crawled["db"], copy)
    server = subprocess.Popen([sys.executable, "-m", "nianbao", "serve", "--db", str(copy), "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        url = f"http://127.0.0.1:{port}/serve/reports.json?_shape=objects&_facet=year&_size=100"
        data = _get_json(url)
        assert len(data["rows"]) == 34
        assert {f["value"] for f in data["facet_results"]["year"]["results"]} >= {2014, 2021, 2023}
        meta = _get_json(f"http://127.0.0.1:{port}/-/metadata.json")
        assert "年报" in meta["title"] and meta["license"]
        assert "报告年度" in meta["databases"]["serve"]["tables"]["reports"]["columns"]["year"]
    finally:
        server.terminate()
        server.wait(timeout=10)


def _get_json(url):
    wait_for_http(url)
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.loads(response.read())


def test_second_crawl_fetches_listing_pages_only_and_changes_nothing(crawled, demo_site):
    before = dump(crawled["db"])
    result = nianbao("crawl", "--portals", crawled["registry"], "--db", crawled["db"])
    assert result.returncode == 0, result.stderr[-3000:]
    log = {pid: list(site.log) for pid, site in demo_site.portals.items()}
    detail_paths = [path for entries in log.values() for _, path in entries
                    if "/t20" in path or "/art/" in path or "show.asp" in path]
    assert detail_paths == []
    assert any(entries for entries in log.values())
    assert dump(crawled["db"]) == before
    (run,) = rows(crawled["db"], "select * from crawl_runs order by started desc limit 1")
    assert (run["status"], run["pages_fetched"], run["reports_new"]) == ("ok", 0, 0)


def test_failing_portals_fail_the_crawl_and_say_why(demo_site, tmp_path):
    hanweb_column = demo_site.registry_rows()[1]["start_url"]
    registry = write_registry(tmp_path / "bad.yaml", [
        {"id": "gone", "name": "已改版", "start_url": demo_site.url("demo-trs", "/old/index.html"), "family": "trs"},
        {"id": "wrong-family", "name": "错配", "start_url": hanweb_column, "family": "trs"},
        {"id": "kpy", "name": "开普云", "start_url": demo_site.url("demo-trs", "/ucap/"), "family": "kaipuyun"},
    ])
    db = tmp_path / "bad.db"
    result = nianbao("crawl", "--portals", registry, "--db", db)
    assert result.returncode == 1
    assert "failed portals: gone" in result.stderr
    runs = {r["portal"]: r for r in rows(db, "select * from portal_runs")}
    assert (runs["gone"]["status"], runs["gone"]["message"]) == (
        "moved", f"listing {demo_site.url('demo-trs', '/old/index.html')}: HTTP 404: the column moved or was removed")
    # A row naming the wrong platform is listed with the page's own parser, and says so.
    assert (runs["wrong-family"]["status"], runs["wrong-family"]["family"]) == ("ok", "hanweb")
    assert runs["wrong-family"]["message"].startswith("family mismatch: the registry says trs, the page is hanweb")
    assert runs["wrong-family"]["reports_new"] > 0
    assert (runs["kpy"]["status"], runs["kpy"]["message"]) == ("skipped", "family 'kaipuyun' is not supported yet; row skipped")
    assert rows(db, "select status from crawl_runs")[0]["status"] == "error"
    health = {r["portal"]: r for r in rows(db, "select * from portal_health")}
    assert (health["gone"]["consecutive_failures"], health["kpy"]["consecutive_failures"]) == (1, 0)


def test_skipped_rows_do_not_fail_the_crawl(demo_site, tmp_path):
    registry = write_registry(tmp_path / "skip.yaml", [
        demo_site.registry_rows()[0],
        {"id": "kpy", "name": "开普云", "start_url": demo_site.url("demo-trs", "/ucap/"), "family": "kaipuyun"},
    ])
    db = tmp_path / "skip.db"
    result = nianbao("crawl", "--portals", registry, "--db", db)
    assert result.returncode == 0, result.stderr
    assert rows(db, "select status from crawl_runs")[0]["status"] == "ok"
    assert not [hit for hit in demo_site.portals["demo-trs"].hits if hit.path == "/ucap/"]


def test_bad_registry_row_is_refused_before_crawling(tmp_path):
    registry = write_registry(tmp_path / "typo.yaml", [{"id": "x", "name": "X", "start_url": "http://127.0.0.1:1/",
                                                        "famly": "trs"}])
    result = nianbao("crawl", "--portals", registry, "--db", tmp_path / "x.db")
    assert result.returncode == REGISTRY
    assert "portal row 1 (x): unknown field(s) famly" in result.stderr
