"""Random tables of both templates, rendered in six layouts, parse back to exactly their numbers."""

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nianbao.extract.checks import run_checks
from nianbao.extract.keys import ACTIVE_ROWS, APPEAL_COLS, APPEAL_ROWS, MONEY_COLS, OUTCOME_ROWS, REQUEST_COLS
from nianbao.extract.report import parse_html_report, parse_text_report
from tests.layouts import HTML_LAYOUTS, LAYOUTS, Spec, specs


def _parse(layout: str, spec: Spec, seed: int):
    document = LAYOUTS[layout](spec, random.Random(seed))
    return parse_html_report(document) if layout in HTML_LAYOUTS else parse_text_report(document)


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=specs(), seed=st.integers(0, 2**32))
def test_tables_parse_back_exactly(layout, spec, seed):
    report = _parse(layout, spec, seed)
    assert report.meta.template == spec.template
    got = sorted(((c["section"], c["row"], c["col"], c["value"], c["unit"]) for c in report.statistics.cells), key=repr)
    assert got == spec.expected()
    expected_cells = [{"section": s, "row": r, "col": c, "value": v} for s, r, c, v, _ in spec.expected()]
    assert report.statistics.checks == run_checks(expected_cells, spec.template)[0]
    assert report.statistics.repairs == []


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_consistent_and_inconsistent_tables_are_told_apart(layout):
    base = Spec("2021")
    for key, _, cols in ACTIVE_ROWS["2021"]:
        for col in cols:
            base.values[("active", key, col)] = 1.5 if (key, col) in MONEY_COLS else 3
    for row in ("new", "carried_in") + OUTCOME_ROWS["2021"] + ("total", "carried_forward"):
        for col in REQUEST_COLS:
            base.values[("requests", row, col)] = 0
    for row in APPEAL_ROWS:
        for col in APPEAL_COLS:
            base.values[("appeals", row, col)] = 0
    consistent = _parse(layout, base, 1).statistics.checks
    broken = Spec("2021", dict(base.values))
    broken.values[("requests", "new", "total")] = 5
    inconsistent = _parse(layout, broken, 1).statistics.checks
    assert consistent == {"requests_balance": "ok", "requests_outcomes": "ok", "requests_row_sum": "ok",
                          "appeals_sum": "ok", "carry_over": "unknown"}
    assert inconsistent["requests_balance"] == "failed" and inconsistent["requests_row_sum"] == "failed"
