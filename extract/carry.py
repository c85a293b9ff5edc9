"""The carry_over rule, which spans two reports: 上年结转 of year Y = 结转下年度 of year Y-1, same agency."""

from nianbao.extract.checks import FAILED, UNKNOWN, Equation, cell_values, combine
from nianbao.extract.keys import REQUEST_COLS

RULE = "carry_over"


def carry_over(this_year: list[dict], last_year: list[dict] | None) -> tuple[str, list[dict]]:
    """The rule's status for a report given last year's report cells (None: no such report), with findings."""
    if last_year is None:
        return UNKNOWN, []
    values = {("this",) + key[1:]: value for key, value in cell_values(this_year).items() if key[0] == "requests"}
    values |= {("last",) + key[1:]: value for key, value in cell_values(last_year).items() if key[0] == "requests"}
    statuses, findings = [], []
    for col in REQUEST_COLS:
        equation = Equation(RULE, col, (("this", "carried_in", col),), (("last", "carried_forward", col),))
        status = equation.status(values)
        statuses.append(status)
        if status == FAILED:
            findings.append(equation.finding(values))
    return combine(statuses), findings
