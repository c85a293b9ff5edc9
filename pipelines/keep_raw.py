"""Stage 2: keep every response body and file, compressed and addressed by its hash, and log the fetch."""

from nianbao.archive.db import write_group
from nianbao.archive.raw import put_raw
from nianbao.archive.runs import record_fetch
from nianbao.crawler.items import Failure, Page
from nianbao.pipelines.archive_stage import ArchiveStage, unstored


class KeepRawPipeline(ArchiveStage):
    """Stores raw bodies before anything can go wrong with them, so reparse can rebuild all."""

    def process_item(self, item):
        """Store the body (pages and failures alike) and log successful fetches, in the group of writes the write
        stage commits; a page that cannot be stored becomes a failure."""
        write_group(self.db).open()
        try:
            with self.db.atomic():
                self._keep(item)
        except Exception as exc:  # rolled back; the later stages record it
            if not isinstance(item, Page):
                raise
            return unstored(item, exc)
        return item

    def _keep(self, item) -> None:
        if isinstance(item, (Page, Failure)) and item.body:
            item.content_hash = put_raw(self.db, item.body, item.content_type)
        if isinstance(item, Page):
            record_fetch(self.db, item)
            for attachment in item.attachments:
                if attachment.body:
                    attachment.content_hash = put_raw(self.db, attachment.body, attachment.content_type)
                if not attachment.error:
                    record_fetch(self.db, attachment)
