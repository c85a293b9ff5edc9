"""One writer command at a time per archive: an exclusive lock beside the database file."""

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from nianbao.archive.db import open_db, write_group

_HELD: set[str] = set()


class ArchiveBusy(RuntimeError):
    """Another nianbao command is writing this archive."""


@contextmanager
def archive_lock(db_path: str | Path):
    """Hold <db>.lock for the block, re-entrant within a process; yields True when this call took it.

    The kernel drops a flock when its process dies, even by kill -9, so a crashed run never blocks the next.
    """
    key = str(Path(db_path).resolve())
    if key in _HELD:
        yield False
        return
    path = Path(f"{key}.lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            handle.seek(0)
            holder = handle.read().strip() or "unknown process"
            raise ArchiveBusy(f"{db_path} is being written by another nianbao command ({holder})") from exc
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}\n")
        handle.flush()
        _HELD.add(key)
        try:
            yield True
        finally:
            _HELD.discard(key)


@contextmanager
def locked_archive(db_path: str | Path):
    """The archive opened under its lock; taking the lock closes the runs a killed process left 'running'.

    Pages written in a group whose commit was not due yet are committed when the block ends, however it ends:
    each page in it is whole (its own writes are undone alone when they fail).
    """
    with archive_lock(db_path) as fresh:
        db = open_db(db_path)
        try:
            if fresh:
                close_interrupted_runs(db)
            yield db
        finally:
            try:
                write_group(db).commit()
            finally:
                db.close()


def close_interrupted_runs(db: sqlite_utils.Database) -> int:
    """Mark runs still 'running' as 'interrupted': with the lock newly taken, no process is running them."""
    with db.conn:
        return db.execute("update crawl_runs set status = 'interrupted' where status = 'running'").rowcount
