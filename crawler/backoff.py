"""Scrapy's retries, each after a pause spent outside the downloader: exponential backoff, or Retry-After."""

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy import Request, signals
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import DontCloseSpider, IgnoreRequest
from scrapy.utils.asyncio import CallLaterResult, call_later

# Seconds a retry waits before it may be scheduled; set when the retry is made, taken off when it is held.
RETRY_WAIT = "retry_wait"


class BackoffRetryMiddleware(RetryMiddleware):
    """Retries the same answers as RetryMiddleware; retry n waits base × 2^(n−1) s (capped) outside the downloader."""

    # The retry goes back to the engine at once, is held here instead of entering the scheduler, and is handed to the
    # engine again when due, the spider kept open meanwhile. Scrapy has no per-request delay (scrapy/scrapy#802), and
    # a sleep inside the middleware keeps the request among the downloader's active ones: a few flaky hosts would
    # take every global slot.

    def __init__(self, settings):
        super().__init__(settings)
        self.base = settings.getfloat("NIANBAO_RETRY_BACKOFF")
        self.cap = settings.getfloat("NIANBAO_RETRY_BACKOFF_MAX")
        self.waiting: dict[Request, CallLaterResult] = {}

    @classmethod
    def from_crawler(cls, crawler):
        """Hold retries as the engine schedules them; keep the spider open while any waits."""
        middleware = super().from_crawler(crawler)
        crawler.signals.connect(middleware.hold, signal=signals.request_scheduled)
        crawler.signals.connect(middleware.keep_open, signal=signals.spider_idle)
        crawler.signals.connect(middleware.drop_waiting, signal=signals.spider_closed)
        return middleware

    def process_response(self, request, response):
        """Retry like Scrapy; the retry carries its wait."""
        result = super().process_response(request, response)
        if isinstance(result, Request):
            result.meta[RETRY_WAIT] = self.delay(result, response.headers.get(b"Retry-After"))
        return result

    def process_exception(self, request, exception):
        """Retry network failures like Scrapy; the retry carries its wait."""
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            result.meta[RETRY_WAIT] = self.delay(result)
        return result

    def hold(self, request, spider=None):
        """Keep a retry that must wait out of the scheduler until its time; IgnoreRequest here only defers it."""
        wait = request.meta.pop(RETRY_WAIT, None)
        if wait:
            self.waiting[request] = call_later(wait, self.release, request)
            raise IgnoreRequest(f"retry of {request.url} waits {wait:.1f} s")

    def release(self, request: Request) -> None:
        """A retry whose wait is over goes to the scheduler."""
        del self.waiting[request]
        self.crawler.engine.crawl(request)

    def keep_open(self, spider=None):
        """The spider is not done while retries wait."""
        if self.waiting:
            raise DontCloseSpider

    def drop_waiting(self, spider=None):
        """A closing spider's waiting retries are not fetched."""
        for timer in self.waiting.values():
            timer.cancel()
        self.waiting.clear()

    def delay(self, retry: Request, retry_after: bytes | None = None) -> float:
        """Seconds to wait before this retry: Retry-After when the server gave one, else the backoff, capped."""
        wait = self.base * 2 ** (retry.meta.get("retry_times", 1) - 1)
        if retry_after:
            wait = max(wait, _seconds(retry_after.decode("latin-1")))
        return min(wait, self.cap)


def _seconds(retry_after: str) -> float:
    """Retry-After as seconds: a number, or an HTTP date from now."""
    if retry_after.strip().isdigit():
        return float(retry_after)
    try:
        when = parsedate_to_datetime(retry_after)
    except (TypeError, ValueError):
        return 0.0
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
