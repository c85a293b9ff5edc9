"""Any statistics table read from its grid: label rows, a unit column or not, and numeric columns named by header.

This is how pre-2019 tables are read (docs/keys.md, section `legacy`): the row key is the row's own
label without ordinals, each numeric column a col (`value` for the report year's column, `cumulative` for
历年累计, any other by its normalised header), the unit from the unit column.
"""

import re
from dataclasses import dataclass, field

from nianbao.extract.grid import Grid, GridCell
from nianbao.extract.labels import MAX_LABEL_CHARS, legacy_key, strip_ordinals
from nianbao.extract.normalize import squash
from nianbao.extract.numbers import cell_value, is_null, is_unit

VALUE, CUMULATIVE = "value", "cumulative"
# A table is a statistics table when this many rows pair a label with a number.
MIN_DATA_ROWS = 2
_CJK = re.compile(r"[\u4e00-\u9fff]")
_YEAR_LIKE = range(1990, 2050)
# The unit column's own header; 单位 inside a longer header (填报单位：…) names something else.
_UNIT_HEADER = re.compile(r"(计量)?单位(名称)?")
_CUMULATIVE_HEADER = re.compile(r"累计")
# Headers of the column that holds the report year's figures (besides the year itself).
_VALUE_HEADER = re.compile(r"本年|本期|统计数|数量|数值|合计|总计|总数|数据|计数|统计结果|数目")
_YEAR_HEADER = re.compile(r"(19[89]\d|20[0-4]\d)\s*年")
_LABEL_HEADER = re.compile(r"指标|项目|名称|内容|类别|事项")
# Share of a column's filled data cells that must be units for it to be the unit column.
_UNIT_SHARE = 0.5


@dataclass
class LegacyRead:
    """Cells read from statistics tables, and what was left out and why."""

    cells: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _is_label(cell: GridCell) -> bool:
    return bool(cell.text) and cell.number is None and not is_unit(cell.text) and bool(_CJK.search(cell.text))


def _numbers(row: list[GridCell], columns) -> list[int]:
    return [c for c in columns if row[c].number is not None]


def data_rows(grid: Grid) -> list[int]:
    """Rows that pair a label with a number to its right."""
    found = []
    for r, row in enumerate(grid.rows):
        first_label = next((c for c, cell in enumerate(row) if _is_label(cell)), None)
        if first_label is not None and _numbers(row, range(first_label + 1, grid.width)):
            found.append(r)
    return found


def is_statistics_table(grid: Grid) -> bool:
    """True for a grid of label rows with numbers: a statistics table of some template."""
    return len(data_rows(grid)) >= MIN_DATA_ROWS


def _header_row(row: list[GridCell]) -> bool:
    """A row above the data: no numbers but years (a period header such as 2017 | 2016), and no unit."""
    if len({cell.text for cell in row if cell.text}) < 2:
        return False  # one text across the row: a title or section row, not a header
    if any(cell.text and is_null(cell.text) for cell in row):
        return False  # a row printing "/" or "—" is a data row whose numbers are null
    numbers = [cell.number for cell in row if cell.number is not None]
    if not numbers:
        return True
    if any(is_unit(cell.text) for cell in row):
        return False
    label = next((cell.text for cell in row if _is_label(cell)), "")
    return all(n.value in _YEAR_LIKE for n in numbers) and (not label or bool(_LABEL_HEADER.search(squash(label))))


@dataclass
class Columns:
    """What each column of a statistics table holds."""

    labels: list[int]
    unit: int | None
    keys: dict[int, str]


def _unit_column(grid: Grid, rows: list[int], headers: list[str], names: list[str]) -> int | None:
    for c in range(grid.width):
        if _UNIT_HEADER.fullmatch(squash(names[c])):
            filled = [grid.rows[r][c] for r in rows if grid.rows[r][c].text]
            if all(cell.number is None for cell in filled):
                return c
    for c in range(grid.width):
        filled = [grid.rows[r][c].text for r in rows if grid.rows[r][c].text]
        if filled and sum(is_unit(text) for text in filled) >= _UNIT_SHARE * len(filled):
            return c
    return None


def _column_key(header: str, year: int | None) -> str | None:
    flat = squash(header)
    if _CUMULATIVE_HEADER.search(flat):
        return CUMULATIVE
    if (year and str(year) in flat) or _VALUE_HEADER.search(flat):
        return VALUE
    return None


def columns_of(grid: Grid, rows: list[int], header_rows: list[int], year: int | None) -> tuple[Columns, list[str]]:
    """Label, unit and numeric columns, the numeric ones keyed by their headers; notes on guesses."""
    headers, names = [], []
    for c in range(grid.width):
        texts = []
        for r in header_rows:
            text = grid.rows[r][c].text
            if text and text not in texts:
                texts.append(text)
        headers.append(" ".join(texts))
        # A column under a group header (其中 → 区政府 | 部门) is named by its own, lowest header.
        names.append(strip_ordinals(texts[-1]) if texts else "")
    unit = _unit_column(grid, rows, headers, names)
    numeric = sorted({c for r in rows for c in _numbers(grid.rows[r], range(grid.width)) if c != unit})
    first = numeric[0] if numeric else grid.width
    labels = [c for c in range(first) if c != unit]
    keys = dict(zip(numeric, header_keys([headers[c] for c in numeric], year, [names[c] for c in numeric])))
    notes = [f"statistics table column {c + 1} has no header: cells keyed {keys[c]}"
             for c in numeric if not headers[c] and keys[c] != VALUE]
    return Columns(labels, unit, keys), notes


def header_keys(headers: list[str], year: int | None, names: list[str] | None = None) -> list[str]:
    """Each numeric column's col from its header: one `value` and one `cumulative` at most, others their name."""
    names = names if names is not None else [strip_ordinals(header) for header in headers]
    keys: list[str | None] = []
    for header in headers:
        key = _column_key(header, year)
        keys.append(None if key in keys else key)
    if VALUE not in keys:
        dated = [i for i, header in enumerate(headers) if keys[i] is None and _YEAR_HEADER.search(header)]
        blank = [i for i, header in enumerate(headers) if keys[i] is None and not header]
        if dated or blank:
            keys[(dated or blank)[0]] = VALUE
    return [key or names[i] or f"col{i + 1}" for i, key in enumerate(keys)]


def _row_label(row: list[GridCell], labels: list[int]) -> str:
    own = [row[c].text for c in labels if row[c].text and not row[c].covered]
    spanned = [row[c].text for c in labels if row[c].text]
    return (own or spanned or [""])[-1]


class _TableReader:
    """Reads the statistics tables of one report in order, a continuation reusing the table above's columns."""

    def __init__(self, year: int | None):
        self.year = year
        self.read = LegacyRead()
        self.seen: set[tuple[str, str]] = set()
        self.previous: Columns | None = None
        # Rows whose numbers were left null for want of their columns: data rows all the same.
        self.unplaced: set[int] = set()
        self.previous_width = 0

    def table(self, grid: Grid) -> None:
        """One grid's rows, if it is a statistics table."""
        self.unplaced = set()
        rows = data_rows(grid)
        if len(rows) < MIN_DATA_ROWS:
            return
        header_rows = [r for r in range(rows[0]) if _header_row(grid.rows[r])]
        while rows and _header_row(grid.rows[rows[0]]):  # a period header: 指标名称 | 单位 | 2017 | 2016
            header_rows.append(rows.pop(0))
        if len(rows) < MIN_DATA_ROWS:
            return
        columns, notes = columns_of(grid, rows, header_rows, self.year)
        if not header_rows and self.previous and grid.width == self.previous_width:
            columns = self.previous
        else:
            self.read.notes.extend(notes)
        self.previous, self.previous_width = columns, grid.width
        for r in range(len(grid.rows)):
            if r not in header_rows:
                row = grid.rows[r]
                self._row(self._by_kind(row, columns, r) if grid.borderless else row, columns, r)

    def _by_kind(self, row: list[GridCell], columns: Columns, index: int) -> list[GridCell]:
        """A row of text without borders, which loses a blank cell without a trace: its unit put in the unit
        column, its numbers in the numeric columns in order; fewer numbers than columns are left null."""
        first = len(columns.labels)
        cells = [cell for cell in row[first:] if cell.text]
        units = [cell for cell in cells if is_unit(cell.text)]
        numbers = [cell for cell in cells if not is_unit(cell.text)]
        rebuilt = [*row[:first], *([GridCell("")] * (len(row) - first))]
        if columns.unit is not None and units:
            rebuilt[columns.unit] = units[0]
        if len(columns.keys) > 1 and 0 < len(numbers) < len(columns.keys):
            self.read.notes.append(f"statistics row {legacy_key(_row_label(row, columns.labels))}: {len(numbers)} "
                                   f"numbers for {len(columns.keys)} columns in text without cell borders, left "
                                   "null: " + " ".join(cell.text for cell in numbers))
            self.unplaced.add(index)
            numbers = []
        for column, cell in zip(columns.keys, numbers):
            rebuilt[column] = cell
        return rebuilt

    def _row(self, row: list[GridCell], columns: Columns, index: int) -> None:
        label = _row_label(row, columns.labels)
        unit = row[columns.unit].text if columns.unit is not None and is_unit(row[columns.unit].text) else None
        values = {c: row[c] for c in columns.keys}
        stated = [cell for cell in values.values() if cell.number is not None]
        if not label:
            if stated:
                self.read.notes.append(f"statistics table row {index + 1}: numbers without a label, left out: "
                                       + " ".join(cell.text for cell in stated))
            return
        if _is_header_text(label) and not stated:
            return
        if not stated and unit is None and index not in self.unplaced and not any(
                is_null(c.text) and c.text and not c.covered for c in values.values()):
            return  # a section row (一、主动公开情况) carries no numbers of its own
        key = legacy_key(label)
        if not key or len(key) > MAX_LABEL_CHARS:
            if stated:
                self.read.notes.append(f"statistics table row {index + 1}: label is prose, numbers left out: {label}")
            return
        for c, col in columns.keys.items():
            if (key, col) in self.seen:
                if values[c].number is not None:
                    self.read.notes.append(f"statistics row {key} printed twice: second {col} {values[c].text} left out")
                continue
            self.seen.add((key, col))
            cell = values[c]
            number = cell.number
            self.read.cells.append({
                "section": "legacy", "row": key, "col": col, **cell_value(number),
                "unit": unit or (number.unit if number else None), "raw": "" if cell.covered else cell.text,
            })


def _is_header_text(label: str) -> bool:
    return bool(_LABEL_HEADER.fullmatch(squash(label)) or re.fullmatch(r"(统计|指标|项目)(指标|名称)?", squash(label)))


def read_statistics_tables(grids: list[Grid], year: int | None) -> LegacyRead:
    """Cells of every statistics table among the grids, in reading order."""
    reader = _TableReader(year)
    for grid in grids:
        reader.table(grid)
    return reader.read
