"""Stage 6: write reports, versions, sources, failures and skipped pages to the archive."""

import logging

from archive.reports import write_page
from archive.runs import record_failure, record_skipped
from crawler.items import Failure, Page
from pipelines.archive_stage import ArchiveStage

logger = logging.getLogger(__name__)
NOT_A_REPORT = "title does not name an annual report"


class WritePipeline(ArchiveStage):
    """The only stage that writes report data."""

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
