"""Run the discovery spider from a home page and return the registry row it found."""

from nianbao.crawler.discover import DiscoverSpider, registry_row
from nianbao.crawler.project import project_settings, run_spider


class NothingFound(Exception):
    """No page within reach lists reports."""


def discover(url: str, portal_id: str | None = None, max_depth: int = 4, max_pages: int = 40,
             overrides: dict | None = None) -> dict:
    """The registry row of the 年报 column reachable from url; raises NothingFound."""
    crawler = run_spider(DiscoverSpider, project_settings(overrides), url=url, max_depth=max_depth,
                         max_pages=max_pages)
    spider = crawler.spider
    if spider.found is None:
        raise NothingFound(f"no 年报 column found from {url} within {max_depth} clicks "
                           f"({spider.pages} pages read); give the 政府信息公开 page instead, or raise --depth"
                           + "".join(f"; {refusal}" for refusal in spider.refusals))
    return registry_row(spider.found, url, portal_id)
