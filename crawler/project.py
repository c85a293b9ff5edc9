"""The project's Scrapy settings with overrides on top, and running one spider in this process."""

import os

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings


def project_settings(overrides: dict | None = None) -> Settings:
    """crawler/settings.py with each override set at command-line priority."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "nianbao.crawler.settings")
    settings = get_project_settings()
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


def run_spider(spider_class, settings: Settings, **arguments) -> Crawler:
    """Run one spider until it closes; returns its crawler (stats, and the spider's results)."""
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(spider_class)
    process.crawl(crawler, **arguments)
    process.start()
    return crawler
