"""In a crawl, report pages are decoded, cleaned and parsed in reader processes: the crawl's own process only
downloads and writes. A page read there gives the archive what the same page read in one process gives, field
by field; a reader over its limit, or a parser that raises there, is recorded with the reason."""

import asyncio
import json
from concurrent.futures import Future
from pathlib import Path
from types import SimpleNamespace

import pytest
from pebble import ProcessExpired

from nianbao.crawler.items import Failure, Page
from nianbao.extract import page_reading
from nianbao.extract.decode import decode_page
from nianbao.extract.documents.pool import MIB, ReaderPool, ReadLimits
from nianbao.extract.page_reading import PageSource, read_page
from nianbao.extract.report import parse_html_report
from nianbao.pipelines.clean import CleanPipeline
from nianbao.pipelines.parse import ParsePipeline
from nianbao.pipelines.validate import ValidatePipeline

FILES = Path(__file__).parent / "files"
# Every HTML page of the reports written blind to the parser, with the charset its server sent.
BLIND_PAGES = sorted(path for path in (*FILES.glob("blind-reports/*.expected.json"),
                                       *FILES.glob("blind-reports-2/*.expected.json"))
                     if json.loads(path.read_text(encoding="utf-8"))["format"] == "html")
READ_SECONDS = 60
# What a listing said beside the link, and the portal's own agency: both reach the reader.
LISTING_DATE, PORTAL_AGENCY = "2024-01-20", "昆明市人民政府"
MEMORY = 512 * MIB
# What the clean and parse stages leave on a page for the archive stages.
FIELDS = ("encoding", "mislabelled", "text", "container", "rendered", "meta", "removed", "cells",
          "checks", "findings", "repairs", "placements")


def _page(expected_file: Path) -> Page:
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    charset = f"; charset={expected['http_charset']}" if expected.get("http_charset") else ""
    return Page(portal="blind", url=expected["url"], status=200,
                body=(expected_file.parent / expected["file"]).read_bytes(), fetched_at="2026-11-26T00:00:00+00:00",
                crawl_run="test", content_type=f"text/html{charset}", listing_title=expected.get("title"),
                listing_date=LISTING_DATE, portal_agency=PORTAL_AGENCY)


def _crawling(readers: ReaderPool, running: bool = True) -> CleanPipeline:
    """The clean stage as a crawl runs it: pages to reader processes, awaited while the engine runs."""
    return CleanPipeline(crawler=SimpleNamespace(engine=SimpleNamespace(running=running)), page_readers=readers)


def _in_one_process(item: Page):
    for stage in (ValidatePipeline(), CleanPipeline(), ParsePipeline()):
        item = stage.process_item(item)
    return item


def _in_a_reader(item: Page, readers: ReaderPool):
    item = ValidatePipeline().process_item(item)
    item = asyncio.run(_crawling(readers).process_item(item))
    return ParsePipeline().process_item(item)


@pytest.fixture(scope="module")
def readers():
    """One reader process, as a crawl starts them."""
    with ReaderPool(ReadLimits(READ_SECONDS, MEMORY, processes=1)) as pool:
        yield pool


@pytest.mark.parametrize("expected_file", BLIND_PAGES, ids=lambda path: path.name.removesuffix(".expected.json"))
def test_a_page_read_in_a_reader_process_is_stored_as_one_read_in_the_crawl_process(expected_file, readers):
    here, there = _in_one_process(_page(expected_file)), _in_a_reader(_page(expected_file), readers)
    assert isinstance(there, Page), there
    assert there.reading is None
    for name in FIELDS:
        assert getattr(there, name) == getattr(here, name), name
    # And what the parser itself reads from the page (tests/test_blind_reports.py checks that against the answers).
    page = _page(expected_file)
    report = parse_html_report(decode_page(page.body, page.content_type).text, page.url, page.listing_title,
                               LISTING_DATE, PORTAL_AGENCY)
    assert (there.text, there.container, there.meta) == (report.text, report.container, report.meta)
    assert (there.cells, there.checks) == (report.statistics.cells, report.statistics.checks)


class AnsweringPool(ReaderPool):
    """A page pool whose every read ends with the given exception, as pebble's futures end."""

    def __init__(self, answer: BaseException):
        super().__init__(ReadLimits(READ_SECONDS, MEMORY, processes=1))
        self.answer = answer

    def submit_call(self, reader, *args) -> Future:
        future = Future()
        future.set_exception(self.answer)
        return future


class ClosedPool(ReaderPool):
    """A page pool that takes no more work."""

    def submit_call(self, reader, *args) -> Future:
        raise RuntimeError("the pool is not running")


@pytest.mark.parametrize(("pool", "reason"), [
    (AnsweringPool(TimeoutError()), f"unreadable page: too slow: reading took over {READ_SECONDS} s"),
    (AnsweringPool(ProcessExpired("Abnormal termination", code=-9)),
     f"unreadable page: the reader crashed (killed by SIGKILL) within limits of {READ_SECONDS} s and 512 MiB"),
    (AnsweringPool(TypeError("cannot pickle 'lxml.etree._Element' object")),
     "unreadable page: TypeError: cannot pickle 'lxml.etree._Element' object"),
    (ClosedPool(ReadLimits(READ_SECONDS, MEMORY, processes=1)),
     "unreadable page: RuntimeError: the pool is not running"),
], ids=["over-its-time", "reader-killed", "answer-not-sent", "pool-closed"])
def test_a_page_its_reader_could_not_read_is_recorded_with_the_reason_and_its_body(pool, reason):
    item = ValidatePipeline().process_item(_page(BLIND_PAGES[0]))
    failed = asyncio.run(_crawling(pool).process_item(item))
    assert isinstance(failed, Failure)
    assert failed.reason == reason
    assert failed.body == item.body and failed.url == item.url


def test_a_page_being_read_when_the_crawl_stops_is_stored_not_dropped(readers):
    """A page takes milliseconds (its time limit at most): it is waited for; only files being read are dropped."""
    item = ValidatePipeline().process_item(_page(BLIND_PAGES[0]))
    read = asyncio.run(_crawling(readers, running=False).process_item(item))
    assert isinstance(read, Page) and read.reading is not None and read.text


def test_a_parser_that_raises_in_a_reader_is_a_parse_error_with_its_traceback_and_the_page_kept(monkeypatch):
    def broken(*args):
        raise KeyError("row")

    monkeypatch.setattr(page_reading, "parse_cleaned", broken)
    item = ValidatePipeline().process_item(_page(BLIND_PAGES[0]))
    reading = read_page(PageSource(item.body, item.content_type, item.url))
    assert reading.text and reading.report is None
    assert reading.parse_error == "parse error: KeyError: 'row'"
    assert "in broken" in reading.parse_traceback
    item.reading = reading
    failed = ParsePipeline().process_item(item)
    assert isinstance(failed, Failure)
    assert failed.reason == "parse error: KeyError: 'row'" and failed.body == item.body


@pytest.mark.parametrize("step", ["clean_tree", "parse_cleaned"])
def test_out_of_memory_in_a_page_is_not_taken_for_a_bad_page(step, monkeypatch):
    """A reader process leaves on MemoryError (and is replaced) rather than read on with a ruined heap."""
    def exhausted(*args):
        raise MemoryError

    monkeypatch.setattr(page_reading, step, exhausted)
    item = _page(BLIND_PAGES[0])
    with pytest.raises(MemoryError):
        read_page(PageSource(item.body, item.content_type, item.url))
