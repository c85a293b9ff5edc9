"""Run one crawl worker in this process until the ingest's run has nothing left for it."""

import os
import socket

from nianbao.crawler.distributed.connection import client_params
from nianbao.crawler.distributed.keys import Keys
from nianbao.crawler.distributed.worker import WorkerSpider
from nianbao.crawler.distributed.workers import check_worker_id
from nianbao.crawler.project import project_settings, run_spider

# Worker stages: everything that needs no archive. The ingest keeps raw, deduplicates and writes.
WORKER_PIPELINES = {
    "nianbao.pipelines.validate.ValidatePipeline": 100,
    "nianbao.pipelines.clean.CleanPipeline": 300,
    "nianbao.pipelines.parse.ParsePipeline": 400,
    "nianbao.crawler.distributed.items_queue.QueueItemsPipeline": 900,
}


def default_worker_id() -> str:
    """host-pid: unique among the run's workers, and readable in logs."""
    return f"{socket.gethostname()}-{os.getpid()}"


def worker_settings(redis_url: str | None = None, prefix: str | None = None, worker_id: str | None = None,
                    overrides: dict | None = None):
    """The project settings with scrapy-redis's scheduler, duplicate filter and item queue on one Redis."""
    settings = project_settings(overrides)
    keys = Keys(prefix or settings.get("NIANBAO_REDIS_PREFIX"))
    settings.setdict({
        "REDIS_URL": redis_url or settings.get("NIANBAO_REDIS_URL"),
        "REDIS_PARAMS": client_params(settings.getfloat("NIANBAO_REDIS_RETRY_SECONDS")),
        "SCHEDULER": "nianbao.crawler.distributed.scheduler.LeasedScheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_QUEUE_KEY": keys.requests,
        "SCHEDULER_DUPEFILTER_KEY": keys.dupefilter,
        "REDIS_ITEMS_KEY": keys.items,
        "SCHEDULER_PERSIST": True,
        "CONCURRENT_ITEMS": 1,
        "ITEM_PIPELINES": WORKER_PIPELINES,
        "EXTENSIONS": {"nianbao.crawler.distributed.heartbeat.WorkerHeartbeat": 500, "nianbao.crawler.progress.Progress": 510},
        "NIANBAO_REDIS_PREFIX": keys.prefix,
        "NIANBAO_WORKER_ID": check_worker_id(worker_id or default_worker_id()),
    }, priority="cmdline")
    return settings


def run_worker(settings) -> str:
    """Crawl until the run is done; returns Scrapy's finish reason ('finished', 'redis_lost', ...)."""
    crawler = run_spider(WorkerSpider, settings)
    return crawler.stats.get_value("finish_reason") or "no_start"
