"""Run the portals spider over a list of registry rows, in this process, holding the archive lock."""

from pathlib import Path

from nianbao.archive.lock import locked_archive
from nianbao.archive.parser_version import claim_if_empty
from nianbao.archive.runs import start_run
from nianbao.crawler.browser import browser_settings
from nianbao.crawler.progress import quiet_start
from nianbao.crawler.project import project_settings, run_spider
from nianbao.crawler.registry import Portal
from nianbao.crawler.spiders.portals import PortalsSpider


def run_crawl(portals: list[Portal], db_path: str | Path, overrides: dict | None = None,
              command: str = "nianbao crawl") -> tuple[str, list[str]]:
    """Crawl the portals into the archive; returns the run id and the ids of portals that failed."""
    overrides = quiet_start(overrides or {})
    settings = project_settings({"NIANBAO_DB": str(db_path), **browser_settings(portals), **overrides})
    with locked_archive(db_path) as db:
        claim_if_empty(db)
        run_id = start_run(db, command, len(portals))
        crawler = run_spider(PortalsSpider, settings, portals=portals, run_id=run_id)
    failed = crawler.stats.get_value("nianbao/failed_portals")
    if failed is None:
        failed = [p.id for p in portals]
    return run_id, failed
