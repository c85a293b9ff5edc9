"""The 勾稽关系 consistency rules of docs/keys.md as equations over cell keys, checked on every parse."""

from dataclasses import dataclass
from functools import lru_cache

from nianbao.extract.keys import APPEAL_COLS, APPEAL_ROWS, OUTCOME_ROWS, REQUEST_COLS

RULES = ("requests_balance", "requests_outcomes", "requests_row_sum", "appeals_sum", "carry_over")
OK, FAILED, UNKNOWN = "ok", "failed", "unknown"
TOLERANCE = 1e-6
Key = tuple[str, str, str]


@dataclass(frozen=True)
class Equation:
    """One instance of a rule: the sum of left's cells must equal the sum of right's."""

    rule: str
    where: str
    left: tuple[Key, ...]
    right: tuple[Key, ...]

    def status(self, values: dict[Key, float | None]) -> str:
        """'unknown' if a cell is missing or null, else 'ok' or 'failed'."""
        left, right = [values.get(key) for key in self.left], [values.get(key) for key in self.right]
        if None in left or None in right:
            return UNKNOWN
        return OK if abs(sum(left) - sum(right)) <= TOLERANCE else FAILED

    def finding(self, values: dict[Key, float | None]) -> dict:
        """A failed equation as stored with the report: the rule, where, and its two sums."""
        return {"rule": self.rule, "where": self.where, "left": _rounded(sum(values[k] for k in self.left)),
                "right": _rounded(sum(values[k] for k in self.right))}


def _outcome_rows(template: str, rows: set[str]) -> tuple[str, ...]:
    """The template's outcome rows; a report that printed 2019's single 其他处理 row keeps it."""
    outcomes = OUTCOME_ROWS[template]
    if template == "2021" and "other" in rows and not rows & {"other_no_correction", "other_unpaid_fee", "other_misc"}:
        return outcomes[:-3] + ("other",)
    return outcomes


def equations(template: str, rows: set[str]) -> tuple[Equation, ...]:
    """Every per-report equation of a 2019 or 2021 report; rows are the requests rows it printed."""
    return _equations(template, frozenset(rows))


@lru_cache(maxsize=256)
def _equations(template: str, rows: frozenset[str]) -> tuple[Equation, ...]:
    if template not in OUTCOME_ROWS:
        return ()
    req = "requests"
    found = []
    for col in REQUEST_COLS:
        found.append(Equation("requests_balance", col, ((req, "new", col), (req, "carried_in", col)),
                              ((req, "total", col), (req, "carried_forward", col))))
        found.append(Equation("requests_outcomes", col, ((req, "total", col),),
                              tuple((req, row, col) for row in _outcome_rows(template, rows))))
    for row in sorted(rows):
        found.append(Equation("requests_row_sum", row, tuple((req, row, col) for col in REQUEST_COLS[:-1]),
                              ((req, row, "total"),)))
    for row in APPEAL_ROWS:
        found.append(Equation("appeals_sum", row, tuple(("appeals", row, col) for col in APPEAL_COLS[:-1]),
                              (("appeals", row, "total"),)))
    return tuple(found)


def combine(statuses: list[str]) -> str:
    """A rule's status from its equations': any failed -> failed; all ok -> ok; else unknown."""
    if FAILED in statuses:
        return FAILED
    return OK if statuses and all(status == OK for status in statuses) else UNKNOWN


def cell_values(cells: list[dict]) -> dict[Key, float | None]:
    """Cell values by (section, row, col); the first of repeated keys wins."""
    values: dict[Key, float | None] = {}
    for cell in cells:
        values.setdefault((cell["section"], cell["row"], cell["col"]), cell["value"])
    return values


def run_checks(cells: list[dict], template: str) -> tuple[dict[str, str], list[dict]]:
    """Each rule's status ('ok', 'failed', 'unknown'), and a finding for every failed equation.

    carry_over spans two reports, so a single parse leaves it unknown (see archive.carry_over).
    """
    values = cell_values(cells)
    rows = {row for section, row, _ in values if section == "requests"}
    by_rule: dict[str, list[str]] = {rule: [] for rule in RULES}
    findings = []
    appeals = any(key[0] == "appeals" for key in values)
    for equation in equations(template, rows):
        if equation.rule in ("requests_balance", "requests_outcomes") and not rows:
            continue
        if equation.rule == "appeals_sum" and not appeals:
            continue
        status = equation.status(values)
        by_rule[equation.rule].append(status)
        if status == FAILED:
            findings.append(equation.finding(values))
    return {rule: combine(statuses) for rule, statuses in by_rule.items()}, findings


def _rounded(number: float) -> float | int:
    return int(number) if float(number).is_integer() else round(number, 6)
