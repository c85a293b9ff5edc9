"""Extension printing one progress line every few seconds on a terminal; silent under cron and in pipes."""

import sys

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task


class Progress:
    """Shows portals done, pages fetched, items written and errors on stderr while a crawl runs."""

    def __init__(self, crawler, interval: float, stream):
        self.crawler = crawler
        self.interval = interval
        self.stream = stream
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler):
        """Enabled only when stderr is a terminal."""
        if not sys.stderr.isatty():
            raise NotConfigured  # no message: Scrapy would log one warning per run under cron
        extension = cls(crawler, crawler.settings.getfloat("NIANBAO_PROGRESS_SECONDS"), sys.stderr)
        crawler.signals.connect(extension.opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.closed, signal=signals.spider_closed)
        return extension

    def opened(self, spider):
        """Start printing."""
        self.loop = task.LoopingCall(self.show, spider)
        self.loop.start(self.interval, now=False)

    def show(self, spider) -> None:
        """One line: what the crawl has done so far."""
        stats = self.crawler.stats
        portals = getattr(spider, "stats_by_portal", {})
        started = sum(1 for s in portals.values() if s.pages_fetched or s.errors)
        self.stream.write(f"\rcrawl: {started}/{len(portals)} portals answered, "
                          f"{stats.get_value('response_received_count', 0)} responses, "
                          f"{stats.get_value('item_scraped_count', 0)} pages written, "
                          f"{sum(s.errors for s in portals.values())} errors ")
        self.stream.flush()

    def closed(self, spider):
        """Stop and end the line."""
        if self.loop and self.loop.running:
            self.loop.stop()
            self.show(spider)
            self.stream.write("\n")
