"""DOCX with python-docx: paragraphs and tables in order, a merged cell read once, in its first row and column."""

import io
import zipfile

from docx import Document as open_docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml.etree import XMLSyntaxError

from extract.documents.formats import DOCX
from extract.documents.layout import Document, UnreadableDocument, table_lines
from extract.grid import rows_grid

_PARAGRAPH, _TABLE = "p", "tbl"


def _rows(table: Table) -> list[list[str | None]]:
    """python-docx repeats a merged cell in every grid column and row it covers: keep its first appearance.

    The set holds the cell elements themselves: lxml hands out one proxy per element only while it is alive.
    """
    rows, seen = [], set()
    for row in table.rows:
        cells = []
        for cell in row.cells:
            if cell._tc in seen:
                cells.append(None)
                continue
            seen.add(cell._tc)
            nested = [line for inner in cell.tables for line in table_lines(_rows(inner))]
            cells.append(" ".join([cell.text, *nested]) if nested else cell.text)
        rows.append(cells)
    return rows


def read_docx(body: bytes) -> Document:
    """The document's paragraphs and tables in reading order."""
    try:
        document = open_docx(io.BytesIO(body))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, XMLSyntaxError) as exc:
        raise UnreadableDocument(f"unreadable DOCX: {exc}") from exc
    lines, grids = [], []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == _PARAGRAPH:
            lines.append(Paragraph(child, document).text.strip())
        elif tag == _TABLE:
            rows = _rows(Table(child, document))
            lines.extend(table_lines(rows))
            grids.append(rows_grid(rows))
    return Document(DOCX, "\n".join(line for line in lines if line), grids=grids)
