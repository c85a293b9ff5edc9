"""Each worker's per-portal counters (and what it rejected from Redis), as checked JSON for the ingest to merge."""

from nianbao.archive.health import BLOCKED, ERROR, MOVED, OK, SKIPPED
from nianbao.crawler.distributed.schema import (
    LINE_CHARS,
    MANY,
    URL_CHARS,
    Choice,
    Fields,
    Integer,
    ListOf,
    MapOf,
    Nullable,
    Number,
    Record,
    Text,
    decode,
    encode,
)
from nianbao.crawler.listings.claims import ITEMS, PAGES, Claim
from nianbao.crawler.portal_stats import PortalStats

# Bytes of one worker's counters: every portal of a large registry, with the items each column listed.
STATS_BYTES = 256 * 1024 * 1024
# Between a worker id and a portal id in a stats field name; neither id can hold it.
FIELD_SEPARATOR = "/"
COUNT = Integer(0)
SHORT = Nullable(Text())
CLAIM = Record(Claim, {"kind": Choice((ITEMS, PAGES)), "count": COUNT, "form": Text(LINE_CHARS),
                       "url": Text(URL_CHARS), "per_page": Nullable(COUNT)})
PORTAL_STATS = Record(PortalStats, {
    "portal": Text(), "family": SHORT, "status": Choice((OK, ERROR, MOVED, BLOCKED, SKIPPED)), "started": Text(),
    "finished": SHORT, "seconds": Number(), "listing_pages": COUNT, "links_found": COUNT, "reports_listed": COUNT,
    "details_fetched": COUNT, "known_skipped": COUNT, "rechecked": COUNT, "not_modified": COUNT,
    "pages_fetched": COUNT, "blocked": COUNT, "errors": COUNT, "items_listed": COUNT,
    "items_claimed": Nullable(COUNT), "message": Nullable(Text(LINE_CHARS)), "_cap": Nullable(Text(LINE_CHARS)),
    "_items": ListOf(Text(URL_CHARS), MANY, into=set), "_claims": ListOf(CLAIM, MANY, into=dict.fromkeys),
}, left=("_clock",))
COUNTERS = Fields({"portals": MapOf(Text(), PORTAL_STATS, MANY), "rejected": MapOf(Text(), COUNT)}, ("portals",))


def dumps_stats(stats_by_portal: dict[str, PortalStats], rejected: dict[str, int]) -> bytes:
    """A worker's counters as JSON."""
    return encode(COUNTERS, {"portals": stats_by_portal, "rejected": dict(rejected)})


def counter_fields(worker: str, stats_by_portal: dict[str, PortalStats], rejected: dict[str, int]) -> dict[str, bytes]:
    """A worker's fields of the stats hash: one per portal (an acknowledgement rewrites one), one of its rejections."""
    fields = {worker: dumps_stats({}, rejected)}
    fields.update({f"{worker}{FIELD_SEPARATOR}{portal}": dumps_stats({portal: stats}, {})
                   for portal, stats in stats_by_portal.items()})
    return fields


def loads_stats(raw: bytes) -> tuple[dict[str, PortalStats], dict[str, int]]:
    """The counters in raw, by portal, and what that worker rejected; Rejected unless they are that."""
    counters = decode(COUNTERS, raw, STATS_BYTES, "stats")
    return counters["portals"], counters.get("rejected", {})
