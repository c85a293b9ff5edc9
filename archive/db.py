"""Open the archive database: WAL journal, schema in place."""

from pathlib import Path

import sqlite_utils

from nianbao.archive.schema import ensure_schema

_BUSY_TIMEOUT_MS = 30_000


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) the archive at path, in WAL mode, with all tables present."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
    db.enable_wal()
    db.execute("PRAGMA synchronous = NORMAL")
    ensure_schema(db)
    return db
