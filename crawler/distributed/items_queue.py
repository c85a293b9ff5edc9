"""Last worker stage: push each parsed item to the ingest's Redis list, and acknowledge finished leases."""

import pickle

from redis.exceptions import RedisError
from scrapy_redis import connection
from scrapy_redis.pipelines import RedisPipeline

from crawler.distributed.worker import REDIS_LOST, LeaseDone


class QueueItemsPipeline(RedisPipeline):
    """scrapy-redis's item pipeline, synchronous (the push must land before the lease is acknowledged)."""

    def __init__(self, server, key, crawler):
        super().__init__(server, key, serialize_func=pickle.dumps)
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        """The items key of this archive's prefix."""
        settings = crawler.settings
        return cls(connection.from_settings(settings), settings["REDIS_ITEMS_KEY"], crawler)

    def process_item(self, item):
        """Push a page, failure or re-check answer; acknowledge a lease; stop the worker if Redis is gone."""
        spider = self.crawler.spider
        if spider.lost:
            return item
        try:
            if isinstance(item, LeaseDone):
                self.crawler.engine.scheduler.queue.ack(item.lease)
            else:
                self.server.rpush(self.key, self.serialize(item))
        except RedisError as exc:
            spider.redis_lost(REDIS_LOST, exc)
        return item
