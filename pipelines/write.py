"""Stage 6: write reports, versions, sources, re-check answers, failures and skipped pages to the archive."""

import logging

from twisted.internet.task import LoopingCall

from nianbao.archive.db import write_group, write_pages, write_seconds
from nianbao.archive.rechecks import ERROR, GONE, record_recheck
from nianbao.archive.reports import is_report_file, write_page
from nianbao.archive.runs import record_failure, record_skipped
from nianbao.crawler.items import RECHECK, Failure, Page, Recheck
from nianbao.pipelines.archive_stage import ArchiveStage, unstored

logger = logging.getLogger(__name__)
NOT_A_REPORT = "title does not name an annual report"
NOT_A_REPORT_FILE = "attached file does not name an annual report nor state its numbers"
CONTENT_REMOVED = "content removed"


class WritePipeline(ArchiveStage):
    """The only stage that writes report data; it commits the group of pages' writes when it is due."""

    def __init__(self, db, pages: int | None = None, seconds: float | None = None):
        super().__init__(db)
        self.group = write_group(db)
        self.group.pages = write_pages() if pages is None else pages
        self.group.seconds = write_seconds() if seconds is None else seconds
        self.ticks: LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler):
        """The crawl's archive, grouping NIANBAO_WRITE_PAGES pages per transaction, none held past
        NIANBAO_WRITE_SECONDS."""
        stage = super().from_crawler(crawler)
        stage.group.pages = crawler.settings.getint("NIANBAO_WRITE_PAGES", write_pages())
        stage.group.seconds = crawler.settings.getfloat("NIANBAO_WRITE_SECONDS", write_seconds())
        stage.ticks = LoopingCall(stage.group.commit)
        return stage

    def open_spider(self):
        """Commit every NIANBAO_WRITE_SECONDS what is written, even when no page comes (a slow portal)."""
        if self.ticks is not None:
            self.ticks.start(self.group.seconds, now=False)

    def close_spider(self):
        """Commit what the crawl wrote last."""
        if self.ticks is not None and self.ticks.running:
            self.ticks.stop()
        self.group.commit()

    def process_item(self, item):
        """Write what the earlier stages decided; the group commits when due."""
        item = self._write(item)
        self.group.written()
        return item

    def _write(self, item):
        if isinstance(item, Failure):
            record_failure(self.db, item)
            if item.kind == RECHECK:  # a known page that answered junk this time: the report stays as it was
                record_recheck(self.db, item.as_recheck(ERROR))
        elif isinstance(item, Recheck):
            record_recheck(self.db, item)
        elif isinstance(item, Page) and item.resolution is None:
            self._not_a_report(item)
            self._attachments(item)
        elif isinstance(item, Page):
            try:
                write_page(self.db, item, item.resolution)
            except Exception as exc:  # write_page rolled the page back; its raw body is kept for a reparse
                return self._write(unstored(item, exc))
            self._attachments(item)
            if item.kind == RECHECK:
                record_recheck(self.db, _answer(item, item.resolution.action))
            logger.info("%s %s: %s (%s, %s)", item.resolution.action, item.resolution.report_id,
                        item.meta.title, item.meta.agency, item.meta.year)
        return item

    def _attachments(self, page: Page) -> None:
        """Attached files that failed are recorded as failures, ones that are not the report as skipped."""
        for attachment in page.attachments:
            if attachment.error:
                record_failure(self.db, attachment.failure(attachment.error))
            elif page.resolution is None or not is_report_file(attachment):
                record_skipped(self.db, attachment, NOT_A_REPORT_FILE)

    def _not_a_report(self, page: Page) -> None:
        if page.removed:
            reason = f"{CONTENT_REMOVED}: {page.removed}"
        else:
            reason = NOT_A_REPORT if page.kind != RECHECK else f"no longer a report page: {page.meta.title}"
        if page.kind == RECHECK:
            record_recheck(self.db, _answer(page, GONE, reason))
        elif page.removed:
            # A listed report whose page says it is missing (a soft 404, status 200): asked again next run.
            record_failure(self.db, page.failure(f"soft 404, {reason}"))
        else:
            record_skipped(self.db, page, reason)


def _answer(page: Page, outcome: str, detail: str | None = None) -> Recheck:
    return Recheck(portal=page.portal, url=page.url, crawl_run=page.crawl_run, at=page.fetched_at,
                   outcome=outcome, status=page.status, detail=detail)
