"""Parse report files from disk (HTML, TXT, PDF, Word, WPS, spreadsheets) into the JSON `nianbao parse` prints."""

import json
import os
import sys
from contextlib import contextmanager, redirect_stdout
from pathlib import Path

from nianbao.extract.agency_names import read_name
from nianbao.extract.carry import RULE, carry_over
from nianbao.extract.decode import decode_page
from nianbao.extract.documents.formats import SUFFIXES, sniff
from nianbao.extract.documents.layout import UnreadableDocument
from nianbao.extract.documents.limits import MAX_FILE_BYTES, size_text
from nianbao.extract.documents.pool import ReaderFailed, ReaderPool
from nianbao.extract.documents.read import read_document
from nianbao.extract.report import parse_document, parse_html_report, parse_text_report

HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}
TEXT_SUFFIXES = {".txt", ".text"}


class UnreadableFile(Exception):
    """A file parse cannot read: missing, unsupported type, undecodable."""


def parse_file(path: str, readers: ReaderPool | None = None) -> dict:
    """One report file as a JSON-ready dict, with `source` the path as given; documents read by the readers (within
    their limits) if given, else in this process."""
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix not in HTML_SUFFIXES | TEXT_SUFFIXES | SUFFIXES.keys():
        raise UnreadableFile(f"unsupported file type {suffix or '(none)'}: parse reads HTML, TXT, "
                             + ", ".join(s.lstrip(".").upper() for s in SUFFIXES))
    body = _read_bounded(file)
    if suffix in SUFFIXES:
        return _parse_document_file(path, file, body, readers)
    decoded = decode_page(body, "text/html" if suffix in HTML_SUFFIXES else "text/plain")
    if suffix in HTML_SUFFIXES:
        report = parse_html_report(decoded.text, url=file.resolve().as_uri())
    else:
        report = parse_text_report(decoded.text)
    return {"source": path, **report.as_json(), "encoding": decoded.encoding,
            "charset_mislabelled": decoded.mislabelled}


def _read_bounded(file: Path) -> bytes:
    """A file's bytes, read no further than MAX_FILE_BYTES: a pipe or device has no size to check first."""
    try:
        with file.open("rb") as stream:
            body = stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise UnreadableFile(f"cannot read file: {exc.strerror or exc}") from exc
    if len(body) > MAX_FILE_BYTES:
        raise UnreadableFile(f"too large: the file is over {size_text(MAX_FILE_BYTES)}")
    return body


# Line breaks to str.splitlines that JSON leaves unescaped outside ASCII: a report's text or an error may hold them.
_UNESCAPED_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def json_line(parsed: dict) -> str:
    """One parsed file as one line of JSON, whatever splits it into lines."""
    return json.dumps(parsed, ensure_ascii=False).translate(_UNESCAPED_BREAKS)


@contextmanager
def stdout_to_stderr():
    """Whatever libraries print while files are parsed goes to stderr, from C code too: stdout carries JSON only."""
    sys.stdout.flush()
    saved = os.dup(sys.__stdout__.fileno())
    try:
        os.dup2(sys.__stderr__.fileno(), sys.__stdout__.fileno())
        with redirect_stdout(sys.stderr):
            yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, sys.__stdout__.fileno())
        os.close(saved)


def _parse_document_file(path: str, file: Path, body: bytes, readers: ReaderPool | None) -> dict:
    fmt = sniff(body, file.name)
    if fmt is None:
        raise UnreadableFile(f"not a {file.suffix.lstrip('.').upper()} file: its bytes are of no document format")
    try:
        document = readers.read(body, fmt) if readers is not None else read_document(body, fmt)
    except UnreadableDocument as exc:
        raise UnreadableFile(str(exc)) from exc
    except ReaderFailed as exc:
        raise UnreadableFile(f"unreadable {fmt.upper()}: {exc}") from exc
    report = parse_document(document, url=file.resolve().as_uri())
    return {"source": path, **report.as_json(), "format": document.format, "pages": document.pages,
            "needs_ocr": document.needs_ocr, "ocr": document.ocr}


def link_carry_over(parsed: list[dict]) -> None:
    """Fill carry_over for reports whose agency's previous year is among the same files (one body, any name form)."""
    by_key = {(read_name(p["agency"]).key, p["year"]): p for p in parsed
              if "error" not in p and p["agency"] and p["year"]}
    for (agency, year), report in by_key.items():
        last = by_key.get((agency, year - 1))
        status, findings = carry_over(report["cells"], last["cells"] if last else None)
        report["checks"][RULE] = status
        report["findings"].extend(findings)
