"""Rebuild tables beside the live ones and swap them in at once, so a crash mid-way leaves the live ones as they were.

SQLite looks a name up in the temp schema first: while a block runs, every statement that names one of the tables
(the pipelines' writes and reads alike) works on an empty TEMP copy of it. The block runs in one transaction that
ends by moving the copies' rows into the live tables, so a kill at any point leaves the archive as it was.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager

import sqlite_utils

_CREATE_TABLE = re.compile(r"^CREATE TABLE ", re.IGNORECASE)
_CREATE_INDEX = re.compile(r"^CREATE (UNIQUE )?INDEX ", re.IGNORECASE)
# A trigger named without its schema goes with the first table of its table's name: the TEMP copy, while there is one.
_MAIN_TRIGGER = re.compile(r"^CREATE TRIGGER (IF NOT EXISTS )?", re.IGNORECASE)


@contextmanager
def rebuilt(db: sqlite_utils.Database, tables: tuple[str, ...]) -> Iterator[None]:
    """Inside the block the tables start empty; when it ends without an error they replace the live ones."""
    with db.atomic():
        for table in tables:
            _shadow(db, table)
        yield
        for table in tables:
            _swap(db, table)


def _swap(db: sqlite_utils.Database, table: str) -> None:
    """The live table made anew from its definition, filled from its copy; its indexes built after the rows."""
    # Dropping and filling costs half what deleting every row and inserting through the indexes does.
    schema = db.execute("select type, sql from main.sqlite_master where tbl_name = ? and sql is not null"
                        " order by type = 'table' desc, rowid", [table]).fetchall()
    db.execute(f'drop table main."{table}"')
    for kind, sql in schema:
        if kind != "index":  # the table, then its triggers: the rows go in as any write would
            db.execute(_MAIN_TRIGGER.sub(r"\g<0>main.", sql))
    db.execute(f'insert into main."{table}" select * from temp."{table}"')
    db.execute(f'drop table temp."{table}"')
    for kind, sql in schema:
        if kind == "index":
            db.execute(sql)


def _shadow(db: sqlite_utils.Database, table: str) -> None:
    """An empty TEMP table of the live one's definition and indexes (its triggers stay with the live table)."""
    found = db.execute("select sql from main.sqlite_master where type = 'table' and name = ?", [table]).fetchone()
    if found is None:
        raise ValueError(f"no table {table} to rebuild")
    db.execute(_CREATE_TABLE.sub("CREATE TEMP TABLE ", found[0]))
    for (sql,) in db.execute("select sql from main.sqlite_master where type = 'index' and tbl_name = ?"
                             " and sql is not null", [table]).fetchall():
        db.execute(_CREATE_INDEX.sub(lambda match: f"CREATE {match.group(1) or ''}INDEX temp.", sql))
