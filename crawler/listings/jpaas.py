"""Hanweb jpaas columns: a unitbuild script's queryData, pages of list HTML from the publish-server gateway."""

import html
import json
import re
from collections.abc import Iterator
from urllib.parse import urlencode, urljoin

import scrapy
from parsel import Selector

from nianbao.crawler.listings.base import COUNT, Cut, Limits, Link, ListingError, capped, leads_to_page, link_from
from nianbao.crawler.listings.json_records import load_json
from nianbao.crawler.listings.scripts import SIZE_KEYS, field_named, object_fields

GATEWAY = "/api-gateway/jpaas-publish-server/front/page/build/unit"
# The unit script tag: <script src=".../unitbuild.js" url="…/build/unit" queryData="{'webId':'…',…}">.
_QUERY_DATA = re.compile(r"""querydata\s*=\s*(["'])(\{.*?\})\1""", re.IGNORECASE | re.DOTALL)
_UNIT_URL = re.compile(r"""\burl\s*=\s*["']([^"']*jpaas-publish-server[^"']*)["']""", re.IGNORECASE)
# Fixed parameters the unitbuild script adds to every call.
FIXED = {"parseType": "bulidstatic", "pageType": "column", "editType": "null"}
REQUIRED = ("webId", "pageId", "tplSetId")
DEFAULT_PAGE_SIZE = 20
_PAGES = re.compile(rf"共\s*({COUNT})\s*页|totalPage\D{{0,4}}({COUNT})(?!\d)", re.IGNORECASE)
API_META = "jpaas_api"


def unit_query(text: str) -> tuple[str, dict[str, str]] | None:
    """The gateway path and the unit's query fields declared on a column page, None when there is none."""
    found = _QUERY_DATA.search(text)
    if not found:
        return None
    fields, _ = object_fields(html.unescape(found.group(2)))
    if not all(fields.get(name) for name in REQUIRED):
        return None
    url = _UNIT_URL.search(text)
    return (url.group(1) if url else GATEWAY), fields


def page_url(base: str, gateway: str, fields: dict[str, str], page: int, size: int) -> str:
    """One page of the column's list from the gateway."""
    query = {**FIXED, **{k: v for k, v in fields.items() if field_named({k}, SIZE_KEYS) is None},
             "paramJson": json.dumps({"pageNo": page, "pageSize": size}, separators=(",", ":"))}
    return urljoin(base, gateway) + "?" + urlencode(query)


class JpaasListing:
    """Listing parser for Hanweb jpaas columns."""

    name = "jpaas"

    def parse(self, response: scrapy.http.TextResponse,
              limits: Limits = Limits()) -> Iterator[Link | scrapy.Request | Cut]:
        """The column page asks for page 1; each gateway page gives its links and asks for the next."""
        api = response.meta.get(API_META)
        if api:
            yield from self._gateway_page(response, api, limits)
            return
        declared = unit_query(response.text)
        if declared is None:
            raise ListingError("jpaas listing: no unitbuild queryData with webId, pageId and tplSetId")
        gateway, fields = declared
        size_field = field_named(fields, SIZE_KEYS)
        size = int(fields[size_field]) if size_field and fields[size_field].isdigit() else DEFAULT_PAGE_SIZE
        api = {"column": response.url, "gateway": gateway, "fields": fields, "size": size, "page": 1}
        yield scrapy.Request(page_url(response.url, gateway, fields, 1, size), meta={API_META: api})

    def _gateway_page(self, response, api: dict, limits: Limits) -> Iterator[Link | scrapy.Request | Cut]:
        data = load_json(response.text)
        fragment = (data.get("data") or {}).get("html") if isinstance(data, dict) else None
        if not isinstance(fragment, str):
            raise ListingError(f"jpaas gateway: expected JSON with data.html, got {response.text[:80]!r}")
        list_html = Selector(text=fragment or "<ul></ul>")
        found = list(capped((a for a in list_html.css("a[href]") if leads_to_page(a.attrib["href"])), limits,
                            response.url))
        links = [link_from(anchor, api["column"]) for anchor in found if not isinstance(anchor, Cut)]
        yield from links
        yield from (cut for cut in found if isinstance(cut, Cut))
        pages = _PAGES.search(list_html.xpath("string(.)").get() or "") or _PAGES.search(fragment)
        last = int(pages.group(1) or pages.group(2)) if pages else None
        shown = sorted(link.url for link in links)
        # Without a page count, the column ends at a page that lists nothing or repeats the page before
        # (gateways keep their own page size and some ignore pageNo).
        more = api["page"] < last if last is not None else bool(shown) and shown != api.get("shown")
        if more:
            page = api["page"] + 1
            yield scrapy.Request(page_url(api["column"], api["gateway"], api["fields"], page, api["size"]),
                                 meta={API_META: {**api, "page": page, "shown": shown}})
