"""Every table as one grid, whatever it came from: rows × columns, spanned cells expanded, each cell's text.

HTML tables (rowspan/colspan), rows read from DOCX, PDF and spreadsheets (a cell another one covers is
None), and pipe- or tab-separated text lines all become the same Grid, so one reader reads them all.
"""

import re
from dataclasses import dataclass

from lxml import etree

from nianbao.extract.clean import CELL_BAR, text_of
from nianbao.extract.labels import spaced_cells
from nianbao.extract.normalize import collapse_spaces
from nianbao.extract.numbers import parse_number
from nianbao.extract.tokens import UNIT, VALUE, classify, unglued

# A report table has tens of rows and a dozen columns; a span past these is a broken or hostile file.
MAX_ROWSPAN = 200
MAX_COLSPAN = 50
MAX_ROWS = 2000
MAX_COLUMNS = 60
_CELL_TAGS = ("td", "th")
_MIN_TABLE_LINES = 2
# Share of a text block's rows of two cells or more that must be as wide as the widest for it to be a table:
# text whose rows an extractor broke (a cell a line, values on the next line) is not a grid.
_FULL_ROW_SHARE = 0.8
# Longest line read as a section row between table lines, and how many such lines in a row.
_MAX_SECTION_CHARS = 30
_MAX_SECTION_LINES = 2
_COLUMN_GAP = re.compile(r"\s{2,}")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# Longest part of a column header line in text without borders (2012年度, 统计指标).
_MAX_HEADER_CHARS = 12
_HEADER_WORD = re.compile(r"指标|名称|单位|统计数|年度|累计|合计")
_SENTENCE_END = re.compile(r"[。；;！？]")
_MARKDOWN_RULE = re.compile(r"^[\s:|-]+$")


@dataclass(frozen=True, slots=True)
class GridCell:
    """One position of the grid: its text, and whether it is a copy of a cell spanning from above or left."""

    text: str
    covered: bool = False

    @property
    def number(self):
        """The number the cell states (None for text, null markers and covered copies)."""
        return None if self.covered else parse_number(self.text)


EMPTY_CELL = GridCell("", True)


@dataclass
class Grid:
    """A rectangular table: every row has the same width."""

    rows: list[list[GridCell]]
    # Read off text without cell borders (PDF, OCR): a blank cell there left no trace, so columns may shift.
    borderless: bool = False

    @property
    def width(self) -> int:
        """Number of columns."""
        return len(self.rows[0]) if self.rows else 0


def _rectangular(rows: list[list[GridCell]], borderless: bool = False) -> Grid:
    width = min(max((len(row) for row in rows), default=0), MAX_COLUMNS)
    return Grid([row[:width] + [GridCell("")] * (width - len(row)) for row in rows[:MAX_ROWS] if row], borderless)


def _span(cell: etree._Element, name: str, cap: int) -> int:
    value = (cell.get(name) or "").strip().lstrip("0")
    if not value.isdecimal():
        return 1
    # More digits than the cap has is past it; int() of thousands of digits is slow, and refused past 4,300.
    return cap if len(value) > len(str(cap)) else min(int(value), cap)


def _own_rows(table: etree._Element) -> list[etree._Element]:
    """The table's rows, not those of tables nested in its cells."""
    return [tr for tr in table.iter("tr") if next(tr.iterancestors("table"), None) is table]


def cell_text(cell: etree._Element) -> str:
    """A cell's text on one line; a bar inside would read as a cell border."""
    return collapse_spaces(text_of(cell).replace("|", CELL_BAR))


def html_grid(table: etree._Element) -> Grid:
    """An HTML table with every rowspan and colspan expanded; the spanned positions are covered copies.

    Positions past MAX_ROWS and MAX_COLUMNS are never made: a row of many cells each spanning the most would
    otherwise make millions of them.
    """
    rows: list[list[GridCell]] = []
    pending: dict[tuple[int, int], GridCell] = {}
    for r, tr in enumerate(_own_rows(table)[:MAX_ROWS]):
        row: list[GridCell] = []
        for td in (child for child in tr if child.tag in _CELL_TAGS):
            while (r, len(row)) in pending:
                row.append(pending.pop((r, len(row))))
            if len(row) >= MAX_COLUMNS:
                break
            text = cell_text(td)
            start = len(row)
            rowspan = min(_span(td, "rowspan", MAX_ROWSPAN), MAX_ROWS - r)
            colspan = min(_span(td, "colspan", MAX_COLSPAN), MAX_COLUMNS - start)
            for c in range(colspan):
                row.append(GridCell(text, covered=c > 0))
                for below in range(1, rowspan):
                    pending[(r + below, start + c)] = GridCell(text, covered=True)
        while (r, len(row)) in pending:
            row.append(pending.pop((r, len(row))))
        rows.append(row)
    return _rectangular(rows)


def rows_grid(rows: list[list[str | None]]) -> Grid:
    """Rows as document readers give them: None is a position another cell covers."""
    return _rectangular([[EMPTY_CELL if text is None else GridCell(collapse_spaces(text)) for text in row]
                         for row in rows])


def innermost_tables(element: etree._Element) -> list[etree._Element]:
    """Tables holding no other table: the data tables, not the page layout around them."""
    return [table for table in element.iter("table") if next(table.iterdescendants("table"), None) is None]


def _borderless_cells(line: str) -> list[str] | None:
    """A line of text laid out in columns: a label and the numbers, nulls and units that end it, or a header of
    short parts two spaces apart; None for prose."""
    words = unglued(line).split()
    values = len(words)
    while values and classify(words[values - 1]).kind in (VALUE, UNIT):
        values -= 1
    if 0 < values < len(words) and _CJK.search(" ".join(words[:values])):
        return [" ".join(words[:values]), *words[values:]]
    if not _HEADER_WORD.search(line):
        parts = _COLUMN_GAP.split(line.strip())
        return parts if len(parts) >= 2 and all(len(part) <= _MAX_HEADER_CHARS for part in parts) else None
    cells = spaced_cells(line)
    if len(cells) >= 2 and all(len(cell) <= _MAX_HEADER_CHARS for cell in cells):
        return cells
    return None


def _cells(line: str) -> list[str] | None:
    """A text line's cells: split at '|' (outer bars dropped) or at tabs; None for a line of prose."""
    if "|" in line:
        parts = line.strip().split("|")
        if parts and not parts[-1].strip():
            parts = parts[:-1]
        return [collapse_spaces(part) for part in parts]
    if "\t" in line:
        return [collapse_spaces(part) for part in line.strip("\r\n").split("\t")]
    return None


def _section_line(line: str) -> bool:
    """A short line between table lines, with no sentence end: a row spanning the table (一、主动公开情况)."""
    text = line.strip()
    return bool(text) and len(text) <= _MAX_SECTION_CHARS and not _SENTENCE_END.search(text)


def _grid_of(block: list[list[str]], borderless: bool) -> Grid | None:
    """A block as a grid when nearly all its rows of two cells or more are as wide as the widest."""
    # Markdown frames every row in bars ("| a | b |"); an extractor ends each cell with one ("a | b |"), so a
    # line it starts with a bar has a blank first cell.
    if all(not row[0] for row in block if len(row) >= 2):
        block = [row[1:] if not row[0] else row for row in block]
    rows = [row for row in block if len(row) >= 2]
    width = max((len(row) for row in rows), default=0)
    if len(rows) < _MIN_TABLE_LINES or sum(len(row) == width for row in rows) < _FULL_ROW_SHARE * len(rows):
        return None
    return _rectangular([[GridCell(text) for text in row] for row in block], borderless)


def text_grids(text: str) -> list[Grid]:
    """Tables written as text, a row a line: runs of pipe or tab lines nearly all as wide as the widest.

    A short line between two table lines of one width is a row spanning the table (a section row), not the
    table's end; between lines of two widths it is the heading of the next table.
    """
    borderless = "|" not in text and "\t" not in text
    grids, block, pending = [], [], []
    for line in [*text.split("\n"), ""]:
        if "|" in line and _MARKDOWN_RULE.match(line):
            continue
        cells = _borderless_cells(line) if borderless else _cells(line)
        if cells is not None and any(cells):
            if pending and block and len(cells) != len(block[-1]):
                grids.append(_grid_of(block, borderless))
                block = []
            block += [*pending, cells]
            pending = []
            continue
        if block and _section_line(line) and len(pending) < _MAX_SECTION_LINES:
            pending.append([collapse_spaces(line)])
            continue
        grids.append(_grid_of(block, borderless))
        block, pending = [], []
    return [grid for grid in grids if grid is not None]
