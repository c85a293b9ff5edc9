"""The one archive connection a crawl's spider, pipelines and extensions share."""

from weakref import WeakKeyDictionary

import sqlite_utils

from archive.db import open_db

_OPEN: "WeakKeyDictionary[object, sqlite_utils.Database]" = WeakKeyDictionary()


def archive_for(crawler) -> sqlite_utils.Database:
    """The archive named by the crawler's NIANBAO_DB setting, opened on first use."""
    if crawler not in _OPEN:
        path = crawler.settings.get("NIANBAO_DB")
        if not path:
            raise RuntimeError("NIANBAO_DB is not set: give the crawl an archive path (nianbao crawl --db PATH)")
        _OPEN[crawler] = open_db(path)
    return _OPEN[crawler]


def close_archive(crawler) -> None:
    """Close the crawl's archive connection if it was opened."""
    db = _OPEN.pop(crawler, None)
    if db is not None:
        db.close()
