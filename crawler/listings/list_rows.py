"""The items a listing page shows: every row of the lists its links sit in, report or not, as a column counts them."""

from urllib.parse import urljoin

import scrapy
from parsel import Selector

from nianbao.crawler.listings.base import Link, anchor_text, leads_to_page

# Elements that hold one list item each.
ROW_TAGS = ("li", "tr", "dd")
_NEAREST_ROW = "ancestor::*[" + " or ".join(f"self::{tag}" for tag in ROW_TAGS) + "][1]"
# How far above a link a repeated row (a <div> or <p> per item) may start.
ROW_DEPTH = 3
# Rows repeat: a list of one row is no evidence of the list's shape.
MIN_ROWS = 2


def _url(anchor: Selector, base: str) -> str:
    return urljoin(base, anchor.attrib["href"].strip())


def _like_key(element: Selector) -> tuple:
    """What an element's repeated siblings share: its parent, its tag, and its class unless a row tag says enough."""
    tag, css = element.xpath("name()").get(), element.attrib.get("class")
    return element.root.getparent(), tag, None if tag in ROW_TAGS else css


def _repeats(element: Selector, counted: dict) -> int:
    """How many of an element's siblings (itself included) look like it and hold a link; counted once per list."""
    key = _like_key(element)
    if key not in counted:
        _, tag, css = key
        like = element.xpath(f"../{tag}[a or .//a]" if tag != "a" else "../a")
        counted[key] = sum(1 for e in like if css is None or e.attrib.get("class") == css)
    return counted[key]


def _row(anchor: Selector, counted: dict) -> Selector | None:
    """The list row an anchor sits in: its nearest <li>/<tr>/<dd>, else an ancestor repeated beside its siblings."""
    row = anchor.xpath(_NEAREST_ROW)
    if row:
        return row[0]
    element = anchor
    for _ in range(ROW_DEPTH + 1):
        if _repeats(element, counted) >= MIN_ROWS:
            return element
        parent = element.xpath("..")
        if not parent or parent[0].xpath("name()").get() in ("body", "html"):
            return None
        element = parent[0]
    return None


def _siblings(row: Selector) -> list[Selector]:
    _, tag, css = _like_key(row)
    rows = row.xpath(f"../{tag}")
    return rows if css is None else [r for r in rows if r.attrib.get("class") == css]


def _item(row: Selector, base: str, listed: set[str]) -> str | None:
    """A row's item: the listed link in it, else its anchor with the longest text (the title, not a category tag)."""
    anchors = [a for a in ([row] if row.xpath("name()").get() == "a" else row.css("a[href]"))
               if leads_to_page(a.attrib.get("href", ""))]
    urls = [_url(a, base) for a in anchors]
    hit = next((u for u in urls if u in listed), None)
    if hit or not anchors:
        return hit
    return _url(max(anchors, key=lambda a: len(anchor_text(a))), base)


def column_items(response: scrapy.http.TextResponse, links: list[Link]) -> set[str]:
    """The URLs of the items a listing answer shows: its links, and the other rows of the HTML lists they sit in."""
    listed = {link.url for link in links}
    if not isinstance(response, scrapy.http.HtmlResponse):
        return listed
    items = set(listed)
    # Rows of one list are read once, whatever the number of its links: per link, a page of 100,000 would cost
    # 100,000 walks of its list.
    containers: set[tuple] = set()
    counted: dict[tuple, int] = {}
    for anchor in response.css("a[href]"):
        if leads_to_page(anchor.attrib["href"]) and _url(anchor, response.url) in listed:
            row = _row(anchor, counted)
            if row is None or _like_key(row) in containers:
                continue
            containers.add(_like_key(row))
            items.update(u for u in (_item(r, response.url, listed) for r in _siblings(row)) if u)
    return items
