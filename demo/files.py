"""A demo portal whose reports come as files: attachment-only PDF, DOCX and scans, and pages with a 全文 PDF.

The files are written at start by real writers (reportlab, python-docx) with an embedded CJK font; the
scan is the PDF rendered to grey, skewed images without a text layer, as a scanner makes it.
"""

import copy
import io
import random
import zipfile
from dataclasses import dataclass, field
from html import escape

from nianbao.demo import documents, pages
from nianbao.demo.body import report_body
from nianbao.demo.catalog import SEED, DemoReport, make_report
from nianbao.demo.site import FOUND, OneServerSite, QuietHandler

FILES = "demo-files"
LIST = "/xxgk/list.asp"
SHOW = "/xxgk/show.asp"
UPLOAD = "/upload/"
DOWNLOAD = "/download.asp"
PDF_ONLY, DOCX_ONLY, SCAN_ONLY, PAGE_PDF, PAGE_SEE_PDF, PAGE_PDF_DIFFERS, REDIRECTED, OFD_ONLY, PDF_MISSING = (
    "pdf-only", "docx-only", "scan-only", "page+pdf", "page-see-pdf", "page+pdf-differs", "redirected", "ofd-only",
    "page+missing-pdf")
KINDS = (PDF_ONLY, DOCX_ONLY, SCAN_ONLY, PAGE_PDF, PAGE_SEE_PDF, PAGE_PDF_DIFFERS, REDIRECTED, OFD_ONLY, PDF_MISSING)
# Reports whose listing item is the file itself.
ATTACHMENT_ONLY = (PDF_ONLY, DOCX_ONLY, SCAN_ONLY, OFD_ONLY)
PDF_TYPE = "application/pdf"
# Servers often send Word files as bytes of no particular type.
OCTET_STREAM = "application/octet-stream"
HTML_GBK = "text/html; charset=gbk"
SEE_ATTACHMENT = "详见附件。"
AGENCIES = ("白沙县发展和改革局", "白沙县教育局", "白沙县财政局", "白沙县民政局", "白沙县司法局", "白沙县审计局",
            "白沙县统计局", "白沙县水务局", "白沙县商务局")
YEAR = 2022


@dataclass
class FileReport:
    """One report of the files portal: how it is published, the listing link, its file and the files it serves.

    file_path is the report's file: the listing link itself, or the attachment its page links (which
    the missing-PDF kind does not serve).
    """

    kind: str
    report: DemoReport
    href: str
    file_path: str
    files: dict[str, tuple[bytes, str]] = field(default_factory=dict)


def _pdf(report: DemoReport) -> bytes:
    return documents.write_pdf(report.title, documents.body_blocks(report_body(report, _contact(report))))


def _contact(report: DemoReport) -> str:
    return f"电话：0898-2688{report.article_id:04d}"


def _ofd(report: DemoReport) -> bytes:
    """A minimal OFD package (GB/T 33190): the document entry and one page of text."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("OFD.xml", '<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org'
                         '/2016" Version="1.0"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>'
                         '</ofd:DocBody></ofd:OFD>')
        package.writestr("Doc_0/Pages/Page_0/Content.xml", f"<ofd:Page><ofd:TextCode>{escape(report.title)}"
                         "</ofd:TextCode></ofd:Page>")
    return buffer.getvalue()


def differing(report: DemoReport) -> DemoReport:
    """The report as its PDF prints it when the PDF disagrees with the page: one more regulation issued."""
    changed = copy.deepcopy(report)
    changed.active[("regulations", "issued")] += 1
    return changed


def build_reports() -> list[FileReport]:
    """Every report of the files portal, with its files written."""
    rng = random.Random(f"{SEED}-files")
    made: list[DemoReport] = []
    reports = []
    for number, (agency, kind) in enumerate(zip(AGENCIES, KINDS)):
        report = make_report(rng, made, agency, YEAR, ("demo-generic",), f"1146902500000{number:05d}", 700 + number)
        name = f"P020230115{report.article_id}"
        suffix = {DOCX_ONLY: "docx", OFD_ONLY: "ofd"}.get(kind, "pdf")
        file_path = f"{UPLOAD}{name}.{suffix}"
        href = file_path if kind in ATTACHMENT_ONLY else f"{SHOW}?id={report.article_id}"
        entry = FileReport(kind, report, href, file_path)
        if kind == PDF_ONLY:
            entry.files[href] = (_pdf(report), PDF_TYPE)
        elif kind == SCAN_ONLY:
            entry.files[href] = (documents.write_scan(_pdf(report)), PDF_TYPE)
        elif kind == DOCX_ONLY:
            blocks = documents.body_blocks(report_body(report, _contact(report)))
            entry.files[href] = (documents.write_docx(report.title, blocks), OCTET_STREAM)
        elif kind == OFD_ONLY:
            entry.files[href] = (_ofd(report), OCTET_STREAM)
        elif kind != PDF_MISSING:
            printed = differing(report) if kind == PAGE_PDF_DIFFERS else report
            entry.files[file_path] = (_pdf(printed), PDF_TYPE)
        reports.append(entry)
    return reports


def _page(entry: FileReport) -> bytes:
    """A report page linking its 全文 PDF; the see-attachment kinds print no report on the page."""
    report = entry.report
    html = pages.generic_detail(report, "demo-generic", [])
    if entry.kind in (PAGE_SEE_PDF, REDIRECTED):
        html = html.replace(report_body(report, pages.contact_line(report.portals[0])), f"<p>{SEE_ATTACHMENT}</p>")
    href = f"{DOWNLOAD}?id={report.article_id}" if entry.kind == REDIRECTED else entry.file_path
    link = f'<p>附件：<a href="{href}">{escape(report.title)}（全文）.pdf</a></p>'
    return html.replace('<td class="nr">', f'<td class="nr">{link}', 1).encode("gbk", errors="xmlcharrefreplace")


class FilesSite(OneServerSite):
    """The files portal on a port of 127.0.0.1."""

    def __init__(self, host: str = "127.0.0.1"):
        self.host = host
        self.reports = build_reports()
        self.routes: dict[str, tuple[bytes, str]] = {}
        items = [(entry.href, entry.report.title, entry.report.published) for entry in self.reports]
        self.routes[f"{LIST}?page=1"] = (pages.generic_listing(items, 1, 1, "demo-generic").encode(
            "gbk", errors="xmlcharrefreplace"), HTML_GBK)
        for entry in self.reports:
            self.routes.update(entry.files)
            if entry.kind not in ATTACHMENT_ONLY:
                self.routes[entry.href] = (_page(entry), HTML_GBK)
        self.redirects = {f"{DOWNLOAD}?id={e.report.article_id}": e.file_path for e in self.reports
                          if e.kind == REDIRECTED}
        self.hits: list[str] = []

    def handler(self) -> type:
        """Routes, the download redirects and 404s, every request logged."""
        return _handler(self)

    def planted_faults(self) -> dict[str, str]:
        """The files the portal links on purpose that no crawl can archive, and why (Chinese / English)."""
        missing, ofd = self.entry(PDF_MISSING).file_path, self.entry(OFD_ONLY).file_path
        return {self.url(missing): "全文 PDF 链接失效 / the page's 全文 PDF link is dead (404)",
                self.url(ofd): "仅以 OFD 发布，暂不能读取 / published only as OFD, which nianbao cannot read yet"}

    def entry(self, kind: str) -> FileReport:
        """The report published in a given way."""
        return next(e for e in self.reports if e.kind == kind)

    def registry_rows(self) -> list[dict]:
        """The registry row of the files portal (an old county site: generic family)."""
        return [{"id": FILES, "name": "白沙县人民政府 年度报告（附件）", "start_url": self.url(f"{LIST}?page=1"),
                 "family": "generic", "region": "白沙县"}]


def _handler(site: FilesSite):
    class Handler(QuietHandler):
        """Answers from the routes, redirecting the download links; unknown paths 404."""

        def do_GET(self):
            site.hits.append(self.path)
            if self.path in site.redirects:
                self.send_response(FOUND)
                self.send_header("Location", site.redirects[self.path])
                self.end_headers()
                return
            body, content_type = site.routes.get(self.path, (b"<html><body>404</body></html>", "text/html"))
            self.send_response(200 if self.path in site.routes else 404)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler
