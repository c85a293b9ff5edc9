"""Base of the stages that read or write the crawl's archive."""

from crawler.archive_handle import archive_for


class ArchiveStage:
    """A pipeline stage holding the archive database; reparse passes one directly."""

    def __init__(self, db):
        self.db = db

    @classmethod
    def from_crawler(cls, crawler):
        """Use the crawl's archive."""
        return cls(archive_for(crawler))
