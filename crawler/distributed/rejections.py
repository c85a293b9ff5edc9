"""Values read from Redis that failed their schema: logged and counted by what they were meant to be, never used."""

import logging
from collections import Counter

logger = logging.getLogger(__name__)
# What a rejected value was meant to be; the names of the counters a run reports.
REQUESTS, ITEMS, PLAN, STATS, LEASES, WORKERS = "requests", "items", "plan", "stats", "leases", "workers"
# Bytes of a rejected value shown in the log: enough to recognise it, never the whole payload.
PREVIEW_BYTES = 64
STATS_PREFIX = "nianbao/redis_rejected/"


class Rejections:
    """A process's count of rejected values; a worker's also go to its Scrapy stats (nianbao/redis_rejected/…)."""

    def __init__(self, crawler=None):
        self.counts: Counter[str] = Counter()
        self.crawler = crawler

    def _count(self, what: str, count: int) -> None:
        self.counts[what] += count
        if self.crawler is not None:
            self.crawler.stats.inc_value(STATS_PREFIX + what, count)

    def reject(self, what: str, key: str, error: Exception, raw: bytes | str | None = None) -> None:
        """Count the value and say why it was refused; the caller carries on without it."""
        self._count(what, 1)
        size = f"{len(raw)} bytes starting {raw[:PREVIEW_BYTES]!r}" if raw is not None else "no value"
        logger.error("rejected %s read from Redis key %s: %s (%s); ignored, never unpickled or run", what, key,
                     error, size)

    def dropped(self, what: str, key: str, count: int, why: str) -> None:
        """Count values Redis itself dropped (in a script) for not having the shape they must have."""
        if count:
            self._count(what, count)
            logger.error("rejected %d %s in Redis key %s: %s; dropped", count, what, key, why)


def summary(counts: dict[str, int]) -> str:
    """'3 (items 2, requests 1)', or '0'."""
    total = sum(counts.values())
    parts = ", ".join(f"{what} {count}" for what, count in sorted(counts.items()) if count)
    return f"{total} ({parts})" if total else "0"
