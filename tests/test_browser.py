"""The published archive in a real browser: Playwright driving Debian's Chromium (never skipped in CI)."""

import sqlite3
from contextlib import closing

import pytest

from tests.browser_pages import TIMEOUT_MS, screenshot_page
from tests.conftest import HOSTILE


@pytest.fixture
def page(browser, request):
    with screenshot_page(browser, request.node.name, accept_downloads=True, locale="zh-CN") as opened:
        yield opened


def count(db_path, query, params=()) -> int:
    with closing(sqlite3.connect(db_path)) as conn:
        return conn.execute(query, params).fetchone()[0]


def test_two_character_search_finds_the_right_reports(page, published):
    page.goto(published["db"] + "/reports")
    page.fill("input[name=_search]", "复议")
    page.press("input[name=_search]", "Enter")
    page.wait_for_url("**_search=*")
    expected = count(published["snapshot"], "SELECT COUNT(*) FROM reports WHERE instr(title || text, '复议') > 0")
    assert page.locator("h3.count-description").inner_text().startswith(f"共 {expected} 条")
    assert page.locator("table.rows-and-columns tbody tr").count() == expected
    assert page.locator("td.col-text mark").first.inner_text() == "复议"
    page.fill("input[name=_search]", "教育局")
    page.press("input[name=_search]", "Enter")
    page.wait_for_url("**_search=%E6%95%99*")
    agencies = set(page.locator("td.col-agency").all_inner_texts())
    assert agencies == {"云溪市教育局"}


def test_facet_by_year(page, published):
    page.goto(published["db"] + "/reports?_search=复议")
    page.locator("th.col-year svg.dropdown-menu-icon").click()
    page.locator("a.dropdown-facet").click()
    page.wait_for_url("**_facet=year*")
    page.locator("#facet-year a", has_text="2021").first.click()
    page.wait_for_url("**year=2021*")
    expected = count(published["snapshot"], "SELECT COUNT(*) FROM reports WHERE year = 2021 AND instr(text, '复议')")
    assert page.locator("table.rows-and-columns tbody tr").count() == expected
    assert set(page.locator("td.col-year").all_inner_texts()) == {"2021"}


def test_open_a_report_and_see_its_cells(page, published):
    report_id, new_total = sqlite3.connect(published["snapshot"]).execute(
        "SELECT r.id, c.value FROM reports r JOIN cells c ON c.report_id = r.id WHERE r.template = '2021' AND "
        "c.section = 'requests' AND c.row = 'new' AND c.col = 'total' ORDER BY r.year DESC LIMIT 1").fetchone()
    page.goto(published["db"] + "/reports?template=2021")
    page.locator(f"td.col-id a[href$='/{report_id}']").click()
    page.wait_for_url(f"**/reports/{report_id}")
    requests_table = page.locator("table.report-table[data-section=requests]")
    first_row = requests_table.locator("tbody tr").first
    assert first_row.get_attribute("data-row") == "new"
    assert first_row.locator("td").first.inner_text() == "一、本年新收政府信息公开申请数量"
    assert first_row.locator("td").last.inner_text() == str(int(new_total))
    assert page.locator("table.report-table[data-section=appeals] tbody td").count() == 15


def test_dashboard_draws_its_charts(page, published):
    page.goto(published["base"] + "/-/dashboards/overview")
    page.wait_for_function("document.querySelectorAll('.vega-embed canvas, .vega-embed svg.marks').length >= 4",
                           timeout=TIMEOUT_MS)
    reports = count(published["snapshot"], "SELECT COUNT(*) FROM reports")
    assert str(reports) in page.locator("body").inner_text()


def test_download_the_snapshot_and_open_it(page, published, tmp_path):
    page.goto(published["db"])
    with page.expect_download() as download:
        page.locator("a[href$='/nianbao.db']").first.click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert count(saved, "SELECT COUNT(*) FROM reports") == count(published["snapshot"], "SELECT COUNT(*) FROM reports")
    assert sqlite3.connect(saved).execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_injected_markup_shows_as_text_and_never_runs(page, published):
    for url in (published["db"] + "/reports?_search=注入", published["db"] + "/reports/" + HOSTILE["id"],
                published["db"] + "/search?q=注入"):
        page.goto(url)
        assert page.evaluate("window.__pwned") is None
        assert "<script>window.__pwned = 1</script>" in page.locator("body").inner_text()
