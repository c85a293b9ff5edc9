"""A crawl of a portal serving bombs: each one recorded with its reason, the reports beside them archived, the whole
crawl (every process it starts) under 1 GiB."""

import os
import sys

import pytest

from tests.bomb_site import ENDLESS, FILE_BOMBS, GZIP_BOMB, HEADER_FLOOD, PLAIN, BombSite
from tests.conftest import FAST_ENV, rows, write_registry
from tests.peak_memory import run_measured

MAX_CRAWL_MIB = 1024
CRAWL_TIMEOUT = 900
NETWORK_REASONS = {
    GZIP_BOMB: "too large: the compressed body inflates past the download size cap (NIANBAO_MAX_BYTES)",
    HEADER_FLOOD: "too large: response headers run past 262144 bytes (NIANBAO_MAX_HEADER_BYTES)",
    ENDLESS: "too large: the body grew past the download size cap (NIANBAO_MAX_BYTES)",
}


@pytest.fixture(scope="module")
def bombed(tmp_path_factory):
    """One crawl of the bomb portal, measured."""
    site = BombSite().start()
    tmp = tmp_path_factory.mktemp("bombs")
    db_path = tmp / "nianbao.db"
    registry = write_registry(tmp / "portals.yaml", site.registry_rows())
    env = {**os.environ, **FAST_ENV, "NIANBAO_DOWNLOAD_TIMEOUT": "30"}
    result, peak = run_measured([sys.executable, "-m", "nianbao", "crawl", "--portals", registry, "--db",
                                 str(db_path)], env, CRAWL_TIMEOUT)
    yield site, db_path, result, peak
    site.stop()


def _errors(db_path) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for row in rows(db_path, "select url, reason from fetch_errors"):
        errors.setdefault(row["url"], []).append(row["reason"])
    return errors


def test_the_crawl_finishes_in_bounded_memory(bombed):
    _, _, result, peak = bombed
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert peak < MAX_CRAWL_MIB


def test_each_network_bomb_is_a_fetch_error_with_its_reason(bombed):
    site, db_path, _, _ = bombed
    errors = _errors(db_path)
    for bomb, reason in NETWORK_REASONS.items():
        url = site.url(site.page(bomb).path)
        assert any(r.startswith(reason) for r in errors.get(url, [])), (bomb, errors.get(url))
    archived = {row["source_url"] for row in rows(db_path, "select source_url from reports")}
    assert not archived & {site.url(site.page(bomb).path) for bomb in NETWORK_REASONS}


def test_each_file_bomb_is_recorded_too_large_and_its_page_keeps_its_report(bombed):
    site, db_path, _, _ = bombed
    errors = _errors(db_path)
    reports = {row["source_url"]: row for row in rows(db_path, "select source_url, title, year from reports")}
    for bomb in FILE_BOMBS:
        page = site.page(bomb)
        reasons = errors.get(site.url(page.attachment), [])
        assert [r for r in reasons if r.startswith("too large: ")], (bomb, reasons)
        assert reports[site.url(page.path)]["title"] == page.report.title, bomb


def test_the_plain_reports_are_archived_with_their_cells(bombed):
    site, db_path, _, _ = bombed
    for page in (p for p in site.pages if p.bomb == PLAIN):
        found = rows(db_path, "select r.id, count(*) as cells from reports r join cells c on c.report_id = r.id "
                              "where r.source_url = ? group by r.id", (site.url(page.path),))
        assert len(found) == 1 and found[0]["cells"] > 0, page.path
