"""Files built to exhaust memory are refused before they are read: each recorded with its reason, the other files
and the page they hang from read as usual, and `nianbao parse` printing only JSON lines in bounded memory."""

import json
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.parse_fuzz import HANG_SECONDS
from nianbao.crawler.items import ATTACHMENT, Page
from nianbao.demo.catalog import TRS
from nianbao.demo.large import large_catalog
from nianbao.demo.pages import trs_detail
from nianbao.extract.documents.formats import DOCX, HTML, PDF, XLS, XLSX
from nianbao.extract.documents.layout import UnreadableDocument
from nianbao.extract.documents.limits import KIB, MAX_FILE_BYTES, MAX_TABLE_ROWS, TooLarge
from nianbao.extract.documents.office import soffice
from nianbao.extract.documents.read import read_document
from nianbao.pipelines.clean import CleanPipeline
from nianbao.pipelines.parse import ParsePipeline
from nianbao.pipelines.validate import ValidatePipeline
from tests import bombs
from tests.conftest import installed
from tests.peak_memory import run_measured

FILES = Path(__file__).parent / "files"
GOOD_DOCX = FILES / "blind-reports" / "b05_2023_jxsthjt_2021tpl.docx"
# `nianbao parse` and its reader processes together peak near 520 MiB on every bomb here at once (each process
# near 250 MiB); the bombs took one process past 1–2 GiB, or to 12 GiB with no limit. The bound for a crawl.
MAX_RSS_MIB = 1024
CAPS = "(at most 5,000 rows, 1,000 columns, 250,000 cells)"

# name: format, the file, and the reason it is refused with.
TOO_LARGE = {
    "docx-inflating-10-gib": (DOCX, lambda: bombs.docx_inflating(bombs.BOMB_BYTES),
                              "too large: DOCX member word/document.xml inflates to 10 GiB (at most 16 MiB)"),
    "docx-merged-2000-by-400": (DOCX, lambda: bombs.docx_merged_down(2000, 400),
                                "too large: DOCX member word/document.xml inflates to 31.3 MiB (at most 16 MiB)"),
    "docx-merged-600-by-500": (DOCX, lambda: bombs.docx_merged_down(600, 500),
                               f"too large: a DOCX table: 600 rows × 500 columns {CAPS}"),
    "docx-merged-5001-rows": (DOCX, lambda: bombs.docx_merged_down(MAX_TABLE_ROWS + 1, 1),
                              f"too large: a DOCX table: 5,001 rows × 1 columns {CAPS}"),
    "docx-gridspan-1e8": (DOCX, lambda: bombs.docx_spanning(10**8),
                          "too large: a DOCX table cell spans 100,000,000 columns (at most 1,000)"),
    "docx-gridspan-2-31": (DOCX, lambda: bombs.docx_spanning(2**31),
                           "too large: a DOCX table cell spans 2,147,483,648 columns (at most 1,000)"),
    "docx-10000-members": (DOCX, lambda: bombs.docx_of_members(10_000),
                           "too large: DOCX package of 10,000 members (at most 5,000)"),
    "xlsx-merged-xfd": (XLSX, lambda: bombs.xlsx_merging("A1:XFD1048576"),
                        "too large: XLSX sheet xl/worksheets/sheet1.xml merges A1:XFD1048576: 17,179,869,184 merged "
                        "cells (at most 250,000)"),
    "xlsx-last-cell-xfd": (XLSX, lambda: bombs.xlsx_reaching("XFD1048576"),
                           "too large: XLSX sheet xl/worksheets/sheet1.xml reaches XFD1048576: 1,048,576 rows × "
                           f"16,384 columns {CAPS}"),
    "pdf-mediabox-14400-pt": (PDF, lambda: bombs.pdf_of_pages(1, (14_400, 14_400)),
                              "too large: PDF page 1: rendered for OCR at 200 dpi, it is 40,000 × 40,000 pixels "
                              "(at most 16,000,000 pixels)"),
    "pdf-scan-30000-px": (PDF, lambda: bombs.pdf_of_scan(30_000),
                          "too large: PDF page 1: its scanned image is 30,000 × 30,000 pixels "
                          "(at most 72,000,000 pixels)"),
    "pdf-content-10-gib": (PDF, lambda: bombs.pdf_drawing(bombs.BOMB_BYTES),
                           "too large: PDF page 1: its content inflates to over 8 MiB"),
    "pdf-501-pages": (PDF, lambda: bombs.pdf_of_pages(501, (595, 842)), "too large: PDF of 501 pages (at most 500)"),
}
# Refused by the reader's own parser, never expanded: a member whose directory entry lies about its size (only its
# declared bytes are inflated), and entity expansion in the XML.
UNREADABLE = {
    "docx-lying-header": (DOCX, lambda: bombs.docx_inflating(bombs.BOMB_BYTES, declared=KIB),
                          "unreadable DOCX: Document is empty"),
    "docx-billion-laughs": (DOCX, bombs.docx_laughing, "unreadable DOCX: Maximum entity amplification"),
    "xlsx-billion-laughs": (XLSX, bombs.xlsx_laughing, "unreadable XLSX: "),
}
SUFFIXES = {DOCX: ".docx", XLSX: ".xlsx", PDF: ".pdf", XLS: ".xls", HTML: ".html"}


def _parse_command(paths: list[Path]) -> tuple[int, float, str, str]:
    """`nianbao parse` as a child process: exit status, the peak RSS of it and its readers in MiB, stdout, stderr."""
    result, peak = run_measured([sys.executable, "-m", "nianbao", "parse", *map(str, paths)], None, HANG_SECONDS)
    return result.returncode, peak, result.stdout, result.stderr


def _write(folder: Path, cases: dict) -> dict[Path, str]:
    files = {}
    for name, (fmt, build, reason) in cases.items():
        path = folder / f"{name}{SUFFIXES[fmt]}"
        path.write_bytes(build())
        files[path] = reason
    return files


@pytest.mark.parametrize("name", TOO_LARGE)
def test_the_reader_refuses_each_bomb_with_what_is_too_large(name):
    fmt, build, reason = TOO_LARGE[name]
    with pytest.raises(TooLarge) as refused:
        read_document(build(), fmt)
    assert str(refused.value) == reason


def test_a_refusal_crosses_from_a_reader_process_as_it_was_raised():
    refused = TooLarge("PDF of 501 pages (at most 500)")
    assert str(pickle.loads(pickle.dumps(refused))) == str(refused) == "too large: PDF of 501 pages (at most 500)"


@pytest.mark.parametrize("name", UNREADABLE)
def test_lying_sizes_and_entity_expansion_are_unreadable_not_expanded(name):
    fmt, build, reason = UNREADABLE[name]
    with pytest.raises(UnreadableDocument) as refused:
        read_document(build(), fmt)
    assert str(refused.value).startswith(reason)


def test_thousands_of_vertically_merged_rows_are_followed_without_recursion():
    # python-docx follows a merge upwards recursively: RecursionError past about a thousand rows.
    document = read_document(bombs.docx_merged_down(MAX_TABLE_ROWS, 2, top="合计"), DOCX)
    assert document.text == "合计 | 合计 |"


def test_nianbao_parse_records_every_bomb_and_goes_on_in_bounded_memory(tmp_path):
    files = _write(tmp_path, TOO_LARGE | UNREADABLE)
    spans = tmp_path / "colspans.html"
    spans.write_bytes(bombs.html_spanning(2_000))
    status, peak, stdout, stderr = _parse_command([*files, GOOD_DOCX, spans])
    lines = [json.loads(line) for line in stdout.splitlines()]
    assert [line["source"] for line in lines] == [*map(str, files), str(GOOD_DOCX), str(spans)]
    for line, reason in zip(lines, files.values()):
        assert line["error"].startswith(reason), line["source"]
    assert lines[-2]["cells"] and "error" not in lines[-2] and "error" not in lines[-1]
    assert status == 1 and "Traceback" not in stderr
    assert peak < MAX_RSS_MIB, peak


def test_a_file_over_the_size_cap_is_refused_unread(tmp_path):
    huge = tmp_path / "huge.pdf"
    with huge.open("wb") as out:
        out.write(b"%PDF-1.7\n")
        out.truncate(MAX_FILE_BYTES + 1)
    status, peak, stdout, _ = _parse_command([huge])
    assert json.loads(stdout) == {"source": str(huge), "error": "too large: the file is over 64 MiB"}
    assert status == 1 and peak < MAX_RSS_MIB, peak


@pytest.fixture(scope="module")
def xls_files(tmp_path_factory) -> dict[str, bytes]:
    """Excel 97 workbooks LibreOffice writes from XLSX bombs: IV65536 is the last cell Excel 97 has."""
    binary = installed(soffice(), "LibreOffice", "apt-get install libreoffice-calc")
    folder = tmp_path_factory.mktemp("xls")
    (folder / "merged.xlsx").write_bytes(bombs.xlsx_merging("A1:IV65536"))
    (folder / "reaching.xlsx").write_bytes(bombs.xlsx_reaching("IV65536"))
    subprocess.run([binary, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--convert-to",
                    "xls", "--outdir", str(folder), str(folder / "merged.xlsx"), str(folder / "reaching.xlsx")],
                   check=True, capture_output=True, timeout=300)
    return {name: (folder / f"{name}.xls").read_bytes() for name in ("merged", "reaching")}


XLS_REASONS = {"merged": "too large: XLS sheet 统计 merges A1:IV65536: 16,777,216 merged cells (at most 250,000)",
               "reaching": f"too large: XLS sheet 统计 reaches IV65536: 65,536 rows × 256 columns {CAPS}"}


def test_xls_bombs_are_refused_and_xlrd_warnings_stay_off_stdout(xls_files, tmp_path):
    for name, reason in XLS_REASONS.items():
        with pytest.raises(TooLarge) as refused:
            read_document(xls_files[name], XLS)
        assert str(refused.value) == reason
    # xlrd warns of a file whose size is no whole number of sectors, on stdout unless told otherwise.
    warned = tmp_path / "trailing-bytes.xls"
    warned.write_bytes(xls_files["reaching"] + bytes(100))
    paths = [tmp_path / f"{name}.xls" for name in XLS_REASONS]
    for path, name in zip(paths, XLS_REASONS):
        path.write_bytes(xls_files[name])
    status, peak, stdout, _ = _parse_command([*paths, warned])
    lines = [json.loads(line) for line in stdout.splitlines()]
    assert [line["error"] for line in lines] == [*XLS_REASONS.values(), XLS_REASONS["reaching"]]
    assert status == 1 and peak < MAX_RSS_MIB, peak


def _page(body: bytes, url: str, kind: str = "detail", content_type: str = "text/html; charset=utf-8") -> Page:
    return Page(portal=TRS, url=url, status=200, body=body, fetched_at="2026-11-01T00:00:00+00:00", crawl_run="r",
                content_type=content_type, kind=kind)


def test_a_bomb_attached_to_a_report_page_is_recorded_and_the_page_keeps_its_report():
    report = large_catalog(1)[0]
    page = _page(trs_detail(report, TRS, []).encode("utf-8"), "http://127.0.0.1/gknb/t1.html")
    _, build, reason = TOO_LARGE["docx-inflating-10-gib"]
    page.attachments = [_page(build(), "http://127.0.0.1/gknb/full.docx", ATTACHMENT, "application/msword")]
    for stage in (ValidatePipeline(), CleanPipeline(), ParsePipeline()):
        page = stage.process_item(page)
    assert isinstance(page, Page) and page.attachments[0].error == reason
    assert page.cells and page.meta.year == report.year
