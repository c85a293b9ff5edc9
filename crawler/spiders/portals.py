"""One spider for every registered portal: listing pages by family, new detail pages, and due re-checks."""

from dataclasses import replace
from pathlib import PurePosixPath
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import TextResponse
from scrapy.spidermiddlewares.httperror import HttpError

from nianbao.archive.rechecks import BLOCKED, ERROR, GONE, NOT_MODIFIED, conditional_headers, due_rechecks
from nianbao.archive.runs import BLOCKED_STATUSES, PERMANENT_STATUSES, known_urls, record_portals, start_run, utc_now
from nianbao.crawler.answers import is_challenge, moved_to
from nianbao.crawler.archive_handle import archive_for
from nianbao.crawler.attachments import attachment_links
from nianbao.crawler.blocked import PortalBlocked
from nianbao.crawler.browser import BROWSER_META
from nianbao.crawler.failures import failure_reason
from nianbao.crawler.items import ATTACHMENT, DETAIL, RECHECK, Failure, Page, Recheck
from nianbao.crawler.listings import LISTINGS, Link, ListingError, detect_family, mismatch
from nianbao.crawler.listings.base import LINKS, Cut, Limits
from nianbao.crawler.listings.claims import claims_in
from nianbao.crawler.listings.list_rows import column_items
from nianbao.crawler.offsite import Refused, refused
from nianbao.crawler.portal_stats import PortalStats
from nianbao.crawler.redirects import RedirectLoop
from nianbao.crawler.registry import BUNDLED, Portal, load_portals
from nianbao.crawler.settings import NIANBAO_MAX_LISTING_PAGES, NIANBAO_MAX_PORTAL_LINKS
from nianbao.extract.titles import may_be_report_title

# Archives hold anything; nianbao does not unpack them.
ARCHIVE_SUFFIXES = (".zip", ".rar", ".7z")
PORTAL = "portal"
LINK = "link"
# Marks a portal's first listing page: where moves, challenges and the family are read.
ROOT = "listing_root"
FAMILY = "family"
SOURCE = "source"
# A report page waiting for its attachments, and the attachment links still to fetch.
WAITING, PENDING = "waiting_page", "pending_attachments"
NOT_MODIFIED_STATUS = 304
# Listing pages that repeat an earlier page yet name new pages, after which a portal's pager is not followed.
TRAP_REPEATS = 2
# Re-check answers handled in the callback rather than as errors.
RECHECK_STATUSES = [NOT_MODIFIED_STATUS, *PERMANENT_STATUSES, *BLOCKED_STATUSES]


class PortalsSpider(scrapy.Spider):
    """Crawls the 年报 listing of each portal row and yields each new report page once."""

    name = "portals"

    def __init__(self, portals: list[Portal] | None = None, portals_file: str | None = None,
                 run_id: str | None = None, only: str | None = None, **kwargs):
        super().__init__(**kwargs)
        rows = portals if portals is not None else load_portals(portals_file or BUNDLED)
        wanted = set(only.split(",")) if only else None
        self.use_portals([p for p in rows if wanted is None or p.id in wanted])
        self.run_id = run_id
        self.known: set[str] = set()
        self.blocked: set[str] = set()
        self.listings: set[tuple] = set()
        self.listed_sets: dict[str, set[frozenset]] = {}
        self.repeated_pages: dict[str, int] = {}
        self.listing_requests: dict[str, int] = {}

    def use_portals(self, rows: list[Portal]) -> None:
        """Crawl these registry rows, each with fresh counters."""
        self.portals = {p.id: p for p in rows}
        self.stats_by_portal = {pid: PortalStats(pid, family=p.family) for pid, p in self.portals.items()}

    async def start(self):
        """Open the run, request each supported portal's first listing page, then its due re-checks."""
        db = archive_for(self.crawler)
        self.run_id = self.run_id or start_run(db, "scrapy crawl portals", len(self.portals))
        record_portals(db, self.portals.values())
        self.known = known_urls(db)
        for request in self.seed_requests(db, self.settings.getfloat("NIANBAO_RECHECK_DAYS"),
                                          self.settings.getint("NIANBAO_RECHECK_LIMIT")):
            yield request

    def seed_requests(self, db, recheck_days: float, recheck_limit: int):
        """Each supported portal's first listing page, then its due re-checks; unsupported rows are skipped."""
        crawled = []
        for portal in self.portals.values():
            if not portal.supported:
                self.stats_by_portal[portal.id].skip(f"family '{portal.family}' is not supported yet; row skipped")
                self.logger.warning("portal %s: family %s not supported yet, skipped", portal.id, portal.family)
                continue
            crawled.append(portal)
            yield scrapy.Request(portal.start_url, callback=self.parse_listing, errback=self.listing_failed,
                                 meta={**portal_meta(portal), ROOT: True}, dont_filter=True)
        for portal in crawled:
            for source in due_rechecks(db, portal.id, recheck_days, recheck_limit):
                yield self.recheck_request(portal, source)

    def recheck_request(self, portal: Portal, source: dict) -> scrapy.Request:
        """A conditional GET of a known report page; 304, 404/410 and 403/412 come to parse_recheck."""
        return scrapy.Request(source["url"], headers=conditional_headers(source), callback=self.parse_recheck,
                              errback=self.recheck_failed, dont_filter=True, priority=-1,
                              meta={**portal_meta(portal), SOURCE: source, "handle_httpstatus_list": RECHECK_STATUSES})

    def is_blocked(self, portal: str) -> bool:
        """True once the portal refused us this run; its further requests are dropped."""
        return portal in self.blocked

    def block(self, portal: str, message: str) -> None:
        """Stop asking a portal that answers 403/412; its reports are not gone."""
        self.blocked.add(portal)
        self.stats_by_portal[portal].block(message)
        self.logger.error("portal %s blocked us: %s", portal, message)

    def parse_listing(self, response):
        """Detail links and further listing pages of one listing page, by the portal's family."""
        portal = self.portals[response.meta[PORTAL]]
        stats = self.stats_by_portal[portal.id]
        stats.listing_pages += 1
        stats.answered()
        if not isinstance(response, TextResponse):
            stats.fail(f"listing {response.url}: not a text page ({_header(response.headers, b'Content-Type')})")
            return
        if response.meta.get(ROOT):
            if not self.read_root(portal, stats, response):
                return
            family = stats.family
        else:
            # Scaled out, the worker that read the first page may not be this one: the family rides along.
            family = response.meta.get(FAMILY) or stats.family or detect_family(response.text)
            stats.family = stats.family or family
        listing = LISTINGS.get(family)
        if listing is None:
            stats.skip(f"detected family '{family}' is not supported yet; not crawled")
            self.logger.warning("portal %s: detected family %s not supported yet", portal.id, family)
            return
        try:
            found = list(listing.parse(response, Limits.from_settings(self.settings)))
        except ListingError as exc:
            stats.fail(f"{response.url}: {exc}")
            self.logger.error("portal %s: %s: %s", portal.id, response.url, exc)
            return
        links = [result for result in found if isinstance(result, Link)]
        cuts = [result for result in found if isinstance(result, Cut)]
        for cut in cuts:
            self.record_cap(portal.id, cut.describe())
        # A page whose links were cut counts only those followed: a column claiming more is then held to its claim.
        cut_links = any(cut.what == LINKS for cut in cuts)
        items = {link.url for link in links} if cut_links else column_items(response, links)
        stats.listed(items, claims_in(response.text, response.url, len(items)))
        found = [result for result in found if not isinstance(result, Cut)]
        follow_pages = self.new_listing_page(portal, stats, response, found)
        for result in found:
            if isinstance(result, Link):
                yield from self.follow_link(portal, stats, result)
            elif follow_pages and _listing_key(result) not in self.listings and self.may_list(portal):
                # Pagers name every page on every page: ask the duplicate filter (a Redis call when
                # scaled out) once per page, not once per mention.
                self.listings.add(_listing_key(result))
                if not portal.owns(result.url):
                    yield self.refused_link(portal, result.url)
                    continue
                meta = {**result.meta, **portal_meta(portal), FAMILY: family}
                yield result.replace(callback=self.parse_listing, errback=self.listing_failed, meta=meta)

    def new_listing_page(self, portal: Portal, stats: PortalStats, response, found: list) -> bool:
        """Whether to follow a listing page's pager: not from a page that repeats an earlier one, nor past the cap."""
        links = frozenset(result.url for result in found if isinstance(result, Link))
        seen = self.listed_sets.setdefault(portal.id, set())
        repeat = bool(links) and links in seen
        seen.add(links)
        if not any(not isinstance(result, Link) and _listing_key(result) not in self.listings for result in found):
            return True  # nothing new to follow
        self.repeated_pages[portal.id] = self.repeated_pages.get(portal.id, 0) + repeat
        # One repeat is a family's way (an API's first page repeats the static page); a second that still
        # names new pages is a pager that never ends: page N+1 lists what page N listed, and names page N+2.
        if self.repeated_pages.get(portal.id, 0) >= TRAP_REPEATS:
            stats.note(f"pagination trap: {response.url} lists what an earlier page listed; its pager not followed")
            self.logger.warning("portal %s: %s", portal.id, stats.message)
            return False
        return True

    def may_list(self, portal: Portal) -> bool:
        """Whether one more listing page may be asked: the pages asked (its first one included) stay under the cap."""
        max_pages = self.settings.getint("NIANBAO_MAX_LISTING_PAGES", NIANBAO_MAX_LISTING_PAGES)
        asked = self.listing_requests.get(portal.id, 1)
        if asked >= max_pages:
            self.record_cap(portal.id, f"listing stopped at {max_pages} pages (NIANBAO_MAX_LISTING_PAGES)")
            return False
        self.listing_requests[portal.id] = asked + 1
        return True

    def record_cap(self, portal: str, message: str, listing: bool = True) -> None:
        """Record that a cap bounded what a portal made us do (portal_runs keeps the portal's first message);
        a cap on its listing is named again if the column then lists fewer items than it claims."""
        stats = self.stats_by_portal[portal]
        if stats.message is None:
            self.logger.warning("portal %s: %s", portal, message)
        (stats.capped if listing else stats.note)(message)

    def read_root(self, portal: Portal, stats: PortalStats, response: TextResponse) -> bool:
        """Read the first listing page: a challenge blocks, a redirect home means moved; settle the family.

        Returns False when the portal cannot be listed this run.
        """
        if is_challenge(response.text):
            self.block(portal.id, f"listing {response.url}: JavaScript cookie challenge from an anti-bot gateway")
            return False
        moved = moved_to(portal, portal.start_url, response.url)
        if moved:
            stats.move(f"listing {portal.start_url}: {moved}")
            self.logger.error("portal %s moved: %s", portal.id, moved)
            return False
        detected = detect_family(response.text)
        if stats.family is None:
            stats.family = detected
            self.logger.info("portal %s: detected family %s", portal.id, detected)
        elif mismatch(stats.family, detected):
            # Never list a page with another platform's parser: follow the page, and say so.
            stats.message = f"family mismatch: the registry says {stats.family}, the page is {detected}; listed as {detected}"
            self.logger.warning("portal %s: %s", portal.id, stats.message)
            stats.family = detected
        return True

    def follow_link(self, portal: Portal, stats: PortalStats, link: Link):
        """Request a listed report's page unless it is a notice, off-site, an attachment or known, or over the cap."""
        stats.links_found += 1
        max_links = self.settings.getint("NIANBAO_MAX_PORTAL_LINKS", NIANBAO_MAX_PORTAL_LINKS)
        if stats.links_found > max_links:
            self.record_cap(portal.id, f"links cut: the listing gave more than {max_links} links; the rest not followed"
                                       " (NIANBAO_MAX_PORTAL_LINKS)")
            return
        if not may_be_report_title(link.title):
            self.logger.debug("portal %s: not a report: %s", portal.id, link.title)
            return
        if not portal.owns(link.url):
            yield self.refused_link(portal, link.url)
            return
        stats.reports_listed += 1
        if PurePosixPath(urlsplit(link.url).path).suffix.lower() in ARCHIVE_SUFFIXES:
            self.logger.info("portal %s: archive file not unpacked: %s", portal.id, link.url)
            return
        if link.url in self.known:
            stats.known_skipped += 1
            return
        yield scrapy.Request(link.url, callback=self.parse_detail, errback=self.detail_failed,
                             meta={**portal_meta(portal), LINK: link})

    def parse_detail(self, response):
        """The fetched report page, as it came, for the pipelines."""
        portal = response.meta[PORTAL]
        link: Link = response.meta[LINK]
        stats = self.stats_by_portal[portal]
        stats.details_fetched += 1
        stats.answered()
        yield from self.with_attachments(self._page(response, link.title, link.date), response)

    def with_attachments(self, page: Page, response):
        """The page, or, when it links report files on its own site, a request for the first of them."""
        portal = self.portals[page.portal]
        links = attachment_links(response) if isinstance(response, TextResponse) else []
        yield from (replace(self.refused_link(portal, url), kind=ATTACHMENT) for url in links if not portal.owns(url))
        yield from self.next_attachment(page, [url for url in links if portal.owns(url)])

    def refused_link(self, portal: Portal, url: str) -> Failure:
        """A link the portal may not follow (another site or port, an internal address, not http), recorded."""
        reason = str(refused("link", url, portal.fetch_rule.refusal(url)))
        self.logger.info("portal %s: %s", portal.id, reason)
        return Failure(portal=portal.id, url=url, crawl_run=self.run_id, at=utc_now(), reason=reason)

    def next_attachment(self, page: Page, links: list[str]):
        """Fetch the next attachment of a waiting page, or hand the page on once all are in."""
        if not links:
            yield page
            return
        # Two pages may share a file; each page waits for its own copy, so the duplicate filter must not drop it.
        yield scrapy.Request(links[0], callback=self.parse_attachment, errback=self.attachment_failed,
                             dont_filter=True, meta={**portal_meta(self.portals[page.portal]), WAITING: page,
                                                     PENDING: links[1:]})

    def parse_attachment(self, response):
        """A report file linked from a page: kept with the page, which goes on once its files are in."""
        page: Page = response.meta[WAITING]
        self.stats_by_portal[page.portal].answered()
        attachment = self._page(response, page.listing_title, page.listing_date, kind=ATTACHMENT)
        attachment.parent_url = page.url
        page.attachments.append(attachment)
        yield from self.next_attachment(page, response.meta[PENDING])

    def attachment_failed(self, failure):
        """A linked file that could not be fetched is recorded; its page is archived without it."""
        meta = failure.request.meta
        if not failure.check(PortalBlocked):
            item = self._failure(failure)
            self.stats_by_portal[item.portal].errors += 1
            yield replace(item, kind=ATTACHMENT)
        yield from self.next_attachment(meta[WAITING], meta[PENDING])

    def parse_recheck(self, response):
        """A known page re-checked: unchanged (304), gone (404/410, or moved away), blocked, or a page to compare."""
        portal = response.meta[PORTAL]
        source = response.meta[SOURCE]
        stats = self.stats_by_portal[portal]
        stats.rechecked += 1
        stats.answered(with_page=response.status not in RECHECK_STATUSES)
        answer = Recheck(portal=portal, url=source["url"], crawl_run=self.run_id, at=utc_now(), outcome=NOT_MODIFIED,
                         status=response.status)
        if response.status == NOT_MODIFIED_STATUS:
            stats.not_modified += 1
            yield answer
        elif response.status in BLOCKED_STATUSES:
            self.block(portal, f"re-check {source['url']}: HTTP {response.status}")
            yield replace(answer, outcome=BLOCKED, detail=f"HTTP {response.status}")
        elif response.status in PERMANENT_STATUSES:
            yield replace(answer, outcome=GONE, detail=f"HTTP {response.status}")
        elif response.url != source["url"]:
            # Removed pages often redirect to the home page or a column; a moved report is listed anew.
            yield replace(answer, outcome=GONE, detail=f"redirected to {response.url}")
            if response.url not in self.known:
                yield self._page(response, source["listing_title"], source["listing_date"])
        else:
            page = self._page(response, source["listing_title"], source["listing_date"], kind=RECHECK)
            yield from self.with_attachments(page, response)

    def _page(self, response, listing_title: str | None, listing_date: str | None, kind: str = DETAIL) -> Page:
        portal = response.meta[PORTAL]
        headers = response.headers
        return Page(
            portal=portal, url=response.url, status=response.status, body=response.body,
            fetched_at=utc_now(), crawl_run=self.run_id,
            content_type=_header(headers, b"Content-Type"), etag=_header(headers, b"ETag"),
            last_modified=_header(headers, b"Last-Modified"), listing_title=listing_title, listing_date=listing_date,
            portal_agency=self.portals[portal].agency, kind=kind,
            listed_url=response.meta.get("redirect_urls", [response.url])[0],
        )

    def listing_failed(self, failure):
        """A listing page that could not be fetched fails (or, refused, blocks) its portal for this run."""
        if failure.check(PortalBlocked):
            return
        item = self._failure(failure)
        if item.status in BLOCKED_STATUSES:
            self.block(item.portal, f"listing {item.url}: {item.reason}")
        elif item.status in PERMANENT_STATUSES and failure.request.meta.get(ROOT):
            self.stats_by_portal[item.portal].move(f"listing {item.url}: {item.reason}: the column moved or was removed")
        elif failure.check(Refused) and failure.request.meta.get(ROOT):
            self.stats_by_portal[item.portal].move(f"listing {item.url}: {item.reason}")
        else:
            self.stats_by_portal[item.portal].fail(f"listing {item.url}: {item.reason}")
        yield item

    def detail_failed(self, failure):
        """A report page that could not be fetched is recorded; the crawl goes on."""
        if failure.check(PortalBlocked):
            return
        item = self._failure(failure)
        if item.status in BLOCKED_STATUSES:
            self.block(item.portal, f"{item.url}: {item.reason}")
        elif not failure.check(IgnoreRequest) or failure.check(RedirectLoop, Refused):  # robots.txt: not an error
            self.stats_by_portal[item.portal].errors += 1
        yield item

    def recheck_failed(self, failure):
        """A re-check that got no usable answer (server error, network, robots.txt) changes nothing but is logged."""
        if failure.check(PortalBlocked):
            return
        item = self._failure(failure)
        self.stats_by_portal[item.portal].errors += 1
        yield item.as_recheck(ERROR)

    def _failure(self, failure) -> Failure:
        request = failure.request
        status = failure.value.response.status if failure.check(HttpError) else None
        reason = failure_reason(failure.value)
        self.stats_by_portal[request.meta[PORTAL]].answered(with_page=False)
        self.logger.warning("portal %s: %s failed: %s", request.meta[PORTAL], request.url, reason)
        # Recorded under the URL the listing gave, which the next run asks again; the reason names any redirects.
        listed = request.meta.get("redirect_urls", [request.url])[0]
        return Failure(portal=request.meta[PORTAL], url=listed, crawl_run=self.run_id, at=utc_now(),
                       reason=reason, status=status, permanent=status in PERMANENT_STATUSES)


def portal_meta(portal: Portal) -> dict:
    """A request's meta for a portal: its id, and a real browser for rows that need one."""
    return {PORTAL: portal.id, BROWSER_META: True} if portal.browser else {PORTAL: portal.id}


def _listing_key(request: scrapy.Request) -> tuple:
    """A listing request's identity: POSTed pages share their URL and differ by body."""
    return request.method, request.url, request.body


def _header(headers, name: bytes) -> str | None:
    value = headers.get(name)
    return value.decode("latin-1") if value else None
