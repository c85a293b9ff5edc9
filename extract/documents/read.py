"""Any report file read into a Document, by its format."""

from importlib import import_module

from nianbao.extract.documents.formats import DOC, DOCX, OFD, PDF, WPS, XLS, XLSX
from nianbao.extract.documents.layout import Document, UnreadableDocument

# Module and function of each reader, imported on first use: PDF, Office and OCR libraries take most of a
# second to load, which every crawl process would pay at start though most crawls meet no file.
READERS = {PDF: ("nianbao.extract.documents.pdf", "read_pdf"), DOCX: ("nianbao.extract.documents.word", "read_docx"),
           XLSX: ("nianbao.extract.documents.sheets", "read_xlsx"), XLS: ("nianbao.extract.documents.sheets", "read_xls")}
CONVERTED = (DOC, WPS)


def _reader(fmt: str):
    module, name = READERS[fmt]
    return getattr(import_module(module), name)


def _converted(body: bytes, fmt: str) -> Document:
    from nianbao.extract.documents.office import to_docx

    document = _reader(DOCX)(to_docx(body, f".{fmt}"))
    document.format = fmt
    document.notes.append(f"{fmt.upper()} converted to DOCX by LibreOffice")
    return document


def read_document(body: bytes, fmt: str) -> Document:
    """The text of a file of a known format; UnreadableDocument when it cannot be read."""
    if fmt == OFD:
        raise UnreadableDocument("OFD file recorded; nianbao has no OFD reader yet")
    if fmt not in READERS and fmt not in CONVERTED:
        raise UnreadableDocument(f"no reader for {fmt} files")
    try:
        return _converted(body, fmt) if fmt in CONVERTED else _reader(fmt)(body)
    except UnreadableDocument:
        raise
    except Exception as exc:  # PDF and Office libraries raise many types on damaged files
        raise UnreadableDocument(f"unreadable {fmt.upper()}: {type(exc).__name__}: {exc}") from exc
