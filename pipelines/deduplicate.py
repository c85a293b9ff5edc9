"""Stage 5: decide which report a page is (one per agency and year) and whether it is a new version."""

from archive.reports import resolve
from crawler.archive_handle import archive_for
from crawler.items import Page


class DeduplicatePipeline:
    """Sets page.resolution; pages that are not reports get none and are recorded as skipped."""

    def __init__(self, db):
        self.db = db

    @classmethod
    def from_crawler(cls, crawler):
        """Use the crawl's archive."""
        return cls(archive_for(crawler))

    def process_item(self, item):
        """Resolve a parsed report page against the archive."""
        if isinstance(item, Page) and item.meta.is_report:
            meta = item.meta
            item.resolution = resolve(self.db, item.url, item.text, meta.agency, meta.year)
        return item
