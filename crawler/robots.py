"""robots.txt obeyed as Scrapy obeys it, except that one too large to read forbids its host for the run."""

import logging
from urllib.parse import urlsplit

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest

from nianbao.crawler.settings import NIANBAO_ROBOTS_MAX_BYTES

logger = logging.getLogger(__name__)

ROBOTS_PATH = "/robots.txt"


class RobotsTooLarge(IgnoreRequest):
    """A request to a host whose robots.txt was over the size cap: read as "disallow all" for this run."""


class DisallowAll:
    """The robots parser of a host whose robots.txt could not be read whole: nothing is allowed."""

    def __init__(self, host: str, max_bytes: int):
        self.host, self.max_bytes = host, max_bytes

    def allowed(self, url: str, user_agent) -> bool:
        """Nothing is allowed."""
        return False

    def reason(self) -> str:
        """Why the host's pages are not fetched, for fetch_errors and portal_runs."""
        return (f"robots.txt of {self.host} is larger than {self.max_bytes} bytes (NIANBAO_ROBOTS_MAX_BYTES): "
                "read as disallow all for this run")


def is_robots_request(request) -> bool:
    """True for the robots.txt request the middleware sends itself."""
    return bool(request.meta.get("dont_obey_robotstxt")) and urlsplit(request.url).path == ROBOTS_PATH


class CappedRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's RobotsTxtMiddleware, robots.txt read up to NIANBAO_ROBOTS_MAX_BYTES; one over it forbids its host."""

    # Scrapy allows everything on a host whose robots.txt download failed, and a body over the size cap fails as
    # a cancelled download: a site could lift its own rules by making the file large.

    def __init__(self, crawler):
        super().__init__(crawler)
        self.max_bytes = crawler.settings.getint("NIANBAO_ROBOTS_MAX_BYTES", NIANBAO_ROBOTS_MAX_BYTES)

    async def process_request(self, request):
        """Ask robots.txt with its own size cap; refuse requests to a host whose robots.txt was too large."""
        if is_robots_request(request):
            request.meta.setdefault("download_maxsize", self.max_bytes)
        return await super().process_request(request)

    def process_request_2(self, rp, request) -> None:
        """Refuse with the reason when the host's robots.txt was too large; else as Scrapy does."""
        if isinstance(rp, DisallowAll):
            self._stats.inc_value("robotstxt/forbidden")
            raise RobotsTooLarge(rp.reason())
        super().process_request_2(rp, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        """A robots.txt over the cap makes its host disallow all for the run; other errors allow, as in Scrapy."""
        if not isinstance(exc, DownloadCancelledError):
            super()._robots_error(exc, netloc)
            return
        pending = self._parsers[netloc]
        parser = DisallowAll(netloc, self.max_bytes)
        self._parsers[netloc] = parser
        self._stats.inc_value("robotstxt/too_large")
        logger.error("%s", parser.reason())
        pending.callback(parser)
