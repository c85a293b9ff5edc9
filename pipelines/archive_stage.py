"""Base of the stages that read or write the crawl's archive, and what becomes of a page it cannot store."""

import logging

from nianbao.archive.runs import WRITE_ERROR
from nianbao.crawler.archive_handle import archive_for
from nianbao.crawler.items import Failure, Page

logger = logging.getLogger(__name__)


class ArchiveStage:
    """A pipeline stage holding the archive database; reparse passes one directly."""

    def __init__(self, db):
        self.db = db

    @classmethod
    def from_crawler(cls, crawler):
        """Use the crawl's archive."""
        return cls(archive_for(crawler))


def unstored(page: Page, exc: Exception) -> Failure:
    """A page the archive could not store, as the failure to record in its place: it fails the portal's run."""
    logger.error("%s could not be stored", page.url, exc_info=exc)
    return page.failure(f"{WRITE_ERROR}: {type(exc).__name__}: {exc}")
