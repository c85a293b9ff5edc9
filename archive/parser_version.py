"""Which parser built the derived tables: a hash of the code that turns raw pages into reports."""

import hashlib
from pathlib import Path

import sqlite_utils

from nianbao.archive.runs import utc_now
from nianbao.extract.divisions import data_version

ROOT = Path(__file__).resolve().parent.parent
# The code reparse replays: change any of it and stored pages may read differently.
PARSER_SOURCES = ("extract", "pipelines", "archive/reports.py", "archive/carry_over.py", "archive/rechecks.py",
                  "archive/agencies.py")
KEY = "parser_version"


def current_parser_version(db: sqlite_utils.Database | None = None) -> str:
    """SHA-256 (first 16 hex) over the parser's source files in a fixed order, and the archive's identity rules."""
    digest = hashlib.sha256()
    for name in PARSER_SOURCES:
        path = ROOT / name
        for source in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            digest.update(source.relative_to(ROOT).as_posix().encode())
            digest.update(source.read_bytes())
    # Agencies' region codes and ids follow the division data too.
    digest.update(data_version().encode())
    if db is not None:
        # Registry rows' divisions and aliases decide agencies as the code does: a changed alias re-keys reports.
        rules = db.execute("select id, division, aliases from portals where division is not null or aliases is not "
                           "null order by id").fetchall() if db["portals"].exists() else []
        digest.update(repr(rules).encode())
    return digest.hexdigest()[:16]


def stored_parser_version(db: sqlite_utils.Database) -> str | None:
    """The parser version the archive's derived tables were built with, if recorded."""
    row = db.execute("select value from archive_state where key = ?", [KEY]).fetchone()
    return row[0] if row else None


def set_parser_version(db: sqlite_utils.Database, version: str | None = None) -> None:
    """Record that the derived tables are now those of this parser version."""
    db["archive_state"].upsert({"key": KEY, "value": version or current_parser_version(db), "updated": utc_now()},
                               pk="key")


def _has_pages(db: sqlite_utils.Database) -> bool:
    return db.execute("select 1 from fetches limit 1").fetchone() is not None


def needs_reparse(db: sqlite_utils.Database) -> bool:
    """True when stored pages were parsed by other (or unrecorded) parser code than this one."""
    return _has_pages(db) and stored_parser_version(db) != current_parser_version(db)


def claim_if_empty(db: sqlite_utils.Database) -> None:
    """An archive with no pages yet is filled by this parser: record it, so no needless reparse follows."""
    if not _has_pages(db):
        set_parser_version(db)
