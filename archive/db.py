"""Open the archive database: WAL journal, schema in place; pages' writes grouped into transactions."""

import os
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from weakref import WeakKeyDictionary

import sqlite_utils

from nianbao.archive.schema import TABLES, ensure_schema

_BUSY_TIMEOUT_MS = 30_000
# Page cache, KiB: a group of pages' writes stays in memory until its commit instead of spilling to the WAL midway
# (SQLite's default is 2 MiB, less than a group's cells and their indexes).
_CACHE_KIB = 32 * 1024
# Pages written per transaction, and the longest a written page waits for its commit (so a slow crawl's pages are
# not held unwritten for long). A kill -9 loses at most the pages of one uncommitted group, none of them known
# to the next run, which fetches them again.
DEFAULT_WRITE_PAGES, DEFAULT_WRITE_SECONDS = 100, 2.0


def write_pages() -> int:
    """Pages per transaction: NIANBAO_WRITE_PAGES, read when asked."""
    return int(os.environ.get("NIANBAO_WRITE_PAGES", DEFAULT_WRITE_PAGES))


def write_seconds() -> float:
    """The longest a written page waits for its commit: NIANBAO_WRITE_SECONDS, read when asked."""
    return float(os.environ.get("NIANBAO_WRITE_SECONDS", DEFAULT_WRITE_SECONDS))


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) the archive at path, in WAL mode, with all tables present."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
    db.enable_wal()
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute(f"PRAGMA cache_size = -{_CACHE_KIB}")
    ensure_schema(db)
    return db


class GroupedWrites:
    """Several pages' writes in one transaction, committed after `pages` pages or `seconds`, whichever comes first.

    Each page's own writes stay atomic inside it (savepoints). The group commits only a transaction it began: a
    page written inside another's transaction (a reparse's) is committed by that transaction's owner.
    """

    def __init__(self, db: sqlite_utils.Database, pages: int | None = None, seconds: float | None = None):
        self.db = db
        self.pages = write_pages() if pages is None else pages
        self.seconds = write_seconds() if seconds is None else seconds
        self.written_pages = 0
        self.began: float | None = None
        self.held = 0
        self.on_commit: list[Callable[[], None]] = []
        # What this group's transaction wrote that later pages of it read again: each report's request cells
        # (carry_over compares a report with its neighbouring years), as the archive would give them back.
        self.requests: dict[str, list[dict]] = {}

    def open(self) -> None:
        """Begin the group's transaction unless one is open."""
        if not self.db.conn.in_transaction:
            self.db.begin()
            self.began = time.monotonic()

    @property
    def mine(self) -> bool:
        """True while the open transaction is the group's."""
        return self.began is not None and self.db.conn.in_transaction

    def due(self) -> bool:
        """True when the group's transaction has held enough pages, or long enough."""
        return self.mine and (self.written_pages >= self.pages or time.monotonic() - self.began >= self.seconds)

    def written(self) -> None:
        """Count a page written whole; commit when due (not inside a `page` block: its caller commits)."""
        if not self.mine:
            return
        self.written_pages += 1
        if not self.held and self.due():
            self.commit()

    @contextmanager
    def page(self):
        """One page's writes in the group, undone alone if the block raises; the caller commits when due."""
        self.open()
        self.held += 1
        try:
            with self.db.atomic():
                yield
        finally:
            self.held -= 1

    def remember(self, report_id: str, requests: list[dict]) -> None:
        """Keep a report's request cells, as written by this group, for the group's later pages."""
        if self.mine:
            self.requests[report_id] = requests

    def commit(self) -> None:
        """Commit the group's transaction, if it began one, then tell whoever waits on it."""
        if self.mine:
            self.db.commit()
        self.began, self.written_pages = None, 0
        self.requests.clear()
        for callback in self.on_commit:
            callback()


_GROUPS: "WeakKeyDictionary[sqlite_utils.Database, GroupedWrites]" = WeakKeyDictionary()


def write_group(db: sqlite_utils.Database) -> GroupedWrites:
    """The one group of writes of a connection: every stage writing through it shares it."""
    if db not in _GROUPS:
        _GROUPS[db] = GroupedWrites(db)
    return _GROUPS[db]


@lru_cache(maxsize=None)
def _insert_sql(table: str, columns: tuple[str, ...], verb: str, update: bool) -> str:
    names = ", ".join(f'"{column}"' for column in columns)
    sql = f'{verb} INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})'
    if update:
        pk = TABLES[table]["pk"]
        keys = (pk,) if isinstance(pk, str) else pk
        changed = ", ".join(f'"{column}" = excluded."{column}"' for column in columns if column not in keys)
        sql += f' ON CONFLICT ({", ".join(keys)}) DO UPDATE SET {changed}'
    return sql


def insert_rows(db: sqlite_utils.Database, table: str, rows: Iterable[dict], verb: str = "INSERT",
                upsert: bool = False) -> None:
    """Write rows through one prepared statement per shape (their keys, in order), in one executemany each.

    sqlite-utils reads the table's columns and builds its SQL on every call, which costs more than the insert of a
    page's rows itself; sqlite3 keeps a statement it has prepared for the next call with the same SQL. Values go
    in as given (no JSON encoding: callers encode). upsert updates the given columns of a row whose key exists and
    leaves its others as they are.
    """
    shapes: dict[tuple[str, ...], list[tuple]] = {}
    for row in rows:
        shapes.setdefault(tuple(row), []).append(tuple(row.values()))
    for columns, values in shapes.items():
        insert_values(db, table, columns, values, verb, upsert)


def insert_values(db: sqlite_utils.Database, table: str, columns: tuple[str, ...], values: list[tuple],
                  verb: str = "INSERT", upsert: bool = False) -> None:
    """Write rows given as tuples of the columns through one prepared statement (see insert_rows)."""
    known = TABLES[table]["columns"]
    unknown = [column for column in columns if column not in known]
    if unknown:
        raise ValueError(f"table {table} has no column {', '.join(unknown)}")
    if not values:
        return
    if not db.conn.in_transaction:  # sqlite3 would begin one itself and leave it open
        with db.atomic():
            db.conn.executemany(_insert_sql(table, columns, verb, upsert), values)
    else:
        db.conn.executemany(_insert_sql(table, columns, verb, upsert), values)
