"""Extension that writes each portal's outcome and health, and closes the crawl run, when the spider closes."""

import logging

from scrapy import signals

from nianbao.archive.health import NOT_FAILED, portal_changes, update_health
from nianbao.archive.runs import finish_run, record_portal_run, unstored_pages
from nianbao.crawler.archive_handle import archive_for, close_archive

logger = logging.getLogger(__name__)
# What the archive recorded for the run (crawl_runs.pages_fetched and .errors), for the progress line's last word.
PAGES_STAT, FAILURES_STAT = "nianbao/pages_recorded", "nianbao/failures_recorded"


def close_run(db, run_id: str, portal_stats, reason: str) -> list[str]:
    """Write the per-portal outcomes and health, and close the run; returns the portals that failed."""
    failed = []
    for stats in portal_stats:
        for url, reason in unstored_pages(db, run_id, stats.portal):
            stats.fail(f"{url}: {reason}")
        stats.close()
        row = stats.row() | portal_changes(db, run_id, stats.portal)
        record_portal_run(db, run_id, row)
        update_health(db, run_id, row)
        if stats.status not in NOT_FAILED:
            failed.append(stats.portal)
            logger.error("portal %s failed: %s", stats.portal, stats.message)
    finish_run(db, run_id, "error" if failed or reason != "finished" else "ok")
    return failed


class RunLog:
    """Records portal_runs and the crawl_runs summary; the crawl's status is 'error' if any portal failed."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        """Hook spider_closed; pipelines have finished by the time it fires."""
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self, spider, reason):
        """Write the per-portal outcomes and close the run, then the archive."""
        db = archive_for(self.crawler)
        failed = close_run(db, spider.run_id, spider.stats_by_portal.values(), reason)
        self.crawler.stats.set_value("nianbao/failed_portals", failed)
        pages, failures = db.execute("select pages_fetched, errors from crawl_runs where id = ?",
                                     [spider.run_id]).fetchone()
        self.crawler.stats.set_value(PAGES_STAT, pages)
        self.crawler.stats.set_value(FAILURES_STAT, failures)
        close_archive(self.crawler)
