"""Lists a page's script loads from a JSON API (POSTed as a form or a JSON body, or asked by GET), as the tax
administration's is."""

import json
from collections.abc import Iterator
from dataclasses import asdict
from urllib.parse import urlencode, urljoin

import scrapy

from nianbao.crawler.listings.base import Cut, Limits, Link, ListingError, capped
from nianbao.crawler.listings.json_records import json_links, load_json, page_total
from nianbao.crawler.listings.scripts import PostCall, post_calls, size_field

API_META = "post_api"


def page_request(column: str, call: PostCall, page: int, known: dict | None = None) -> scrapy.Request:
    """The request for one page of the list, with the script's fixed fields and the page number."""
    fields = {**call.fields, call.page_field: str(page)}
    meta = {API_META: {**(known or {}), "column": column, "call": asdict(call), "page": page}}
    url = urljoin(column, call.url)
    if call.method != "POST":
        return scrapy.Request(url + ("&" if "?" in url else "?") + urlencode(fields), meta=meta)
    if call.json_body:
        body = {k: int(v) if v.isdigit() else v for k, v in fields.items()}
        return scrapy.Request(url, method="POST", body=json.dumps(body, ensure_ascii=False),
                              headers={"Content-Type": "application/json"}, meta=meta)
    return scrapy.FormRequest(url, formdata=fields, meta=meta)


def api_page(response: scrapy.http.TextResponse, api: dict, limits: Limits) -> Iterator[Link | scrapy.Request | Cut]:
    """Links of one JSON answer; the request for the next page while the answer's page count (or new items) says so."""
    data = load_json(response.text)
    if data is None:
        raise ListingError(f"list API: the answer is not JSON: {response.text[:80]!r}")
    links = json_links(data, api["column"], limits.links + 1)
    yield from capped(links, limits, response.url)
    call = PostCall(**api["call"])
    shown = sorted(link.url for link in links)
    if api.get("pages") is None:
        size_name = size_field(call.fields)
        size = int(call.fields[size_name]) if size_name and call.fields[size_name].isdigit() else len(links)
        api = {**api, "pages": page_total(data, size) or 0}
    # With a page count, ask up to it; without one, until a page lists nothing or repeats the one before.
    more = api["page"] - call.first_page + 1 < api["pages"] if api["pages"] else bool(shown) and shown != api.get("shown")
    if more:
        yield page_request(api["column"], call, api["page"] + 1, {**api, "shown": shown})


class PostListing:
    """Listing parser for columns whose script POSTs for a JSON list."""

    name = "post"

    def parse(self, response: scrapy.http.TextResponse,
              limits: Limits = Limits()) -> Iterator[Link | scrapy.Request | Cut]:
        """The column page sends the script's first POST; each JSON answer gives links and the next pages."""
        api = response.meta.get(API_META)
        if api:
            yield from api_page(response, api, limits)
            return
        calls = post_calls(response.text)
        if not calls:
            raise ListingError("POST listing: no $.ajax({type: 'POST'}) or $.post() call with a page field")
        for call in calls:
            yield page_request(response.url, call, call.first_page)
