"""The fault portal: every way a government server fails, crawled for real; nothing stops the crawl or is lost."""

import sqlite3
import urllib.parse
import urllib.request
from contextlib import closing

import pytest

from nianbao.demo.faults import (
    BLOCKED,
    DOWN,
    ERROR,
    GBK_AS_UTF8,
    HEALED,
    INJECTED_TEXT,
    INJECTED_TITLE,
    INJECTION,
    JUNK,
    LOOP,
    MISSED,
    NO_CHARSET,
    OVERSIZED,
    PAGES,
    RECOVERED,
    RESET,
    SOFT_404,
    STALL,
    STORM,
    TIMEOUT,
    TRAP,
    TRUNCATED,
    UTF8_AS_GBK,
    FaultSite,
)
from tests.archive_digest import digest
from tests.catalog_cells import assert_cells_as_printed
from tests.conftest import nianbao, server_path, serving, write_registry

TIMEOUT_SECONDS = 2
MAX_BYTES = 1 << 20
# Short timeouts and retries so the faulty pages cost seconds, not minutes.
FAULT_ENV = {"NIANBAO_DOWNLOAD_TIMEOUT": str(TIMEOUT_SECONDS), "NIANBAO_MAX_BYTES": str(MAX_BYTES),
             "NIANBAO_RETRY_TIMES": "1", "NIANBAO_RETRY_BACKOFF": "0.1"}
EXPECTED_REASON = {
    ERROR: "HTTP 500",
    TIMEOUT: "timeout: ",
    STALL: "timeout: ",
    RESET: "connection failed: ConnectionLost",
    TRUNCATED: "truncated: ",
    LOOP: "redirect loop: ",
    SOFT_404: "soft 404, content removed: ",
    OVERSIZED: "too large: ",
    JUNK: "binary content, not text",
}


def crawl(site: FaultSite, tmp_path, db_path, **env):
    """One `nianbao crawl` of the fault portals."""
    registry = write_registry(tmp_path / "portals.yaml", site.registry_rows())
    return nianbao("crawl", "--portals", registry, "--db", db_path, env={**FAULT_ENV, **env})


def query(db_path, sql, params=()):
    with closing(sqlite3.connect(db_path)) as db:
        return db.execute(sql, params).fetchall()


def new_site() -> FaultSite:
    return FaultSite(timeout=TIMEOUT_SECONDS, max_bytes=MAX_BYTES).start()


@pytest.fixture(scope="module")
def faulty(tmp_path_factory):
    """One crawl of the fault portals while every fault is on."""
    site = new_site()
    tmp = tmp_path_factory.mktemp("faults")
    result = crawl(site, tmp, tmp / "nianbao.db")
    yield site, tmp / "nianbao.db", result, tmp
    site.stop()


def test_the_crawl_finishes_and_fails_only_the_portals_that_failed(faulty):
    _, db_path, result, _ = faulty
    assert result.returncode == 1, result.stderr[-3000:]
    assert "failed portals: fault-blocked, fault-down" in result.stderr
    assert query(db_path, "select status from crawl_runs") == [("error",)]
    runs = {portal: (status, message) for portal, status, message in
            query(db_path, "select portal, status, message from portal_runs")}
    assert runs[PAGES] == ("ok", None)
    assert runs[DOWN][0] == "error" and runs[DOWN][1].endswith("/xxgk/list.asp?page=1: HTTP 500")
    assert runs[BLOCKED][0] == "blocked" and runs[BLOCKED][1].endswith(": HTTP 412")
    assert runs[TRAP][0] == "ok" and runs[TRAP][1].startswith("pagination trap: ")


def test_each_failure_is_recorded_per_url_with_its_reason(faulty):
    site, db_path, _, _ = faulty
    errors = {}
    for url, reason in query(db_path, "select url, reason from fetch_errors"):
        errors.setdefault(url, []).append(reason)
    for fault in MISSED:
        url = site.url(PAGES, site.page(fault).path)
        assert [r for r in errors.pop(url) if r.startswith(EXPECTED_REASON[fault])] != [], (fault, errors.get(url))
    blocked_page = site.url(BLOCKED, site.portals[BLOCKED].pages[0].path)
    assert errors == {blocked_page: ["HTTP 412"], site.url(DOWN, "/xxgk/list.asp?page=1"): ["HTTP 500"]}
    assert query(db_path, "select count(*) from skipped") == [(0,)]


def test_pages_that_recover_are_archived_with_every_cell(faulty):
    site, db_path, _, _ = faulty
    recovered = [site.page(fault).report for fault in RECOVERED]
    assert_cells_as_printed(db_path, recovered)
    archived = {agency for (agency,) in query(db_path, "select agency from reports")}
    assert {r.agency for r in recovered} <= archived
    assert not {site.page(fault).report.agency for fault in MISSED} & archived


def test_wrong_and_missing_charsets_are_decoded_and_flagged(faulty):
    site, db_path, _, _ = faulty
    expected = {GBK_AS_UTF8: ("gb18030", 1), UTF8_AS_GBK: ("utf-8", 1), NO_CHARSET: ("gb18030", 0)}
    for fault, (encoding, mislabelled) in expected.items():
        page = site.page(fault)
        [(got_encoding, got_flag, text)] = query(
            db_path, "select s.encoding, s.charset_mislabelled, r.text from sources s join reports r"
            " on r.id = s.report_id where s.url = ?", (site.url(PAGES, page.path),))
        assert (got_encoding, got_flag) == (encoding, mislabelled), fault
        assert f"由{page.report.agency}编制" in text and "\ufffd" not in text


def test_the_pagination_trap_ends_by_rule_at_the_second_repeated_page(faulty):
    site, db_path, _, _ = faulty
    listing_hits = [hit for hit in site.portals[TRAP].hits if hit.startswith("/xxgk/list.asp")]
    assert listing_hits == ["/xxgk/list.asp?page=1", "/xxgk/list.asp?page=2", "/xxgk/list.asp?page=3"]
    assert query(db_path, "select listing_pages, reports_new from portal_runs where portal = ?", (TRAP,)) == [(3, 2)]


def test_the_listing_page_cap_ends_a_pager_and_says_so(tmp_path):
    site = new_site()
    try:
        registry = write_registry(tmp_path / "portals.yaml", site.registry_rows())
        result = nianbao("crawl", "--portals", registry, "--db", tmp_path / "nianbao.db", "--only", TRAP,
                         "--set", "NIANBAO_MAX_LISTING_PAGES=2", env=FAULT_ENV)
        assert result.returncode == 0, result.stderr[-3000:]
        listing_hits = [hit for hit in site.portals[TRAP].hits if hit.startswith("/xxgk/list.asp")]
        assert listing_hits == ["/xxgk/list.asp?page=1", "/xxgk/list.asp?page=2"]
        assert query(tmp_path / "nianbao.db", "select message from portal_runs") == [
            ("listing stopped at 2 pages (NIANBAO_MAX_LISTING_PAGES)",)]
    finally:
        site.stop()


def test_the_blocked_portal_is_not_asked_again_after_its_412(faulty):
    site, _, _, _ = faulty
    details = [hit for hit in site.portals[BLOCKED].hits if hit.startswith("/xxgk/show.asp")]
    assert len(details) == len(set(details)) <= len(site.portals[BLOCKED].pages)


def test_injected_markup_is_archived_as_text_and_shown_as_text_in_datasette(faulty):
    site, db_path, _, tmp = faulty
    report = site.page(INJECTION).report
    [(report_id, title, text, agency)] = query(db_path, "select id, title, text, agency from reports where title"
                                               " like ?", (INJECTED_TITLE + "%",))
    assert title == INJECTED_TITLE + report.title and INJECTED_TEXT in text and agency == report.agency
    result = nianbao("snapshot", "--db", db_path, "--snapshots", tmp / "snapshots")
    assert result.returncode == 0, result.stderr[-3000:]
    with serving(tmp / "snapshots") as base:
        for url in (f"{base}/nianbao/reports/{report_id}",
                    f"{base}/nianbao/reports?" + urllib.parse.urlencode({"_search": "医疗保障局"})):
            with urllib.request.urlopen(url, timeout=30) as response:
                page = response.read().decode("utf-8")
            assert "<script>alert(" not in page and "<img src=x" not in page and "<b>不应加粗" not in page, url
            assert "&lt;script&gt;alert(" in page, url


def test_faults_on_known_pages_lose_nothing_already_archived(tmp_path):
    site = new_site()
    try:
        db_path = tmp_path / "nianbao.db"
        site.mode = HEALED
        assert crawl(site, tmp_path, db_path).returncode == 0
        before = digest(db_path)
        site.mode = STORM
        # Every known page is due for its re-check, and every one of them fails in its own way.
        result = crawl(site, tmp_path, db_path, NIANBAO_RECHECK_DAYS="0")
        after = digest(db_path)
        for table in ("reports", "versions", "cells", "checks", "sources"):
            assert after[table] == before[table], table
        assert query(db_path, "pragma integrity_check") == [("ok",)]
        outcomes = query(db_path, "select outcome, count(*) from rechecks group by outcome")
        assert outcomes == [("error", len(before["sources"]))], (outcomes, result.stderr[-2000:])
        assert query(db_path, "select count(*) from sources where gone is not null") == [(0,)]
    finally:
        site.stop()


def test_the_run_after_the_faults_fetches_exactly_what_was_missed(tmp_path):
    site = new_site()
    try:
        db_path = tmp_path / "nianbao.db"
        crawl(site, tmp_path, db_path)
        archived = {server_path(url) for (url,) in query(db_path, "select url from sources")}
        site.mode = HEALED
        for portal in site.portals.values():
            portal.hits.clear()
        result = crawl(site, tmp_path, db_path)
        assert result.returncode == 0, result.stderr[-3000:]
        fetched = {hit for portal in site.portals.values() for hit in portal.hits if hit.startswith("/xxgk/show.asp")}
        missed = {site.page(fault).path for fault in MISSED}
        missed |= {page.path for portal in (BLOCKED, DOWN) for page in site.portals[portal].pages}
        assert fetched == missed - archived
        everything = [page.report for portal in site.portals.values() for page in portal.pages]
        assert_cells_as_printed(db_path, everything)
        assert query(db_path, "select count(*) from reports") == [(len(everything),)]
    finally:
        site.stop()
