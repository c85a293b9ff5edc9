"""Last worker stage: push each parsed item to the ingest's Redis list as JSON; acknowledge leases with counters."""

import logging
import weakref

from redis.exceptions import RedisError
from scrapy import signals
from scrapy_redis import connection
from scrapy_redis.pipelines import RedisPipeline

from nianbao.crawler.distributed.item_json import ItemJson
from nianbao.crawler.distributed.stats_json import counter_fields
from nianbao.crawler.distributed.worker import REDIS_LOST, LeaseDone
from nianbao.crawler.items import Page

logger = logging.getLogger(__name__)


class QueueItemsPipeline(RedisPipeline):
    """scrapy-redis's item pipeline, synchronous (the push must land before the lease is acknowledged)."""

    def __init__(self, server, key, crawler, item_json: ItemJson):
        super().__init__(server, key, serialize_func=item_json.dumps)
        self.crawler = crawler
        # Pages an earlier stage dropped, until their lease comes by (its LeaseDone holds them till then); weakly,
        # so a page of no lease leaves no id behind for a later page to be mistaken by.
        self.dropped: weakref.WeakValueDictionary[int, Page] = weakref.WeakValueDictionary()

    @classmethod
    def from_crawler(cls, crawler):
        """The items key of this archive's prefix; bodies bounded as the crawl bounds its downloads."""
        settings = crawler.settings
        pipeline = cls(connection.from_settings(settings), settings["REDIS_ITEMS_KEY"], crawler,
                       ItemJson(settings.getint("DOWNLOAD_MAXSIZE")))
        crawler.signals.connect(pipeline.item_dropped, signal=signals.item_dropped)
        return pipeline

    def item_dropped(self, item):
        """A page an earlier stage dropped was not finished (a stopping worker stopped reading its files)."""
        if isinstance(item, Page):
            self.dropped[id(item)] = item

    def process_item(self, item):
        """Push a page, failure or re-check answer; acknowledge a lease unless a page of it was not finished; stop
        the worker if Redis is gone."""
        spider = self.crawler.spider
        if spider.lost:
            return item
        try:
            if isinstance(item, LeaseDone):
                unfinished = [page.url for page in item.pages if self.dropped.pop(id(page), None) is page]
                if unfinished:
                    logger.info("lease %d left for another worker: %s not finished", item.lease, ", ".join(unfinished))
                    return item
                self.crawler.engine.scheduler.queue.ack(item.lease, counters(spider, item.portal))
            else:
                self.server.rpush(self.key, self.serialize(item))
        except RedisError as exc:
            spider.redis_lost(REDIS_LOST, exc)
        return item


def counters(spider, portal: str | None) -> tuple[str, dict[str, bytes]]:
    """The stats hash and the fields a lease's acknowledgement rewrites: its portal's counters, the rejections."""
    stats = {portal: spider.stats_by_portal[portal]} if portal in spider.stats_by_portal else {}
    return spider.keys.stats(spider.run_id), counter_fields(spider.worker_id, stats, spider.rejections.counts)
