"""Report links inside JSON list answers (gkmlpt, TRS search, POST lists), whatever the field names."""

import json
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from urllib.parse import urljoin

from parsel import Selector

from nianbao.crawler.listings.base import COUNT_DIGITS, Link
from nianbao.extract.metadata import parse_date
from nianbao.extract.normalize import collapse_spaces

# Field names real list APIs use, compared lower-cased; the first present wins.
URL_KEYS = ("post_url", "url", "docpuburl", "puburl", "link", "linkurl", "href", "docurl", "pageurl", "publishurl",
            "detailurl", "fileurl")
TITLE_KEYS = ("title", "doctitle", "name", "filename", "subject", "maintitle", "docname")
DATE_KEYS = ("display_publish_time", "first_publish_time", "publishedtimestr", "pubdate", "publishtime",
             "publish_time", "docreltime", "releasetime", "created_at", "create_time", "date", "time")
PAGES_KEYS = ("totalpages", "totalpage", "pagecount", "pages", "pagetotal")
TOTAL_KEYS = ("total", "totalcount", "totalelements", "totalrecord", "recordcount", "totalnum")
CHINA = timezone(timedelta(hours=8))
# Epoch values above this are milliseconds.
MILLISECONDS = 10**11


def load_json(text: str):
    """The JSON value of an answer, None when it is not JSON (an HTML page, an error text)."""
    stripped = text.strip()
    if not stripped.startswith(("{", "[")):
        return None
    try:
        return json.loads(stripped)
    except ValueError:
        return None


def _lowered(record: dict) -> dict:
    return {str(key).lower(): value for key, value in record.items()}


def _first(record: dict, keys: tuple[str, ...]):
    return next((record[k] for k in keys if record.get(k) not in (None, "")), None)


def _date(value) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        seconds = value / 1000 if value > MILLISECONDS else value
        return datetime.fromtimestamp(seconds, CHINA).date().isoformat()
    return parse_date(str(value))


def records(data) -> Iterator[dict]:
    """Every object in a JSON value, depth first."""
    if isinstance(data, dict):
        yield data
        for value in data.values():
            yield from records(value)
    elif isinstance(data, list):
        for value in data:
            yield from records(value)


def json_links(data, base_url: str, most: int | None = None) -> list[Link]:
    """A Link for each object that has both a URL field and a title field, in answer order; no more than most."""
    links: list[Link] = []
    for record in records(data):
        if len(links) == most:
            break
        fields = _lowered(record)
        url, title = _first(fields, URL_KEYS), _first(fields, TITLE_KEYS)
        if not isinstance(url, str) or not isinstance(title, str) or not url.strip():
            continue
        # Search APIs wrap matched words in <em>: the title is its text.
        title = collapse_spaces(Selector(text=f"<p>{title}</p>").xpath("string(.)").get())
        links.append(Link(url=urljoin(base_url, url.strip()), title=title, date=_date(_first(fields, DATE_KEYS))))
    return links


def number_at(data, keys: tuple[str, ...]) -> tuple[str, int] | None:
    """The first whole number under one of keys (lower-cased), depth first, with the key as the answer spells it."""
    for record in records(data):
        fields = {str(key).lower(): (key, value) for key, value in record.items()}
        for key in keys:
            name, value = fields.get(key, (key, None))
            if isinstance(value, str) and value.isdigit() and len(value) <= COUNT_DIGITS:
                value = int(value)
            if isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10**COUNT_DIGITS:
                return str(name), value
    return None


def _number(data, keys: tuple[str, ...]) -> int | None:
    found = number_at(data, keys)
    return found[1] if found else None


def page_total(data, per_page: int) -> int | None:
    """How many pages the list has: its page count, else its item total over per_page; None when it says neither."""
    pages = _number(data, PAGES_KEYS)
    if pages is not None:
        return pages
    total = _number(data, TOTAL_KEYS)
    if total is None or per_page <= 0:
        return None
    return -(-total // per_page)
