"""Cells read wrong, repaired only where the row and column sums confirm: digits a stray space split ("1 0"),
characters OCR read in place of digits ("1O", "U")."""

from nianbao.extract.checks import OK, cell_values, equations
from nianbao.extract.numbers import lookalike_digits, parse_number, split_digits

CONFIRMED_BY = "row and column sums"
ONE_CELL = "one bordered table cell holds one number"
JOINED = "joined split digits"
LOOKALIKE = "read look-alike characters as digits"


def repair_record(key: tuple[str, str, str], raw: str, value: int, confirmed_by: str, repair: str = JOINED) -> dict:
    """What `repairs` holds for one repaired cell: where, as printed, as read, and which sums proved it."""
    section, row, col = key
    return {"section": section, "row": row, "col": col, "raw": raw, "value": value, "repair": repair,
            "confirmed_by": confirmed_by}


def _misread(cells: list[dict], template: str, reading) -> tuple[dict, dict]:
    """Null cells whose raw text reading turns into a number, and the sums each takes part in."""
    candidates = {(c["section"], c["row"], c["col"]): c for c in cells
                  if c["value"] is None and reading(c["raw"]) is not None}
    if not candidates:  # most reports: no sums to look up
        return {}, {}
    rows = {row for section, row, _ in cell_values(cells) if section == "requests"}
    involved = {key: [eq for eq in equations(template, rows) if key in eq.left + eq.right] for key in candidates}
    return candidates, involved


def repair_split_cells(cells: list[dict], template: str) -> list[dict]:
    """Join split cells for which every sum they are part of holds with the join; return the repairs."""
    candidates, involved = _misread(cells, template, split_digits)
    if not candidates:
        return []
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


def join_bordered_splits(cells: list[dict], keys: set) -> list[dict]:
    """Digits split by a space inside one bordered table cell are one number even where no sum can prove it."""
    repairs = []
    for cell in cells:
        key = (cell["section"], cell["row"], cell["col"])
        if key in keys and cell["value"] is None and split_digits(cell["raw"]) is not None:
            cell["value"] = split_digits(cell["raw"])
            repairs.append(repair_record(key, cell["raw"], cell["value"], ONE_CELL))
    return repairs


def repair_lookalikes(cells: list[dict], template: str) -> list[dict]:
    """Read a misread cell as digits when every sum it is part of, the others known, holds with it.

    Cells are settled one at a time, each with sums whose other cells are all known, until none is left
    that a sum can prove; a cell no sum can prove stays null with its raw text.
    """
    candidates, involved = _misread(cells, template, lookalike_digits)
    if not candidates:
        return []
    values = cell_values(cells)
    repairs = []
    settled = True
    while settled:
        settled = False
        for key, cell in list(candidates.items()):
            value = parse_number(lookalike_digits(cell["raw"])).value
            decisive = [eq for eq in involved[key] if _known_but(eq, values, key)]
            if decisive and all(eq.status({**values, key: value}) == OK for eq in decisive):
                cell["value"] = values[key] = value
                repairs.append(repair_record(key, cell["raw"], value, CONFIRMED_BY, LOOKALIKE))
                del candidates[key]
                settled = True
    return repairs


def _known_but(equation, values: dict, key) -> bool:
    """True when every cell of the equation but key has a value."""
    return all(values.get(k) is not None for k in equation.left + equation.right if k != key)
