"""The one archive connection a crawl's spider, pipelines and extensions share, held under the archive lock."""

from contextlib import ExitStack
from weakref import WeakKeyDictionary

import sqlite_utils

from nianbao.archive.lock import locked_archive

_OPEN: "WeakKeyDictionary[object, tuple[sqlite_utils.Database, ExitStack]]" = WeakKeyDictionary()


def archive_for(crawler) -> sqlite_utils.Database:
    """The archive named by the crawler's NIANBAO_DB setting, locked and opened on first use."""
    if crawler not in _OPEN:
        path = crawler.settings.get("NIANBAO_DB")
        if not path:
            raise RuntimeError("NIANBAO_DB is not set: give the crawl an archive path (nianbao crawl --db PATH)")
        stack = ExitStack()
        _OPEN[crawler] = (stack.enter_context(locked_archive(path)), stack)
    return _OPEN[crawler][0]


def close_archive(crawler) -> None:
    """Close the crawl's archive connection (committing the pages written last) and release the lock if taken."""
    held = _OPEN.pop(crawler, None)
    if held is not None:
        held[1].close()
