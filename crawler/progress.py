"""A crawl shown to a person on a terminal: a quiet start and one progress line that log lines pass above.

Silent under cron and in pipes: nothing here runs unless stderr is a terminal.
"""

import logging
import shutil
import sys
from contextlib import ExitStack

from scrapy import signals
from scrapy.exceptions import NotConfigured
from tqdm import tqdm
from tqdm.contrib.logging import logging_redirect_tqdm
from twisted.internet import task

from nianbao.crawler.archive_handle import archive_for
from nianbao.crawler.items import Failure
from nianbao.crawler.runlog import FAILURES_STAT, PAGES_STAT

# Scrapy logs its start at INFO: its version, then the overridden settings and every enabled component, about
# a hundred lines before the first page. LOG_VERSIONS=[] drops the versions; these loggers' INFO lines say the
# rest (scrapy.crawler's only from this message on: its other INFO line says a Ctrl-C was heard).
STARTUP_LINES = {"scrapy.utils.log": "", "scrapy.addons": "", "scrapy.middleware": "",
                 "scrapy.crawler": "Overridden settings"}
# The progress line replaces Scrapy's once-a-minute stats line and its stats dump at the close.
TERMINAL_SETTINGS = {"LOG_VERSIONS": [], "LOGSTATS_INTERVAL": 0, "STATS_DUMP": False}
BAR_FORMAT = "{desc} [{elapsed}]"


def on_terminal() -> bool:
    """True when a person watches stderr."""
    return sys.stderr.isatty()


def quiet_start(overrides: dict) -> dict:
    """The settings of a crawl watched on a terminal (no log file): Scrapy's start and stats left out."""
    if not on_terminal() or overrides.get("LOG_FILE"):
        return overrides
    for name, start in STARTUP_LINES.items():
        # A filter on the logger itself: Scrapy's logging setup (dictConfig) resets the levels of scrapy.*
        # loggers, not their filters.
        logging.getLogger(name).addFilter(_STARTUP_FILTERS.setdefault(name, _StartupLines(start)))
    return {**TERMINAL_SETTINGS, **overrides}


class _StartupLines(logging.Filter):
    """Drops a logger's INFO (and DEBUG) lines whose message begins so; warnings and errors pass."""

    def __init__(self, start: str):
        super().__init__()
        self.start = start

    def filter(self, record: logging.LogRecord) -> bool:
        """False for a start-up line."""
        return record.levelno >= logging.WARNING or not str(record.msg).startswith(self.start)


_STARTUP_FILTERS: dict[str, _StartupLines] = {}


class Progress:
    """One line on stderr while a crawl runs: portals answered, responses, pages and failures recorded."""

    def __init__(self, crawler, interval: float):
        self.crawler = crawler
        self.interval = interval
        self.loop: task.LoopingCall | None = None
        self.bar: tqdm | None = None
        self.redirect = ExitStack()
        self.failures_sent = 0
        # A crawl that writes the archive (RunLog closes its runs) counts what the archive holds; a worker,
        # which writes none, counts the failures it sends.
        self.writes_archive = ("nianbao.crawler.runlog.RunLog" in crawler.settings.getdict("EXTENSIONS")
                               and bool(crawler.settings.get("NIANBAO_DB")))

    @classmethod
    def from_crawler(cls, crawler):
        """Enabled only when stderr is a terminal."""
        if not on_terminal():
            raise NotConfigured  # no message: Scrapy would log one warning per run under cron
        extension = cls(crawler, crawler.settings.getfloat("NIANBAO_PROGRESS_SECONDS"))
        crawler.signals.connect(extension.opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.closed, signal=signals.spider_closed)
        crawler.signals.connect(extension.scraped, signal=signals.item_scraped)
        return extension

    def opened(self, spider):
        """Start the line; from now on log lines are written above it."""
        # The size given, not measured by tqdm: a terminal that reports 0 columns (a pty without a window) would
        # make tqdm print nothing, where shutil falls back to 80.
        size = shutil.get_terminal_size()
        self.bar = tqdm(file=sys.stderr, bar_format=BAR_FORMAT, desc="crawl: starting", ncols=size.columns,
                        nrows=size.lines)
        self.redirect.enter_context(_redirected_logging())
        self.loop = task.LoopingCall(self.show, spider)
        self.loop.start(self.interval, now=True)

    def scraped(self, item, spider):
        """Count the failures a worker sends."""
        self.failures_sent += isinstance(item, Failure)

    def counts(self, spider) -> tuple[int, int]:
        """Pages and failures recorded so far: the archive's numbers, which crawl_runs keeps at the close."""
        stats = self.crawler.stats
        if stats.get_value(FAILURES_STAT) is not None:
            return stats.get_value(PAGES_STAT), stats.get_value(FAILURES_STAT)
        if not self.writes_archive:
            return stats.get_value("item_scraped_count", 0) - self.failures_sent, self.failures_sent
        db = archive_for(self.crawler)
        run = [spider.run_id]
        return (db.execute("select count(*) from fetches where crawl_run = ?", run).fetchone()[0],
                db.execute("select count(*) from fetch_errors where crawl_run = ?", run).fetchone()[0])

    def describe(self, spider) -> str:
        """The line: what the crawl has done so far."""
        portals = getattr(spider, "stats_by_portal", {})
        answered = sum(1 for s in portals.values() if s.finished)
        pages, failures = self.counts(spider)
        return (f"crawl: {answered}/{len(portals)} portals, "
                f"{self.crawler.stats.get_value('response_received_count', 0)} responses, "
                f"{pages} pages {'recorded' if self.writes_archive else 'sent'}, {failures} failed")

    def show(self, spider) -> None:
        """Redraw the line."""
        self.bar.set_description_str(self.describe(spider))

    def closed(self, spider):
        """Stop, leave the last line standing, and give log lines back their handler."""
        if self.loop and self.loop.running:
            self.loop.stop()
        if self.bar is not None:
            self.show(spider)
            self.bar.close()
        self.redirect.close()


def _redirected_logging() -> ExitStack:
    """Console log lines through tqdm.write, above the line, at the console handler's level.

    tqdm's redirect keeps the handler's format and filters but not its level (Scrapy sets LOG_LEVEL on the
    handler, not the root logger), so it is set again here.
    """
    level = next((h.level for h in logging.root.handlers if isinstance(h, logging.StreamHandler)
                  and h.stream in (sys.stdout, sys.stderr)), logging.NOTSET)
    before = list(logging.root.handlers)
    stack = ExitStack()
    stack.enter_context(logging_redirect_tqdm())
    for handler in logging.root.handlers:
        if handler not in before:
            handler.setLevel(level)
    return stack
