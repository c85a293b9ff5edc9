"""Reports published as files: every reader, OCR of scans and broken fonts, and a crawl of the files portal."""

import hashlib
import json
import shutil
import subprocess

import pypdfium2
import pytest
from scrapy.http import HtmlResponse

from nianbao.crawler.attachments import attachment_links
from nianbao.demo import documents
from nianbao.demo.body import report_body
from nianbao.demo.catalog import build_catalog
from nianbao.demo.files import (
    ATTACHMENT_ONLY,
    DOCX_ONLY,
    FILES,
    OFD_ONLY,
    PAGE_PDF,
    PAGE_PDF_DIFFERS,
    PAGE_SEE_PDF,
    PDF_MISSING,
    REDIRECTED,
    SCAN_ONLY,
    FilesSite,
    differing,
)
from nianbao.extract.documents.formats import DOC, DOCX, PDF, WPS, XLS, XLSX, sniff
from nianbao.extract.documents.layout import UnreadableDocument
from nianbao.extract.documents.office import soffice
from nianbao.extract.documents.read import read_document
from nianbao.extract.report import parse_document, parse_html_report
from tests.conftest import installed, nianbao, rows, write_registry

# The bar for files nobody on the team has seen.
MIN_CELLS_RIGHT = 0.98
CONTACT = "电话：0898-26880001"


def _report(template: str):
    return next(r for r in build_catalog() if r.template == template)


def _blocks(report):
    return documents.body_blocks(report_body(report, CONTACT))


def truth(report) -> dict:
    """The cells the report's HTML page parses to."""
    html = f"<html><body><div class='TRS_Editor'>{report_body(report, CONTACT)}</div></body></html>"
    return {(c["section"], c["row"], c["col"]): c["value"] for c in parse_html_report(html).statistics.cells}


def share_right(expected: dict, cells: list[dict]) -> float:
    """The share of expected cells read with their value."""
    got = {(c["section"], c["row"], c["col"]): c["value"] for c in cells}
    return sum(got.get(key) == value for key, value in expected.items()) / len(expected)


def _read(body: bytes, fmt: str):
    document = read_document(body, fmt)
    return document, parse_document(document)


ARTICLE = "http://127.0.0.1/art/2024/1/1/art_1_1.html"


@pytest.mark.parametrize("anchor", [
    '<a href="/files/2023nb.pdf">全文</a>',
    '<a href="/download.jsp?id=7">2023年度报告全文.PDF</a>',
    '<a href="/download.jsp?id=7" title="2023年度报告.docx">下载</a>',
    '<a href="/files/2023nb&#46;pdf">全文</a>',
    '<a href="/files/2023nb%2Epdf">全文</a>',
    '<a href="/files/2023nb&#46pdf">全文</a>',
    '<a href="/files/2023nb&period;pdf">全文</a>',
    '<a href="/download.jsp?id=7">2023年度报告.<span>pdf</span></a>',
    '<a href="/files/2023nb.%70df">全文</a>',
    '<a href="/download.jsp?id=7" title="2023年度报告&#x2E;&#x70;df">下载</a>',
], ids=["path", "text", "title", "character-reference", "percent-encoded", "reference-without-semicolon",
        "named-reference", "split-by-markup", "percent-encoded-letter", "title-references"])
def test_a_report_file_is_linked_by_its_path_text_or_title_however_its_dot_is_written(anchor):
    page = HtmlResponse(url=ARTICLE, encoding="utf-8",
                        body=f"<html><body><p>正文。</p>{anchor}<a href='/art/2.html'>上一篇</a></body></html>".encode())
    assert len(attachment_links(page)) == 1


def test_a_page_that_names_no_file_links_none():
    page = HtmlResponse(url=ARTICLE, encoding="utf-8",
                        body="<html><body><p>正文。</p><a href='/art/2.html'>上一篇 net etc</a></body></html>".encode())
    assert attachment_links(page) == []


@pytest.mark.parametrize("template", ["2021", "2019", "legacy"])
def test_pdf_text_and_tables_give_every_cell(template):
    report = _report(template)
    document, parsed = _read(documents.write_pdf(report.title, _blocks(report)), PDF)
    assert (document.format, document.needs_ocr, document.ocr) == (PDF, False, False)
    assert document.pages == len(pypdfium2.PdfDocument(documents.write_pdf(report.title, _blocks(report))))
    assert share_right(truth(report), parsed.statistics.cells) == 1
    assert (parsed.meta.title, parsed.meta.year, parsed.meta.template) == (report.title, report.year, template)
    assert "— 1 —" not in parsed.text and "一、总体情况" in parsed.text


@pytest.mark.parametrize("template", ["2021", "2019"])
def test_docx_merged_cells_are_read_once(template):
    report = _report(template)
    document, parsed = _read(documents.write_docx(report.title, _blocks(report)), DOCX)
    assert share_right(truth(report), parsed.statistics.cells) == 1
    # The header cell spans three rows and three columns: python-docx hands it out nine times.
    assert document.text.count("（本列数据的勾稽关系为") == 1
    assert "申请人情况 |\n自然人 | 法人或其他组织 | 总计 |" in document.text
    assert all(status in ("ok", "unknown") for status in parsed.statistics.checks.values())


def test_scan_is_ocr_d_with_its_tables():
    report = _report("2021")
    scan = documents.write_scan(documents.write_pdf(report.title, _blocks(report)))
    document, parsed = _read(scan, PDF)
    assert (document.needs_ocr, document.ocr) == (True, True)
    assert share_right(truth(report), parsed.statistics.cells) >= MIN_CELLS_RIGHT
    assert parsed.meta.title == report.title and parsed.meta.year == report.year
    assert any("read by OCR" in note for note in parsed.statistics.notes)


def test_pdf_whose_font_lost_its_unicode_map_is_ocr_d():
    report = _report("2019")
    pdf = documents.write_pdf(report.title, _blocks(report))
    assert b"/ToUnicode" in pdf
    document, parsed = _read(pdf.replace(b"/ToUnicode", b"/ToUnicodX"), PDF)
    assert (document.needs_ocr, document.ocr) == (True, True)
    assert share_right(truth(report), parsed.statistics.cells) >= MIN_CELLS_RIGHT


def test_spreadsheet_merged_ranges_are_read_once():
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "统计表"
    sheet.append(["统计指标", "单位", "统计数"])
    sheet.append(["主动公开政府信息数", "条", 603.0])
    sheet.append(["收到申请数", "件", 7])
    sheet.append(["合计说明", None, None])
    sheet.merge_cells("A4:C4")
    path = documents.io.BytesIO()
    book.save(path)
    document = read_document(path.getvalue(), XLSX)
    assert document.text.splitlines() == ["统计表", "统计指标 | 单位 | 统计数 |", "主动公开政府信息数 | 条 | 603 |",
                                          "收到申请数 | 件 | 7 |", "合计说明 |"]


def _libreoffice() -> str:
    return installed(soffice(), "LibreOffice", "apt-get install libreoffice-writer-nogui libreoffice-calc-nogui")


def _convert(tmp_path, name: str, body: bytes, target: str) -> bytes:
    source = tmp_path / name
    source.write_bytes(body)
    subprocess.run([_libreoffice(), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", target, "--outdir", str(tmp_path / "out"), str(source)],
                   check=True, capture_output=True, timeout=180)
    return (tmp_path / "out" / source.with_suffix(f".{target.split(':')[0]}").name).read_bytes()


def test_doc_and_wps_are_read_through_libreoffice(tmp_path):
    report = _report("2021")
    doc = _convert(tmp_path, "report.docx", documents.write_docx(report.title, _blocks(report)), "doc")
    assert sniff(doc, "http://x/a.doc") == DOC and sniff(doc, "http://x/a.wps") == WPS
    for fmt in (DOC, WPS):  # WPS Writer files are Word 97 files under another name
        document, parsed = _read(doc, fmt)
        assert document.format == fmt and any("LibreOffice" in note for note in document.notes)
        assert share_right(truth(report), parsed.statistics.cells) == 1


def test_xls_is_read_with_its_merges(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["统计指标", "统计数"])
    book.active.append(["收到申请数", 7])
    book.active.append(["说明"])
    book.active.merge_cells("A3:B3")
    path = tmp_path / "sheet.xlsx"
    book.save(path)
    xls = _convert(tmp_path, "sheet.xlsx", path.read_bytes(), "xls")
    assert sniff(xls) == XLS
    assert read_document(xls, XLS).text.splitlines()[1:] == ["统计指标 | 统计数 |", "收到申请数 | 7 |", "说明 |"]


@pytest.mark.parametrize("fmt, body", [(PDF, b"%PDF-1.7\n1 0 obj <<>> endobj trailer"), (DOCX, b"PK\x03\x04junk"),
                                       (XLSX, b"PK\x03\x04junk")])
def test_damaged_files_are_unreadable_with_a_reason(fmt, body):
    with pytest.raises(UnreadableDocument, match=fmt.upper()):
        read_document(body, fmt)


def test_nianbao_parse_reads_files(tmp_path):
    report = _report("2021")
    pdf, docx = tmp_path / "年报.pdf", tmp_path / "年报.docx"
    pdf.write_bytes(documents.write_pdf(report.title, _blocks(report)))
    docx.write_bytes(documents.write_docx(report.title, _blocks(report)))
    (tmp_path / "broken.pdf").write_bytes(b"<html>not a pdf</html>")
    result = nianbao("parse", pdf, docx, tmp_path / "broken.pdf")
    parsed = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(p.get("format"), p.get("title")) for p in parsed[:2]] == [(PDF, report.title), (DOCX, report.title)]
    for item in parsed[:2]:
        assert share_right(truth(report), item["cells"]) == 1 and item["needs_ocr"] is False
    assert "not a PDF file" in parsed[2]["error"]


@pytest.fixture(scope="module")
def files_crawl(tmp_path_factory):
    """The files portal crawled once into an archive."""
    site = FilesSite().start()
    folder = tmp_path_factory.mktemp("files")
    registry = write_registry(folder / "portals.yaml", site.registry_rows())
    db = folder / "nianbao.db"
    result = nianbao("crawl", "--portals", registry, "--db", db, timeout=600)
    yield site, db, result
    site.stop()


def _cells(db, report_id: str) -> list[dict]:
    return rows(db, "select section, row, col, value from cells where report_id = ?", [report_id])


def _report_of(db, url: str) -> dict:
    return rows(db, "select r.* from sources s join reports r on r.id = s.report_id where s.url = ?", [url])[0]


def test_attachment_only_reports_are_archived_with_their_numbers(files_crawl):
    site, db, result = files_crawl
    assert result.returncode == 0, result.stderr[-3000:]
    for entry in site.reports:
        if entry.kind not in ATTACHMENT_ONLY or entry.kind == OFD_ONLY:
            continue
        url = site.url(entry.href)
        source = rows(db, "select * from sources where url = ?", [url])[0]
        report = _report_of(db, url)
        assert (report["title"], report["year"], report["agency"]) == (entry.report.title, 2022, entry.report.agency)
        expected = truth(entry.report)
        assert share_right(expected, _cells(db, report["id"])) >= (MIN_CELLS_RIGHT if entry.kind == SCAN_ONLY else 1)
        assert source["format"] == (DOCX if entry.kind == DOCX_ONLY else PDF)
        assert (source["needs_ocr"], source["ocr"]) == ((1, 1) if entry.kind == SCAN_ONLY else (0, 0))
        # Stored by the hash of the file's bytes, which raw_pages holds.
        body = site.routes[entry.href][0]
        assert source["content_hash"] == hashlib.sha256(body).hexdigest()
        assert rows(db, "select size from raw_pages where hash = ?", [source["content_hash"]]) == [{"size": len(body)}]


def test_page_and_its_pdf_are_one_report_with_both_sources(files_crawl):
    site, db, _ = files_crawl
    for kind in (PAGE_PDF, PAGE_SEE_PDF, REDIRECTED, PAGE_PDF_DIFFERS):
        entry = site.entry(kind)
        page_url, file_url = site.url(entry.href), site.url(entry.file_path)
        report = _report_of(db, page_url)
        sources = rows(db, "select url, format, parent_url from sources where report_id = ? order by format",
                        [report["id"]])
        assert sources == [{"url": page_url, "format": "html", "parent_url": None},
                           {"url": file_url, "format": PDF, "parent_url": page_url}], kind
        assert share_right(truth(entry.report), _cells(db, report["id"])) == 1, kind
        assert report["title"] == entry.report.title
    see = _report_of(db, site.url(site.entry(PAGE_SEE_PDF).href))
    assert "详见附件" in see["text"] and "一、总体情况" in see["text"]


def test_page_and_pdf_numbers_are_cross_checked(files_crawl):
    site, db, _ = files_crawl
    agree = _report_of(db, site.url(site.entry(PAGE_PDF).href))
    differs_entry = site.entry(PAGE_PDF_DIFFERS)
    differs = _report_of(db, site.url(differs_entry.href))
    rule = "select status, detail from checks where report_id = ? and rule = 'sources_agree'"
    assert rows(db, rule, [agree["id"]]) == [{"status": "ok", "detail": None}]
    [check] = rows(db, rule, [differs["id"]])
    printed = differing(differs_entry.report).active[("regulations", "issued")]
    assert check["status"] == "failed"
    assert json.loads(check["detail"]) == [{
        "rule": "sources_agree", "where": "active/regulations/issued", "left": printed - 1, "right": printed,
        "source": site.url(differs_entry.file_path)}]


def test_ofd_is_recorded_as_such_and_the_redirect_followed(files_crawl):
    site, db, _ = files_crawl
    ofd = site.url(site.entry(OFD_ONLY).href)
    [error] = rows(db, "select reason, content_hash from fetch_errors where url = ?", [ofd])
    assert error["reason"].startswith("OFD file recorded") and error["content_hash"]
    assert sum(path.startswith("/download.asp") for path in site.hits) == 1


def test_missing_attachment_is_recorded_and_its_page_archived_alone(files_crawl):
    site, db, _ = files_crawl
    entry = site.entry(PDF_MISSING)
    report = _report_of(db, site.url(entry.href))
    assert rows(db, "select url, format from sources where report_id = ?", [report["id"]]) == [
        {"url": site.url(entry.href), "format": "html"}]
    assert share_right(truth(entry.report), _cells(db, report["id"])) == 1
    assert rows(db, "select reason from fetch_errors where url = ?", [site.url(entry.file_path)]) == [
        {"reason": "HTTP 404"}]


def test_reparse_rebuilds_reports_with_their_files(files_crawl, tmp_path):
    _, db, _ = files_crawl
    copy = tmp_path / "copy.db"
    shutil.copy(db, copy)
    query = "select report_id, format, parent_url, ocr from sources order by url"
    before = rows(copy, query), rows(copy, "select * from cells order by 1, 2, 3, 4, 5")
    assert nianbao("reparse", "--db", copy, timeout=600).returncode == 0
    assert (rows(copy, query), rows(copy, "select * from cells order by 1, 2, 3, 4, 5")) == before


def test_oversized_attachment_is_recorded_and_its_page_kept(tmp_path):
    site = FilesSite().start()
    try:
        registry = write_registry(tmp_path / "portals.yaml", site.registry_rows())
        scan_size = len(site.routes[site.entry(SCAN_ONLY).href][0])
        cap = scan_size // 2
        assert all(len(body) < cap for path, (body, _) in site.routes.items() if path != site.entry(SCAN_ONLY).href)
        result = nianbao("crawl", "--portals", registry, "--db", tmp_path / "n.db",
                         env={"NIANBAO_MAX_BYTES": str(cap)})
        assert result.returncode == 0, result.stderr[-3000:]
        db = tmp_path / "n.db"
        reasons = [row["reason"] for row in rows(db, "select reason from fetch_errors where url = ?",
                                                  [site.url(site.entry(SCAN_ONLY).href)])]
        assert reasons and reasons[0].startswith("too large")
        assert rows(db, "select count(*) n from reports")[0]["n"] == len(site.reports) - 2
        assert FILES in {row["portal"] for row in rows(db, "select portal from sources")}
    finally:
        site.stop()
