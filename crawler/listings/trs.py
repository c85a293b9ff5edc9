"""TRS WCM listings: index.html, index_1.html… with the page count from createPageHTML(n, …), and the rest of a
column its script loads from a search API."""

import re
from collections.abc import Iterator
from urllib.parse import urljoin

import scrapy

from nianbao.crawler.listings import post
from nianbao.crawler.listings.base import (
    COUNT,
    Cut,
    Limits,
    Link,
    ListingError,
    anchor_title,
    capped,
    link_from,
    names_a_report,
    page_numbers,
)
from nianbao.crawler.listings.scripts import list_calls
from nianbao.crawler.listings.trs_search import API_META, first_search_page, search_page

# TRS detail pages: ./202103/t20210305_80595.html (docs/portals.md).
DETAIL = re.compile(r"(^|/)t\d{8}_\d+\.s?html?(\?|#|$)")
# The page count a column's pager had named when a page of it was asked, carried to that page.
PAGER_META = "trs_pager_pages"
_PAGER = re.compile(r"createPageHTML\s*\(([^)]*)\)")
# Arguments: quoted strings and bare numbers; a bare word (the function's own definition) is neither, nor is a
# number of more digits than any count has.
_ARG = re.compile(rf"""(['"])(.*?)\1|\b({COUNT})\b""")


def pager_arguments(text: str) -> tuple[list[int], list[str]] | None:
    """The numbers and strings of the page's createPageHTML(…) call, None when it has none."""
    # Pages that inline the pager script name it first in its definition, createPageHTML(_nPageCount, …).
    for match in _PAGER.finditer(text):
        numbers, strings = [], []
        for quoted_mark, quoted, number in _ARG.findall(match.group(1)):
            (strings.append(quoted) if quoted_mark else numbers.append(int(number)))
        if numbers:
            return numbers, strings
    return None


def page_count(text: str) -> tuple[int, str, str] | None:
    """(pages, prefix, extension) from createPageHTML(12, 0, "index", "html") or its
    ('page_div', 12, 0, 'index', 'html', 63) variant; None when the page has no pager."""
    arguments = pager_arguments(text)
    if not arguments or len(arguments[1]) < 2:
        return None
    numbers, strings = arguments
    return numbers[0], strings[-2], strings[-1]


class TrsListing:
    """Listing parser for TRS WCM columns."""

    name = "trs"

    def parse(self, response: scrapy.http.TextResponse,
              limits: Limits = Limits()) -> Iterator[Link | scrapy.Request | Cut]:
        """Detail links of one listing page, and requests for the other pages it names or its search API holds."""
        api = response.meta.get(API_META)
        if api:
            yield from search_page(response, api, limits)
            return
        if response.meta.get(post.API_META):
            yield from post.api_page(response, response.meta[post.API_META], limits)
            return
        found = list(capped((a for a in response.css("a[href]")
                             if DETAIL.search(a.attrib["href"].strip()) or names_a_report(anchor_title(a))),
                            limits, response.url))
        anchors = [a for a in found if not isinstance(a, Cut)]
        search = first_search_page(response)
        pager = page_count(response.text)
        # Without a static pager, a script call that asks for a page of the list is the column's pager.
        calls = [] if search or pager else list_calls(response.text)
        searches = [search] if search else [post.page_request(response.url, call, call.first_page) for call in calls]
        if not searches and not anchors:
            raise ListingError("TRS listing: no detail links like ./YYYYMM/tYYYYMMDD_ID.html and no search API")
        yield from searches
        for anchor in found:
            yield anchor if isinstance(anchor, Cut) else link_from(anchor, response.url)
        if pager:
            pages, prefix, extension = pager
            # Every page of a column names all its pages: asked from each, N pages would build N×N requests for
            # the spider to drop. A page asks only for those its own pager names beyond the ones already asked
            # (none, unless the column grew between two pages' captures).
            asked = response.meta.get(PAGER_META, 1)
            numbers, cuts = page_numbers(asked, pages - 1, limits, response.url)
            yield from cuts
            for number in numbers:
                yield scrapy.Request(urljoin(response.url, f"{prefix}_{number}.{extension}"),
                                     meta={PAGER_META: max(pages, asked)})
