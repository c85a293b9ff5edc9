"""The archive as published: `nianbao snapshot` then `nianbao serve`, asked over HTTP as a user's browser would."""

import csv
import hashlib
import io
import json
import sqlite3
import urllib.error
import urllib.parse
import urllib.request
from contextlib import closing

import pytest

from benchmarks.synthetic_archive import build
from nianbao.demo.catalog import CARRY_BREAK, INCONSISTENT
from nianbao.demo.files import KINDS
from nianbao.extract.keys import REQUEST_COLS
from nianbao.publish.metadata import REPORTS_PER_PAGE
from nianbao.publish.queries import QUERIES
from nianbao.publish.search import fts_query
from nianbao.publish.snapshot import CHECKSUM_FILE, INSPECT_FILE, make_snapshot, newest_snapshot, snapshots
from tests.conftest import HOSTILE, nianbao, serving

# What may be installed beside us: none of them writes to a database.
READ_ONLY_PLUGINS = {"nianbao", "datasette-dashboards", "datasette-leaflet", "datasette-render-markdown"}


def get(url: str, **params) -> bytes:
    if params:
        url += "?" + urllib.parse.urlencode(params)
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


def get_json(url: str, **params):
    return json.loads(get(url, **params))


def sql(db_path, query, params=()):
    with closing(sqlite3.connect(db_path)) as conn:
        return conn.execute(query, params).fetchall()


def search_ids(published, query: str) -> set[str]:
    data = get_json(published["db"] + "/reports.json", _search=query, _shape="objects", _col="id", _size="max")
    return {row["id"] for row in data["rows"]}


def scan_ids(published, query: str) -> set[str]:
    """The reports whose title or text contains every term: a full scan, the ground truth."""
    rows = sql(published["snapshot"], "SELECT id, title || ' ' || COALESCE(text, '') FROM reports")
    return {rid for rid, text in rows if all(term in text for term in query.split())}


@pytest.mark.parametrize("query", ["议", "复议", "诉讼", "教育局", "依申请", "政府信息公开", "云溪 复议", "注入"])
def test_search_box_finds_exactly_the_reports_containing_the_query(published, query):
    expected = scan_ids(published, query)
    assert search_ids(published, query) == expected
    if query in ("复议", "诉讼", "议"):
        assert len(expected) >= 30


def test_search_lists_newest_years_first_page_by_page(published):
    years = dict(sql(published["snapshot"], "SELECT id, year FROM reports"))
    expected = sorted(scan_ids(published, "复议"), key=lambda rid: (years[rid] is None, -(years[rid] or 0), rid))
    url, listed = published["db"] + "/reports.json?" + urllib.parse.urlencode(
        {"_search": "复议", "_size": 7, "_shape": "objects", "_col": "year"}), []
    while url:
        page = get_json(url)
        listed += [row["id"] for row in page["rows"]]
        url = page["next_url"]
    assert listed == expected


def test_reports_come_fifty_to_a_page(tmp_path):
    archive = build(tmp_path / "archive.db", REPORTS_PER_PAGE + 10)
    make_snapshot(archive, tmp_path / "snapshots", keep=1)
    with serving(tmp_path / "snapshots") as base:
        page = get_json(base + "/nianbao/reports.json", _search="复议")
    assert len(page["rows"]) == REPORTS_PER_PAGE and page["next_url"]


def test_snapshot_holds_the_archive_reports_unchanged(published):
    query = "SELECT * FROM reports ORDER BY id"
    assert sql(published["snapshot"], query) == sql(published["archive"], query)


def test_search_results_show_highlighted_snippets(published):
    page = get(published["db"] + "/reports", _search="诉讼").decode()
    assert page.count("<mark>诉讼</mark>") >= 20
    rows = get_json(published["db"] + "/search.json", q="复议", _shape="objects")["rows"]
    assert len(rows) == len(scan_ids(published, "复议"))
    assert all("复议" in row["snippet"] and len(row["snippet"]) < 100 for row in rows)
    page = get(published["db"] + "/search", q="复议").decode()
    assert "<mark>复议</mark>" in page


def test_scraped_markup_is_shown_as_text_everywhere(published):
    for url, params in ((published["db"] + "/reports", {"_search": "注入"}),
                        (published["db"] + "/reports/" + HOSTILE["id"], {}),
                        (published["db"] + "/search", {"q": "注入"}),
                        (published["db"] + "/reports", {"_search": "复议", "_size": "max"})):
        page = get(url, **params).decode()
        assert "<script>window.__pwned" not in page and "<img src=x" not in page and "<b>不应加粗" not in page
        assert "&lt;script&gt;window.__pwned" in page or "&lt;img src=x" in page


def test_report_page_shows_its_three_tables_and_checks(published):
    report_id, = sql(published["snapshot"], "SELECT id FROM reports WHERE template = '2021' LIMIT 1")[0]
    page = get(published["db"] + "/reports/" + report_id).decode()
    for heading in ("收到和处理政府信息公开申请情况", "政府信息公开行政复议、行政诉讼情况", "主动公开政府信息情况", "勾稽关系检查"):
        assert f"<h2>{heading}" in page
    new_total, = sql(published["snapshot"], "SELECT value FROM cells WHERE report_id = ? AND section = 'requests' "
                                            "AND row = 'new' AND col = 'total'", [report_id])[0]
    assert f"<td>{int(new_total)}</td>" in page


def test_requests_view_reads_like_the_form(published):
    report_id, = sql(published["snapshot"], "SELECT id FROM reports WHERE template = '2021' LIMIT 1")[0]
    rows = get_json(published["db"] + "/report_requests.json", report_id=report_id, _shape="objects")["rows"]
    assert [r["row"] for r in rows][:3] == ["new", "carried_in", "granted"]
    assert rows[0]["label"] == "一、本年新收政府信息公开申请数量"
    cells = {(r, c): v for r, c, v in sql(published["snapshot"], "SELECT row, col, value FROM cells WHERE "
                                          "report_id = ? AND section = 'requests'", [report_id])}
    assert {(r["row"], c): r[c] for r in rows for c in REQUEST_COLS} == cells
    meta = get_json(published["base"] + "/-/metadata.json")["databases"]["nianbao"]["tables"]
    assert meta["report_requests"]["columns"]["natural_person"].startswith("自然人")
    assert meta["report_appeals"]["columns"]["upheld"].startswith("结果维持")
    for view in ("report_appeals", "report_active", "agency_years"):
        assert get_json(published["db"] + f"/{view}.json", _shape="objects")["rows"], view


def query_rows(published, name, **params):
    names = {p: "" for p in ("year", "rule", "q", "scope", "region", "agency")} | params
    wanted = {k: v for k, v in names.items() if f":{k}" in QUERIES[name]["sql"]}
    return get_json(published["db"] + f"/{name}.json", _shape="objects", **wanted)["rows"]


def test_canned_queries_answer_the_questions(published):
    snap = published["snapshot"]
    failing = {(r["rule"], r["agency"], r["year"]) for r in query_rows(published, "failing_checks")}
    assert failing == {("requests_balance", *INCONSISTENT), ("requests_row_sum", *INCONSISTENT),
                       ("carry_over", *CARRY_BREAK)}
    mismatches = query_rows(published, "carry_over_mismatches")
    assert [(r["agency"], r["year"]) for r in mismatches] == [CARRY_BREAK]
    assert mismatches[0]["last_year_report_id"]

    # Totals and rankings count own reports unless asked otherwise (issue 23): the demo's county government
    # does not say whose requests its report counts.
    top = query_rows(published, "top_requested_agencies")
    truth = dict(sql(snap, "SELECT a.name, SUM(c.value) FROM cells c JOIN reports r ON r.id = c.report_id"
                           " JOIN agencies a ON a.id = r.agency_id WHERE c.section = 'requests' AND c.row = 'new' AND c.col = 'total'"
                           " AND r.scope = 'own' GROUP BY r.agency_id"))
    assert {r["agency"]: r["requests_new"] for r in top} == truth
    assert [r["requests_new"] for r in top] == sorted(truth.values(), reverse=True)
    assert {r["scope"] for r in top} == {"own"}
    everyone = {r["agency"] for r in query_rows(published, "top_requested_agencies", scope="all")}
    assert everyone == set(truth) | {"青石县人民政府"}

    by_year = query_rows(published, "totals_by_year")
    assert sum(r["reports"] for r in by_year) == sql(snap, "SELECT COUNT(*) FROM reports WHERE scope = 'own'")[0][0]
    assert sum(r["requests_new"] or 0 for r in by_year) == sum(truth.values())

    denials = query_rows(published, "denial_reasons_by_year", year="")
    assert {r["reason"] for r in denials} >= {"denied_state_secret", "unavailable_not_held", "rejected_repeat"}

    # missing_reports, and the other questions of the landing page: tests/test_publish_answers.py


def test_dashboard_page_and_every_chart_query(published):
    page = get(published["base"] + "/-/dashboards/overview").decode()
    assert "年报概览" in page and "vega" in page
    charts = get_json(published["base"] + "/-/metadata.json")["plugins"]["datasette-dashboards"]["overview"]["charts"]
    for name, chart in charts.items():
        rows = get_json(published["db"] + ".json", sql=chart["query"], _shape="objects")["rows"]
        assert rows, name


def test_snapshot_downloads_whole_and_matches_its_checksum(published):
    body = get(published["db"] + ".db")
    snapshot = newest_snapshot(published["tmp"] / "snapshots")
    assert hashlib.sha256(body).hexdigest() == snapshot.sha256
    downloaded = published["tmp"] / "downloaded.db"
    downloaded.write_bytes(body)
    assert sql(downloaded, "PRAGMA integrity_check") == [("ok",)]
    assert sql(downloaded, "SELECT COUNT(*) FROM reports") == sql(published["archive"], "SELECT COUNT(*) FROM reports")


def test_whole_table_csv_streams_past_the_row_limit(published):
    count = sql(published["snapshot"], "SELECT COUNT(*) FROM cells")[0][0]
    assert count > 1000
    body = get(published["db"] + "/cells.csv", _stream="on", _size="max").decode("utf-8-sig")
    assert len(list(csv.DictReader(io.StringIO(body)))) == count


def test_published_instance_is_read_only_and_limited(published):
    settings = get_json(published["base"] + "/-/settings.json")
    assert settings["sql_time_limit_ms"] <= 5000 and settings["max_returned_rows"] <= 1000
    assert settings["suggest_facets"] is False
    assert {p["name"] for p in get_json(published["base"] + "/-/plugins.json")} <= READ_ONLY_PLUGINS
    databases = get_json(published["base"] + "/-/databases.json")
    assert [(d["name"], d["is_mutable"]) for d in databases] == [("nianbao", False)]
    with pytest.raises(urllib.error.HTTPError):
        get(published["db"] + ".json", sql="DELETE FROM reports")
    slow = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT COUNT(*) FROM n"
    with pytest.raises(urllib.error.HTTPError) as error:
        get(published["db"] + ".json", sql=slow)
    assert "interrupted" in error.value.read().decode().lower()
    assert sql(published["snapshot"], "SELECT COUNT(*) FROM reports")[0][0] > 0


def test_snapshots_are_dated_checked_and_pruned(published, tmp_path):
    out = tmp_path / "snaps"
    stages = []
    made = [make_snapshot(published["archive"], out, keep=2, progress=stages.append) for _ in range(3)]
    assert stages[:5] == ["copy", "index", "inspect", "checksum", "prune"]
    assert [s.path for s in snapshots(out)] == [made[1].path, made[2].path]
    newest = newest_snapshot(out)
    assert newest == made[2]
    assert (newest.path / CHECKSUM_FILE).read_text().split() == [hashlib.sha256(newest.db.read_bytes()).hexdigest(),
                                                                  "nianbao.db"]
    inspect = json.loads((newest.path / INSPECT_FILE).read_text())
    assert inspect["nianbao"]["tables"]["reports"]["count"] == sql(newest.db, "SELECT COUNT(*) FROM reports")[0][0]
    assert sql(newest.db, "PRAGMA journal_mode") == [("delete",)]
    (out / ".partial-2099-01-01T000000Z").mkdir()  # an interrupted snapshot: never served, cleaned next time
    assert newest_snapshot(out) == made[2]
    make_snapshot(published["archive"], out, keep=2)
    assert not list(out.glob(".partial-*"))


def test_demo_command_crawls_and_snapshots(tmp_path):
    result = nianbao("demo", "--db", tmp_path / "demo" / "nianbao.db", "--no-serve")
    assert result.returncode == 0, result.stderr[-3000:]
    made = newest_snapshot(tmp_path / "demo" / "snapshots")
    # 34 pages of the three HTML portals, and the files portal's reports but its OFD file.
    reports = 34 + len(KINDS) - 1
    assert sql(made.db, "SELECT COUNT(*) FROM reports")[0][0] == reports
    assert sql(made.db, "SELECT COUNT(*) FROM reports_fts WHERE reports_fts MATCH ?", [fts_query("复议")]) == [
        (reports,)]


def test_operations_tables_are_visible(published):
    health = get_json(published["db"] + "/portal_health.json", _shape="objects")["rows"]
    assert {(r["portal"], r["status"], r["consecutive_failures"]) for r in health} == {
        ("demo-trs", "ok", 0), ("demo-hanweb", "ok", 0), ("demo-generic", "ok", 0)}
    runs = get_json(published["db"] + "/crawl_runs.json", _shape="objects")["rows"]
    assert [(r["command"], r["status"]) for r in runs] == [("nianbao crawl", "ok")]
    tables = get_json(published["base"] + "/-/metadata.json")["databases"]["nianbao"]["tables"]
    assert "连续失败" in tables["portal_health"]["description"] and "复查" in tables["rechecks"]["description"]
