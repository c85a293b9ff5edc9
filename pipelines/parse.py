"""Stage 4: read the report's metadata (title, agency, year, date, 索引号, template) and table cells."""

import logging

from crawler.items import Page
from extract.clean import Cleaned
from extract.removed import removal_notice
from extract.report import parse_cleaned

logger = logging.getLogger(__name__)


class ParsePipeline:
    """Reads meta, cells, checks, findings, repairs and any removal notice; a parser error becomes a Failure."""

    def process_item(self, item):
        """Parse a cleaned page."""
        if not isinstance(item, Page):
            return item
        try:
            cleaned = Cleaned(item.text, item.container, item.rendered)
            report = parse_cleaned(item.tree, item.html, cleaned, item.url, item.listing_title, item.listing_date,
                                   item.portal_agency)
            item.meta, statistics = report.meta, report.statistics
            item.cells, item.checks = statistics.cells, statistics.checks
            item.findings, item.repairs = statistics.findings, statistics.repairs
            if not item.cells:
                item.removed = removal_notice(item.text, item.tree.findtext(".//title"))
        except Exception as exc:  # a parser bug on one page must not stop the crawl or lose the page
            logger.exception("parse failed for %s", item.url)
            return item.failure(f"parse error: {type(exc).__name__}: {exc}")
        finally:
            item.tree = None  # the parsed page is not needed past this stage
        return item
