"""What kind of file a body is: by its first bytes, then by the name it was linked under."""

import io
import re
import zipfile
from urllib.parse import unquote, urlsplit

from nianbao.extract.documents.limits import directory_fits

PDF, DOC, DOCX, WPS, XLS, XLSX, OFD = "pdf", "doc", "docx", "wps", "xls", "xlsx", "ofd"
HTML = "html"
DOCUMENT_FORMATS = (PDF, DOC, DOCX, WPS, XLS, XLSX, OFD)
# .et is WPS's spreadsheet, stored as an Excel 97 workbook.
SUFFIXES = {".pdf": PDF, ".doc": DOC, ".docx": DOCX, ".wps": WPS, ".xls": XLS, ".et": XLS, ".xlsx": XLSX,
            ".ofd": OFD}
_PDF_MAGIC, _ZIP_MAGIC, _OLE_MAGIC = b"%PDF-", b"PK\x03\x04", bytes.fromhex("D0CF11E0A1B11AE1")
# Some servers put a byte-order mark or blank lines before %PDF-; readers accept it within the first KiB.
_PDF_WINDOW = 1024
# Names in an OLE compound file's directory are UTF-16: Word keeps its text in "WordDocument".
_WORD_STREAM, _EXCEL_STREAMS = "WordDocument".encode("utf-16-le"), ("Workbook".encode("utf-16-le"),
                                                                     "Book".encode("utf-16-le"))
_SUFFIX = re.compile(r"(\.[A-Za-z]{2,4})$")


def suffix_format(name: str | None) -> str | None:
    """The document format a file name or URL ends with (.pdf, .docx …), else None."""
    if not name:
        return None
    path = unquote(urlsplit(name).path if "://" in name else name).strip()
    match = _SUFFIX.search(path)
    return SUFFIXES.get(match.group(1).lower()) if match else None


def _zip_format(body: bytes, named: str | None) -> str | None:
    if not directory_fits(body):  # too large to list: its reader says so
        return named if named in (DOCX, XLSX) else None
    try:
        names = zipfile.ZipFile(io.BytesIO(body)).namelist()
    except (zipfile.BadZipFile, ValueError, EOFError, OSError, NotImplementedError):  # NotImplemented: zip version
        return None
    if any(name.startswith("word/") for name in names):
        return DOCX
    if any(name.startswith("xl/") for name in names):
        return XLSX
    if "OFD.xml" in names:
        return OFD
    return None


def _ole_format(body: bytes, named: str | None) -> str:
    if named in (DOC, WPS, XLS):
        return named
    return DOC if _WORD_STREAM in body else XLS if any(s in body for s in _EXCEL_STREAMS) else DOC


def sniff(body: bytes, name: str | None = None) -> str | None:
    """The document format the bytes are, using the name only to tell DOC, WPS and XLS apart; None for others."""
    named = suffix_format(name)
    if _PDF_MAGIC in body[:_PDF_WINDOW]:
        return PDF
    if body.startswith(_ZIP_MAGIC):
        return _zip_format(body, named)
    if body.startswith(_OLE_MAGIC):
        return _ole_format(body, named)
    return None
