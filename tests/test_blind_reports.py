"""Reports written blind to the parser (tests/files/blind-reports): template and every cell, field by field.

A helper who had read only the outside specifications of the report fields (restated in docs/keys.md) and
of the portals, and the seeds, wrote these documents and their expected answers; see that folder's README. HTML pages are loaded as the responses Scrapy would build.
"""

import json
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse

from nianbao.extract.documents.read import read_document
from nianbao.extract.report import parse_document, parse_html_report, parse_text_report
from tests.conftest import nianbao

FILES = Path(__file__).parent / "files"
BLIND = FILES / "blind-reports"
# The second set was measured on first sight (README, Status) before anything was fixed against it.
EXPECTED = sorted([*BLIND.glob("*.expected.json"), *(FILES / "blind-reports-2").glob("*.expected.json")])
TOLERANCE = 1e-9


def parsed(expected: dict, folder: Path):
    """The document parsed as a crawl or `nianbao parse` would read it, its charset as the server sent it."""
    body = (folder / expected["file"]).read_bytes()
    if expected["format"] == "html":
        charset = f"; charset={expected['http_charset']}" if expected.get("http_charset") else ""
        response = HtmlResponse(url=expected["url"], body=body, headers={"Content-Type": f"text/html{charset}"})
        return parse_html_report(response.text, response.url)
    if expected["format"] == "txt":
        return parse_text_report(body.decode(expected["encoding"]))
    return parse_document(read_document(body, expected["format"]), expected["url"])


def _same(got, want) -> bool:
    if got is None or want is None:
        return got is want
    return abs(got - want) <= TOLERANCE


@pytest.mark.parametrize("path", EXPECTED, ids=lambda path: path.name.split(".")[0])
def test_blind_report_template_year_and_every_cell(path):
    expected = json.loads(path.read_text(encoding="utf-8"))
    report = parsed(expected, path.parent)
    assert (report.meta.template, report.meta.year) == (expected["template"], expected["year"])
    got = {(c["section"], c["row"], c["col"]): c for c in report.statistics.cells}
    want = {(c["section"], c["row"], c["col"]): c for c in expected["cells"]}
    assert set(got) == set(want)
    for key, cell in want.items():
        assert _same(got[key]["value"], cell["value"]), key
        assert got[key]["unit"] == cell.get("unit"), key


def test_the_blind_set_holds_every_shape_the_issue_names():
    formats = {json.loads(path.read_text(encoding="utf-8"))["format"] for path in EXPECTED}
    templates = [json.loads(path.read_text(encoding="utf-8"))["template"] for path in EXPECTED]
    assert formats >= {"html", "txt", "docx", "pdf", "xlsx"}
    assert templates.count("legacy") >= 8 and templates.count("2021") >= 4 and templates.count("2019") >= 4


@pytest.mark.parametrize("name", ["a02_legacy_cumulative_2017_keqiao_wjj_gbk.html",
                                  "a06b_legacy_tab_2018_yibin_jtj_titleline.txt", "a07_legacy_merged_2015_nantong_kfq.docx"])
def test_nianbao_parse_gives_a_legacy_table_its_cells(name):
    expected = json.loads((BLIND / f"{name}.expected.json").read_text(encoding="utf-8"))
    result = nianbao("parse", BLIND / name)
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stdout)
    assert line["template"] == "legacy"
    got = {(c["row"], c["col"]): (c["value"], c["unit"]) for c in line["cells"]}
    assert got == {(c["row"], c["col"]): (c["value"], c.get("unit")) for c in expected["cells"]}
