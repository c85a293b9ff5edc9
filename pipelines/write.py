"""Stage 6: write reports, versions, sources, failures and skipped pages to the archive."""

import logging

from archive.reports import write_page
from archive.runs import record_failure, record_skipped
from crawler.archive_handle import archive_for
from crawler.items import Failure, Page

logger = logging.getLogger(__name__)
NOT_A_REPORT = "title does not name an annual report"


class WritePipeline:
    """The only stage that writes report data."""

    def __init__(self, db):
        self.db = db

    @classmethod
    def from_crawler(cls, crawler):
        """Use the crawl's archive."""
        return cls(archive_for(crawler))

    def process_item(self, item):
        """Write what the earlier stages decided."""
        if isinstance(item, Failure):
            record_failure(self.db, item)
        elif isinstance(item, Page) and item.resolution is None:
            record_skipped(self.db, item, NOT_A_REPORT)
        elif isinstance(item, Page):
            write_page(self.db, item, item.resolution)
            logger.info("%s %s: %s (%s, %s)", item.resolution.action, item.resolution.report_id,
                        item.meta.title, item.meta.agency, item.meta.year)
        return item
