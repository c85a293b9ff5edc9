"""Any report file read into a Document, by its format."""

from extract.documents.formats import DOC, DOCX, OFD, PDF, WPS, XLS, XLSX
from extract.documents.layout import Document, UnreadableDocument
from extract.documents.office import to_docx
from extract.documents.pdf import read_pdf
from extract.documents.sheets import read_xls, read_xlsx
from extract.documents.word import read_docx


def _converted(body: bytes, fmt: str) -> Document:
    document = read_docx(to_docx(body, f".{fmt}"))
    document.format = fmt
    document.notes.append(f"{fmt.upper()} converted to DOCX by LibreOffice")
    return document


READERS = {PDF: read_pdf, DOCX: read_docx, XLSX: read_xlsx, XLS: read_xls,
           DOC: lambda body: _converted(body, DOC), WPS: lambda body: _converted(body, WPS)}


def read_document(body: bytes, fmt: str) -> Document:
    """The text of a file of a known format; UnreadableDocument when it cannot be read."""
    if fmt == OFD:
        raise UnreadableDocument("OFD file recorded; nianbao has no OFD reader yet")
    if fmt not in READERS:
        raise UnreadableDocument(f"no reader for {fmt} files")
    return READERS[fmt](body)
