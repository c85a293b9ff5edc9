"""The published archive answers a reader's questions: canned queries checked against the archive's own cells
(computed here, not by the queries' SQL), integers as integers, CSV that opens in Excel, links, Chinese findings
and a dashboard in Chinese with honest colours."""

import csv
import io
import json
import re
import urllib.parse
import urllib.request
from collections import defaultdict

import markupsafe
import pytest
import sqlite_utils

from nianbao.archive.schema import ensure_schema
from nianbao.demo.catalog import CARRY_BREAK
from nianbao.extract.keys import REQUEST_ROW_LABELS
from nianbao.publish.datasette_plugin.downloads import BOM
from nianbao.publish.findings import RULE_LABELS, finding_text
from nianbao.publish.queries import QUERIES
from tests.conftest import rows

DENIALS = [key for key in REQUEST_ROW_LABELS if key.startswith("denied_")]
# A whole number written with a needless fraction: 126.0
WHOLE_FLOAT = re.compile(r"-?\d+\.0+")


def get(url: str, **params) -> bytes:
    if params:
        url += "?" + urllib.parse.urlencode(params)
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


def answer(published, name: str, **params) -> list[dict]:
    """A canned query's rows as JSON objects, every parameter it takes blank unless given."""
    blank = {p: "" for p in re.findall(r":(\w+)", QUERIES[name]["sql"])}
    return json.loads(get(published["db"] + f"/{name}.json", _shape="array", **(blank | params)))


def cell_sums(archive) -> dict[str, dict[str, float]]:
    """Each report's requests and appeals total-column cells, by row, from the archive file (not the snapshot)."""
    found: dict[str, dict[str, float]] = defaultdict(dict)
    for row in rows(archive, "SELECT report_id, section, row, value FROM cells WHERE col = 'total' AND seq = 0 "
                             "AND section IN ('requests', 'appeals') AND value IS NOT NULL"):
        found[row["report_id"]][f"{row['section']}/{row['row']}"] = row["value"]
    return found


def reports_by_id(archive) -> dict[str, dict]:
    return {r["id"]: r for r in rows(archive, "SELECT r.*, a.name AS agency_name, a.province_name, a.kind "
                                              "FROM reports r LEFT JOIN agencies a ON a.id = r.agency_id")}


def test_denials_by_agency_ranks_each_agency_year_by_its_denials(published):
    sums, reports = cell_sums(published["archive"]), reports_by_id(published["archive"])
    truth = {}
    for report_id, cells in sums.items():
        reasons = {key: cells[f"requests/{key}"] for key in DENIALS if f"requests/{key}" in cells}
        if reasons and reports[report_id]["scope"] == "own":
            truth[report_id] = (sum(reasons.values()), reasons, cells.get("requests/total"))
    got = answer(published, "denials_by_agency")
    assert len(got) == len(truth) >= 10
    assert [r["denied"] for r in got] == sorted((t[0] for t in truth.values()), reverse=True)
    for row in got[:5]:
        denied, reasons, total = truth[row["report_id"]]
        report = reports[row["report_id"]]
        assert (row["denied"], row["outcomes_total"]) == (denied, total)
        assert row["denied_percent"] == pytest.approx(100 * denied / total, abs=0.05)
        assert {key: row[key] for key in reasons} == reasons
        assert (row["report_title"], row["agency_id"], row["year"], row["agency"]) == (
            report["title"], report["agency_id"], report["year"], report["agency"])
    # Narrowed to one province and one year.
    year = got[0]["year"]
    narrowed = answer(published, "denials_by_agency", region=got[0]["region"][:2], year=year)
    assert {r["report_id"] for r in narrowed} == {
        rid for rid in truth if reports[rid]["year"] == year and reports[rid]["province_name"] == got[0]["region"]}
    assert answer(published, "denials_by_agency", region="西藏") == []


def test_requests_by_agency_shows_one_agency_year_by_year(published):
    sums, reports = cell_sums(published["archive"]), reports_by_id(published["archive"])
    agency = CARRY_BREAK[0]
    got = answer(published, "requests_by_agency", agency=agency)
    mine = sorted((r for r in reports.values() if r["agency_name"] == agency), key=lambda r: r["year"])
    assert [r["report_id"] for r in got] == [r["id"] for r in mine] and len(got) >= 5
    for row in got:
        cells = sums[row["report_id"]]
        suits = [cells[k] for k in ("appeals/suit_direct", "appeals/suit_after_review") if k in cells]
        denials = [cells[f"requests/{k}"] for k in DENIALS if f"requests/{k}" in cells]
        assert row["requests_new"] == cells.get("requests/new")
        assert row["answered"] == cells.get("requests/total")
        assert row["granted"] == cells.get("requests/granted")
        assert row["denied"] == (sum(denials) if denials else None)
        assert row["reviews"] == cells.get("appeals/review")
        assert row["lawsuits"] == (sum(suits) if suits else None)
        assert row["report_title"] == reports[row["report_id"]]["title"] and row["agency_id"]


def test_failing_checks_say_in_chinese_where_and_by_how_much(published):
    failed = rows(published["archive"], "SELECT report_id, rule, detail FROM checks WHERE status = 'failed'")
    got = answer(published, "failing_checks")
    assert {(r["report_id"], r["rule"]) for r in got} == {(f["report_id"], f["rule"]) for f in failed}
    for row in got:
        assert row["rule_label"] == RULE_LABELS[row["rule"]]
        assert row["finding"] == finding_text(row["rule"], row["detail"]) and row["report_title"]
    carry = next(r for r in got if r["rule"] == "carry_over")
    sides = {f["where"]: (f["left"], f["right"]) for f in json.loads(carry["detail"])}
    left, right = sides["total"]
    assert f"列“总计”：本年报告的上年结转={left}，上年报告的结转下年度={right}" in carry["finding"]
    assert {r["rule"] for r in answer(published, "failing_checks", rule="carry_over")} == {"carry_over"}


def test_finding_text_names_the_rule_place_and_both_sides():
    detail = json.dumps([{"rule": "requests_balance", "where": "natural_person", "left": 9, "right": 7}])
    assert finding_text("requests_balance", detail) == "列“自然人”：新收+上年结转=9，办理结果总计+结转下年度=7"
    detail = json.dumps([{"rule": "requests_row_sum", "where": "new", "left": 265, "right": 270.0}])
    assert finding_text("requests_row_sum", detail) == "行“一、本年新收政府信息公开申请数量”：各类申请人之和=265，总计=270"
    detail = json.dumps([{"rule": "appeals_sum", "where": "review", "left": 3, "right": 4},
                         {"rule": "appeals_sum", "where": "suit_direct", "left": 1, "right": 2}])
    assert finding_text("appeals_sum", detail).split("；") == [
        "行“行政复议”：维持+纠正+其他结果+尚未审结=3，总计=4", "行“行政诉讼·未经复议直接起诉”：维持+纠正+其他结果+尚未审结=1，总计=2"]
    detail = json.dumps([{"rule": "sources_agree", "where": "active/fees/amount", "left": 1.5, "right": 2,
                          "source": "http://x/a.pdf"}])
    assert finding_text("sources_agree", detail) == "“主动公开·行政事业性收费·金额”：采用的来源=1.5，另一来源（http://x/a.pdf）=2"
    assert finding_text("carry_over", None) == ""


def test_a_page_of_any_rule_and_detail_is_served(published):
    """A reader's SQL can give a rule and a detail of any shape: the page shows the detail as it is."""
    for detail in ("5", "[1, 2]", '[{"a": 1}]', "{bad", "null"):
        sql = f"select 'requests_balance' as rule, '{detail}' as detail, 'failed' as status"
        page = get(published["db"], sql=sql).decode()
        assert str(markupsafe.escape(detail)) in page, detail
    assert "5" in get(published["db"], sql="select 5 as rule, 5 as detail").decode()


def _missing(reports: dict, sources: list[dict], year: int) -> dict[str, tuple[int, str]]:
    """Agencies with a report for the year before year and none for it, whose deadline had passed by the day the
    archive last looked at a portal their reports were found on: agency id -> (year - 1, that day)."""
    looked = defaultdict(str)
    for s in sources:
        looked[s["portal"]] = max(looked[s["portal"]], (s["last_seen"] or "")[:10], (s["checked_at"] or "")[:10])
    years, kinds, portals = defaultdict(set), {}, defaultdict(set)
    for r in reports.values():
        if r["agency_id"] and r["year"]:
            years[r["agency_id"]].add(r["year"])
            kinds[r["agency_id"]] = r["kind"]
    for s in sources:
        report = reports.get(s["report_id"])
        if report and report["agency_id"] and s["portal"]:
            portals[report["agency_id"]].add(s["portal"])
    found = {}
    for aid, ys in years.items():
        deadline = f"{year + 1}-03-31" if kinds[aid] == "人民政府" else f"{year + 1}-01-31"
        day = max((looked[p] for p in portals[aid]), default="")
        if year - 1 in ys and year not in ys and day > deadline:
            found[aid] = (year - 1, day)
    return found


def test_missing_reports_lists_agencies_past_their_deadline(published):
    reports = reports_by_id(published["archive"])
    sources = rows(published["archive"], "SELECT report_id, portal, last_seen, checked_at FROM sources")
    day = max(max(s["last_seen"] or "", s["checked_at"] or "") for s in sources)[:10]
    # By default the latest year whose 31 January deadline had passed when the archive last looked at any portal.
    # ... but no later than the newest year the archive holds reports for.
    default_year = min(int(day[:4]) - (1 if day[5:] > "01-31" else 2),
                       max(r["year"] for r in reports.values() if r["year"]))
    got = answer(published, "missing_reports")
    assert got, "the demo has agencies whose newest report is a year older than the others'"
    assert {r["agency_id"]: (r["last_report_year"], r["checked_until"]) for r in got} == _missing(
        reports, sources, default_year)
    assert {r["year"] for r in got} <= {default_year}
    latest = max(r["year"] for r in reports.values() if r["year"])
    for year in (latest, latest - 1):
        got = answer(published, "missing_reports", year=str(year))
        expected = _missing(reports, sources, year)
        assert {r["agency_id"]: (r["last_report_year"], r["checked_until"]) for r in got} == expected, year
        for row in got:
            report = reports[row["report_id"]]
            assert (report["agency_id"], report["year"]) == (row["agency_id"], row["last_report_year"])
    assert _missing(reports, sources, latest), "the demo has agencies that published last year and not this year"


def _missing_reports(db: sqlite_utils.Database, **params) -> dict[str, tuple[int, str]]:
    """The missing_reports query on db: agency id -> (its report's year, checked_until)."""
    sql = QUERIES["missing_reports"]["sql"]
    found = db.execute(sql, {p: "" for p in re.findall(r":(\w+)", sql)} | params).fetchall()
    return {row[5]: (row[4], row[2]) for row in found}


def test_missing_reports_judges_each_agency_by_when_its_portals_were_looked_at():
    db = sqlite_utils.Database(memory=True)
    ensure_schema(db)
    agencies = {"fresh": "部门", "blocked": "部门", "reposted": "部门", "stopped": "部门", "government": "人民政府",
                "published": "部门"}
    db["agencies"].insert_all({"id": aid, "name": aid, "kind": kind} for aid, kind in agencies.items())
    # (report id, agency, year, portal, last_seen, checked_at)
    seen = [
        ("r1", "fresh", 2024, "open", "2025-02-10T08:00:00", None),  # its own page not re-checked since
        ("r2", "published", 2024, "open", "2025-02-10T08:00:00", "2026-03-10T08:00:00"),
        ("r3", "published", 2025, "open", "2026-03-15T09:30:00", None),  # the newest capture anywhere
        ("r4", "blocked", 2024, "shut", "2025-02-11T08:00:00", "2026-01-20T08:00:00"),  # blocked since 20 January
        ("r5", "reposted", 2024, "shut", "2025-02-11T08:00:00", None),
        ("r5", "reposted", 2024, "open", "2025-02-12T08:00:00", None),
        ("r6", "stopped", 2023, "open", "2024-02-10T08:00:00", "2026-03-01T08:00:00"),  # nothing since 2023
        ("r7", "government", 2024, "open", "2025-04-01T08:00:00", None),  # due 31 March, not yet
    ]
    db["reports"].insert_all(({"id": rid, "agency_id": aid, "agency": aid, "year": year, "title": f"{aid} {year}",
                               "scope": "own"} for rid, aid, year, *_ in seen), ignore=True)
    db["sources"].insert_all({"url": f"http://{portal}/{rid}", "report_id": rid, "portal": portal,
                              "last_seen": last, "checked_at": checked} for rid, _, _, portal, last, checked in seen)
    # 15 March 2026: the 2025 reports are due; the shut portal was last looked at before their 31 January deadline.
    assert _missing_reports(db) == {"fresh": (2024, "2026-03-15"), "reposted": (2024, "2026-03-15")}
    assert _missing_reports(db, year="2024") == {"stopped": (2023, "2026-03-15")}
    assert _missing_reports(db, agency="blocked") == {}


def test_carry_over_mismatches_link_both_reports(published):
    reports = reports_by_id(published["archive"])
    got = answer(published, "carry_over_mismatches")
    assert [(r["agency"], r["year"]) for r in got] == [CARRY_BREAK]
    row = got[0]
    this, last = reports[row["report_id"]], reports[row["last_year_report_id"]]
    assert (this["agency_id"], this["year"] - 1) == (last["agency_id"], last["year"])
    sums = cell_sums(published["archive"])
    assert row["carried_in"] == sums[this["id"]]["requests/carried_in"] != row["last_year_carried_forward"]
    assert row["last_year_carried_forward"] == sums[last["id"]]["requests/carried_forward"]
    assert row["last_year_report_title"] == last["title"] and "列“总计”" in row["finding"]
    assert answer(published, "carry_over_mismatches", year=str(CARRY_BREAK[1] - 1)) == []


# Columns that are not counts: a share, and cells' value, whose money keeps its decimals (a whole amount is whole).
NOT_COUNTS = {"denied_percent"}


@pytest.mark.parametrize("path", ["report_requests", "report_appeals", "agency_years", "cells",
                                  "denials_by_agency", "totals_by_year", "requests_by_agency"])
def test_counts_are_integers_in_json_and_csv(published, path):
    params = {p: "" for p in re.findall(r":(\w+)", QUERIES[path]["sql"])} if path in QUERIES else {"_size": "max"}
    data = json.loads(get(published["db"] + f"/{path}.json", _shape="array", **params))
    numbers = [(k, v) for row in data for k, v in row.items() if isinstance(v, int | float) and k not in NOT_COUNTS]
    assert len(numbers) > 20, path
    assert [(k, v) for k, v in numbers if isinstance(v, float) and v.is_integer()] == [], path
    body = get(published["db"] + f"/{path}.csv", **params)
    assert body.startswith(BOM), path
    table = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(table) == len(data)
    assert [(k, v) for row in table for k, v in row.items() if k not in NOT_COUNTS and WHOLE_FLOAT.fullmatch(v)] == []


def test_money_keeps_its_decimals_and_unit(published):
    money = json.loads(get(published["db"] + "/cells.json", _shape="array", section="active", col="amount",
                           _size="max"))
    assert money and all(row["unit"] == "万元" for row in money if row["value"] is not None)
    assert any(isinstance(row["value"], float) and not row["value"].is_integer() for row in money)
    archived = {(r["report_id"], r["row"]): r["value"] for r in rows(published["archive"],
                "SELECT report_id, row, value FROM cells WHERE section = 'active' AND col = 'amount'")}
    assert {(r["report_id"], r["row"]): r["value"] for r in money} == archived


def test_csv_opens_in_excel_streamed_or_not(published):
    for path, params in (("/cells.csv", {"_stream": "on", "_size": "max"}), ("/cells.csv", {"_dl": "1"}),
                         ("/denials_by_agency.csv", {p: "" for p in ("year", "region", "agency", "scope")}),
                         (".csv", {"sql": "SELECT 1 AS one"})):
        body = get(published["db"] + path, **params)
        assert body[:3] == BOM and body[3:4] != BOM[:1], path
        table = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
        assert table[0][0] in ("report_id", "year", "one"), path
    streamed = list(csv.DictReader(io.StringIO(get(published["db"] + "/cells.csv", _stream="on").decode(
        "utf-8-sig"))))
    assert len(streamed) == rows(published["snapshot"], "SELECT COUNT(*) AS n FROM cells")[0]["n"]
    assert streamed[0]["row_label"] and streamed[0]["col_label"] and streamed[0]["year"]
    assert not get(published["db"] + "/cells.json", _size="1").startswith(BOM)


def test_cells_carry_their_year_and_chinese_labels(published):
    snap = published["snapshot"]
    labels = {(r["section"], r["kind"], r["key"]): r["label"] for r in rows(snap, "SELECT * FROM key_labels")}
    years = {r["id"]: r["year"] for r in rows(snap, "SELECT id, year FROM reports")}
    cells = rows(snap, "SELECT report_id, year, section, row, row_label, col, col_label FROM cells")
    for cell in cells:
        assert cell["year"] == years[cell["report_id"]]
        assert cell["row_label"] == labels.get((cell["section"], "row", cell["row"]), cell["row"])
        assert cell["col_label"] == labels.get((cell["section"], "col", cell["col"]), cell["col"])
    assert {c["row_label"] for c in cells if c["row"] == "new"} == {"一、本年新收政府信息公开申请数量"}


def test_report_and_agency_ids_are_links(published):
    snap = published["snapshot"]
    for table in ("cells", "checks", "sources", "versions", "placements", "agency_names"):
        links = {(r["from"], r["table"], r["to"]) for r in rows(snap, f"PRAGMA foreign_key_list([{table}])")}
        assert ("report_id", "reports", "id") in links, table
    assert ("agency_id", "agencies", "id") in {
        (r["from"], r["table"], r["to"]) for r in rows(snap, "PRAGMA foreign_key_list(reports)")}
    check = rows(snap, "SELECT c.report_id, r.title FROM checks c JOIN reports r ON r.id = c.report_id LIMIT 1")[0]
    labelled = json.loads(get(published["db"] + "/checks.json", _shape="array", _labels="on",
                              report_id=check["report_id"]))
    assert labelled[0]["report_id"] == {"value": check["report_id"], "label": check["title"]}
    page = get(published["db"] + "/checks", report_id=check["report_id"]).decode()
    assert f'href="/nianbao/reports/{check["report_id"]}"' in page


def test_dashboard_is_chinese_with_fixed_status_colours(published):
    dashboard = json.loads(get(published["base"] + "/-/metadata.json"))["plugins"]["datasette-dashboards"]["overview"]
    charts = dashboard["charts"]
    checks = charts["checks"]["display"]["encoding"]
    assert checks["color"]["scale"] == {"domain": ["成立", "不成立", "无法判断"],
                                        "range": ["#2e7d32", "#c62828", "#9e9e9e"]}
    for chart in charts.values():
        assert re.search(r"[\u4e00-\u9fff]", chart["title"])
        for axis in ("x", "y", "color", "theta"):
            title = chart.get("display", {}).get("encoding", {}).get(axis, {}).get("title")
            assert title is None or re.search(r"[\u4e00-\u9fff]", title), (chart["title"], axis)
    statuses = json.loads(get(published["db"] + ".json", sql=charts["checks"]["query"], _shape="array"))
    assert {r["status"] for r in statuses} <= {"成立", "不成立", "无法判断"} and {r["rule"] for r in statuses} <= set(
        RULE_LABELS.values())
    # New requests and denials by year: the own reports' cells, summed here.
    sums, reports = cell_sums(published["archive"]), reports_by_id(published["archive"])
    truth = defaultdict(int)
    for report_id, cells in sums.items():
        report = reports[report_id]
        if report["scope"] == "own" and report["year"]:
            for key, value in cells.items():
                if key == "requests/new" or key.removeprefix("requests/") in DENIALS:
                    truth[(report["year"], "新收申请" if key == "requests/new" else "不予公开")] += value
    by_year = json.loads(get(published["db"] + ".json", sql=charts["requests-by-year"]["query"], _shape="array"))
    assert {(r["year"], r["measure"]): r["requests"] for r in by_year if r["requests"] is not None} == truth
    by_region = json.loads(get(published["db"] + ".json", sql=charts["requests-by-region"]["query"],
                               _shape="array"))
    assert {r["measure"] for r in by_region} == {"新收申请", "不予公开"} and all(r["region"] for r in by_region)
