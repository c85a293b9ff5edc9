"""Find a portal's 年报 column from its home page by link text, and say which family lists it."""

import re
from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.exceptions import CloseSpider
from scrapy.http import TextResponse

from nianbao.crawler.listings import LISTINGS, Link, ListingError, detect_family, gkmlpt, jpaas, post, trs_search
from nianbao.crawler.listings.base import anchor_text, leads_to_page
from nianbao.crawler.offsite import PORTAL, Refused
from nianbao.crawler.registry import Portal, site_domain
from nianbao.extract.normalize import collapse_spaces
from nianbao.extract.titles import has_year, is_report_title, may_be_report_title

# Link texts, best first: the column itself, then the sections that hold it (docs/portals.md, "Where the reports are").
COLUMN = re.compile(r"年报|年度报告|工作报表")
SECTION = re.compile(r"政府信息公开|政务信息公开|信息公开|政务公开|公开目录|信息公开目录")
COLUMN_PRIORITY, SECTION_PRIORITY = 20, 10
_TITLE_SPLIT = re.compile(r"[_|\-—–]+")
# The meta keys that mark a request for a list API page.
API_KEYS = {gkmlpt.API_META, jpaas.API_META, post.API_META, trs_search.API_META}
TRAIL = "trail"
DEPTH = "discover_depth"
CANDIDATE = "candidate"
DISCOVERED = "discovered"


@dataclass
class Found:
    """The column discovery settled on and how it got there."""

    start_url: str
    family: str
    reports: int
    trail: list[str] = field(default_factory=list)
    site_name: str | None = None


def report_links(found: list) -> int:
    """How many of a listing parse's links name a report."""
    return sum(isinstance(item, Link) and may_be_report_title(item.title) for item in found)


def site_name(response: TextResponse) -> str | None:
    """The site's name: its SiteName meta, else the last part of the page title."""
    name = response.css("meta[name=SiteName]::attr(content)").get()
    if name:
        return collapse_spaces(name)
    title = collapse_spaces(response.css("title::text").get() or "")
    parts = [p.strip() for p in _TITLE_SPLIT.split(title) if p.strip()]
    return parts[-1] if parts else None


def is_report_page(response: TextResponse) -> bool:
    """True for a report's own page (its title names a report of a year), which lists neighbours, not the column."""
    title = response.css("meta[name=ArticleTitle]::attr(content)").get() or response.css("title::text").get() or ""
    return has_year(title) and is_report_title(title)


class DiscoverSpider(scrapy.Spider):
    """Walks from a home page along 政府信息公开 / 年报 links until a page lists reports; sets self.found."""

    name = "discover"
    custom_settings: ClassVar[dict] = {"ITEM_PIPELINES": {}, "EXTENSIONS": {}, "DEPTH_PRIORITY": 0}

    def __init__(self, url: str, max_depth: int = 4, max_pages: int = 40, **kwargs):
        super().__init__(**kwargs)
        self.home, self.max_depth, self.max_pages = url, max_depth, max_pages
        self.site = site_domain(urlsplit(url).netloc.lower())
        # The crawl's fetch rule (crawler.offsite) for every hop: the home page's host stands in for a portal's.
        self.portals = {DISCOVERED: Portal(DISCOVERED, DISCOVERED, url, hosts=(urlsplit(url).netloc.lower(),))}
        self.found: Found | None = None
        self.pages = 0
        self.asked: set[str] = set()
        self.refusals: list[str] = []

    async def start(self):
        """The home page."""
        yield scrapy.Request(self.home, callback=self.visit, errback=self.refused,
                             meta={TRAIL: [], DEPTH: 0, PORTAL: DISCOVERED})

    def visit(self, response):
        """Is this the column? If not, follow the links whose text leads to one."""
        self.pages += 1
        if not isinstance(response, TextResponse):
            return
        trail = response.meta[TRAIL]
        if not is_report_page(response):
            yield from self.try_column(response, trail)
        if response.meta[DEPTH] >= self.max_depth:
            return
        for anchor in response.css("a[href]"):
            href = anchor.attrib["href"].strip()
            text = anchor_text(anchor)
            if not leads_to_page(href) or not text or has_year(text):
                continue
            priority = COLUMN_PRIORITY if COLUMN.search(text) else SECTION_PRIORITY if SECTION.search(text) else None
            url = urljoin(response.url, href)
            if priority is None or url in self.asked or site_domain(urlsplit(url).netloc.lower()) != self.site:
                continue
            if len(self.asked) >= self.max_pages:
                return
            self.asked.add(url)
            yield scrapy.Request(url, callback=self.visit, errback=self.refused,
                                 priority=priority - response.meta[DEPTH],
                                 meta={TRAIL: [*trail, text], DEPTH: response.meta[DEPTH] + 1, PORTAL: DISCOVERED})

    def refused(self, failure):
        """Keep what the fetch rule refused, to say it when nothing is found; other failures stay in the log."""
        if failure.check(Refused):
            self.refusals.append(str(failure.value))

    def try_column(self, response, trail: list[str]):
        """Settle on this page if its family's parser finds report links, or its list API does."""
        family = detect_family(response.text)
        listing = LISTINGS.get(family)
        if listing is None:
            return
        try:
            found = list(listing.parse(response))
        except ListingError:
            return
        reports = report_links(found)
        if reports:
            self.settle(Found(response.url, family, reports, trail, site_name(response)))
        api = next((r for r in found if isinstance(r, scrapy.Request) and set(r.meta) & API_KEYS), None)
        if api is not None:
            found = Found(response.url, family, 0, trail, site_name(response))
            meta = {**api.meta, CANDIDATE: found, PORTAL: DISCOVERED}
            yield api.replace(callback=self.confirm, meta=meta, priority=COLUMN_PRIORITY * 2)

    def confirm(self, response):
        """A candidate's list API answered: settle on the candidate if the answer names reports."""
        candidate: Found = response.meta[CANDIDATE]
        try:
            reports = report_links(list(LISTINGS[candidate.family].parse(response)))
        except ListingError:
            return
        if reports:
            candidate.reports = reports
            self.settle(candidate)

    def settle(self, found: Found) -> None:
        """Keep the first column found and stop."""
        self.found = found
        raise CloseSpider("column found")


def registry_row(found: Found, home: str, portal_id: str | None = None) -> dict:
    """A registry row ready to paste, with the evidence of how it was found."""
    host = urlsplit(found.start_url).netloc.lower()
    return {
        "id": portal_id or default_id(host),
        "name": found.site_name or host,
        "start_url": found.start_url,
        "family": found.family,
        "evidence": f"nianbao discover {home} on {date.today().isoformat()}: "
                    f"{' > '.join(['首页', *found.trail])} ({found.reports} report links)",
    }


def default_id(host: str) -> str:
    """A registry id from a host: www.yunxi.gov.cn → yunxi, 127.0.0.1:8000 → host-8000."""
    name, _, port = host.partition(":")
    if name.replace(".", "").isdigit():
        return f"host-{port or 'www'}"
    suffix = site_domain(name).split(".")[1:]
    labels = [label for label in name.split(".")[: len(name.split(".")) - len(suffix)] if label != "www"]
    return "-".join(labels) or name.replace(".", "-")
