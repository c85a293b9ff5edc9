"""Scrapy's retries, with a pause before each: exponential backoff, or the server's Retry-After."""

import asyncio
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware


class BackoffRetryMiddleware(RetryMiddleware):
    """Retries the same answers as RetryMiddleware, waiting base × 2^(n−1) seconds before retry n (capped)."""

    def __init__(self, settings):
        super().__init__(settings)
        self.base = settings.getfloat("NIANBAO_RETRY_BACKOFF")
        self.cap = settings.getfloat("NIANBAO_RETRY_BACKOFF_MAX")

    async def process_response(self, request, response):
        """Retry like Scrapy, after the pause."""
        result = super().process_response(request, response)
        if isinstance(result, Request):
            await asyncio.sleep(self.delay(result, response.headers.get(b"Retry-After")))
        return result

    async def process_exception(self, request, exception):
        """Retry network failures like Scrapy, after the pause."""
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await asyncio.sleep(self.delay(result))
        return result

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
