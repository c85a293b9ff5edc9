"""The published archive as a Chinese reader meets it, in a real browser: the landing page of questions, each
answer within two clicks, a report shaped like its form, links everywhere, and no English interface left."""

import json
import re

import pytest

from nianbao.extract.keys import APPEAL_COLS, APPEAL_ROWS, LEGACY_COL_LABELS, LEGACY_COLS, REQUEST_COLS, SECTIONS
from nianbao.publish.datasette_plugin.report_page import _legacy_table
from tests.browser_pages import TIMEOUT_MS, screenshot_page
from tests.conftest import HOSTILE, rows


@pytest.fixture
def ui(browser, request):
    """A Chinese-locale page; its screenshot lands in test-artifacts/browser/ when the test ends."""
    with screenshot_page(browser, f"ui-{request.node.name}", locale="zh-CN", viewport=VIEWPORT) as opened:
        yield opened


# Datasette's own English, as a reader would see it on a page.
ENGLISH = ("Powered by", "Run SQL", " rows", " row ", "Apply", "Search:", "sorted by", "Download", "Advanced export",
           "This data as", "View and edit SQL", "Next page", "Suggested facets", "Custom SQL query", "Queries took",
           "Data license", "Data source", "Query parameters", "0 results", "Links from other tables", "hidden table",
           "Tables", "Views", "Queries", "Edit SQL", "Format SQL", "not found", "None")
COLUMN_MENU_ENGLISH = ("Sort ascending", "Sort descending", "Facet by this", "Hide this column", "Show all columns",
                       "Show not-blank rows")
QUESTION_TITLES = ("拒绝公开最多的机关（按年）", "数据对不上的报告", "今年尚未发布的机关", "某机关历年对比")
AGENCY = "云溪市教育局"
# A list row taller than this means a column shows too much, or a title wraps one character a line.
MAX_LIST_ROW_PX = 140
SNIPPET_MAX_CHARS = 62
VIEWPORT = {"width": 1280, "height": 900}


def english_on(ui) -> list[str]:
    """Datasette's English strings in the page's visible text."""
    text = ui.locator("body").inner_text()
    return [word for word in ENGLISH if word in text]


def from_landing(ui, published, question: str) -> None:
    """Open the landing page and click a question (click one of two)."""
    ui.goto(published["base"] + "/")
    ui.locator(".question h3 a", has_text=question).click()
    ui.wait_for_load_state()


def report_ids_linked(ui, column: str = "report_id") -> list[str]:
    """The report ids a result table links to in a column, top to bottom."""
    hrefs = ui.locator(f"table.rows-and-columns td.col-{column} a").evaluate_all("links => links.map(a => a.href)")
    return [href.rsplit("/", 1)[1] for href in hrefs]


def ok(ui) -> bool:
    """The canned query answered (it exists and ran)."""
    return ui.locator("table.rows-and-columns").count() > 0 or ui.locator("p.zero-results").count() > 0


def test_landing_page_asks_the_readers_questions(ui, published):
    ui.goto(published["base"] + "/")
    assert ui.locator("html").get_attribute("lang") == "zh-CN"
    titles = ui.locator(".question h3 a").all_inner_texts()
    assert set(QUESTION_TITLES) <= set(titles)
    assert ui.locator(".question a[href$='/-/dashboards/overview']").count() == 1
    assert ui.locator("form.report-search input[name=_search]").count() == 1
    newest_year = rows(published["snapshot"], "SELECT MAX(year) AS year FROM reports")[0]["year"]
    newest = ui.locator("ul.newest a").all_inner_texts()
    titles_of_year = {r["title"] for r in rows(published["snapshot"], "SELECT title FROM reports WHERE year = ?",
                                               [newest_year])}
    assert newest and newest[0] in titles_of_year
    if ui.locator("details.nav-menu").count():
        ui.locator("details.nav-menu summary").click()
        assert "Dashboards" not in ui.locator("details.nav-menu").inner_text()
    assert not english_on(ui)


def test_database_page_lists_tables_in_chinese_reports_first(ui, published):
    ui.goto(published["db"])
    assert ui.locator("textarea#sql-editor").is_hidden()  # the SQL box is folded away
    names = ui.locator("dl.table-list dt > a").all_inner_texts()
    assert names[0] == "年报"
    assert names.index("年报") < names.index("勾稽关系检查结果") < names.index("抓取批次")
    assert "archive_state" not in names
    assert not english_on(ui)


def test_search_box_on_the_landing_page(ui, published):
    ui.goto(published["base"] + "/")
    ui.fill("form.report-search input[name=_search]", "复议")
    ui.press("form.report-search input[name=_search]", "Enter")
    ui.wait_for_url("**/reports?_search=*")
    expected = rows(published["snapshot"], "SELECT COUNT(*) AS n FROM reports WHERE instr(title || text, '复议') > 0")
    assert ui.locator("h3.count-description").inner_text().startswith(f"共 {expected[0]['n']} 条")
    assert ui.locator("td.col-text mark").first.inner_text() == "复议"
    assert not english_on(ui)


def test_newest_report_in_one_click(ui, published):
    ui.goto(published["base"] + "/")
    first = ui.locator("ul.newest a").first
    title = first.inner_text()
    first.click()
    ui.wait_for_url("**/reports/*")
    assert ui.locator("h1").inner_text() == title


def test_question_failing_checks_then_the_report(ui, published):
    from_landing(ui, published, "数据对不上的报告")
    assert ui.url.endswith("/failing_checks")
    if not ok(ui):
        pytest.fail("the failing_checks query does not answer: " + ui.locator("body").inner_text()[:300])
    failed = rows(published["snapshot"], "SELECT report_id, rule FROM checks WHERE status = 'failed'")
    assert sorted(report_ids_linked(ui)) == sorted(r["report_id"] for r in failed)
    assert not english_on(ui)
    link = ui.locator("table.rows-and-columns td.col-report_id a").first
    title = link.inner_text()
    link.click()
    ui.wait_for_url("**/reports/*")
    assert ui.locator("h1").inner_text() == title
    assert ui.locator("table.report-checks td.check-failed").count() >= 1
    assert ui.locator("table.report-table td.failing").count() >= 1


def test_question_denials_by_agency(ui, published):
    from_landing(ui, published, "拒绝公开最多的机关（按年）")
    assert ui.url.endswith("/denials_by_agency")
    assert ok(ui), ui.locator("body").inner_text()[:300]
    denied = rows(published["snapshot"], """SELECT r.id, SUM(c.value) AS denied FROM reports r
        JOIN cells c ON c.report_id = r.id AND c.section = 'requests' AND c.col = 'total' AND c.row LIKE 'denied%'
        WHERE r.scope = 'own' GROUP BY r.id HAVING denied IS NOT NULL ORDER BY denied DESC""")
    most = denied[0]["denied"]
    top = report_ids_linked(ui)[0]
    assert top in {r["id"] for r in denied if r["denied"] == most}
    assert ui.locator("table.rows-and-columns td.col-denied").first.inner_text() == str(int(most))
    assert not english_on(ui)


def test_question_missing_reports(ui, published):
    from_landing(ui, published, "今年尚未发布的机关")
    assert ui.url.endswith("/missing_reports")
    assert ok(ui), ui.locator("body").inner_text()[:300]
    agencies = ui.locator("table.rows-and-columns td.col-agency_id a").evaluate_all(
        "links => links.map(a => a.href.split('/').pop())")
    years = ui.locator("table.rows-and-columns td.col-year").all_inner_texts()
    assert agencies, "the demo has agencies whose newest report is a year older than the others'"
    for agency_id, year in zip(agencies, years, strict=True):
        assert not rows(published["snapshot"], "SELECT 1 FROM reports WHERE agency_id = ? AND year = ?",
                        [agency_id, int(year)])
        assert rows(published["snapshot"], "SELECT 1 FROM reports WHERE agency_id = ? AND year < ?",
                    [agency_id, int(year)])
    assert not english_on(ui)


def test_question_one_agency_year_by_year(ui, published):
    ui.goto(published["base"] + "/")
    card = ui.locator(".question", has_text="某机关历年对比")
    card.locator("input[name=agency]").fill(AGENCY)
    card.locator("input[type=submit]").click()
    ui.wait_for_url("**/requests_by_agency?agency=*")
    assert ok(ui), ui.locator("body").inner_text()[:300]
    expected = rows(published["snapshot"], """SELECT r.id, r.year, c.value FROM reports r JOIN agencies a
        ON a.id = r.agency_id LEFT JOIN cells c ON c.report_id = r.id AND c.section = 'requests' AND c.row = 'new'
        AND c.col = 'total' WHERE a.name = ? ORDER BY r.year""", [AGENCY])
    assert report_ids_linked(ui) == [r["id"] for r in expected]
    shown = [text.strip() for text in ui.locator("table.rows-and-columns td.col-requests_new").all_inner_texts()]
    assert shown == ["" if r["value"] is None else str(int(r["value"])) for r in expected]
    assert not english_on(ui)


def test_question_carry_over_mismatches(ui, published):
    ui.goto(published["db"])
    ui.locator(".question h3 a", has_text="跨年结转").click()
    ui.wait_for_url("**/carry_over_mismatches")
    assert ok(ui), ui.locator("body").inner_text()[:300]
    failed = rows(published["snapshot"], "SELECT report_id FROM checks WHERE rule = 'carry_over' AND status = 'failed'")
    assert sorted(set(report_ids_linked(ui))) == sorted(r["report_id"] for r in failed)


def test_dashboard_from_the_landing_page(ui, published):
    from_landing(ui, published, "年报概览图表")
    ui.wait_for_function("document.querySelectorAll('.vega-embed canvas, .vega-embed svg.marks').length >= 4",
                           timeout=TIMEOUT_MS)


def shown(value) -> str:
    """A cell's number as the report page prints it (digits kept as text are printed as they are)."""
    if isinstance(value, str):
        return value
    return "" if value is None else str(int(value)) if float(value).is_integer() else str(value)


def requests_cells(ui, row: str) -> list[str]:
    return ui.locator(f"table.report-table[data-section=requests] tr[data-row={row}] td").all_inner_texts()


def test_report_page_is_shaped_like_the_form(ui, published):
    report = rows(published["snapshot"], """SELECT r.*, a.name AS agency_name FROM reports r JOIN agencies a
        ON a.id = r.agency_id WHERE r.template = '2021' ORDER BY r.year DESC, r.id LIMIT 1""")[0]
    cells = {(c["section"], c["row"], c["col"]): c["value"] for c in rows(
        published["snapshot"], "SELECT section, row, col, value FROM cells WHERE report_id = ?", [report["id"]])}
    ui.goto(published["db"] + "/reports/" + report["id"])
    assert ui.locator("h1").inner_text() == report["title"]
    agency = ui.locator(".report-facts a.agency-link")
    assert agency.inner_text() == report["agency_name"]
    assert agency.get_attribute("href").endswith("/agencies/" + report["agency_id"])
    sources = rows(published["snapshot"], "SELECT url FROM sources WHERE report_id = ?", [report["id"]])
    assert {s["url"] for s in sources} <= set(ui.locator("ul.report-sources a").all_inner_texts())

    request_rows = sorted({row for section, row, _ in cells if section == "requests"})
    for row in request_rows:
        assert requests_cells(ui, row)[1:] == [shown(cells.get(("requests", row, col))) for col in REQUEST_COLS], row
    headers = ui.locator("table.report-table[data-section=requests] thead").inner_text()
    for label in ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计", "法人或其他组织"):
        assert label in headers
    appeals = ui.locator("table.report-table[data-section=appeals] tbody td").all_inner_texts()
    assert appeals == [shown(cells.get(("appeals", row, col))) for row in APPEAL_ROWS for col in APPEAL_COLS]
    for (section, row, col), value in cells.items():
        if section == "active":
            shown_row = ui.locator(f"table.report-table[data-section=active] tr[data-row={row}] td")
            assert shown(value) in shown_row.all_inner_texts()[1:], (row, col)
    checks = ui.locator("table.report-checks tbody tr")
    assert checks.count() == len(rows(published["snapshot"], "SELECT 1 FROM checks WHERE report_id = ?",
                                      [report["id"]]))
    assert re.search(r"[\u4e00-\u9fff]", checks.first.locator("td").first.inner_text())
    assert ui.locator("details.report-text").get_attribute("open") is None
    tables_end = ui.locator("table.report-checks").bounding_box()["y"]
    assert ui.locator("details.report-text").bounding_box()["y"] > tables_end
    assert not english_on(ui)


def test_a_legacy_report_shows_its_own_table(ui, published):
    """A pre-2019 report's page draws its statistics table: every label in the report's order, its unit, its
    value and cumulative columns and any other, as the archive holds them."""
    report = rows(published["snapshot"], """SELECT r.id, count(DISTINCT c.col) AS cols, count(*) AS cells
        FROM reports r JOIN cells c ON c.report_id = r.id AND c.section = 'legacy' WHERE r.template = 'legacy'
        GROUP BY r.id ORDER BY cols DESC, cells DESC, r.id LIMIT 1""")[0]
    cells = rows(published["snapshot"], """SELECT row, col, seq, coalesce(value, value_text) AS value, unit
        FROM cells WHERE report_id = ? AND section = 'legacy' ORDER BY rowid""", [report["id"]])
    found = list(dict.fromkeys(c["col"] for c in cells))
    cols = [col for col in LEGACY_COLS if col in found] + [col for col in found if col not in LEGACY_COLS]
    by_row: dict[tuple, dict] = {}
    for c in cells:
        by_row.setdefault((c["row"], c["seq"]), {})[c["col"]] = c
    expected = [[row, next((c["unit"] for c in found_row.values() if c["unit"]), None) or "",
                 *(shown(found_row[col]["value"]) if col in found_row else "" for col in cols)]
                for (row, _), found_row in by_row.items()]
    ui.goto(published["db"] + "/reports/" + report["id"])
    table = ui.locator("table.report-table[data-section=legacy]")
    assert ui.locator("h2", has_text=SECTIONS["legacy"]).count() == 1
    headers = table.locator("thead th").all_inner_texts()
    assert headers[2:] == [LEGACY_COL_LABELS.get(col, col) for col in cols]
    assert table.locator("tbody tr").evaluate_all(
        "trs => trs.map(tr => [...tr.cells].map(td => td.innerText))") == expected
    assert any(value for row in expected for value in row[2:]), "the report's table shows numbers"
    assert not english_on(ui)


def test_a_legacy_table_keeps_every_column_and_repeat():
    """Not in the browser: the demo's legacy tables print one column; a table with cumulative, another column and a
    repeated label is drawn in the report's order, value and cumulative first, the failing cell marked."""
    printed = [("收到申请数", "2016年", 0, 5.0, "件"), ("收到申请数", "cumulative", 0, 40.0, None),
               ("收到申请数", "value", 0, 7.0, None), ("被依法纠错数", "value", 0, 1.0, "件"),
               ("被依法纠错数", "value", 1, 2.5, "件")]
    cells = [{"section": "legacy", "row": row, "col": col, "seq": seq, "value": value, "unit": unit}
             for row, col, seq, value, unit in printed]
    table = _legacy_table(cells, {("legacy", "收到申请数", "value")})
    assert table["col_labels"] == [LEGACY_COL_LABELS["value"], LEGACY_COL_LABELS["cumulative"], "2016年"]
    assert [(row["label"], row["unit"], [c["value"] for c in row["cells"]]) for row in table["rows"]] == [
        ("收到申请数", "件", [7, 40, 5]), ("被依法纠错数", "件", [1, "", ""]), ("被依法纠错数", "件", [2.5, "", ""])]
    assert [[c["failing"] for c in row["cells"]] for row in table["rows"]][0] == [True, False, False]
    assert table["rows"][1]["cells"][1]["missing"]


def test_show_all_columns_on_a_search(ui, published):
    """A search shows a few columns; the column menu's "show all columns" shows every one of them."""
    every = [column["name"] for column in rows(published["snapshot"], "PRAGMA table_info(reports)")]
    ui.goto(published["db"] + "/reports?_search=复议")
    shown_columns = ui.locator("table.rows-and-columns th").evaluate_all("ths => ths.map(th => th.dataset.column)")
    assert len(shown_columns) < len(every)
    ui.locator("th svg.dropdown-menu-icon").first.click()
    ui.locator("a.dropdown-show-all-columns").click()
    ui.wait_for_load_state()
    assert ui.locator("table.rows-and-columns th").evaluate_all("ths => ths.map(th => th.dataset.column)") == every
    assert ui.locator("#_search").input_value() == "复议"


def test_failing_sums_are_marked_on_the_report(ui, published):
    failed = rows(published["snapshot"], """SELECT report_id, rule, detail FROM checks WHERE status = 'failed'
        AND rule IN ('requests_balance', 'requests_row_sum')""")
    assert failed, "the demo archive has a report whose requests table does not add up"
    report_id = failed[0]["report_id"]
    expected = set()
    for check in (c for c in failed if c["report_id"] == report_id):
        for finding in json.loads(check["detail"]):
            if check["rule"] == "requests_balance":
                expected |= {(row, finding["where"]) for row in ("new", "carried_in", "total", "carried_forward")}
            else:
                expected |= {(finding["where"], col) for col in REQUEST_COLS}
    ui.goto(published["db"] + "/reports/" + report_id)
    marked = {tuple(cell) for cell in ui.locator("table.report-table[data-section=requests] td.failing").evaluate_all(
        "tds => tds.map(td => [td.parentElement.dataset.row, td.cellIndex])")}
    assert {(row, REQUEST_COLS[index - 1]) for row, index in marked} == expected
    assert ui.locator("table.report-checks td.check-failed").count() == len(
        {c["rule"] for c in failed if c["report_id"] == report_id})


def test_report_ids_and_agency_ids_are_links_everywhere(ui, published):
    titles = {r["id"]: r["title"] for r in rows(published["snapshot"], "SELECT id, title FROM reports")}
    names = {r["id"]: r["name"] for r in rows(published["snapshot"], "SELECT id, name FROM agencies")}
    for path, column, labels in (("/checks", "report_id", titles), ("/report_requests", "report_id", titles),
                                 ("/agency_years", "agency_id", names), ("/reports", "agency_id", names),
                                 ("/failing_checks", "report_id", titles)):
        ui.goto(published["db"] + path)
        links = ui.locator(f"table.rows-and-columns td.col-{column} a")
        assert links.count() > 0, path
        target = "reports" if column == "report_id" else "agencies"
        for href, text in links.evaluate_all("links => links.slice(0, 5).map(a => [a.href, a.innerText])"):
            key = href.rsplit("/", 1)[1]
            assert f"/nianbao/{target}/" in href and text == labels[key], (path, href, text)
    ui.locator("table.rows-and-columns td.col-report_id a").first.click()
    ui.wait_for_url("**/reports/*")
    assert ui.locator("table.report-checks").count() == 1


def row_heights(ui) -> list[float]:
    return ui.locator("table.rows-and-columns tbody tr").evaluate_all(
        "trs => trs.map(tr => tr.getBoundingClientRect().height)")


def test_reports_list_is_readable(ui, published):
    ui.goto(published["db"] + "/agencies")
    assert max(row_heights(ui)) <= MAX_LIST_ROW_PX
    ui.goto(published["db"] + "/reports")
    assert ui.locator("details.column-descriptions").get_attribute("open") is None
    assert ui.locator("dl.column-descriptions").is_hidden()
    assert max(row_heights(ui)) <= MAX_LIST_ROW_PX
    assert all(len(text) <= SNIPPET_MAX_CHARS for text in ui.locator("td.col-text").all_inner_texts())
    assert "按年度从新到旧排列" in ui.locator("h3.count-description").inner_text()
    assert not english_on(ui)


def test_whole_numbers_show_without_point_zero(ui, published):
    ui.goto(published["db"] + "/cells?section=requests")
    values = ui.locator("td.col-value").all_inner_texts()
    assert values and not [v for v in values if v.endswith(".0")]


PAGES = {"search": "/nianbao/reports?_search=复议&_facet=year", "agencies": "/nianbao/agencies",
         "checks": "/nianbao/checks?status=failed", "fulltext": "/nianbao/search?q=复议",
         "sql": "/nianbao?sql=select+id,+title+from+reports+limit+3", "missing": "/nianbao/no_such_table",
         "no_report": "/nianbao/reports/no_such_report", "hostile": "/nianbao/reports/" + HOSTILE["id"]}


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_interface_is_chinese(ui, published, path):
    ui.goto(published["base"] + path)
    assert ui.locator("html").get_attribute("lang") == "zh-CN"
    assert not english_on(ui)
    if ui.locator("th svg.dropdown-menu-icon").count():
        ui.locator("th svg.dropdown-menu-icon").first.click()
        menu = ui.locator("div.dropdown-menu").inner_text()
        assert not [word for word in COLUMN_MENU_ENGLISH if word in menu], menu


def test_an_agency_page_is_chinese(ui, published):
    agency = rows(published["snapshot"], "SELECT id FROM agencies WHERE name = ?", [AGENCY])[0]["id"]
    ui.goto(f"{published['db']}/agencies/{agency}")
    text = ui.locator("body").inner_text()
    assert "历年年报" in text and "本机关" in text and "年报标题" in text
    assert not english_on(ui)
    assert not [words for words in ("reports by year", "name forms", "new requests", "checks failed", "\town")
                if words in text]
