"""The 勾稽关系 consistency rules of report-fields.md, checked on every parse."""

from extract.keys import APPEAL_COLS, APPEAL_ROWS, REQUEST_COLS

OUTCOME_PREFIXES = ("granted", "partial", "denied_", "unavailable_", "rejected_", "other")
TOLERANCE = 1e-6


def _verdict(equations: list[tuple[list, list]]) -> str:
    """'unknown' if any side has a missing number, 'failed' if any equation breaks, else 'ok'."""
    if not equations:
        return "unknown"
    for left, right in equations:
        if any(v is None for v in left + right):
            return "unknown"
    broken = any(abs(sum(left) - sum(right)) > TOLERANCE for left, right in equations)
    return "failed" if broken else "ok"


def run_checks(cells: list[dict], template: str) -> dict[str, str]:
    """Each per-report rule's status: 'ok', 'failed' or 'unknown' (null cells make a rule unknown)."""
    if template not in ("2019", "2021"):
        return {}
    value = {(c["section"], c["row"], c["col"]): c["value"] for c in cells}
    requests = {(r, c) for s, r, c in value if s == "requests"}
    outcome_rows = sorted({r for r, _ in requests if r.startswith(OUTCOME_PREFIXES) and r != "other"}
                          | ({"other"} if template == "2019" else set()))

    def get(section, row, col):
        return value.get((section, row, col))

    balance = [([get("requests", "new", c), get("requests", "carried_in", c)],
                [get("requests", "total", c), get("requests", "carried_forward", c)]) for c in REQUEST_COLS]
    outcomes = [([get("requests", "total", c)], [get("requests", r, c) for r in outcome_rows]) for c in REQUEST_COLS]
    row_sum = [([get("requests", r, c) for c in REQUEST_COLS[:-1]], [get("requests", r, "total")])
               for r in sorted({r for r, _ in requests})]
    appeals = [([get("appeals", r, c) for c in APPEAL_COLS[:-1]], [get("appeals", r, "total")]) for r in APPEAL_ROWS]
    return {
        "requests_balance": _verdict(balance if requests else []),
        "requests_outcomes": _verdict(outcomes if requests else []),
        "requests_row_sum": _verdict(row_sum),
        "appeals_sum": _verdict(appeals if any(s == "appeals" for s, _, _ in value) else []),
    }
