"""Plain lists: links whose text names a 年报, pagination by 下一页 and numbered links."""

import re
from collections.abc import Iterator
from urllib.parse import urljoin

import scrapy

from nianbao.crawler.listings.base import (
    LINKS,
    PAGES,
    Cut,
    Limits,
    Link,
    ListingError,
    anchor_title,
    leads_to_page,
    link_from,
    names_a_report,
)

_NEXT = re.compile(r"^(下一页|下页|下一頁|后页|>|>>|»|›)$")
_NUMBER = re.compile(r"^\[?\d{1,4}\]?$")


class GenericListing:
    """Listing parser for sites with no known CMS."""

    name = "generic"

    def parse(self, response: scrapy.http.TextResponse,
              limits: Limits = Limits()) -> Iterator[Link | scrapy.Request | Cut]:
        """Report links of this page, and requests for the next and numbered pages, each up to its limit."""
        reports = pages = 0
        for anchor in response.css("a[href]"):
            href = anchor.attrib["href"].strip()
            if not leads_to_page(href):
                continue
            title = anchor_title(anchor)
            if names_a_report(title):
                reports += 1
                if reports <= limits.links:
                    yield link_from(anchor, response.url)
            elif _NEXT.match(title) or _NUMBER.match(title):
                pages += 1
                if pages <= limits.pages:
                    yield scrapy.Request(urljoin(response.url, href))
        if not reports:
            raise ListingError("generic listing: no link whose text names a 年报 / 年度报告 with a year")
        for what, named, limit in ((LINKS, reports, limits.links), (PAGES, pages, limits.pages)):
            if named > limit:
                yield Cut(what, named, limit, response.url)
