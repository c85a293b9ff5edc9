"""Stage 2: keep every response body, compressed and addressed by its hash, and log the fetch."""

from archive.raw import put_raw
from archive.runs import record_fetch
from crawler.archive_handle import archive_for
from crawler.items import Failure, Page


class KeepRawPipeline:
    """Stores raw bodies before anything can go wrong with them, so reparse can rebuild all."""

    def __init__(self, db):
        self.db = db

    @classmethod
    def from_crawler(cls, crawler):
        """Use the crawl's archive."""
        return cls(archive_for(crawler))

    def process_item(self, item):
        """Store the body (pages and failures alike) and log successful fetches."""
        if isinstance(item, (Page, Failure)) and item.body:
            item.content_hash = put_raw(self.db, item.body, item.content_type)
        if isinstance(item, Page):
            record_fetch(self.db, item)
        return item
