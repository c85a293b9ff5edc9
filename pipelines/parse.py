"""Stage 4: the report's metadata (title, agency, year, date, 索引号, template) and table cells: the page's, read
with it in the clean stage, and its files', parsed here; merged into one report."""

import logging

from nianbao.crawler.items import HTML, Page
from nianbao.extract.merge import merge_sources
from nianbao.extract.removed import removal_notice
from nianbao.extract.report import ParsedReport, parse_document

logger = logging.getLogger(__name__)


def _parse(page: Page, listing_title: str | None) -> ParsedReport:
    if page.format != HTML:
        return parse_document(page.document, page.url, listing_title, page.listing_date, page.portal_agency)
    return page.reading.report  # read with the page in the clean stage (extract.page_reading)


def _fill(page: Page, report: ParsedReport) -> None:
    statistics = report.statistics
    page.meta, page.text = report.meta, report.text
    page.cells, page.checks = statistics.cells, statistics.checks
    page.findings, page.repairs = statistics.findings, statistics.repairs
    page.placements = statistics.placements


class ParsePipeline:
    """Reads meta, cells, checks, findings, repairs and any removal notice; a parser error becomes a Failure.

    A page's attached files are parsed too and merged into one report with it (see extract.merge).
    """

    def process_item(self, item):
        """Parse a cleaned page or read file, and its attachments."""
        if not isinstance(item, Page):
            return item
        reading = item.reading
        try:
            if reading is not None and reading.parse_error:  # the parser raised while the page was read
                logger.error("parse failed for %s\n%s", item.url, reading.parse_traceback)
                return item.failure(reading.parse_error)
            report = _parse(item, item.listing_title)
            files = []
            for attachment in (a for a in item.attachments if not a.error):
                try:
                    parsed = _parse(attachment, report.meta.title or item.listing_title)
                except Exception as exc:  # one broken file must not cost the page
                    logger.exception("parse failed for %s", attachment.url)
                    attachment.error = f"parse error: {type(exc).__name__}: {exc}"
                    continue
                _fill(attachment, parsed)
                files.append((attachment.url, parsed))
            _fill(item, merge_sources(report, item.url, files) if files else report)
            if not item.cells and item.format == HTML:
                item.removed = removal_notice(item.text, reading.title)
        except Exception as exc:  # a parser bug on one page must not stop the crawl or lose the page
            logger.exception("parse failed for %s", item.url)
            return item.failure(f"parse error: {type(exc).__name__}: {exc}")
        finally:
            item.reading = None  # its report is on the page now
        return item
