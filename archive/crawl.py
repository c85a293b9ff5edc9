"""Run the portals spider over a list of registry rows, in this process, holding the archive lock."""

import os

from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings

from archive.lock import locked_archive
from archive.parser_version import claim_if_empty
from archive.runs import start_run
from crawler.registry import Portal
from crawler.spiders.portals import PortalsSpider


def run_crawl(portals: list[Portal], db_path: str, overrides: dict | None = None,
              command: str = "nianbao crawl") -> tuple[str, list[str]]:
    """Crawl the portals into the archive; returns the run id and the ids of portals that failed."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    settings = get_project_settings()
    settings.set("NIANBAO_DB", db_path, priority="cmdline")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    with locked_archive(db_path) as db:
        claim_if_empty(db)
        run_id = start_run(db, command, len(portals))
        process = CrawlerProcess(settings)
        crawler = process.create_crawler(PortalsSpider)
        process.crawl(crawler, portals=portals, run_id=run_id)
        process.start()
    failed = crawler.stats.get_value("nianbao/failed_portals")
    if failed is None:
        failed = [p.id for p in portals]
    return run_id, failed
