"""Worker extension: heartbeat and counters in Redis, dead workers' requests returned, and when to stop."""

import logging
import threading
import time
from collections.abc import Callable

from redis import Redis
from redis.exceptions import RedisError
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.asyncio import create_looping_call
from twisted.internet import reactor

from nianbao.crawler.distributed.connection import connect
from nianbao.crawler.distributed.plan import RUNNING, read_plan
from nianbao.crawler.distributed.rejections import PLAN
from nianbao.crawler.distributed.schema import Rejected
from nianbao.crawler.distributed.stats_json import counter_fields
from nianbao.crawler.distributed.worker import REDIS_LOST, RUN_LOST

logger = logging.getLogger(__name__)


class Pulse:
    """The alive key, refreshed from a thread of its own on a Redis connection of its own.

    A reactor busy for a while (a burst of callbacks, a long parse) so costs the worker none of its leases.
    A reactor silent for longer than any step may take (reading one file) is hung: the pulse then stops,
    so the worker's requests still go back to the queue.
    """

    def __init__(self, server: Redis, keys, worker_id: str, ttl: int, beat_seconds: float, hung_seconds: float,
                 lost: Callable[[Exception], None]):
        self.server, self.keys, self.worker_id = server, keys, worker_id
        self.ttl, self.beat_seconds, self.hung_seconds = ttl, beat_seconds, hung_seconds
        self.lost = lost
        self.reactor_seen = time.monotonic()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"heartbeat {worker_id}", daemon=True)

    def beat(self) -> None:
        """Refresh the alive key and stay in the run's workers."""
        self.server.set(self.keys.alive(self.worker_id), 1, ex=self.ttl)
        self.server.sadd(self.keys.workers, self.worker_id)

    def start(self) -> None:
        """Beat now, then every beat_seconds until stopped."""
        self.beat()
        self.thread.start()

    def reactor_alive(self) -> None:
        """Called from the reactor: it still turns."""
        self.reactor_seen = time.monotonic()

    def _run(self) -> None:
        hung = False
        while not self.stopping.wait(self.beat_seconds):
            silent = time.monotonic() - self.reactor_seen
            if silent > self.hung_seconds:
                if not hung:
                    logger.error("worker %s: its reactor has not turned for %.0f s; it stops beating so that its "
                                 "requests go back to the queue", self.worker_id, silent)
                hung = True
                continue
            hung = False
            try:
                self.beat()
            except RedisError as exc:
                self.lost(exc)
                return

    def stop(self) -> None:
        """Stop beating; returns once no beat is under way."""
        self.stopping.set()
        if self.thread.is_alive():
            self.thread.join()


class WorkerHeartbeat:
    """Keeps the worker visible to the others and to the ingest, and closes it when the run has nothing left."""

    def __init__(self, crawler):
        self.crawler = crawler
        settings = crawler.settings
        self.beat_seconds = settings.getfloat("NIANBAO_HEARTBEAT_SECONDS")
        self.ttl = max(1, round(self.beat_seconds * settings.getfloat("NIANBAO_HEARTBEAT_MISSES")))
        self.poll_seconds = settings.getfloat("NIANBAO_POLL_SECONDS")
        self.hung_seconds = settings.getfloat("NIANBAO_READ_SECONDS")
        self.pulse: Pulse | None = None
        self.loops = []

    @classmethod
    def from_crawler(cls, crawler):
        """Hook the spider's opening, idling and closing."""
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    @property
    def spider(self):
        """The worker spider."""
        return self.crawler.spider

    def spider_opened(self, spider):
        """Join the run's workers and start beating."""
        settings = self.crawler.settings
        try:
            server = connect(settings.get("REDIS_URL"), settings.getfloat("NIANBAO_REDIS_RETRY_SECONDS"))
            self.pulse = Pulse(server, spider.keys, spider.worker_id, self.ttl, self.beat_seconds, self.hung_seconds,
                               lambda exc: reactor.callFromThread(spider.redis_lost, REDIS_LOST, exc))
            self.pulse.start()
        except RedisError as exc:
            spider.redis_lost(REDIS_LOST, exc)
            return
        for call, seconds in ((self.tick, self.beat_seconds), (self.wake, self.poll_seconds)):
            loop = create_looping_call(call)
            loop.start(seconds, now=False)
            self.loops.append(loop)

    def tick(self) -> None:
        """Tell the pulse the reactor turns, and publish this worker's counters."""
        spider = self.spider
        if spider.lost:
            return
        self.pulse.reactor_alive()
        try:
            self.publish_stats()
        except RedisError as exc:
            spider.redis_lost(REDIS_LOST, exc)

    def publish_stats(self) -> None:
        """This worker's per-portal counters and rejected values, for the ingest to merge at the end of the run."""
        spider = self.spider
        if spider.run_id:
            spider.server.hset(spider.keys.stats(spider.run_id), mapping=counter_fields(
                spider.worker_id, spider.stats_by_portal, spider.rejections.counts))

    def wake(self) -> None:
        """Let the engine look at the shared queue now: Scrapy looks at an idle scheduler only every 5 s,
        and this queue fills from other workers."""
        slot = getattr(self.crawler.engine, "_slot", None)
        if slot is not None and not self.spider.lost:
            slot.nextcall.schedule()

    def spider_idle(self, spider):
        """Stay open while any request of the run is queued or in flight anywhere, or until Redis is lost."""
        if spider.lost or not spider.run_id:
            return
        try:
            try:
                plan = read_plan(spider.server, spider.keys)
            except Rejected as exc:
                spider.rejections.reject(PLAN, spider.keys.plan, exc)
                raise DontCloseSpider from None  # the ingest writes its plan again
            if plan is None:
                spider.redis_lost(RUN_LOST, RuntimeError("the run's plan vanished from Redis (flushed or restarted "
                                                         "without persistence?)"))
                return
            if plan.run_id != spider.run_id or plan.status != RUNNING:
                return
            queue = self.crawler.engine.scheduler.queue
            queue.return_dead_leases()
            if queue.pending() == 0:
                return
        except RedisError as exc:
            spider.redis_lost(REDIS_LOST, exc)
            return
        raise DontCloseSpider

    def spider_closed(self, spider, reason):
        """Publish the last counters and leave; the scheduler has already returned any unfinished requests."""
        for loop in self.loops:
            if loop.running:
                loop.stop()
        if self.pulse is not None:
            self.pulse.stop()
        if spider.lost:
            return
        try:
            self.publish_stats()
            spider.server.delete(spider.keys.alive(spider.worker_id))
        except RedisError as exc:
            logger.error("worker %s could not publish its last counters: %s", spider.worker_id, exc)
