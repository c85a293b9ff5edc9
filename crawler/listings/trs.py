"""TRS WCM listings: index.html, index_1.html… with the page count from createPageHTML(n, …)."""

import re
from collections.abc import Iterator
from urllib.parse import urljoin

import scrapy

from crawler.listings.base import Link, ListingError, anchor_text, link_from, names_a_report
from crawler.listings.trs_search import API_META, first_search_page, search_page

# TRS detail pages: ./202103/t20210305_80595.html (portals.md).
DETAIL = re.compile(r"(^|/)t\d{8}_\d+\.s?html?(\?|#|$)")
_PAGER = re.compile(r"createPageHTML\s*\(([^)]*)\)")
_ARG = re.compile(r"""(['"])(.*?)\1|(\d+)""")


def page_count(text: str) -> tuple[int, str, str] | None:
    """(pages, prefix, extension) from createPageHTML(12, 0, "index", "html") or its
    ('page_div', 12, 0, 'index', 'html', 63) variant; None when the page has no pager."""
    match = _PAGER.search(text)
    if not match:
        return None
    numbers, strings = [], []
    for quoted_mark, quoted, number in _ARG.findall(match.group(1)):
        (strings.append(quoted) if quoted_mark else numbers.append(int(number)))
    if not numbers or len(strings) < 2:
        return None
    return numbers[0], strings[-2], strings[-1]


class TrsListing:
    """Listing parser for TRS WCM columns."""

    name = "trs"

    def parse(self, response: scrapy.http.TextResponse) -> Iterator[Link | scrapy.Request]:
        """Detail links of one listing page, and requests for the other pages it names or its search API holds."""
        api = response.meta.get(API_META)
        if api:
            yield from search_page(response, api)
            return
        anchors = [a for a in response.css("a[href]")
                   if DETAIL.search(a.attrib["href"].strip()) or names_a_report(anchor_text(a))]
        search = first_search_page(response)
        if search:
            yield search
        elif not anchors:
            raise ListingError("TRS listing: no detail links like ./YYYYMM/tYYYYMMDD_ID.html and no search API")
        for anchor in anchors:
            yield link_from(anchor, response.url)
        pager = page_count(response.text)
        if pager:
            pages, prefix, extension = pager
            for number in range(1, pages):
                yield scrapy.Request(urljoin(response.url, f"{prefix}_{number}.{extension}"))
