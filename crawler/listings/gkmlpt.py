"""Guangdong gkmlpt: the SID in window._CONFIG, the annual-report category, JSON pages from /gkmlpt/api/all/."""

import re
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

import scrapy

from nianbao.crawler.listings.base import Cut, Limits, Link, ListingError, anchor_text, capped, page_numbers
from nianbao.crawler.listings.json_records import json_links, load_json, page_total

_SID = re.compile(r"""\bSID\s*[:=]\s*['"]?(\d+)""", re.IGNORECASE)
# The category id rides in the URL fragment (annualreport#2629) or in links and category data on the page.
_FRAGMENT = re.compile(r"#(\d+)$")
_CATEGORY_DATA = re.compile(r"""["']?id["']?\s*:\s*["']?(\d+)["']?\s*,\s*["']?name["']?\s*:\s*["']([^"']*)["']""")
_ANNUAL = re.compile(r"年报|年度报告")
API_META = "gkmlpt_api"


def _root(url: str) -> str:
    """The site's gkmlpt root (http://host[/dept]/gkmlpt/), where the API lives."""
    parts = urlsplit(url)
    prefix = parts.path.split("/gkmlpt/")[0] if "/gkmlpt/" in parts.path else ""
    return f"{parts.scheme}://{parts.netloc}{prefix}/gkmlpt/"


def category(response: scrapy.http.TextResponse) -> str | None:
    """The annual-report category id: from the listed URL's fragment, a 年报 link, or the page's category data."""
    for url in (*response.meta.get("redirect_urls", []), response.url):
        match = _FRAGMENT.search(url)
        if match:
            return match.group(1)
    for anchor in response.css("a[href*='#']"):
        match = _FRAGMENT.search(anchor.attrib["href"].strip())
        if match and _ANNUAL.search(anchor_text(anchor)):
            return match.group(1)
    return next((cid for cid, name in _CATEGORY_DATA.findall(response.text) if _ANNUAL.search(name)), None)


def api_url(root: str, category_id: str, page: int, sid: str) -> str:
    """One page of a category's JSON list."""
    return urljoin(root, f"api/all/{category_id}?page={page}&sid={sid}")


class GkmlptListing:
    """Listing parser for gkmlpt 政府信息公开目录 sites."""

    name = "gkmlpt"

    def parse(self, response: scrapy.http.TextResponse,
              limits: Limits = Limits()) -> Iterator[Link | scrapy.Request | Cut]:
        """The catalogue page asks for the category's first JSON page; a JSON page gives links and the rest."""
        api = response.meta.get(API_META)
        if api:
            yield from self._json_page(response, api, limits)
            return
        sid = _SID.search(response.text)
        if not sid:
            raise ListingError("gkmlpt listing: no SID in window._CONFIG")
        category_id = category(response)
        if category_id is None:
            raise ListingError("gkmlpt listing: no annual-report (年报) category in the URL, links or category data")
        api = {"root": _root(response.url), "category": category_id, "sid": sid.group(1), "page": 1}
        yield scrapy.Request(api_url(api["root"], category_id, 1, api["sid"]), meta={API_META: api})

    def _json_page(self, response, api: dict, limits: Limits) -> Iterator[Link | scrapy.Request | Cut]:
        data = load_json(response.text)
        if not isinstance(data, dict) or not isinstance(data.get("articles"), list):
            raise ListingError(f"gkmlpt API: expected JSON with an 'articles' list, got {response.text[:80]!r}")
        links = json_links(data["articles"], response.url, limits.links + 1)
        yield from capped(links, limits, response.url)
        if api["page"] != 1 or not links:
            return
        numbers, cuts = page_numbers(2, page_total(data, len(data["articles"])) or 1, limits, response.url)
        yield from cuts
        for page in numbers:
            yield scrapy.Request(api_url(api["root"], api["category"], page, api["sid"]),
                                 meta={API_META: {**api, "page": page}})
