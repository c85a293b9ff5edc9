"""Digits a stray space split ("1 0"): joined only when the row and column sums confirm the join."""

from extract.checks import OK, cell_values, equations
from extract.numbers import split_digits

CONFIRMED_BY = "row and column sums"
JOINED = "joined split digits"


def repair_record(key: tuple[str, str, str], raw: str, value: int, confirmed_by: str) -> dict:
    """What `repairs` holds for one joined cell: where, as printed, as read, and which sums proved it."""
    section, row, col = key
    return {"section": section, "row": row, "col": col, "raw": raw, "value": value, "repair": JOINED,
            "confirmed_by": confirmed_by}


def repair_split_cells(cells: list[dict], template: str) -> list[dict]:
    """Join split cells for which every sum they are part of holds with the join; return the repairs."""
    candidates = {(c["section"], c["row"], c["col"]): c for c in cells
                  if c["value"] is None and split_digits(c["raw"]) is not None}
    if not candidates:
        return []
    rows = {row for section, row, _ in cell_values(cells) if section == "requests"}
    involved = {key: [eq for eq in equations(template, rows) if key in eq.left + eq.right] for key in candidates}
    accepted = set(candidates)
    while True:
        values = cell_values(cells)
        values.update({key: split_digits(candidates[key]["raw"]) for key in accepted})
        confirmed = {key for key in accepted
                     if involved[key] and all(eq.status(values) == OK for eq in involved[key])}
        if confirmed == accepted:
            break
        accepted = confirmed
    repairs = []
    for key in sorted(accepted):
        cell = candidates[key]
        cell["value"] = split_digits(cell["raw"])
        repairs.append(repair_record(key, cell["raw"], cell["value"], CONFIRMED_BY))
    return repairs
