"""No value is lost, however long: a report printing a 19-digit and a 5,000-digit number is archived with both kept
as their digits by a crawl, a reparse, a nightly run and a scaled-out ingest; a page the archive refuses is a
failure that fails its portal; a reparse killed at any point leaves the archive as it was."""

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing

import pytest

from nianbao.archive.db import open_db
from nianbao.crawler.distributed.item_json import ItemJson
from nianbao.crawler.items import Page
from nianbao.demo.catalog import TRS
from nianbao.demo.site import DemoSite
from nianbao.extract.checks import UNKNOWN, run_checks
from nianbao.extract.numbers import MAX_DIGITS, cell_value, parse_number, split_digits
from nianbao.extract.tokens import VALUE, Token, classify
from tests.archive_digest import digest
from tests.cluster import Cluster, assert_same_archive
from tests.conftest import FAST_ENV, nianbao, rows, write_registry
from tests.redis_server import RedisServer

AGENCY, YEAR = "云溪市财政局", 2022
# Past SQLite's INTEGER (9223372036854775807), and past Python's int-from-text limit (4300 digits).
NINETEEN = "9876543210987654321"
FIVE_THOUSAND = "1234567890" * 500
HUGE = {("licensing", "decisions"): NINETEEN, ("penalties", "decisions"): FIVE_THOUSAND}
# Where in an uninterrupted reparse's replay (from its run row appearing to its exit) each kill lands.
KILL_FRACTIONS = (0.05, 0.3, 0.55, 0.8, 0.97)
# A kill the reparse outran is tried again this many times, each at half the delay.
REDRAWS = 4
POLL_SECONDS = 0.005
REPARSE_SECONDS = 300
COMPARED = ("reports", "report_portals", "cells", "checks", "sources", "versions", "skipped")


@pytest.fixture(scope="module")
def site():
    """The demo portals, the 财政局's 2022 report printing two numbers too long for any integer column."""
    demo = DemoSite()
    report = demo.report(AGENCY, YEAR)
    for key, digits in HUGE.items():
        report.active[key] = digits
    demo.rebuild()
    demo.start()
    yield demo
    demo.stop()


@pytest.fixture(scope="module")
def registry(site, tmp_path_factory):
    return write_registry(tmp_path_factory.mktemp("registry") / "portals.yaml", site.registry_rows())


@pytest.fixture(scope="module")
def crawled(registry, tmp_path_factory):
    """The demo crawled by `nianbao crawl`, and what it printed."""
    db = tmp_path_factory.mktemp("crawl") / "nianbao.db"
    result = nianbao("crawl", "--portals", registry, "--db", db)
    return {"db": db, "result": result}


def huge_report_url(site) -> str:
    return site.detail_url(TRS, AGENCY, YEAR)


def assert_kept(db_path) -> None:
    """The report is archived, and both numbers are in value_text, their value null with the reason."""
    report = rows(db_path, "select id from reports where agency = ? and year = ?", [AGENCY, YEAR])
    assert len(report) == 1
    cells = rows(db_path, "select row, col, value, value_text, value_note, raw from cells where report_id = ? and"
                          " value_text is not null order by row", [report[0]["id"]])
    assert [(c["row"], c["col"], c["value"], c["value_text"], c["raw"]) for c in cells] == [
        ("licensing", "decisions", None, NINETEEN, NINETEEN), ("penalties", "decisions", None, FIVE_THOUSAND,
                                                               FIVE_THOUSAND)]
    assert [c["value_note"] for c in cells] == [f"19 digits, more than the {MAX_DIGITS} a value keeps: kept as text",
                                                f"5000 digits, more than the {MAX_DIGITS} a value keeps: kept as text"]


def test_numbers_too_long_for_a_value_keep_their_digits_and_no_int_is_made_of_them():
    assert parse_number(NINETEEN).value is None and parse_number(NINETEEN).text == NINETEEN
    assert parse_number(f"-{FIVE_THOUSAND}件") == parse_number(f"减{FIVE_THOUSAND}（件）")
    assert parse_number(f"-{FIVE_THOUSAND}件").text == f"-{FIVE_THOUSAND}"
    assert parse_number("12,345,678,901,234,567.5万元").text == "12345678901234567.5"
    # Up to MAX_DIGITS significant digits a number is its value, whatever zeros lead it.
    assert parse_number("9" * MAX_DIGITS).value == int("9" * MAX_DIGITS)
    assert parse_number("0" * 5000 + "42").value == 42
    assert split_digits("1 0") == 10 and split_digits(" ".join(FIVE_THOUSAND)) is None
    # Too long to join, split digits are still a value cell, not a label: the row keeps its place and raw text.
    assert classify(" ".join(FIVE_THOUSAND)) == Token(" ".join(FIVE_THOUSAND), VALUE)
    assert not classify(" ".join(FIVE_THOUSAND)).empty
    assert cell_value(parse_number("12")) == {"value": 12, "value_text": None, "value_note": None}
    assert cell_value(None) == {"value": None, "value_text": None, "value_note": None}


def test_a_sum_with_a_number_too_long_for_a_value_is_unknown():
    cells = [{"section": "appeals", "row": "review", "col": col, **cell_value(parse_number(text))}
             for col, text in (("upheld", NINETEEN), ("corrected", "1"), ("other", "0"), ("pending", "0"),
                               ("total", FIVE_THOUSAND))]
    checks, findings = run_checks(cells, "2021")
    assert checks["appeals_sum"] == UNKNOWN and findings == []


def test_a_cell_of_any_length_crosses_redis_with_its_page():
    item_json = ItemJson(len(FIVE_THOUSAND) * 10)
    digits = FIVE_THOUSAND * 4  # longer than a line of text (LINE_CHARS) may be
    page = Page(portal=TRS, url="http://127.0.0.1/a.html", status=200, body=b"<html></html>",
                fetched_at="2026-11-26T00:00:00+00:00", crawl_run="r",
                cells=[{"section": "active", "row": "licensing", "col": "decisions", "raw": digits, "unit": None,
                        **cell_value(parse_number(digits))}])
    assert item_json.loads(item_json.dumps(page)).cells == page.cells


def test_a_crawl_archives_the_report_with_every_digit_and_says_all_portals_are_ok(crawled, site):
    result = crawled["result"]
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"{len(site.portals)} of {len(site.portals)} portals ok" in result.stdout
    assert_kept(crawled["db"])
    assert rows(crawled["db"], "select reason from fetch_errors where url = ?", [huge_report_url(site)]) == []
    assert {row["status"] for row in rows(crawled["db"], "select status from portal_runs")} == {"ok"}
    exported = nianbao("export", "--db", crawled["db"])
    assert exported.returncode == 0 and FIVE_THOUSAND in exported.stdout and NINETEEN in exported.stdout


def test_the_views_show_the_digits_of_a_number_too_long_for_a_value(crawled):
    active = rows(crawled["db"], "select value, value_text from report_active where agency = ? and year = ? and "
                                 "row = 'licensing' and col = 'decisions'", [AGENCY, YEAR])
    assert active == [{"value": None, "value_text": NINETEEN}]


def test_a_reparse_rebuilds_the_archive_the_crawl_made(crawled, tmp_path):
    db = tmp_path / "nianbao.db"
    shutil.copy(crawled["db"], db)
    result = nianbao("reparse", "--db", db)
    assert result.returncode == 0, result.stderr[-3000:]
    assert digest(db) == digest(crawled["db"])
    assert rows(db, "select status from crawl_runs where command = 'nianbao reparse'") == [{"status": "ok"}]
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("select count(*) from sqlite_temp_master").fetchone()[0] == 0


def test_nightly_reparses_for_a_changed_parser_and_crawls(crawled, registry, tmp_path):
    db = tmp_path / "nianbao.db"
    shutil.copy(crawled["db"], db)
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("update archive_state set value = 'an older parser' where key = 'parser_version'")
    result = nianbao("nightly", "--portals", registry, "--db", db, "--snapshots", tmp_path / "snapshots")
    assert result.returncode == 0, result.stderr[-3000:]
    assert rows(db, "select command, status from crawl_runs order by started, rowid")[-2:] == [
        {"command": "nianbao reparse", "status": "ok"}, {"command": "nianbao nightly", "status": "ok"}]
    assert_kept(db)
    assert {k: v for k, v in digest(db).items() if k in ("reports", "cells", "checks")} == {
        k: v for k, v in digest(crawled["db"]).items() if k in ("reports", "cells", "checks")}


@pytest.fixture
def redis(tmp_path):
    server = RedisServer(tmp_path / "redis", persistent=False).start()
    yield server
    server.stop()


def test_a_scaled_out_ingest_archives_what_one_process_does(crawled, registry, redis, tmp_path):
    cluster = Cluster(tmp_path, registry, redis, tmp_path / "many.db")
    try:
        cluster.ingest()
        cluster.worker("w1")
        cluster.finish()
    finally:
        cluster.stop()
    assert_kept(cluster.db_path)
    assert_same_archive(cluster.db_path, {"db": crawled["db"]})


def refusing_archive(path, table: str, url: str):
    """An archive whose `table` refuses the rows of one page, as a full disk or a broken file would refuse them."""
    db = open_db(path)
    column = {"versions": "source_url", "fetches": "url"}[table]
    db.execute(f"create trigger refuse_page before insert on {table} when new.{column} = '{url}'"
               " begin select raise(abort, 'the archive refuses this page'); end")
    db.conn.commit()
    db.close()
    return path


def assert_refused(db_path, site, portals_ok: int) -> None:
    """The refused page is a failure, its portal failed with it; every other report is archived."""
    url = huge_report_url(site)
    assert rows(db_path, "select reason from fetch_errors where url = ?", [url]) == [
        {"reason": "write error: IntegrityError: the archive refuses this page"}]
    runs = {row["portal"]: row for row in rows(db_path, "select portal, status, message from portal_runs")}
    assert runs[TRS]["status"] == "error" and runs[TRS]["message"].startswith(url)
    assert sum(run["status"] == "ok" for run in runs.values()) == portals_ok
    assert rows(db_path, "select count(*) n from reports where agency = ? and year = ?", [AGENCY, YEAR]) == [{"n": 0}]
    assert rows(db_path, "select status from crawl_runs") == [{"status": "error"}]


def test_a_page_the_archive_refuses_fails_its_portal_and_the_crawl(crawled, registry, site, tmp_path):
    db = refusing_archive(tmp_path / "nianbao.db", "versions", huge_report_url(site))
    result = nianbao("crawl", "--portals", registry, "--db", db)
    assert result.returncode == 1 and f"failed portals: {TRS}" in result.stderr
    assert f"{len(site.portals) - 1} of {len(site.portals)} portals ok" in result.stdout
    assert_refused(db, site, len(site.portals) - 1)
    assert len(digest(db)["reports"]) == len(digest(crawled["db"])["reports"]) - 1
    # A reparse meets the refusal when it swaps its tables in: it fails whole, and the archive stays as it was.
    before = digest(db)
    result = nianbao("reparse", "--db", db)
    assert result.returncode == 1 and "IntegrityError: the archive refuses this page" in result.stderr
    assert digest(db) == before
    assert rows(db, "select status from crawl_runs where command = 'nianbao reparse'") == [{"status": "error"}]


def test_an_item_the_archive_refuses_is_recorded_and_the_ingest_goes_on(registry, site, redis, tmp_path):
    db = refusing_archive(tmp_path / "many.db", "fetches", huge_report_url(site))
    cluster = Cluster(tmp_path, registry, redis, db)
    try:
        cluster.ingest()
        cluster.worker("w1")
        assert cluster.wait(cluster.ingest_process, "ingest") == 1, cluster.log("ingest")[-3000:]
        assert cluster.wait(cluster.workers["w1"], "w1") == 0, cluster.log("w1")[-3000:]
    finally:
        cluster.stop()
    assert f"failed portals: {TRS}" in cluster.log("ingest")
    assert_refused(db, site, len(site.portals) - 1)


def reparse_process(db) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "nianbao", "reparse", "--db", str(db)],
                            start_new_session=True, env={**os.environ, **FAST_ENV},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def replay_started(db) -> bool:
    """True once the reparse has opened its run: from here on it rebuilds the archive."""
    try:
        with closing(sqlite3.connect(db, timeout=REPARSE_SECONDS)) as conn:
            return conn.execute("select 1 from crawl_runs where command = 'nianbao reparse'").fetchone() is not None
    except sqlite3.OperationalError:
        return False


def start_reparse(db) -> subprocess.Popen:
    """A reparse, returned once it has begun rebuilding (or has ended)."""
    process = reparse_process(db)
    while not replay_started(db) and process.poll() is None:
        time.sleep(POLL_SECONDS)
    return process


def as_an_older_parser_left_it(source, db) -> None:
    """A fresh copy of the archive whose derived tables differ from what this parser makes of its pages."""
    for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        stale.unlink(missing_ok=True)  # a WAL left beside a file copied over would be read into the copy
    with closing(sqlite3.connect(source)) as original, closing(sqlite3.connect(db)) as conn:
        original.backup(conn)
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("update reports set title = '旧' || title")
        conn.execute("delete from cells where section = 'appeals'")
        conn.execute("update checks set status = 'unknown'")


@pytest.fixture(scope="module")
def replay_seconds(crawled, tmp_path_factory) -> float:
    """How long an uninterrupted reparse of the crawl rebuilds for."""
    db = tmp_path_factory.mktemp("reparse-reference") / "nianbao.db"
    as_an_older_parser_left_it(crawled["db"], db)
    process = start_reparse(db)
    started = time.monotonic()
    assert process.wait(timeout=REPARSE_SECONDS) == 0
    return time.monotonic() - started


@pytest.mark.parametrize("fraction", KILL_FRACTIONS)
def test_a_reparse_killed_at_any_point_leaves_the_archive_as_it_was(fraction, crawled, replay_seconds, tmp_path):
    db = tmp_path / "nianbao.db"
    as_an_older_parser_left_it(crawled["db"], db)
    before = digest(db)
    delay = fraction * replay_seconds
    for _ in range(REDRAWS):
        process = start_reparse(db)
        time.sleep(delay)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            break
        as_an_older_parser_left_it(crawled["db"], db)
        delay /= 2
    else:
        raise AssertionError(f"every reparse finished before its kill ({fraction} of {replay_seconds:.2f} s)")
    note = f"reparse killed {delay:.2f} s into a {replay_seconds:.2f} s replay"
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok", note
        status = conn.execute("select status from crawl_runs where command = 'nianbao reparse'").fetchone()[0]
    if status == "ok":  # the kill came after the swap committed: the whole new archive
        assert {k: v for k, v in digest(db).items() if k in COMPARED} == {
            k: v for k, v in digest(crawled["db"]).items() if k in COMPARED}, note
    else:
        assert status == "running" and digest(db) == before, note
    result = nianbao("reparse", "--db", db)
    assert result.returncode == 0, (note, result.stderr[-3000:])
    assert {k: v for k, v in digest(db).items() if k in COMPARED} == {
        k: v for k, v in digest(crawled["db"]).items() if k in COMPARED}, note
    statuses = [row["status"] for row in rows(db, "select status from crawl_runs where command = 'nianbao reparse'"
                                                  " order by started, rowid")]
    assert statuses[-1] == "ok" and set(statuses[:-1]) <= {"interrupted", "ok"}, note
