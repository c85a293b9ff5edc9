"""PDF text with pypdfium2, tables with pdfplumber, scanned or font-broken pages handed to OCR."""

import io
import re
import zlib
from importlib.util import find_spec

import pdfplumber
import pypdfium2
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream, resolve1
from pdfminer.psparser import LIT

from nianbao.extract.documents.formats import PDF
from nianbao.extract.documents.layout import Document, UnreadableDocument, table_lines
from nianbao.extract.documents.limits import MAX_OCR_PAGES, MAX_PAGE_CONTENT_BYTES, MAX_PDF_PAGES, TooLarge, size_text
from nianbao.extract.grid import Grid, rows_grid
from nianbao.extract.tokens import PAGE_NOISE

# A page with fewer characters than this states nothing in text: a scan, a cover image.
MIN_PAGE_CHARS = 20
# Text whose glyphs have no Unicode mapping: pdfminer writes (cid:123), pdfium the font's raw codes
# (control characters), U+FFFD or private-use code points.
_UNMAPPED = re.compile(r"\(cid:\d+\)|[\ufffd\ue000-\uf8ff\x00-\x08\x0b\x0c\x0e-\x1f]")
# Every page of a Chinese report prints Chinese; a page that decodes to none has lost its font's mapping.
_CHINESE = re.compile(r"[\u4e00-\u9fff]")
MAX_UNMAPPED_SHARE = 0.1
# Tables pdfplumber finds that are smaller than this are boxes around a heading, not statistics.
MIN_TABLE_ROWS = 2
_FORM = LIT("Form")
# What extract/documents/ocr.py imports, all installed by the extra nianbao[ocr] and by nothing in the core.
OCR_MODULES = ("cv2", "numpy", "onnxruntime", "rapidocr")
OCR_EXTRA = "nianbao[ocr]"


def _broken(text: str) -> bool:
    """True when a page's text layer is missing or mostly glyphs without Unicode."""
    visible = "".join(text.split())
    if len(visible) < MIN_PAGE_CHARS:
        return True
    unmapped = sum(len(match) for match in _UNMAPPED.findall(visible))
    return unmapped > MAX_UNMAPPED_SHARE * len(visible) or not _CHINESE.search(visible)


def _band(textpage, page_height: float, width: float, top: float, bottom: float) -> str:
    """pdfium's text between two heights measured from the top (pdfplumber's axis; pdfium's runs upwards)."""
    if bottom - top <= 0:
        return ""
    return textpage.get_text_bounded(left=0, bottom=page_height - bottom, right=width, top=page_height - top)


def _page_text(page, plumbed, grids: list[Grid]) -> str:
    """A page's text in reading order: text bands from pdfium between the tables pdfplumber rebuilds (kept as grids)."""
    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        tables = sorted((t for t in plumbed.find_tables() if len(t.rows) >= MIN_TABLE_ROWS), key=lambda t: t.bbox[1])
        parts, top = [], 0.0
        for table in tables:
            _, table_top, _, table_bottom = table.bbox
            parts.append(_band(textpage, height, width, top, table_top))
            rows = table.extract()
            parts.extend(table_lines(rows))
            grids.append(rows_grid(rows))
            top = max(top, table_bottom)
        parts.append(_band(textpage, height, width, top, height))
    finally:
        textpage.close()
    return "\n".join(part.replace("\r\n", "\n").strip() for part in parts if part.strip())


def _inflated_size(stream, cap: int) -> int:
    """A stream's size once inflated, counted no further than just past cap."""
    raw = stream.get_rawdata()
    if raw is None:
        return len(stream.get_data())
    filters = stream.get_filters()
    if not filters or filters[0][0] not in LITERALS_FLATE_DECODE:
        return len(raw)
    try:
        return len(zlib.decompressobj().decompress(raw, cap + 1))
    except zlib.error:
        return 0  # damaged early: the parsers read what little comes before the damage


def _check_content(plumbed, number: int) -> None:
    """A page's content streams and forms inflated within MAX_PAGE_CONTENT_BYTES, before pdfium or pdfminer parse
    them: both inflate a whole stream at once, and pdfminer takes minutes over a few hundred MiB."""
    page = plumbed.page_obj
    resources = page.resources if isinstance(page.resources, dict) else {}
    xobjects = resolve1(resources.get("XObject"))
    forms = [x for x in map(resolve1, xobjects.values() if isinstance(xobjects, dict) else [])
             if isinstance(x, PDFStream) and x.get("Subtype") is _FORM]
    total = 0
    for stream in [*map(resolve1, page.contents), *forms]:
        if isinstance(stream, PDFStream):
            total += _inflated_size(stream, MAX_PAGE_CONTENT_BYTES - total)
            if total > MAX_PAGE_CONTENT_BYTES:
                raise TooLarge(f"PDF page {number}: its content inflates to over {size_text(MAX_PAGE_CONTENT_BYTES)}")


def _without_furniture(text: str) -> str:
    """Page text without running page numbers ("— 3 —", "第 3 页 共 9 页")."""
    lines = (line.strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line and not PAGE_NOISE.match(line))


def _ocr_reader(number: int):
    """ocr_page; UnreadableDocument naming the extra to install when the OCR libraries are not installed."""
    missing = [name for name in OCR_MODULES if find_spec(name) is None]
    if missing:
        raise UnreadableDocument(f"PDF page {number} has no usable text layer and reading it by OCR needs "
                                 f"{OCR_EXTRA} (pip install '{OCR_EXTRA}'; not installed: {', '.join(missing)})")
    from nianbao.extract.documents.ocr import ocr_page

    return ocr_page


def read_pdf(body: bytes) -> Document:
    """Every page's text; pages without a usable text layer are OCR'd and the document marked so."""
    try:
        document = pypdfium2.PdfDocument(body)
        plumber = pdfplumber.open(io.BytesIO(body))
    except (pypdfium2.PdfiumError, PDFSyntaxError) as exc:
        raise UnreadableDocument(f"unreadable PDF: {exc}") from exc
    texts, notes, scanned, grids = [], [], [], []
    try:
        if len(document) > MAX_PDF_PAGES:
            raise TooLarge(f"PDF of {len(document):,} pages (at most {MAX_PDF_PAGES:,})")
        for number, plumbed in enumerate(plumber.pages[:len(document)], start=1):
            _check_content(plumbed, number)  # pdfium parses a page's content as it loads it
            page = document[number - 1]
            page_grids: list[Grid] = []
            text = _page_text(page, plumbed, page_grids)
            if not _broken(text):
                grids.extend(page_grids)
            else:
                scanned.append(number)
                if len(scanned) > MAX_OCR_PAGES:
                    raise TooLarge(f"PDF of over {MAX_OCR_PAGES} pages to read by OCR (no usable text layer)")
                # OpenCV and the OCR models load only for a page that needs them: text PDFs never pay for it.
                ocr_page = _ocr_reader(number)
                try:
                    text = ocr_page(page)
                except TooLarge as exc:
                    raise TooLarge(f"PDF page {number}: {exc.what}") from exc
            texts.append(_without_furniture(text))
    finally:
        plumber.close()
        document.close()
    if scanned:
        notes.append(f"no usable text layer on page(s) {', '.join(map(str, scanned))}: read by OCR")
    return Document(PDF, "\n".join(t for t in texts if t), len(texts), needs_ocr=bool(scanned), ocr=bool(scanned),
                    notes=notes, grids=grids)
