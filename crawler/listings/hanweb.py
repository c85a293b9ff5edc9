"""Hanweb 大汉 JCMS columns: records in <datastore> XML, further groups by POST to dataproxy.jsp or by uid/pageNum."""

import math
import re
from collections.abc import Iterator
from urllib.parse import parse_qsl, urljoin, urlsplit

import scrapy
from parsel import Selector

from crawler.listings.base import Link, ListingError, link_from

_DATASTORE = re.compile(r"<datastore>(.*?)</datastore>", re.DOTALL | re.IGNORECASE)
_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.DOTALL | re.IGNORECASE)
# The total stands in the datastore, or only in the jpage script's totalRecord parameter.
_TOTAL = re.compile(r"<totalrecord>\s*(\d+)\s*</totalrecord>|totalRecord\s*:\s*['\"]?(\d+)", re.IGNORECASE)
_NEXTGROUP = re.compile(r"<nextgroup>\s*<!\[CDATA\[(.*?)\]\]>", re.DOTALL | re.IGNORECASE)
_PERPAGE = re.compile(r"perpage\s*[:=]\s*['\"]?(\d+)", re.IGNORECASE)
# Newer JCMS columns page by GET: /col/col<id>/index.html?uid=<unit>&pageNum=N (the unit's div id).
_UNIT_PAGES = re.compile(r"[?&]uid=(\d+)&(?:amp;)?pageNum=\d+", re.IGNORECASE)
_TOTAL_PAGES = re.compile(r"<totalpage>\s*(\d+)\s*</totalpage>", re.IGNORECASE)
_SCRIPT_FIELD = r"""\b{name}\s*[:=]\s*['"]?([\w/]+)"""
PROXY = "/module/web/jpage/dataproxy.jsp"
# Fields the jpage script posts with every request (portals.md, Hanweb).
FORM_FIELDS = ("webid", "path", "columnid", "unitid", "webname", "permissiontype")
FIXED_FORM = {"col": "1", "appid": "1"}
GROUP_META = "hanweb_group"


def records(text: str) -> list[str]:
    """The CDATA HTML snippets of a <datastore>'s records."""
    store = _DATASTORE.search(text)
    return _RECORD.findall(store.group(1) if store else text)


def form_fields(text: str) -> dict[str, str]:
    """The jpage form fields, from the nextgroup link's query, else from the page's script."""
    fields: dict[str, str] = {}
    nextgroup = _NEXTGROUP.search(text)
    if nextgroup:
        href = Selector(text=nextgroup.group(1)).css("a::attr(href)").get() or ""
        fields.update((k, v) for k, v in parse_qsl(urlsplit(href).query) if k in FORM_FIELDS)
    for name in FORM_FIELDS:
        if name not in fields:
            found = re.search(_SCRIPT_FIELD.format(name=name), text, re.IGNORECASE)
            if found:
                fields[name] = found.group(1)
    fields.setdefault("path", "/")
    fields.setdefault("permissiontype", "0")
    return fields


class HanwebListing:
    """Listing parser for Hanweb JCMS columns."""

    name = "hanweb"

    def parse(self, response: scrapy.http.TextResponse) -> Iterator[Link | scrapy.Request]:
        """Links of the records on this page; on the column page, POSTs for the remaining groups."""
        found = records(response.text)
        if not found:
            raise ListingError("Hanweb listing: no <datastore> <record> entries")
        for snippet in found:
            anchor = Selector(text=snippet).css("a[href]")
            if anchor:
                yield link_from(anchor[0], response.url)
        if response.meta.get(GROUP_META):
            return
        total_match = _TOTAL.search(response.text)
        total = int(total_match.group(1) or total_match.group(2)) if total_match else 0
        pages_match = _TOTAL_PAGES.search(response.text)
        pages = int(pages_match.group(1)) if pages_match else math.ceil(total / len(found))
        if pages <= 1:
            return
        unit_pages = _UNIT_PAGES.search(response.text)
        if unit_pages:
            yield from self._unit_pages(response, unit_pages.group(1), pages)
            return
        fields = form_fields(response.text)
        if "columnid" not in fields:
            raise ListingError("Hanweb listing: more records than shown but no columnid to page with")
        perpage_match = _PERPAGE.search(response.text)
        perpage = int(perpage_match.group(1)) if perpage_match else len(found)
        for start in range(len(found) + 1, total + 1, len(found)):
            end = min(start + len(found) - 1, total)
            url = urljoin(response.url, f"{PROXY}?startrecord={start}&endrecord={end}&perpage={perpage}")
            yield scrapy.FormRequest(url, formdata={**FIXED_FORM, **fields}, meta={GROUP_META: True})

    def _unit_pages(self, response, unit: str, pages: int) -> Iterator[scrapy.Request]:
        """GETs of the column's other pages, ?uid=UNIT&pageNum=N, each served as a whole column page."""
        column = urljoin(response.url, urlsplit(response.url).path)
        for number in range(2, pages + 1):
            yield scrapy.Request(f"{column}?uid={unit}&pageNum={number}", meta={GROUP_META: True})
