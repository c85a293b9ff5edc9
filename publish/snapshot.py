"""Dated snapshots of the archive to download and serve, each a Datasette configuration directory.

A snapshot directory holds everything `datasette serve DIR` needs to publish it as nianbao does: the public
database (nianbao.db), its metadata (descriptions, canned queries, the dashboard), settings, templates and inspect
file, and the database's sha256, written last (a directory without it is incomplete). The raw pages and files
go to raw/raw.db beside it: Datasette serves the top-level *.db of the directory only, so they are downloadable
with the directory but not served.

The public database is the archive as it stood at one moment (every table read in one transaction), except for
the raw bodies, with what a reader needs that the archive does not store: counts as integers (a column of
NUMERIC affinity keeps a whole number as an INTEGER, 126 rather than 126.0, and money's decimals as they are),
foreign keys from every report_id and agency_id (Datasette links them, labelled by the report's title and the
agency's name), the cells' year and official row and column labels, the failed checks' findings in Chinese,
reports numbered newest first, and the search index.
"""

import fcntl
import hashlib
import json
import os
import re
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from nianbao.archive.schema import ensure_schema
from nianbao.publish.findings import finding_text
from nianbao.publish.metadata import datasette_metadata
from nianbao.publish.search import build_search_index
from nianbao.publish.settings import SNAPSHOT_SETTINGS

SNAPSHOT_DB = "nianbao.db"
INSPECT_FILE = "inspect-data.json"
METADATA_FILE = "metadata.json"
SETTINGS_FILE = "settings.json"
TEMPLATES_DIR = "templates"
CHECKSUM_FILE = SNAPSHOT_DB + ".sha256"
RAW_DB = Path("raw") / "raw.db"
RAW_CHECKSUM_FILE = RAW_DB.with_name(RAW_DB.name + ".sha256")
# Templates made for the published site, copied into each snapshot as they are when it is made.
SOURCE_TEMPLATES = Path(__file__).resolve().parent / "templates"
STAMP_FORMAT = "%Y-%m-%dT%H%M%SZ"
_SNAPSHOT_DIR = re.compile(r"\d{4}-\d\d-\d\dT\d{6}Z(-\d+)?")
_PARTIAL = ".partial-"
# Held (flock) by the one process making a snapshot in a folder; the kernel drops it when that process dies.
FOLDER_LOCK = ".snapshot.lock"
# Held (flock) by the run writing a work directory, inside it; a work directory whose owner lock is free is stale.
OWNER_LOCK = ".owner.lock"
# The end of datasette inspect's error output quoted when it fails.
_ERROR_TAIL = 2000
_HASH_CHUNK = 1 << 20

# Tables whose rows are raw response bodies: kept out of the public database, in RAW_DB.
RAW_TABLES = ("raw_pages",)
# Columns of counts (and money) stored as REAL in the archive: NUMERIC in the snapshot.
NUMERIC_COLUMNS = {("cells", "value"), ("repairs", "value")}
# Columns that name a row of another table, by column name: (table, its key).
LINKS = {"report_id": ("reports", "id"), "agency_id": ("agencies", "id")}
# Columns a snapshot adds, each after the column it follows: (name, type, its SQL over the archive's row t).
ADDED_COLUMNS = {
    "cells": {
        "report_id": (("year", "INTEGER", "(SELECT year FROM src.reports WHERE id = t.report_id)"),),
        "row": (("row_label", "TEXT", "COALESCE((SELECT label FROM src.key_labels WHERE section = t.section "
                 "AND kind = 'row' AND key = t.row), t.row)"),),
        "col": (("col_label", "TEXT", "COALESCE((SELECT label FROM src.key_labels WHERE section = t.section "
                 "AND kind = 'col' AND key = t.col), t.col)"),),
    },
    "checks": {"detail": (("finding", "TEXT", "nianbao_finding(t.rule, t.detail)"),)},
}
# Rows keep their order (rowid order: a report's cells as printed). Reports are numbered (rowid) year descending
# then id, so Datasette reads a search's matches in its order, and copied first, so their pages sit at the start
# of the file, inside SQLite's 2 GiB memory map.
FIRST_TABLE = "reports"
ROW_ORDER = {"reports": "ORDER BY t.year DESC, t.id"}


class SnapshotError(Exception):
    """A snapshot could not be made or found."""


@dataclass(frozen=True)
class Snapshot:
    """One complete snapshot directory."""

    path: Path

    @property
    def db(self) -> Path:
        return self.path / SNAPSHOT_DB

    @property
    def raw_db(self) -> Path:
        return self.path / RAW_DB

    @property
    def inspect_file(self) -> Path:
        return self.path / INSPECT_FILE

    @property
    def metadata_file(self) -> Path:
        return self.path / METADATA_FILE

    @property
    def sha256(self) -> str:
        return (self.path / CHECKSUM_FILE).read_text(encoding="ascii").split()[0]


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def snapshots(out_dir: str | Path) -> list[Snapshot]:
    """The complete snapshots in out_dir, oldest first (a directory is complete once its checksum is written)."""
    root = Path(out_dir)
    if not root.is_dir():
        return []
    found = [p for p in root.iterdir() if _SNAPSHOT_DIR.fullmatch(p.name) and (p / CHECKSUM_FILE).is_file()]
    return [Snapshot(p) for p in sorted(found, key=lambda p: p.name)]


def newest_snapshot(out_dir: str | Path) -> Snapshot:
    """The newest complete snapshot in out_dir."""
    found = snapshots(out_dir)
    if not found:
        raise SnapshotError(f"no snapshot in {out_dir}: make one with `nianbao snapshot`")
    return found[-1]


def _finding(rule: str | None, detail: str | None) -> str | None:
    """A check's findings in Chinese; null for a check with none."""
    if not detail:
        return None
    return finding_text(rule or "", detail) or None


def _create_sql(conn: sqlite3.Connection, schema: str, table: str, public: set[str]) -> tuple[str, list[str],
                                                                                             list[str]]:
    """The snapshot's CREATE TABLE for an archive table, its column names, and the SQL reading them from src."""
    info = conn.execute(f'PRAGMA src.table_info("{table}")').fetchall()
    definitions, names, reads, keys = [], [], [], []
    for _, name, kind, notnull, default, pk in info:
        kind = "NUMERIC" if (table, name) in NUMERIC_COLUMNS else kind
        definitions.append(f'"{name}" {kind}'.rstrip() + (" NOT NULL" if notnull else "")
                           + (f" DEFAULT {default}" if default is not None else ""))
        names.append(name)
        reads.append(f't."{name}"')
        for added, added_kind, sql in ADDED_COLUMNS.get(table, {}).get(name, ()):
            definitions.append(f'"{added}" {added_kind}')
            names.append(added)
            reads.append(sql)
        if pk:
            keys.append((pk, name))
    constraints = []
    if keys:
        constraints.append("PRIMARY KEY (" + ", ".join(f'"{name}"' for _, name in sorted(keys)) + ")")
    for name in names:
        other = LINKS.get(name)
        if other and other[0] != table and other[0] in public:
            constraints.append(f'FOREIGN KEY ("{name}") REFERENCES "{other[0]}" ("{other[1]}")')
    sql = f'CREATE TABLE {schema}."{table}" (\n   ' + ",\n   ".join(definitions + constraints) + "\n)"
    return sql, names, reads


def _copy(archive: Path, public: Path, raw: Path) -> list[str]:
    """Copy the archive into the public and raw databases in one read of it; returns its index definitions."""
    with closing(sqlite3.connect(public)) as conn:
        conn.create_function("nianbao_finding", 2, _finding, deterministic=True)
        conn.execute("ATTACH DATABASE ? AS src", [str(archive)])
        conn.execute("ATTACH DATABASE ? AS bodies", [str(raw)])
        for schema in ("main", "bodies"):
            # The files are new and thrown away if this fails: no need to wait for the disk at each commit.
            conn.execute(f"PRAGMA {schema}.synchronous = OFF")
        conn.execute("BEGIN")  # one read transaction over every table: the archive as it stood at one moment
        tables = [name for name, in conn.execute(
            "SELECT name FROM src.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name")]
        # An FTS table's shadow tables belong to it: the search index is built anew.
        virtual = [name for name, in conn.execute(
            "SELECT name FROM src.sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")]
        tables = [t for t in tables if not any(t.startswith(v + "_") for v in virtual)]
        tables.sort(key=lambda name: name != FIRST_TABLE)
        public_tables = {t for t in tables if t not in RAW_TABLES}
        for table in tables:
            schema = "bodies" if table in RAW_TABLES else "main"
            create, names, reads = _create_sql(conn, schema, table, public_tables)
            conn.execute(create)
            conn.execute(f'INSERT INTO {schema}."{table}" ({", ".join(f"[{n}]" for n in names)}) '
                         f'SELECT {", ".join(reads)} FROM src."{table}" t {ROW_ORDER.get(table, "ORDER BY t.rowid")}')
        indexes = [sql for sql, in conn.execute(
            "SELECT sql FROM src.sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN "
            f"({', '.join('?' * len(public_tables))})", sorted(public_tables))]
        conn.commit()
    return indexes


def _index_links(db: sqlite_utils.Database) -> None:
    """Index each linking column no index starts with: Datasette counts a row's incoming links on its page."""
    for table in db.table_names():
        for fk in db[table].foreign_keys:
            if not any(index.columns[:1] == [fk.column] for index in db[table].indexes):
                db[table].create_index([fk.column], if_not_exists=True)


def _write_config(work: Path) -> None:
    """metadata.json, settings.json and templates/: what Datasette reads from a configuration directory."""
    (work / METADATA_FILE).write_text(json.dumps(datasette_metadata(work / SNAPSHOT_DB), ensure_ascii=False,
                                                 indent=2), encoding="utf-8")
    (work / SETTINGS_FILE).write_text(json.dumps(SNAPSHOT_SETTINGS, indent=2), encoding="utf-8")
    if SOURCE_TEMPLATES.is_dir():
        shutil.copytree(SOURCE_TEMPLATES, work / TEMPLATES_DIR)


def _free_name(root: Path, stamp: str) -> Path:
    candidate, n = root / stamp, 1
    while candidate.exists():
        n += 1
        candidate = root / f"{stamp}-{n}"
    return candidate


def _try_flock(handle) -> bool:
    """Take an exclusive flock on an open file without waiting; False when another holds it."""
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@contextmanager
def _folder_lock(root: Path) -> Iterator[None]:
    """Hold the snapshot folder's lock for the block; SnapshotError when another snapshot is being made there."""
    with open(root / FOLDER_LOCK, "a+") as handle:
        if not _try_flock(handle):
            handle.seek(0)
            holder = handle.read().strip() or "unknown process"
            raise SnapshotError(f"another snapshot is being made in {root} ({holder}); try again when it is done")
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}\n")
        handle.flush()
        yield


def _owner_alive(work: Path) -> bool:
    """True while the run that made a work directory still holds its owner lock."""
    try:
        handle = open(work / OWNER_LOCK, "r")
    except OSError:  # no owner lock: left by a run that died before taking it, or by an older nianbao
        return False
    with handle:
        if not _try_flock(handle):
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False


def _remove_stale_partials(root: Path) -> None:
    """Remove the work directories of runs that died; one whose owner still runs is left alone."""
    for partial in root.glob(_PARTIAL + "*"):
        if partial.is_dir() and not _owner_alive(partial):
            shutil.rmtree(partial, ignore_errors=True)


def _inspect(work: Path) -> None:
    """Write Datasette's inspect file; SnapshotError when datasette inspect fails."""
    # Run where the file is, so the inspect file names it as Datasette finds it in the directory ("file":
    # "nianbao.db"), which is how a configuration directory knows to serve it immutable.
    try:
        subprocess.run([sys.executable, "-m", "datasette", "inspect", SNAPSHOT_DB, "--inspect-file", INSPECT_FILE],
                       cwd=work, check=True, capture_output=True)
    except subprocess.CalledProcessError as exc:
        error = (exc.stderr or b"").decode("utf-8", errors="replace").strip()[-_ERROR_TAIL:]
        raise SnapshotError(f"datasette inspect failed (exit status {exc.returncode}): {error}") from exc
    except OSError as exc:
        raise SnapshotError(f"datasette inspect could not run: {exc}") from exc


def _build(db_path: Path, work: Path, progress: Callable[[str], None]) -> None:
    """Fill the work directory: public and raw databases, indexes, search, inspect file, configuration, checksums."""
    (work / RAW_DB).parent.mkdir(parents=True)
    progress("copy")
    indexes = _copy(db_path, work / SNAPSHOT_DB, work / RAW_DB)
    progress("index")
    snapshot_db = sqlite_utils.Database(work / SNAPSHOT_DB)
    # Each primary key's index grew in its table's order, half-filled pages: rebuilt sorted, a quarter smaller.
    snapshot_db.execute("REINDEX")
    for sql in indexes:
        snapshot_db.execute(sql)
    ensure_schema(snapshot_db)
    for table in RAW_TABLES:  # ensure_schema makes every archive table, these too
        snapshot_db.execute(f"DROP TABLE IF EXISTS [{table}]")
    _index_links(snapshot_db)
    build_search_index(snapshot_db)
    snapshot_db.execute("ANALYZE")
    snapshot_db.close()
    progress("inspect")
    _inspect(work)
    _write_config(work)
    progress("checksum")
    (work / RAW_CHECKSUM_FILE).write_text(f"{file_sha256(work / RAW_DB)}  {RAW_DB.name}\n", encoding="ascii")
    (work / CHECKSUM_FILE).write_text(f"{file_sha256(work / SNAPSHOT_DB)}  {SNAPSHOT_DB}\n", encoding="ascii")


def make_snapshot(db_path: str | Path, out_dir: str | Path, keep: int,
                  progress: Callable[[str], None] = lambda stage: None) -> Snapshot:
    """Copy the archive consistently into a new snapshot directory (public database, raw pages apart), add the
    search index, Datasette's configuration and inspect file, checksum it, and keep the newest `keep`; one at a
    time per folder (SnapshotError when another is being made there)."""
    if keep < 1:
        raise SnapshotError("keep must be at least 1")
    if not Path(db_path).is_file():
        raise SnapshotError(f"no archive at {db_path}")
    root = Path(out_dir)
    root.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime(STAMP_FORMAT)
    with _folder_lock(root):
        _remove_stale_partials(root)
        work = Path(tempfile.mkdtemp(prefix=f"{_PARTIAL}{stamp}-", dir=root))
        try:
            work.chmod(stat.S_IMODE(root.stat().st_mode))  # mkdtemp's is private to its user; readers need more
            with open(work / OWNER_LOCK, "w") as owner:
                fcntl.flock(owner, fcntl.LOCK_EX)
                _build(Path(db_path), work, progress)
                (work / OWNER_LOCK).unlink()
                final = _free_name(root, stamp)
                work.rename(final)
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
        progress("prune")
        for old in snapshots(root)[:-keep]:
            shutil.rmtree(old.path)
    return Snapshot(final)
