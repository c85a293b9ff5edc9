"""Extension that writes each portal's outcome and health, and closes the crawl run, when the spider closes."""

from scrapy import signals

from archive.health import OK, portal_changes, update_health
from archive.runs import finish_run, record_portal_run
from crawler.archive_handle import archive_for, close_archive


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
        failed = []
        for stats in spider.stats_by_portal.values():
            stats.close()
            row = stats.row() | portal_changes(db, spider.run_id, stats.portal)
            record_portal_run(db, spider.run_id, row)
            update_health(db, spider.run_id, row)
            if stats.status != OK:
                failed.append(stats.portal)
                spider.logger.error("portal %s failed: %s", stats.portal, stats.message)
        self.crawler.stats.set_value("nianbao/failed_portals", failed)
        status = "error" if failed or reason != "finished" else "ok"
        finish_run(db, spider.run_id, status)
        close_archive(self.crawler)
