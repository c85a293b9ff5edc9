"""scrapy-redis's scheduler on the leased queue: kept across workers, and loud when Redis is gone.

Its own open, enqueue and pop are redone here: they flush the shared queue when one worker closes
(unless SCHEDULER_PERSIST), pop without a lease, and call APIs Scrapy 2.19 deprecates (Spider.log,
StatsCollector.inc_value(spider=...)). Requests cross as checked JSON, never scrapy-redis's default pickle.
"""

from redis.exceptions import RedisError
from scrapy.utils.misc import load_object
from scrapy_redis.scheduler import Scheduler

from nianbao.crawler.distributed.keys import Keys
from nianbao.crawler.distributed.queue import LEASE, LeasedPriorityQueue, json_serializer
from nianbao.crawler.distributed.worker import REDIS_LOST


class LeasedScheduler(Scheduler):
    """Shares the queue and duplicate filter; never flushes them when one worker closes (others go on)."""

    @classmethod
    def from_settings(cls, settings):
        """scrapy-redis's construction, with the queue and filter kept when a worker closes."""
        scheduler = super().from_settings(settings)
        scheduler.serializer = json_serializer(scheduler.serializer, settings.getint("DOWNLOAD_MAXSIZE"))
        scheduler.persist = True
        scheduler.keys = Keys(settings.get("NIANBAO_REDIS_PREFIX"))
        scheduler.worker = settings.get("NIANBAO_WORKER_ID")
        return scheduler

    def open(self, spider):
        """The leased queue and scrapy-redis's shared duplicate filter (nothing is flushed: others share them)."""
        self.spider = spider
        self.queue = LeasedPriorityQueue(self.server, spider, self.queue_key, self.serializer, keys=self.keys,
                                         worker=self.worker, rejections=spider.rejections)
        if not self.df:
            self.df = load_object(self.dupefilter_cls).from_spider(spider)

    def close(self, reason):
        """Return whatever this worker still holds to the queue, so others (or a rerun) finish it."""
        if self.spider.lost:
            return
        try:
            returned = self.queue.return_leases(self.worker)
        except RedisError as exc:
            self.spider.logger.error("could not return unfinished requests to Redis: %s", exc)
            return
        if returned:
            self.spider.logger.warning("returned %d unfinished requests to the shared queue", returned)

    def enqueue_request(self, request):
        """Queue the request; one that replaces a leased request (retry, redirect) finishes that lease."""
        if self.spider.lost:
            return False
        replaced = request.meta.get(LEASE)
        try:
            queued = request.dont_filter or not self.df.request_seen(request)
            if queued:
                self.queue.push(request)
                self.stats.inc_value("scheduler/enqueued/redis")
            else:
                self.df.log(request, self.spider)
            if replaced is not None:
                self.queue.ack(replaced)
        except RedisError as exc:
            self.spider.redis_lost(REDIS_LOST, exc)
            return False
        return queued

    def next_request(self):
        """The next leased request; None until the worker has joined a run (it has no portals before), or once lost."""
        if self.spider.lost or not self.spider.run_id:
            return None
        try:
            request = self.queue.pop()
        except RedisError as exc:
            self.spider.redis_lost(REDIS_LOST, exc)
            return None
        if request is not None:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self):
        """Requests waiting in the shared queue for this worker (none before it joins a run, or once it lost Redis)."""
        if self.spider.lost or not self.spider.run_id:
            return False
        try:
            return super().has_pending_requests()
        except RedisError as exc:
            self.spider.redis_lost(REDIS_LOST, exc)
            return False
