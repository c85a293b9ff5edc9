"""Stage 3: decode the page and extract the report text without portal chrome; read report files' text.

Files are read in reader processes (extract.documents.pool) when the stage has them: a crawl waits for them
without holding its reactor, which goes on serving downloads and Redis meanwhile.
"""

import asyncio
import logging
from collections.abc import Callable
from functools import partial

from scrapy.exceptions import DropItem

from nianbao.crawler.items import Page
from nianbao.extract.clean import clean_tree, parse_html
from nianbao.extract.decode import decode_page
from nianbao.extract.documents.formats import sniff
from nianbao.extract.documents.layout import Document, UnreadableDocument
from nianbao.extract.documents.pool import ReaderFailed, ReaderPool
from nianbao.extract.documents.read import read_document

logger = logging.getLogger(__name__)

# How often a crawl waiting for its files looks whether it is stopping (SIGTERM, Ctrl-C), to stop their reading.
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


class CleanPipeline:
    """Fills tree, text, rendered, container and encoding, or a file's document; unreadable → Failure.

    Without a ReaderPool (tests, benchmarks) files are read in this process.
    """

    def __init__(self, readers: ReaderPool | None = None, crawler=None):
        self.readers = readers
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        """Files read in reader processes with the crawl's limits, waited for without holding the reactor."""
        return cls(ReaderPool.from_settings(crawler.settings), crawler)

    def close_spider(self):
        """Stop the reader processes."""
        if self.readers is not None:
            self.readers.close()

    def process_item(self, item):
        """Decode and clean a page, or read a report file, and read the page's attached files.

        In a crawl, an item with files to read is returned as an awaitable of the cleaned item.
        """
        if not isinstance(item, Page):
            return item
        files = files_of(item)
        if self.crawler is not None and files:
            return self._read_while_crawling(item, files)
        return self._settle(item, [(page, fmt, partial(self._read_here, page.body, fmt)) for page, fmt in files])

    def _read_here(self, body: bytes, fmt: str) -> Document:
        return self.readers.read(body, fmt) if self.readers is not None else read_document(body, fmt)

    async def _read_while_crawling(self, item: Page, files: list[tuple[Page, str]]):
        """The item once reader processes have read its files; dropped, its reads stopped, if the crawl stops first.

        A dropped page is fetched again: by the next run, or by another worker (its lease is not acknowledged).
        """
        futures = [self.readers.submit(page.body, fmt) for page, fmt in files]
        waiting = [asyncio.wrap_future(future) for future in futures]
        while not all(future.done() for future in waiting):
            if not self.crawler.engine.running:
                for future in futures:
                    future.cancel()
                for future in waiting:  # looked at, so that asyncio does not log a failed read as never retrieved
                    if future.done() and not future.cancelled():
                        future.exception()
                logger.info("stopped reading the files of %s: the crawl is stopping", item.url)
                raise DropItem(f"{item.url}: its files were still being read when the crawl stopped",
                               log_level="DEBUG")
            await asyncio.wait(waiting, timeout=STOP_POLL_SECONDS)
        return self._settle(item, [(page, fmt, partial(self.readers.outcome, future))
                                   for (page, fmt), future in zip(files, waiting)])

    def _settle(self, item: Page, reads: list[tuple[Page, str, Callable[[], Document]]]):
        """The item with its files read (an attachment that cannot be keeps its reason), or its HTML cleaned."""
        for page, fmt, read in reads:
            reason = read_file(page, fmt, read)
            if page is item:
                return item.failure(reason) if reason else item
            page.error = reason
        return self._clean(item)

    @staticmethod
    def _clean(item: Page):
        decoded = decode_page(item.body, item.content_type)
        item.encoding, item.mislabelled = decoded.encoding, decoded.mislabelled
        try:
            tree = parse_html(decoded.text)
            cleaned = clean_tree(tree)
        except Exception as exc:  # lxml and trafilatura raise many types on junk input
            logger.warning("clean failed for %s: %s", item.url, exc)
            return item.failure(f"unreadable page: {type(exc).__name__}: {exc}")
        item.text, item.container = cleaned.text, cleaned.container
        item.tree, item.rendered = tree, cleaned.rendered
        return item
