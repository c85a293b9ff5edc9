"""Load saved pages under tests/files/<portal>/ as real Scrapy responses with their original URLs."""

from dataclasses import dataclass
from pathlib import Path

import yaml
from scrapy.http import HtmlResponse, Request, TextResponse
from scrapy.utils.test import get_crawler

from nianbao.crawler.items import Page
from nianbao.crawler.registry import load_portals
from nianbao.crawler.spiders.portals import PORTAL, PortalsSpider
from nianbao.pipelines.clean import CleanPipeline
from nianbao.pipelines.parse import ParsePipeline

FILES = Path(__file__).parent / "files"
BUNDLED = {p.id: p for p in load_portals()}
FETCHED_AT = "2026-11-01T00:00:00+00:00"


def saved_url(portal: str, name: str) -> str:
    """The URL a fixture was saved from, per tests/files/<portal>/urls.yaml."""
    return yaml.safe_load((FILES / portal / "urls.yaml").read_text(encoding="utf-8"))[name]


def saved_response(portal: str, name: str, content_type: str = "text/html", meta: dict | None = None):
    """A fixture as the response Scrapy would have built for its URL."""
    url = saved_url(portal, name)
    body = (FILES / portal / name).read_bytes()
    cls = HtmlResponse if "html" in content_type else TextResponse
    request = Request(url, meta={PORTAL: portal, **(meta or {})})
    return cls(url=url, body=body, headers={"Content-Type": content_type}, request=request,
               **({} if cls is HtmlResponse else {"encoding": "utf-8"}))


def spider_for(*portal_ids: str, known: set[str] = frozenset()) -> PortalsSpider:
    """A portals spider over bundled registry rows, as a crawl would create it."""
    crawler = get_crawler(PortalsSpider, {"NIANBAO_MAX_LISTING_PAGES": 300})
    spider = PortalsSpider.from_crawler(crawler, portals=[BUNDLED[i] for i in portal_ids], run_id="test-run")
    spider.known = set(known)
    return spider


@dataclass
class Listed:
    """What a portal's spider yields for a saved listing page."""

    spider: PortalsSpider
    requests: list

    def _urls(self, callback) -> list[str]:
        return [r.url for r in self.requests if isinstance(r, Request) and r.callback == callback]

    @property
    def details(self) -> list[str]:
        """Detail pages it requests, in order."""
        return self._urls(self.spider.parse_detail)

    @property
    def pages(self) -> list[str]:
        """Further listing pages it requests, in order."""
        return self._urls(self.spider.parse_listing)


def listed(portal: str, name: str, known: set[str] = frozenset(), meta: dict | None = None) -> Listed:
    """A saved listing page parsed by the portal's spider, as a crawl would."""
    spider = spider_for(portal, known=known)
    return Listed(spider, list(spider.parse_listing(saved_response(portal, name, meta=meta))))


def answered(listing: Listed, request: Request, portal: str, name: str, content_type: str = "application/json") -> Listed:
    """A saved answer to a request the spider made (an API page), parsed by the same spider."""
    body = (FILES / portal / name).read_bytes()
    response = TextResponse(url=request.url, body=body, headers={"Content-Type": content_type}, request=request,
                            encoding="utf-8")
    return Listed(listing.spider, list(listing.spider.parse_listing(response)))


def parsed_page(portal: str, name: str, content_type: str = "text/html") -> Page:
    """A saved detail page run through the clean and parse pipelines."""
    page = Page(portal=portal, url=saved_url(portal, name), status=200, body=(FILES / portal / name).read_bytes(),
                fetched_at=FETCHED_AT, crawl_run="test-run", content_type=content_type)
    for stage in (CleanPipeline(), ParsePipeline()):
        page = stage.process_item(page)
    return page


def cell(page: Page, section: str, row: str, col: str) -> dict:
    """The one cell at a key; fails if absent."""
    found = [c for c in page.cells if (c["section"], c["row"], c["col"]) == (section, row, col)]
    assert len(found) == 1, f"no cell {section}/{row}/{col}"
    return found[0]
