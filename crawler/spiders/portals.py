"""One spider for every registered portal: listing pages by family, then new detail pages."""

from pathlib import PurePosixPath
from urllib.parse import urlsplit

import scrapy
from scrapy.http import TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import DNSLookupError, TCPTimedOutError, TimeoutError

from archive.runs import PERMANENT_STATUSES, known_urls, record_portals, start_run, utc_now
from crawler.archive_handle import archive_for
from crawler.items import Failure, Page
from crawler.listings import LISTINGS, Link, ListingError, detect_family
from crawler.portal_stats import PortalStats
from crawler.registry import BUNDLED, Portal, load_portals
from extract.titles import may_be_report_title

# Attachments are their own issue; the foundation crawls HTML detail pages only.
ATTACHMENT_SUFFIXES = (".pdf", ".doc", ".docx", ".wps", ".xls", ".xlsx", ".ofd", ".zip", ".rar")
PORTAL = "portal"
LINK = "link"
NETWORK_ERRORS = (DNSLookupError, TimeoutError, TCPTimedOutError)


class PortalsSpider(scrapy.Spider):
    """Crawls the 年报 listing of each portal row and yields each new report page once."""

    name = "portals"

    def __init__(self, portals: list[Portal] | None = None, portals_file: str | None = None,
                 run_id: str | None = None, only: str | None = None, **kwargs):
        super().__init__(**kwargs)
        rows = portals if portals is not None else load_portals(portals_file or BUNDLED)
        wanted = set(only.split(",")) if only else None
        self.portals = {p.id: p for p in rows if wanted is None or p.id in wanted}
        self.run_id = run_id
        self.stats_by_portal = {pid: PortalStats(pid, family=p.family) for pid, p in self.portals.items()}
        self.known: set[str] = set()

    async def start(self):
        """Open the run, then request each supported portal's first listing page."""
        db = archive_for(self.crawler)
        self.run_id = self.run_id or start_run(db, "scrapy crawl portals", len(self.portals))
        record_portals(db, self.portals.values())
        self.known = known_urls(db)
        for portal in self.portals.values():
            if not portal.supported:
                self.stats_by_portal[portal.id].fail(f"family '{portal.family}' is not supported yet; row skipped")
                self.logger.warning("portal %s: family %s not supported yet, skipped", portal.id, portal.family)
                continue
            yield scrapy.Request(portal.start_url, callback=self.parse_listing, errback=self.listing_failed,
                                 meta={PORTAL: portal.id}, dont_filter=True)

    def parse_listing(self, response):
        """Detail links and further listing pages of one listing page, by the portal's family."""
        portal = self.portals[response.meta[PORTAL]]
        stats = self.stats_by_portal[portal.id]
        stats.listing_pages += 1
        if not isinstance(response, TextResponse):
            stats.fail(f"listing {response.url}: not a text page ({_header(response.headers, b'Content-Type')})")
            return
        if stats.family is None:
            stats.family = detect_family(response.text)
            self.logger.info("portal %s: detected family %s", portal.id, stats.family)
        listing = LISTINGS.get(stats.family)
        if listing is None:
            stats.fail(f"detected family '{stats.family}' is not supported yet")
            return
        try:
            found = list(listing.parse(response))
        except ListingError as exc:
            stats.fail(f"{response.url}: {exc}")
            self.logger.error("portal %s: %s: %s", portal.id, response.url, exc)
            return
        max_pages = self.settings.getint("NIANBAO_MAX_LISTING_PAGES")
        for result in found:
            if isinstance(result, Link):
                yield from self.follow_link(portal, stats, result)
            elif stats.listing_pages < max_pages and portal.owns(result.url):
                meta = {**result.meta, PORTAL: portal.id}
                yield result.replace(callback=self.parse_listing, errback=self.listing_failed, meta=meta)

    def follow_link(self, portal: Portal, stats: PortalStats, link: Link):
        """Request a listed report's page unless it is a notice, off-site, an attachment or known."""
        stats.links_found += 1
        if not may_be_report_title(link.title):
            self.logger.debug("portal %s: not a report: %s", portal.id, link.title)
            return
        if not portal.owns(link.url):
            self.logger.info("portal %s: off-site link skipped: %s", portal.id, link.url)
            return
        stats.reports_listed += 1
        if PurePosixPath(urlsplit(link.url).path).suffix.lower() in ATTACHMENT_SUFFIXES:
            self.logger.info("portal %s: attachment not crawled yet: %s", portal.id, link.url)
            return
        if link.url in self.known:
            stats.known_skipped += 1
            return
        yield scrapy.Request(link.url, callback=self.parse_detail, errback=self.detail_failed,
                             meta={PORTAL: portal.id, LINK: link})

    def parse_detail(self, response):
        """The fetched report page, as it came, for the pipelines."""
        portal = response.meta[PORTAL]
        link: Link = response.meta[LINK]
        self.stats_by_portal[portal].details_fetched += 1
        headers = response.headers
        yield Page(
            portal=portal, url=response.url, status=response.status, body=response.body,
            fetched_at=utc_now(), crawl_run=self.run_id,
            content_type=_header(headers, b"Content-Type"), etag=_header(headers, b"ETag"),
            last_modified=_header(headers, b"Last-Modified"), listing_title=link.title, listing_date=link.date,
            portal_agency=self.portals[portal].agency,
        )

    def listing_failed(self, failure):
        """A listing page that could not be fetched fails its portal for this run."""
        portal = failure.request.meta[PORTAL]
        item = self._failure(failure)
        self.stats_by_portal[portal].fail(f"listing {item.url}: {item.reason}")
        yield item

    def detail_failed(self, failure):
        """A report page that could not be fetched is recorded; the crawl goes on."""
        item = self._failure(failure)
        self.stats_by_portal[item.portal].errors += 1
        yield item

    def _failure(self, failure) -> Failure:
        request = failure.request
        status = None
        if failure.check(HttpError):
            status = failure.value.response.status
            reason = f"HTTP {status}"
        elif failure.check(*NETWORK_ERRORS):
            reason = f"network: {failure.value}"
        else:
            reason = f"{failure.type.__name__}: {failure.value}"
        self.logger.warning("portal %s: %s failed: %s", request.meta[PORTAL], request.url, reason)
        return Failure(portal=request.meta[PORTAL], url=request.url, crawl_run=self.run_id, at=utc_now(),
                       reason=reason, status=status, permanent=status in PERMANENT_STATUSES)


def _header(headers, name: bytes) -> str | None:
    value = headers.get(name)
    return value.decode("latin-1") if value else None
