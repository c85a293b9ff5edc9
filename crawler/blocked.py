"""Downloader middleware that drops requests to a portal once it refused us (403/412) this run."""

from scrapy.exceptions import IgnoreRequest


class PortalBlocked(IgnoreRequest):
    """The request's portal blocked this client earlier in the run; asking again would only annoy it."""


class SkipBlockedPortals:
    """Raises PortalBlocked for requests of portals the spider marked blocked; they are tried again next run."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        """Keep the crawler to reach its spider."""
        return cls(crawler)

    def process_request(self, request):
        """Drop the request if its portal is blocked."""
        spider = self.crawler.spider
        portal = request.meta.get("portal")
        if portal and hasattr(spider, "is_blocked") and spider.is_blocked(portal):
            raise PortalBlocked(f"portal {portal} blocked us earlier in this run")
