"""TRS columns that render only the newest items and load the rest from the TRS search (IGS) JSON API."""

import math
import re
from collections.abc import Iterator
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import scrapy

from nianbao.crawler.listings.base import Cut, Limits, Link, ListingError, capped, page_numbers
from nianbao.crawler.listings.json_records import json_links, load_json, page_total
from nianbao.crawler.listings.scripts import balanced, object_fields

# The API address in a script, with its query (…list.html?index=…&filter[CHANNELID]=…), or followed by data: {…}.
_SEARCH_URL = re.compile(r"""(['"])([^'"]*igs/front/search/list\.html[^'"]*)\1""")
_DATA = re.compile(r"\bdata\s*:\s*(?=\{)")
# How far after the API address its $.ajax data: {…} may start, in characters.
NEAR = 400
PAGE_FIELD, SIZE_FIELD = "pageNumber", "pageSize"
DEFAULT_PAGE_SIZE = 10
API_META = "trs_search_api"


def search_query(text: str) -> tuple[str, dict[str, str]] | None:
    """The search API path and the column's fixed query fields, from the page's script; None when absent."""
    found = _SEARCH_URL.search(text)
    if not found:
        return None
    parts = urlsplit(found.group(2))
    fields = dict(parse_qsl(parts.query, keep_blank_values=True))
    data = _DATA.search(text, found.end(), found.end() + NEAR)
    if data:
        fields.update(object_fields(balanced(text, data.end()))[0])
    if not any(key.startswith("filter[") or key == "index" for key in fields):
        return None
    fields = {k: v for k, v in fields.items() if k not in (PAGE_FIELD, SIZE_FIELD)} | {
        SIZE_FIELD: fields.get(SIZE_FIELD) or str(DEFAULT_PAGE_SIZE)}
    return parts.path, fields


def search_url(base: str, path: str, fields: dict[str, str], page: int) -> str:
    """One page of the column from the search API."""
    return urljoin(base, path) + "?" + urlencode({**fields, PAGE_FIELD: page})


def first_search_page(response: scrapy.http.TextResponse) -> scrapy.Request | None:
    """The request for the search API's first page, when the column page loads its list from there."""
    declared = search_query(response.text)
    if declared is None:
        return None
    path, fields = declared
    api = {"column": response.url, "path": path, "fields": fields, "page": 1}
    return scrapy.Request(search_url(response.url, path, fields, 1), meta={API_META: api})


def search_page(response: scrapy.http.TextResponse, api: dict, limits: Limits) -> Iterator[Link | scrapy.Request | Cut]:
    """Links of one search API page; the first page also asks for the others, as many as the limit allows."""
    data = load_json(response.text)
    if not isinstance(data, dict):
        raise ListingError(f"TRS search API: expected a JSON object, got {response.text[:80]!r}")
    links = json_links(data, api["column"], limits.links + 1)
    yield from capped(links, limits, response.url)
    if api["page"] != 1:
        return
    size = int(api["fields"][SIZE_FIELD]) if api["fields"][SIZE_FIELD].isdigit() else len(links)
    pages = page_total(data, size) or math.ceil(len(links) / max(size, 1))
    numbers, cuts = page_numbers(2, pages, limits, response.url)
    yield from cuts
    for page in numbers:
        yield scrapy.Request(search_url(api["column"], api["path"], api["fields"], page),
                             meta={API_META: {**api, "page": page}})
