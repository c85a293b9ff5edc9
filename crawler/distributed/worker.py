"""The spider a worker runs: the portals spider fed by the shared queue, with leases and shared run state."""

import asyncio
import time

from scrapy import Request
from scrapy.exceptions import CloseSpider
from scrapy.utils.defer import deferred_from_coro

from nianbao.crawler.distributed.connection import connect
from nianbao.crawler.distributed.keys import Keys
from nianbao.crawler.distributed.plan import RUNNING, Plan, read_plan
from nianbao.crawler.distributed.queue import LEASE
from nianbao.crawler.distributed.rejections import PLAN, Rejections
from nianbao.crawler.distributed.schema import Rejected
from nianbao.crawler.items import Page
from nianbao.crawler.spiders.portals import PORTAL, PortalsSpider

PLAN_POLL_SECONDS = 0.5
REDIS_LOST, RUN_LOST, NO_PLAN = "redis_lost", "run_lost", "no_plan"


class LeaseDone:
    """Sentinel item after a leased request's last output: the queue pipeline acknowledges the lease.

    With CONCURRENT_ITEMS = 1 Scrapy processes a callback's output strictly in order, so by the time this
    reaches the pipelines every item before it is in Redis and every request before it is queued. The
    acknowledgement carries the counters of the request's portal. It holds the pages the request gave: one
    the pipelines dropped (its files were still being read when the worker stopped) was not finished, and
    its lease is left for another worker.
    """

    def __init__(self, lease: int, portal: str | None = None):
        self.lease, self.portal = lease, portal
        self.pages: list[Page] = []

    def __repr__(self) -> str:
        return f"LeaseDone({self.lease})"


class RedisSet:
    """Membership tests against a Redis set, for the spider's `url in self.known`; none once Redis is lost."""

    def __init__(self, spider, key: str):
        self.spider, self.key = spider, key

    def __contains__(self, member: str) -> bool:
        return not self.spider.lost and bool(self.spider.server.sismember(self.key, member))


class WorkerSpider(PortalsSpider):
    """Crawls whatever the shared queue holds for the ingest's current run; never opens the archive."""

    name = "portals-worker"

    def __init__(self, worker_id: str = "", **kwargs):
        super().__init__(portals=[], **kwargs)
        self.worker_id = worker_id
        self.keys = Keys()
        self.server = None
        self.lost: str | None = None
        self.rejections = Rejections()
        self._last_rejected_plan = ""

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        """Connect to the shared Redis; refuse settings that would break lease acknowledgement."""
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        if settings.getint("CONCURRENT_ITEMS") != 1:
            raise ValueError("a worker needs CONCURRENT_ITEMS = 1: leases are acknowledged in output order")
        spider.keys = Keys(settings.get("NIANBAO_REDIS_PREFIX"))
        spider.worker_id = spider.worker_id or settings.get("NIANBAO_WORKER_ID")
        spider.server = connect(settings.get("REDIS_URL"), settings.getfloat("NIANBAO_REDIS_RETRY_SECONDS"))
        spider.rejections = Rejections(crawler)
        return spider

    async def start(self):
        """Join the ingest's running plan (waiting for one if need be); requests come from the shared queue."""
        deadline = time.monotonic() + self.settings.getfloat("NIANBAO_WAIT_SECONDS")
        plan = self.waiting_plan()
        while plan is None or plan.status != RUNNING:
            if time.monotonic() > deadline:
                raise CloseSpider(NO_PLAN)
            await asyncio.sleep(PLAN_POLL_SECONDS)
            plan = self.waiting_plan()
        self.run_id = plan.run_id
        self.use_portals(plan.portals)
        self.known = RedisSet(self, self.keys.known)
        self.logger.info("worker %s joined run %s (%d portals)", self.worker_id, self.run_id, len(self.portals))
        return
        yield  # an async generator that yields nothing: the seeds are already in the shared queue

    def waiting_plan(self) -> Plan | None:
        """The plan to join; None while there is none or it is no plan (rejected, once per reason)."""
        try:
            return read_plan(self.server, self.keys)
        except Rejected as exc:
            if str(exc) != self._last_rejected_plan:
                self.rejections.reject(PLAN, self.keys.plan, exc)
            self._last_rejected_plan = str(exc)
            return None

    def redis_lost(self, reason: str, error: Exception) -> None:
        """Stop this worker loudly; what it holds stays leased in Redis and goes back to the queue."""
        if self.lost:
            return
        self.lost = reason
        self.logger.critical("worker %s stops: %s: %s. Its unfinished requests stay leased in Redis and return "
                             "to the queue when its heartbeat expires.", self.worker_id, reason, error)
        deferred_from_coro(self.crawler.engine.close_spider_async(reason=reason))

    def is_blocked(self, portal: str) -> bool:
        """Blocked by this worker or by any other this run."""
        if portal not in self.blocked and not self.lost and self.server.sismember(self.keys.blocked, portal):
            self.blocked.add(portal)
        return portal in self.blocked

    def block(self, portal: str, message: str) -> None:
        """Tell every worker that the portal refused us."""
        if not self.lost:
            self.server.sadd(self.keys.blocked, portal)
        super().block(portal, message)

    def _leased(self, request: Request, output):
        """The callback's output, then LeaseDone; requests yielded lose any lease copied into their meta."""
        lease, portal = request.meta.get(LEASE), request.meta.get(PORTAL)
        done = LeaseDone(lease, portal)
        try:
            for element in output or ():
                if isinstance(element, Request):
                    element.meta.pop(LEASE, None)
                elif isinstance(element, Page):
                    done.pages.append(element)
                yield element
        except Exception:
            if lease is not None:
                yield done
            raise
        if lease is not None:
            yield done

    def parse_listing(self, response):
        """See PortalsSpider.parse_listing."""
        return self._leased(response.request, super().parse_listing(response))

    def parse_detail(self, response):
        """See PortalsSpider.parse_detail."""
        return self._leased(response.request, super().parse_detail(response))

    def parse_recheck(self, response):
        """See PortalsSpider.parse_recheck."""
        return self._leased(response.request, super().parse_recheck(response))

    def parse_attachment(self, response):
        """See PortalsSpider.parse_attachment."""
        return self._leased(response.request, super().parse_attachment(response))

    def listing_failed(self, failure):
        """See PortalsSpider.listing_failed."""
        return self._leased(failure.request, super().listing_failed(failure))

    def detail_failed(self, failure):
        """See PortalsSpider.detail_failed."""
        return self._leased(failure.request, super().detail_failed(failure))

    def recheck_failed(self, failure):
        """See PortalsSpider.recheck_failed."""
        return self._leased(failure.request, super().recheck_failed(failure))

    def attachment_failed(self, failure):
        """See PortalsSpider.attachment_failed."""
        return self._leased(failure.request, super().attachment_failed(failure))
