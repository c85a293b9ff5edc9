"""Hanweb 大汉 JCMS columns: records in <datastore> XML, further groups by POST to dataproxy.jsp or by uid/pageNum."""

import json
import re
from collections.abc import Iterator
from urllib.parse import parse_qsl, urljoin, urlsplit

import scrapy
from parsel import Selector

from nianbao.crawler.listings.base import Cut, Limits, Link, ListingError, capped, link_from, page_numbers
from nianbao.crawler.listings.claims import item_total, page_total, stated_per_page, text_claims

_DATASTORE = re.compile(r"<datastore>(.*?)</datastore>", re.DOTALL | re.IGNORECASE)
_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.DOTALL | re.IGNORECASE)
# Newer jpage pages hand the records to the script as an array of strings instead of XML.
_JS_ARRAY = re.compile(r"=\s*\[\s*(?=['\"])")
_JS_STRING = re.compile(r""""((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'""")
_BETWEEN = re.compile(r"\s*,?\s*")
_NEXTGROUP = re.compile(r"<nextgroup>\s*<!\[CDATA\[(.*?)\]\]>", re.DOTALL | re.IGNORECASE)
# Newer JCMS columns page by GET: /col/col<id>/index.html?uid=<unit>&pageNum=N (the unit's div id).
_UNIT_PAGES = re.compile(r"[?&]uid=(\d+)&(?:amp;)?pageNum=\d+", re.IGNORECASE)
_SCRIPT_FIELD = r"""\b{name}\s*[:=]\s*['"]?([\w/]+)"""
# The jpage script's proxy address, when the page names its own: proxyUrl: '/module/web/jpage/dataproxy.jsp'.
_PROXY_URL = re.compile(r"""\bproxyUrl\s*[:=]\s*['"]([^'"]+)['"]""", re.IGNORECASE)
# The unit a jpage script draws: $('#6101313').jpage({…}), inside <div id="6101313">.
_JPAGE_UNIT = re.compile(r"""\$\(\s*['"]#(\d+)['"]\s*\)\s*\.\s*jpage""")
# Hanweb column addresses: /col/col<columnid>/index.html.
_COLUMN_ID = re.compile(r"/col/col(\d+)/")
PROXY = "/module/web/jpage/dataproxy.jsp"
# Fields the jpage script posts with every request (docs/portals.md, Hanweb).
FORM_FIELDS = ("webid", "path", "columnid", "unitid", "webname", "permissiontype")
FIXED_FORM = {"col": "1", "appid": "1"}
GROUP_META = "hanweb_group"


def _unquoted(body: str) -> str:
    """A JS string literal's text, its escapes resolved as JSON resolves them (\\' too)."""
    try:
        return json.loads('"' + body.replace("\\'", "'").replace('"', '\\"').replace('\\\\"', '\\"') + '"')
    except ValueError:
        return body


def _js_records(text: str) -> list[str]:
    """The HTML strings of a script's array of records: var dataStore = ["<li><a href='…'>…</a></li>", …]."""
    for match in _JS_ARRAY.finditer(text):
        items, position = [], match.end()
        while string := _JS_STRING.match(text, position):
            double, single = string.groups()
            items.append(_unquoted(double if double is not None else single))
            position = _BETWEEN.match(text, string.end()).end()
        items = [item for item in items if "<a" in item.lower()]
        if items:
            return items
    return []


def records(text: str) -> list[str]:
    """The HTML snippets of a column's records: a <datastore>'s CDATA, else a script's array of record strings."""
    store = _DATASTORE.search(text)
    return _RECORD.findall(store.group(1) if store else text) or ([] if store else _js_records(text))


def _nextgroup_href(text: str) -> str:
    nextgroup = _NEXTGROUP.search(text)
    return (Selector(text=nextgroup.group(1)).css("a::attr(href)").get() or "").strip() if nextgroup else ""


def form_fields(text: str, url: str = "") -> dict[str, str]:
    """The jpage form fields: from the nextgroup link's query, else the page's scripts, else the unit and column ids."""
    query = parse_qsl(urlsplit(_nextgroup_href(text)).query)
    fields = {k.lower(): v for k, v in query if k.lower() in FORM_FIELDS}
    for name in FORM_FIELDS:
        if name not in fields:
            found = re.search(_SCRIPT_FIELD.format(name=name), text, re.IGNORECASE)
            if found:
                fields[name] = found.group(1)
    unit, column = _JPAGE_UNIT.search(text), _COLUMN_ID.search(urlsplit(url).path)
    if "unitid" not in fields and unit:
        fields["unitid"] = unit.group(1)
    if "columnid" not in fields and column:
        fields["columnid"] = column.group(1)
    fields.setdefault("path", "/")
    fields.setdefault("permissiontype", "0")
    return fields


def proxy_path(text: str) -> str:
    """Where the column's groups are posted: the nextgroup link's dataproxy, else the script's proxyUrl, else PROXY."""
    href = urlsplit(_nextgroup_href(text)).path
    if "dataproxy" in href.lower():
        return href
    named = _PROXY_URL.search(text)
    return named.group(1) if named else PROXY


def _group_request(column: str, group: dict, start: int, end: int, shown: list[str]) -> scrapy.Request:
    """The POST for records start…end of a column, with the jpage form fields."""
    url = urljoin(column, f"{group['proxy']}?startrecord={start}&endrecord={end}&perpage={group['per_page']}")
    return scrapy.FormRequest(url, formdata={**FIXED_FORM, **group["fields"]},
                              meta={GROUP_META: {**group, "start": start, "end": end, "shown": shown}})


class HanwebListing:
    """Listing parser for Hanweb JCMS columns."""

    name = "hanweb"

    def parse(self, response: scrapy.http.TextResponse,
              limits: Limits = Limits()) -> Iterator[Link | scrapy.Request | Cut]:
        """Links of the records on this page; on the column page, POSTs (or GETs) for the remaining groups."""
        found = records(response.text)
        group = response.meta.get(GROUP_META)
        if not found and not group:
            raise ListingError("Hanweb listing: no <datastore> <record> entries")
        kept = list(capped(found, limits, response.url))
        links = []
        for snippet in kept:
            anchor = [] if isinstance(snippet, Cut) else Selector(text=snippet).css("a[href]")
            if anchor:
                links.append(link_from(anchor[0], response.url))
        yield from links
        yield from (cut for cut in kept if isinstance(cut, Cut))
        shown = sorted(link.url for link in links)
        if isinstance(group, dict):
            yield from self._rest_of_group(response, group, len(found), shown)
        elif not group:
            yield from self._other_groups(response, len(found), shown, limits)

    def _other_groups(self, response, shown_count: int, shown: list[str],
                      limits: Limits) -> Iterator[scrapy.Request | Cut]:
        """From the column page: POSTs for every further group up to the claimed total, or GETs of its other pages."""
        claims = text_claims(response.text, response.url, shown_count)
        per_page = stated_per_page(response.text) or shown_count
        total, pages = item_total(claims), page_total(claims)
        pages = pages or -(-(total or 0) // per_page)
        total = total or pages * per_page
        unit_pages = _UNIT_PAGES.search(response.text)
        if unit_pages:
            yield from self._unit_pages(response, unit_pages.group(1), max(pages, -(-total // per_page)), limits)
            return
        more = total > shown_count if total else "dataproxy" in response.text.lower()
        if not more:
            return
        fields = form_fields(response.text, response.url)
        if "columnid" not in fields:
            raise ListingError("Hanweb listing: more records than shown but no columnid to page with")
        # Each group is as large as the one the page embeds (jpage asks for groupSize pages of perPage at a time).
        group = {"column": response.url, "proxy": proxy_path(response.text), "fields": fields, "per_page": per_page,
                 "size": shown_count, "total": total or None}
        if not total:
            # The page states no total: ask group after group until an answer is empty or repeats the one before.
            yield _group_request(response.url, group, shown_count + 1, 2 * shown_count, shown)
            return
        groups, cuts = page_numbers(1, -(-total // shown_count) - 1, limits, response.url)
        yield from cuts
        for number in groups:
            start = number * shown_count + 1
            yield _group_request(response.url, group, start, min(start + shown_count - 1, total), shown)

    def _rest_of_group(self, response, group: dict, received: int, shown: list[str]) -> Iterator[scrapy.Request]:
        """After a dataproxy answer: the records it fell short of, or, with no total stated, the next group."""
        # Servers keep their own group size whatever endrecord asks; an answer that repeats the last one ends the walk.
        start = group["start"] + received
        if group["total"]:
            if received and start <= min(group["end"], group["total"]):
                yield _group_request(group["column"], group, start, group["end"], shown)
        elif received and shown != group["shown"]:
            yield _group_request(group["column"], group, start, start + group["size"] - 1, shown)

    def _unit_pages(self, response, unit: str, pages: int, limits: Limits) -> Iterator[scrapy.Request | Cut]:
        """GETs of the column's other pages, ?uid=UNIT&pageNum=N, each served as a whole column page."""
        column = urljoin(response.url, urlsplit(response.url).path)
        numbers, cuts = page_numbers(2, pages, limits, response.url)
        yield from cuts
        for number in numbers:
            yield scrapy.Request(f"{column}?uid={unit}&pageNum={number}", meta={GROUP_META: True})
