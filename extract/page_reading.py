"""A report page's HTML read whole (decoded, cleaned, parsed) into one picklable answer: what a reader process
hands back for a page during a crawl, so that the crawl's own process only downloads and writes."""

import traceback
from dataclasses import dataclass

from nianbao.extract.clean import clean_tree, parse_html
from nianbao.extract.decode import decode_page
from nianbao.extract.documents.limits import out_of_memory
from nianbao.extract.report import ParsedReport, parse_cleaned


@dataclass(frozen=True)
class PageSource:
    """A fetched page's bytes and what the listing said of it: all that reading it needs."""

    body: bytes
    content_type: str | None
    url: str
    listing_title: str | None = None
    listing_date: str | None = None
    portal_agency: str | None = None


@dataclass
class PageReading:
    """The page decoded and cleaned, and its report, or why either failed (`unreadable`: no text; `parse_error`:
    text, but the parser raised, with its traceback for the crawl's log)."""

    encoding: str
    mislabelled: bool
    unreadable: str | None = None
    text: str | None = None
    container: str | None = None
    rendered: str | None = None
    title: str | None = None
    report: ParsedReport | None = None
    parse_error: str | None = None
    parse_traceback: str | None = None


def read_page(source: PageSource) -> PageReading:
    """Decode, clean and parse one report page; an error in either step is kept as the reason, not raised."""
    decoded = decode_page(source.body, source.content_type)
    reading = PageReading(decoded.encoding, decoded.mislabelled)
    try:
        tree = parse_html(decoded.text)
        cleaned = clean_tree(tree)
    except Exception as exc:  # lxml and trafilatura raise many types on junk input
        if out_of_memory(exc):  # a reader process leaves on it rather than read on with a ruined heap
            raise
        reading.unreadable = f"unreadable page: {type(exc).__name__}: {exc}"
        return reading
    reading.text, reading.container, reading.rendered = cleaned.text, cleaned.container, cleaned.rendered
    reading.title = tree.findtext(".//title")  # a removal notice may be in it
    try:
        reading.report = parse_cleaned(tree, cleaned, source.url, source.listing_title, source.listing_date,
                                       source.portal_agency)
    except Exception as exc:  # a parser bug on one page must not stop the crawl or lose the page
        if out_of_memory(exc):
            raise
        reading.parse_error = f"parse error: {type(exc).__name__}: {exc}"
        reading.parse_traceback = traceback.format_exc()
    return reading
