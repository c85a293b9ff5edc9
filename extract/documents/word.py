"""DOCX with python-docx: paragraphs and tables in order, a merged cell read once, in its first row and column."""

import io
import zipfile

from docx import Document as open_docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml.etree import XMLSyntaxError

from nianbao.extract.documents.formats import DOCX
from nianbao.extract.documents.layout import Document, UnreadableDocument, table_lines
from nianbao.extract.documents.limits import MAX_TABLE_DEPTH, TooLarge, bounded_package, check_span, check_table
from nianbao.extract.grid import rows_grid

_PARAGRAPH, _TABLE = "p", "tbl"
_TR, _TC, _P, _TBL, _VAL = qn("w:tr"), qn("w:tc"), qn("w:p"), qn("w:tbl"), qn("w:val")
_GRID_SPAN, _V_MERGE = f"{qn('w:tcPr')}/{qn('w:gridSpan')}", f"{qn('w:tcPr')}/{qn('w:vMerge')}"
_GRID_BEFORE, _GRID_AFTER = f"{qn('w:trPr')}/{qn('w:gridBefore')}", f"{qn('w:trPr')}/{qn('w:gridAfter')}"
_RESTART = "restart"
# Past any cap; int() of a longer digit string is slow, and refused past 4,300 digits.
_MAX_COUNT_DIGITS = 18


def _count(element, path: str, default: int) -> int:
    """The w:val count (a span, grid columns skipped) at path; the default when left out or unreadable."""
    found = element.find(path)
    value = (found.get(_VAL) or "").strip() if found is not None else ""
    if not value.isdecimal():
        return default
    if len(value) > _MAX_COUNT_DIGITS:
        raise TooLarge(f"a DOCX table count of {len(value):,} digits")
    return int(value)


def _continues(tc) -> bool:
    """A cell that continues the vertical merge of the cell above it (w:vMerge without val="restart")."""
    merge = tc.find(_V_MERGE)
    return merge is not None and merge.get(_VAL, "continue") != _RESTART


def _widths(tr) -> tuple[int, list[int], int]:
    """A row's grid columns before its cells, each cell's span, and the columns after; every span checked."""
    before, after = _count(tr, _GRID_BEFORE, 0), _count(tr, _GRID_AFTER, 0)
    spans = [max(_count(tc, _GRID_SPAN, 1), 1) for tc in tr.iterchildren(_TC)]
    for span in (before, *spans, after):
        check_span(span, "a DOCX table cell")
    return before, spans, after


def _cell_text(tc, document, depth: int) -> str:
    """A cell's paragraphs, then the rows of tables nested in it."""
    text = "\n".join(Paragraph(p, document).text for p in tc.iterchildren(_P))
    nested = [line for inner in tc.iterchildren(_TBL) for line in table_lines(_rows(inner, document, depth + 1))]
    return " ".join([text, *nested]) if nested else text


def _rows(tbl, document, depth: int = 0) -> list[list[str | None]]:
    """A table's rows over its grid: a cell spanning columns or continuing a vertical merge is None past its first.

    Merges are followed row by row (python-docx follows each one upwards, recursively and over every row above).
    """
    if depth > MAX_TABLE_DEPTH:
        raise TooLarge(f"DOCX tables nested over {MAX_TABLE_DEPTH} deep")
    trs = list(tbl.iterchildren(_TR))
    layout = [_widths(tr) for tr in trs]
    check_table(len(trs), max((before + sum(spans) + after for before, spans, after in layout), default=0),
                "a DOCX table")
    rows, above = [], set()
    for tr, (before, spans, after) in zip(trs, layout):
        cells: list[str | None] = [""] * before
        here = set()
        for tc, span in zip(tr.iterchildren(_TC), spans):
            start = len(cells)
            columns = range(start, start + span)
            if _continues(tc) and any(column in above for column in columns):
                cells += [None] * span
            else:
                cells += [_cell_text(tc, document, depth), *[None] * (span - 1)]
            here.update(columns)
        rows.append(cells + [""] * after)
        above = here
    return rows


def read_docx(body: bytes) -> Document:
    """The document's paragraphs and tables in reading order."""
    try:
        document = open_docx(io.BytesIO(bounded_package(body, DOCX)))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, XMLSyntaxError) as exc:
        raise UnreadableDocument(f"unreadable DOCX: {exc}") from exc
    lines, grids = [], []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
        if tag == _PARAGRAPH:
            lines.append(Paragraph(child, document).text.strip())
        elif tag == _TABLE:
            rows = _rows(child, document)
            lines.extend(table_lines(rows))
            grids.append(rows_grid(rows))
    return Document(DOCX, "\n".join(line for line in lines if line), grids=grids)
