"""One polite request per registry row's listing: reachable, moved, blocked, family mismatch or unreachable."""

from dataclasses import asdict, dataclass
from typing import ClassVar

import scrapy
from scrapy.http import TextResponse

from nianbao.archive.runs import BLOCKED_STATUSES, PERMANENT_STATUSES
from nianbao.crawler import settings
from nianbao.crawler.answers import is_challenge, moved_to
from nianbao.crawler.listings import LISTINGS, Link, ListingError, detect_family, mismatch
from nianbao.crawler.offsite import Refused
from nianbao.crawler.registry import Portal

REACHABLE, MOVED, BLOCKED, MISMATCH, UNREACHABLE, UNSUPPORTED = (
    "reachable", "moved", "blocked", "family mismatch", "unreachable", "unsupported")
# Every answer comes to the callback: the probe reports statuses, it does not retry or raise on them.
ALL_ERRORS = list(range(400, 600))
# The crawl's downloader rules (off-site refused at every hop, capped robots.txt and cookies) without its retries and
# its skipping of portals blocked earlier in a run: the probe asks each row once.
NOT_PROBED = ("nianbao.crawler.blocked.SkipBlockedPortals", "nianbao.crawler.backoff.BackoffRetryMiddleware")
# Refusals that mean the listing sent us to another site: it moved (an internal address is only refused).
MOVED_AWAY = ("(another site)", "(another port)")


@dataclass
class Verdict:
    """What one row's listing answered, as `nianbao probe` reports it."""

    portal: str
    status: str
    family: str | None = None
    detected: str | None = None
    http: int | None = None
    final_url: str | None = None
    reports: int = 0
    message: str = ""

    def row(self) -> dict:
        """The verdict as a JSON object."""
        return asdict(self)


def judge(portal: Portal, response: TextResponse) -> Verdict:
    """Classify one listing answer: refused, gone, sent home, another platform, or a list we can read."""
    verdict = Verdict(portal.id, REACHABLE, family=portal.family, http=response.status, final_url=response.url)
    text = response.text if isinstance(response, TextResponse) else ""
    if response.status in BLOCKED_STATUSES or is_challenge(text):
        verdict.status = BLOCKED
        verdict.message = f"HTTP {response.status}" + (": JavaScript cookie challenge" if is_challenge(text) else "")
        return verdict
    moved = moved_to(portal, portal.start_url, response.url)
    if moved or response.status in PERMANENT_STATUSES:
        verdict.status, verdict.message = MOVED, moved or f"HTTP {response.status}"
        return verdict
    if response.status >= 400 or not text:
        verdict.status, verdict.message = UNREACHABLE, f"HTTP {response.status}" + ("" if text else ", not a text page")
        return verdict
    verdict.detected = detect_family(text)
    if mismatch(portal.family, verdict.detected):
        verdict.status = MISMATCH
        verdict.message = f"the registry says {portal.family}, the page is {verdict.detected}"
        return verdict
    listing = LISTINGS.get(portal.family or verdict.detected)
    if listing is None:
        verdict.status, verdict.message = UNSUPPORTED, f"detected family {verdict.detected} is not supported yet"
        return verdict
    try:
        found = list(listing.parse(response))
    except ListingError as exc:
        verdict.status, verdict.message = MISMATCH, str(exc)
        return verdict
    verdict.reports = sum(isinstance(item, Link) for item in found)
    api = len(found) - verdict.reports
    verdict.message = f"{verdict.reports} report links" + (f", {api} further list requests" if api else "")
    return verdict


class ProbeSpider(scrapy.Spider):
    """Asks each supported row's listing page once; the verdicts are left in self.verdicts."""

    name = "probe"
    custom_settings: ClassVar[dict] = {"ITEM_PIPELINES": {}, "EXTENSIONS": {}, "RETRY_ENABLED": False,
                       "DOWNLOADER_MIDDLEWARES": {**settings.DOWNLOADER_MIDDLEWARES,
                                                  **dict.fromkeys(NOT_PROBED)}}

    def __init__(self, portals: list[Portal], **kwargs):
        super().__init__(**kwargs)
        self.portals = {p.id: p for p in portals}
        self.verdicts: dict[str, Verdict] = {
            p.id: Verdict(p.id, UNSUPPORTED, family=p.family, message=f"family '{p.family}' is not supported yet")
            for p in portals if not p.supported}

    async def start(self):
        """One request per supported row, following redirects, every status handed to the callback."""
        for portal in self.portals.values():
            if portal.supported:
                yield scrapy.Request(portal.start_url, callback=self.judged, errback=self.failed, dont_filter=True,
                                     meta={"portal": portal.id, "handle_httpstatus_list": ALL_ERRORS})

    def judged(self, response):
        """Record the row's verdict."""
        portal = self.portals[response.meta["portal"]]
        self.verdicts[portal.id] = judge(portal, response)

    def failed(self, failure):
        """No answer at all (DNS, timeout, refused, robots.txt): unreachable, with the reason."""
        portal = self.portals[failure.request.meta["portal"]]
        if failure.check(Refused) and str(failure.value).endswith(MOVED_AWAY):  # not followed there, but moved
            self.verdicts[portal.id] = Verdict(portal.id, MOVED, family=portal.family, message=str(failure.value))
            return
        self.verdicts[portal.id] = Verdict(portal.id, UNREACHABLE, family=portal.family,
                                           message=f"{failure.type.__name__}: {failure.value}")
