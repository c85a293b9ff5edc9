"""XLSX with openpyxl and XLS with xlrd: each sheet's rows, a merged range read once at its top-left cell."""

import io
import zipfile

import openpyxl
import xlrd
from lxml import etree
from openpyxl.cell.cell import MergedCell
from openpyxl.utils.cell import coordinate_to_tuple, get_column_letter, range_boundaries

from nianbao.extract.documents.formats import XLS, XLSX
from nianbao.extract.documents.layout import Document, UnreadableDocument, table_lines
from nianbao.extract.documents.limits import MAX_TABLE_CELLS, TooLarge, bounded_package, check_table
from nianbao.extract.grid import rows_grid

_SHEET = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL, _MERGE = f"{_SHEET}row", f"{_SHEET}c", f"{_SHEET}mergeCell"


def _text(value) -> str:
    """A cell value as the sheet shows it: 12.0 is 12."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _trimmed(rows: list[list[str | None]]) -> list[list[str | None]]:
    kept = []
    for row in rows:
        while row and not row[-1]:
            row = row[:-1]
        kept.append(row)
    return [row for row in kept if any(row)]


def _cell_name(row: int, column: int) -> str:
    try:
        return f"{get_column_letter(column)}{row}"
    except ValueError:
        return f"row {row:,} column {column:,}"


def _row_number(text: str | None, previous: int) -> int:
    """A row's number as openpyxl reads it: its r, else the one after the previous."""
    try:
        return int(float(text)) if text else previous + 1
    except (ValueError, OverflowError):
        return previous


class _Extent:
    """How far a sheet reaches, and how many cells its merged ranges cover, as openpyxl will build them."""

    def __init__(self, name: str):
        self.name, self.rows, self.columns, self.merged = name, 0, 0, 0

    def reach(self, row: int, column: int) -> None:
        self.rows, self.columns = max(self.rows, row), max(self.columns, column)

    def merge(self, ref: str) -> None:
        try:
            first_column, first_row, last_column, last_row = range_boundaries(ref)
        except (ValueError, TypeError):
            return  # openpyxl refuses the sheet for it
        if None in (first_column, first_row, last_column, last_row):
            return
        rows, columns = last_row - first_row + 1, last_column - first_column + 1
        if rows <= 0 or columns <= 0:
            return  # openpyxl refuses the sheet for it
        self.merged += rows * columns
        if self.merged > MAX_TABLE_CELLS:
            raise TooLarge(f"XLSX sheet {self.name} merges {ref}: {self.merged:,} merged cells "
                           f"(at most {MAX_TABLE_CELLS:,})")
        self.reach(last_row, last_column)

    def check(self) -> None:
        check_table(self.rows, self.columns, f"XLSX sheet {self.name} reaches {_cell_name(self.rows, self.columns)}")


def _check_sheet(stream, name: str) -> None:
    """A worksheet's last cell and merged ranges within the table caps, read as a stream before openpyxl loads it:
    openpyxl makes a cell for every position from A1 to the last cell, and for every cell a range merges."""
    extent, row, column = _Extent(name), 0, 0
    events = etree.iterparse(stream, events=("start", "end"), tag=(_ROW, _CELL, _MERGE), resolve_entities=False,
                             no_network=True, huge_tree=False)
    for event, element in events:
        if event == "start":
            if element.tag == _ROW:
                row, column = _row_number(element.get("r"), row), 0
            continue
        if element.tag == _CELL:
            try:
                at, column = coordinate_to_tuple(element.get("r")) if element.get("r") else (row, column + 1)
            except (ValueError, TypeError):
                continue  # openpyxl refuses the sheet for it
            extent.reach(at, column)
        elif element.tag == _MERGE:
            extent.merge(element.get("ref", ""))
        if element.tag != _ROW or element.getparent() is None:
            continue
        element.clear()
        while element.getprevious() is not None:
            del element.getparent()[0]
    extent.check()


def _check_sheets(body: bytes) -> None:
    """Every XML member's sheet cells within the caps (sheets are wherever the workbook's relations say)."""
    try:
        package = zipfile.ZipFile(io.BytesIO(body))
    except (zipfile.BadZipFile, ValueError, EOFError, OSError, NotImplementedError):
        return
    for member in package.infolist():
        if member.filename.lower().endswith(".xml"):
            with package.open(member) as stream:
                try:
                    _check_sheet(stream, member.filename)
                except etree.XMLSyntaxError:
                    continue  # openpyxl says what it cannot read


def read_xlsx(body: bytes) -> Document:
    """Every sheet's rows, values as computed when last saved."""
    body = bounded_package(body, XLSX)
    _check_sheets(body)
    try:
        book = openpyxl.load_workbook(io.BytesIO(body), data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise UnreadableDocument(f"unreadable XLSX: {exc}") from exc
    lines, grids = [], []
    for sheet in book.worksheets:
        rows = _trimmed([[None if isinstance(cell, MergedCell) else _text(cell.value) for cell in row]
                         for row in sheet.iter_rows()])
        lines += [sheet.title, *table_lines(rows)]
        grids.append(rows_grid(rows))
    return Document(XLSX, "\n".join(lines), len(book.worksheets), grids=grids)


def read_xls(body: bytes) -> Document:
    """Every sheet's rows of an Excel 97 (or WPS .et) workbook."""
    # xlrd writes its warnings to stdout unless given a file; ragged rows keep it from padding every row to the
    # widest before the sheet's size is checked.
    log = io.StringIO()
    try:
        book = xlrd.open_workbook(file_contents=body, formatting_info=True, ragged_rows=True, logfile=log)
    except (xlrd.XLRDError, AssertionError, IndexError, ValueError) as exc:
        raise UnreadableDocument(f"unreadable XLS: {exc}") from exc
    lines, grids = [], []
    for sheet in book.sheets():
        rows = _xls_rows(sheet)
        lines += [sheet.name, *table_lines(rows)]
        grids.append(rows_grid(rows))
    return Document(XLS, "\n".join(lines), book.nsheets, grids=grids, notes=_xlrd_notes(log.getvalue()))


def _xlrd_notes(log: str) -> list[str]:
    """xlrd's warnings on a damaged workbook as one note: the first, and how many more."""
    warnings = [line.strip() for line in log.splitlines() if line.strip()]
    if not warnings:
        return []
    return [f"xlrd: {warnings[0]}" + (f" (and {len(warnings) - 1} more warnings)" if len(warnings) > 1 else "")]


def _xls_rows(sheet) -> list[list[str | None]]:
    """A sheet's rows, cells its merged ranges cover None; its size and merges checked before they are built."""
    merged = sum((r1 - r0) * (c1 - c0) for r0, r1, c0, c1 in sheet.merged_cells)
    if merged > MAX_TABLE_CELLS:
        r0, r1, c0, c1 = max(sheet.merged_cells, key=lambda m: (m[1] - m[0]) * (m[3] - m[2]))
        raise TooLarge(f"XLS sheet {sheet.name} merges {_cell_name(r0 + 1, c0 + 1)}:{_cell_name(r1, c1)}: "
                       f"{merged:,} merged cells (at most {MAX_TABLE_CELLS:,})")
    check_table(sheet.nrows, sheet.ncols, f"XLS sheet {sheet.name} reaches {_cell_name(sheet.nrows, sheet.ncols)}")
    covered = {(r, c) for r0, r1, c0, c1 in sheet.merged_cells for r in range(r0, r1) for c in range(c0, c1)
               if (r, c) != (r0, c0)}
    rows = []
    for r in range(sheet.nrows):
        values = sheet.row_values(r)
        rows.append([None if (r, c) in covered else _text(values[c]) if c < len(values) else ""
                     for c in range(sheet.ncols)])
    return _trimmed(rows)
