"""Stage 3: decode the page and extract the report text without portal chrome; read report files' text.

A page is read whole here (extract.page_reading: decoded, cleaned and parsed), and the parse stage takes its
report as it comes. In a crawl, files and pages are read in reader processes (extract.documents.pool), waited for
without holding the reactor, which goes on serving downloads and Redis meanwhile: the crawl's own process only
downloads and writes. Elsewhere (tests, `nianbao parse`) they are read in this process by the same functions.
"""

import asyncio
import logging
from collections.abc import Callable
from functools import partial

from scrapy.exceptions import DropItem

from nianbao.crawler.items import Page
from nianbao.extract.documents.formats import sniff
from nianbao.extract.documents.layout import Document, UnreadableDocument
from nianbao.extract.documents.pool import ReaderFailed, ReaderPool
from nianbao.extract.documents.read import read_document
from nianbao.extract.page_reading import PageReading, PageSource, read_page

logger = logging.getLogger(__name__)

# How often a crawl waiting for a page's files looks whether it is stopping (SIGTERM, Ctrl-C), to stop their reading.
STOP_POLL_SECONDS = 0.5


def read_file(page: Page, fmt: str, read: Callable[[], Document]) -> str | None:
    """Fill a report file's format, document and text from read(); the reason it cannot be read, if so."""
    page.format = fmt
    try:
        page.document = read()
    except UnreadableDocument as exc:
        return str(exc)
    except ReaderFailed as exc:
        logger.warning("reading %s failed: %s", page.url, exc)
        return f"unreadable {fmt.upper()}: {exc}"
    except Exception as exc:  # read in this process: PDF and Office libraries raise many types on damaged files
        logger.warning("reading %s failed: %s", page.url, exc)
        return f"unreadable {fmt.upper()}: {type(exc).__name__}: {exc}"
    page.text = page.rendered = page.document.text
    return None


def files_of(item: Page) -> list[tuple[Page, str]]:
    """The report files to read with their formats: the attachments, then the page itself if it is a file.

    An attachment of no report format gets its reason in `error` here.
    """
    files = []
    for attachment in (a for a in item.attachments if not a.error):
        fmt = sniff(attachment.body, attachment.url)
        if fmt is None:
            attachment.error = f"not a report file: {attachment.content_type or 'no Content-Type'}"
        else:
            files.append((attachment, fmt))
    fmt = sniff(item.body, item.url)
    return files + [(item, fmt)] if fmt else files


def page_source(item: Page) -> PageSource:
    """What reading the page needs: its bytes and what its listing said."""
    return PageSource(item.body, item.content_type, item.url, item.listing_title, item.listing_date,
                      item.portal_agency)


def take_reading(item: Page, reading: PageReading):
    """The page filled from its reading (its report left for the parse stage), or a Failure if it has no text."""
    item.encoding, item.mislabelled = reading.encoding, reading.mislabelled
    if reading.unreadable:
        logger.warning("clean failed for %s: %s", item.url, reading.unreadable)
        return item.failure(reading.unreadable)
    item.text, item.container, item.rendered = reading.text, reading.container, reading.rendered
    item.reading = reading
    return item


def unreadable(item: Page, exc: Exception):
    """The page as a Failure: a reader over its limit or gone, or an error reading it."""
    logger.warning("clean failed for %s: %s", item.url, exc)
    reason = str(exc) if isinstance(exc, (UnreadableDocument, ReaderFailed)) else f"{type(exc).__name__}: {exc}"
    return item.failure(f"unreadable page: {reason}")


class CleanPipeline:
    """Fills encoding, text, rendered, container and the page's reading, or a file's document; unreadable → Failure.

    Without ReaderPools (tests, benchmarks) pages and files are read in this process. A crawl reads pages in a
    pool of their own, at its own priority, so that a scan OCR'd for minutes by every file reader holds up no page.
    """

    def __init__(self, readers: ReaderPool | None = None, crawler=None, page_readers: ReaderPool | None = None):
        self.readers = readers
        self.crawler = crawler
        self.page_readers = page_readers

    @classmethod
    def from_crawler(cls, crawler):
        """Files and pages read in reader processes with the crawl's limits, waited for without holding the
        reactor."""
        return cls(ReaderPool.from_settings(crawler.settings), crawler, ReaderPool.for_pages(crawler.settings))

    def close_spider(self):
        """Stop the reader processes."""
        for pool in (self.readers, self.page_readers):
            if pool is not None:
                pool.close()

    def process_item(self, item):
        """Read a page (or a report file), and the page's attached files.

        In a crawl, the item is returned as an awaitable of the cleaned item.
        """
        if not isinstance(item, Page):
            return item
        files = files_of(item)
        if self.crawler is not None:
            return self._read_while_crawling(item, files)
        reads = [(page, fmt, partial(self._read_here, page.body, fmt)) for page, fmt in files]
        return self._settle(item, reads, partial(self._read_page_here, item))

    def _read_here(self, body: bytes, fmt: str) -> Document:
        return self.readers.read(body, fmt) if self.readers is not None else read_document(body, fmt)

    @staticmethod
    def _read_page_here(item: Page):
        try:
            reading = read_page(page_source(item))
        except Exception as exc:  # undecodable, or out of memory (which read_page leaves a reader process to die of)
            return unreadable(item, exc)
        return take_reading(item, reading)

    async def _read_while_crawling(self, item: Page, files: list[tuple[Page, str]]):
        """The item once reader processes have read it and its files; dropped, its reads stopped, if the crawl
        stops while files are still being read.

        A dropped page is fetched again: by the next run, or by another worker (its lease is not acknowledged). A
        page is read in milliseconds, within its time limit at most: it is waited for, and stored.
        """
        is_file = any(page is item for page, _ in files)
        try:
            page_read = None if is_file else self.page_readers.submit_call(read_page, page_source(item))
        except Exception as exc:  # a pool that takes no more work (closing)
            return unreadable(item, exc)
        futures = [self.readers.submit(page.body, fmt) for page, fmt in files]
        waiting = [asyncio.wrap_future(future) for future in futures]
        page_waiting = [] if page_read is None else [asyncio.wrap_future(page_read)]
        while not all(future.done() for future in waiting + page_waiting):
            if not self.crawler.engine.running and not all(future.done() for future in waiting):
                for future in futures:
                    future.cancel()
                for future in waiting:  # looked at, so that asyncio does not log a failed read as never retrieved
                    if future.done() and not future.cancelled():
                        future.exception()
                logger.info("stopped reading the files of %s: the crawl is stopping", item.url)
                raise DropItem(f"{item.url}: its files were still being read when the crawl stopped",
                               log_level="DEBUG")
            await asyncio.wait(waiting + page_waiting, timeout=STOP_POLL_SECONDS)
        reads = [(page, fmt, partial(self.readers.outcome, future)) for (page, fmt), future in zip(files, waiting)]
        take = partial(self._take_read_page, item, page_waiting[0]) if page_waiting else None
        return self._settle(item, reads, take)

    def _take_read_page(self, item: Page, future: asyncio.Future):
        try:
            reading = self.page_readers.outcome(future)
        except Exception as exc:  # over a limit, a reader gone, or a result that could not come back
            return unreadable(item, exc)
        return take_reading(item, reading)

    def _settle(self, item: Page, reads: list[tuple[Page, str, Callable[[], Document]]], read_own: Callable | None):
        """The item with its files read (an attachment that cannot be keeps its reason), then its page read."""
        for page, fmt, read in reads:
            reason = read_file(page, fmt, read)
            if page is item:
                return item.failure(reason) if reason else item
            page.error = reason
        return read_own()
