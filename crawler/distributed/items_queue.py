"""Last worker stage: push each parsed item to the ingest's Redis list as JSON; acknowledge leases with counters."""

from redis.exceptions import RedisError
from scrapy_redis import connection
from scrapy_redis.pipelines import RedisPipeline

from crawler.distributed.item_json import ItemJson
from crawler.distributed.stats_json import counter_fields
from crawler.distributed.worker import REDIS_LOST, LeaseDone


class QueueItemsPipeline(RedisPipeline):
    """scrapy-redis's item pipeline, synchronous (the push must land before the lease is acknowledged)."""

    def __init__(self, server, key, crawler, item_json: ItemJson):
        super().__init__(server, key, serialize_func=item_json.dumps)
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        """The items key of this archive's prefix; bodies bounded as the crawl bounds its downloads."""
        settings = crawler.settings
        return cls(connection.from_settings(settings), settings["REDIS_ITEMS_KEY"], crawler,
                   ItemJson(settings.getint("DOWNLOAD_MAXSIZE")))

    def process_item(self, item):
        """Push a page, failure or re-check answer; acknowledge a lease; stop the worker if Redis is gone."""
        spider = self.crawler.spider
        if spider.lost:
            return item
        try:
            if isinstance(item, LeaseDone):
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
