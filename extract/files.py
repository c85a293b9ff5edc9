"""Parse report files from disk (HTML, TXT, PDF, Word, WPS, spreadsheets) into the JSON `nianbao parse` prints."""

from pathlib import Path

from extract.carry import RULE, carry_over
from extract.decode import decode_page
from extract.documents.formats import SUFFIXES, sniff
from extract.documents.layout import UnreadableDocument
from extract.documents.read import read_document
from extract.report import parse_document, parse_html_report, parse_text_report

HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}
TEXT_SUFFIXES = {".txt", ".text"}


class UnreadableFile(Exception):
    """A file parse cannot read: missing, unsupported type, undecodable."""


def parse_file(path: str) -> dict:
    """One report file as a JSON-ready dict, with `source` the path as given."""
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix not in HTML_SUFFIXES | TEXT_SUFFIXES | SUFFIXES.keys():
        raise UnreadableFile(f"unsupported file type {suffix or '(none)'}: parse reads HTML, TXT, "
                             + ", ".join(s.lstrip(".").upper() for s in SUFFIXES))
    try:
        body = file.read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"cannot read file: {exc.strerror or exc}") from exc
    if suffix in SUFFIXES:
        return _parse_document_file(path, file, body)
    decoded = decode_page(body, "text/html" if suffix in HTML_SUFFIXES else "text/plain")
    if suffix in HTML_SUFFIXES:
        report = parse_html_report(decoded.text, url=file.resolve().as_uri())
    else:
        report = parse_text_report(decoded.text)
    return {"source": path, **report.as_json(), "encoding": decoded.encoding,
            "charset_mislabelled": decoded.mislabelled}


def _parse_document_file(path: str, file: Path, body: bytes) -> dict:
    fmt = sniff(body, file.name)
    if fmt is None:
        raise UnreadableFile(f"not a {file.suffix.lstrip('.').upper()} file: its bytes are of no document format")
    try:
        document = read_document(body, fmt)
    except UnreadableDocument as exc:
        raise UnreadableFile(str(exc)) from exc
    report = parse_document(document, url=file.resolve().as_uri())
    return {"source": path, **report.as_json(), "format": document.format, "pages": document.pages,
            "needs_ocr": document.needs_ocr, "ocr": document.ocr}


def link_carry_over(parsed: list[dict]) -> None:
    """Fill carry_over for reports whose agency's previous year is among the same files."""
    by_key = {(p["agency"], p["year"]): p for p in parsed if "error" not in p and p["agency"] and p["year"]}
    for (agency, year), report in by_key.items():
        last = by_key.get((agency, year - 1))
        status, findings = carry_over(report["cells"], last["cells"] if last else None)
        report["checks"][RULE] = status
        report["findings"].extend(findings)
