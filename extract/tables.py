"""First-cut reader of the statistics tables in a page's HTML: grid, row labels, numbers."""

import re

from lxml import etree

from extract.keys import ACTIVE_ROWS, APPEAL_COLS, APPEAL_ROWS, MONEY_COLS, REQUEST_COLS, REQUEST_ROWS
from extract.normalize import collapse_spaces, squash
from extract.numbers import is_null, parse_number

_MAX_SPAN = 100
_MONEY_UNIT = re.compile(r"(采购总金额|收费金额)\(?单位:?(万元|元)")
_REQUESTS_START = "本年新收"
_APPEALS_START = "行政复议"


def _span(cell, name: str) -> int:
    try:
        return max(1, min(int(cell.get(name, "1") or 1), _MAX_SPAN))
    except ValueError:
        return 1


def table_rows(root: etree._Element) -> list[list[tuple[str, bool]]]:
    """Every row of every innermost table, spans expanded; each cell is (text, is_origin)."""
    rows: list[list[tuple[str, bool]]] = []
    for table in root.iter("table"):
        if table.find(".//table") is not None:
            continue
        grid: dict[tuple[int, int], tuple[str, bool]] = {}
        for r, tr in enumerate(table.iter("tr")):
            c = 0
            for cell in tr.iterchildren("td", "th"):
                while (r, c) in grid:
                    c += 1
                text = collapse_spaces(cell.text_content())
                for dr in range(_span(cell, "rowspan")):
                    for dc in range(_span(cell, "colspan")):
                        grid[(r + dr, c + dc)] = (text, dr == 0 and dc == 0)
                c += _span(cell, "colspan")
        height = max((r for r, _ in grid), default=-1) + 1
        width = max((c for _, c in grid), default=-1) + 1
        rows.extend([grid.get((r, c), ("", False)) for c in range(width)] for r in range(height))
    return rows


def _label_and_values(row) -> tuple[str, list[tuple[str, object]]]:
    label = squash("".join(text for text, _ in row if parse_number(text) is None and not is_null(text)))
    values = [(text, parse_number(text)) for text, origin in row
              if origin and (parse_number(text) is not None or is_null(text))]
    return label, values


def _match(label: str, table) -> str | None:
    for key, keywords in table:
        if all(word in label for word in keywords):
            return key
    return None


def _cell(section, row, col, raw, number, unit=None) -> dict:
    return {"section": section, "row": row, "col": col, "value": number.value if number else None,
            "unit": (number.unit if number and number.unit else unit), "raw": raw}


def parse_cells(root: etree._Element, template: str) -> list[dict]:
    """Cells of the active, requests and appeals tables for a 2019 or 2021 report (others: none)."""
    if template not in ACTIVE_ROWS:
        return []
    rows = table_rows(root)
    page_text = squash(" ".join(text for row in rows for text, _ in row))
    money = _MONEY_UNIT.search(page_text)
    money_unit = money.group(2) if money else None
    cells: dict[tuple, dict] = {}
    section = "active"
    for row in rows:
        label, values = _label_and_values(row)
        if _REQUESTS_START in label:
            section = "requests"
        elif section == "requests" and _APPEALS_START in label and not values:
            section = "appeals"
        numbers = [v for v in values if v[1] is not None or is_null(v[0])]
        if section == "active":
            _active_row(cells, template, label, numbers, money_unit)
        elif section == "requests":
            key = _match(label, REQUEST_ROWS)
            if key and len(numbers) == len(REQUEST_COLS):
                for col, (raw, number) in zip(REQUEST_COLS, numbers):
                    cells.setdefault(("requests", key, col), _cell("requests", key, col, raw, number))
        elif section == "appeals" and len(numbers) == len(APPEAL_ROWS) * len(APPEAL_COLS):
            pairs = iter(numbers)
            for appeal_row in APPEAL_ROWS:
                for col in APPEAL_COLS:
                    raw, number = next(pairs)
                    cells.setdefault(("appeals", appeal_row, col), _cell("appeals", appeal_row, col, raw, number))
    return list(cells.values())


def _active_row(cells, template, label, numbers, money_unit) -> None:
    for key, keywords, cols in ACTIVE_ROWS[template]:
        if all(word in label for word in keywords) and len(numbers) == len(cols):
            for col, (raw, number) in zip(cols, numbers):
                unit = money_unit if (key, col) in MONEY_COLS else None
                cells.setdefault(("active", key, col), _cell("active", key, col, raw, number, unit))
            return
