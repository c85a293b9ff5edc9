"""The same report read from its HTML, from trafilatura's text of it, and from our clean text gives the same cells."""

import pytest
import trafilatura

from nianbao.demo.catalog import build_catalog
from nianbao.demo.pages import generic_detail, hanweb_detail, trs_detail
from nianbao.extract.decode import decode_page
from nianbao.extract.report import parse_html_report, parse_text_report
from tests.saved_pages import FILES

FIXTURES = ("mct/t20240126_951234.html", "yn-hrss/InfoDetail-42719.html", "js-mzt/art_90135_10312345.html")
DETAIL_PAGES = {"demo-trs": trs_detail, "demo-hanweb": hanweb_detail, "demo-generic": generic_detail}


def _cells(report) -> list[tuple]:
    return sorted((c["section"], c["row"], c["col"], c["value"], c["unit"]) for c in report.statistics.cells)


def _pages():
    for name in FIXTURES:
        yield name, decode_page((FILES / name).read_bytes(), "text/html").text
    for report in build_catalog()[::3]:
        for portal, render in DETAIL_PAGES.items():
            yield f"{portal}/{report.agency}/{report.year}", render(report, portal, [])


@pytest.mark.parametrize("name, html", list(_pages()), ids=lambda value: value if "<" not in str(value) else "")
def test_extracted_texts_parse_to_the_cells_of_the_page(name, html):
    page = parse_html_report(html)
    assert page.statistics.cells, name
    extracted = parse_text_report(trafilatura.extract(html, include_tables=True, favor_recall=True))
    assert (extracted.meta.template, _cells(extracted)) == (page.meta.template, _cells(page))
    own = parse_text_report(page.text)
    assert (own.meta.template, _cells(own), own.statistics.checks) == (
        page.meta.template, _cells(page), page.statistics.checks)
