"""Random 2019, 2021 and legacy tables, consistent or not, in eight layouts, parsed back exactly.

The tables and their renderings come from tests/blind_tables.py, written from the outside specification of
the report fields (restated in docs/keys.md) by a helper who had not read the parser. A value the rendering made unreadable (an OCR'd digit no sum can prove) may
come back null, never as another number; so may a row of text without cell borders that lost a blank cell,
which column it lost being unknowable, when the parser notes that row as left null.
"""

import re

import pytest
from hypothesis import HealthCheck, given, settings

from nianbao.extract.documents.read import read_document
from nianbao.extract.report import parse_document, parse_html_report, parse_text_report
from tests import blind_tables

# Files are slower to write and read than text: fewer of them per run.
EXAMPLES = {"docx": 6, "pdf": 6}
TEXT_EXAMPLES = 25
STATUS = {"ok": True, "failed": False, "unknown": None}
_MISSING = re.compile(r"^\('(\w+)', '([^']+)', '[^']+'\): missing/null")
_LEFT_NULL = re.compile(r"^(?:requests|active|statistics) row (\S+?):? .*left null")


def unexplained(problems: list[str], notes: list[str]) -> list[str]:
    """Problems but the nulls of rows the parser declared it could not place (never a wrong number)."""
    declared = {match.group(1) for match in map(_LEFT_NULL.match, notes) if match}
    return [p for p in problems if not ((found := _MISSING.match(p)) and found.group(2) in declared)]


def parse(body: bytes, suffix: str, encoding: str | None):
    """A rendering parsed the way `nianbao parse` reads a file of its suffix."""
    if suffix in (".html", ".htm"):
        return parse_html_report(body.decode(encoding))
    if suffix == ".txt":
        return parse_text_report(body.decode(encoding))
    return parse_document(read_document(body, suffix.lstrip(".")))


@pytest.mark.parametrize("layout", sorted(blind_tables.LAYOUTS))
def test_any_table_in_any_layout_parses_back(layout):
    @settings(max_examples=EXAMPLES.get(layout, TEXT_EXAMPLES), deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(blind_tables.tables())
    def check(table):
        report = parse(*blind_tables.LAYOUTS[layout](table))
        assert report.meta.template == table.template
        problems = blind_tables.mismatches(blind_tables.expected_cells(table, layout), report.statistics.cells)
        assert unexplained(problems, report.statistics.notes) == []
        if len(problems) == len(unexplained(problems, report.statistics.notes)):
            for rule, allowed in blind_tables.expected_flags(table, layout).items():
                assert STATUS[report.statistics.checks[rule]] in allowed, rule

    check()
