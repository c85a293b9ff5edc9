"""XLSX with openpyxl and XLS with xlrd: each sheet's rows, a merged range read once at its top-left cell."""

import io
import zipfile

import openpyxl
import xlrd
from openpyxl.cell.cell import MergedCell

from extract.documents.formats import XLS, XLSX
from extract.documents.layout import Document, UnreadableDocument, table_lines
from extract.grid import rows_grid


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


def read_xlsx(body: bytes) -> Document:
    """Every sheet's rows, values as computed when last saved."""
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
    try:
        book = xlrd.open_workbook(file_contents=body, formatting_info=True)
    except (xlrd.XLRDError, AssertionError, IndexError, ValueError) as exc:
        raise UnreadableDocument(f"unreadable XLS: {exc}") from exc
    lines, grids = [], []
    for sheet in book.sheets():
        covered = {(r, c) for r0, r1, c0, c1 in sheet.merged_cells for r in range(r0, r1) for c in range(c0, c1)
                   if (r, c) != (r0, c0)}
        rows = [[None if (r, c) in covered else _text(sheet.cell_value(r, c)) for c in range(sheet.ncols)]
                for r in range(sheet.nrows)]
        lines += [sheet.name, *table_lines(_trimmed(rows))]
        grids.append(rows_grid(_trimmed(rows)))
    return Document(XLS, "\n".join(lines), book.nsheets, grids=grids)
