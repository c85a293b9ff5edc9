"""Dated snapshots of the archive to download and serve: VACUUM INTO, search index, Datasette inspect, sha256."""

import hashlib
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from nianbao.archive.schema import ensure_schema
from nianbao.publish.search import build_search_index

SNAPSHOT_DB = "nianbao.db"
INSPECT_FILE = "inspect-data.json"
CHECKSUM_FILE = SNAPSHOT_DB + ".sha256"
STAMP_FORMAT = "%Y-%m-%dT%H%M%SZ"
_SNAPSHOT_DIR = re.compile(r"\d{4}-\d\d-\d\dT\d{6}Z(-\d+)?")
_PARTIAL = ".partial-"
_HASH_CHUNK = 1 << 20
_NUMBERED = "reports_numbered"


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
    def inspect_file(self) -> Path:
        return self.path / INSPECT_FILE

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


def number_reports_newest_first(db: sqlite_utils.Database) -> None:
    """Number reports (rowid) year descending then id, so Datasette reads a search's matches in its order."""
    # Back into the emptied table, not into a new one: it reuses the pages it freed near the start of the
    # file, inside SQLite's 2 GiB memory map; a new table would land past the cells, read by system calls.
    names = ", ".join(f"[{name}]" for name in db["reports"].columns_dict)
    with db.conn:
        db.execute(f"CREATE TEMP TABLE [{_NUMBERED}] AS SELECT {names} FROM reports ORDER BY year DESC, id")
        db.execute("DELETE FROM reports")
        db.execute(f"INSERT INTO reports (rowid, {names}) SELECT rowid, {names} FROM temp.[{_NUMBERED}]")
        db.execute(f"DROP TABLE temp.[{_NUMBERED}]")


def _free_name(root: Path, stamp: str) -> Path:
    candidate, n = root / stamp, 1
    while candidate.exists():
        n += 1
        candidate = root / f"{stamp}-{n}"
    return candidate


def make_snapshot(db_path: str | Path, out_dir: str | Path, keep: int,
                  progress: Callable[[str], None] = lambda stage: None) -> Snapshot:
    """Copy the archive consistently (VACUUM INTO), add the search index, inspect and checksum it, keep `keep`."""
    if keep < 1:
        raise SnapshotError("keep must be at least 1")
    if not Path(db_path).is_file():
        raise SnapshotError(f"no archive at {db_path}")
    root = Path(out_dir)
    root.mkdir(parents=True, exist_ok=True)
    for stale in root.glob(_PARTIAL + "*"):  # left by an interrupted snapshot
        shutil.rmtree(stale)
    final = _free_name(root, datetime.now(UTC).strftime(STAMP_FORMAT))
    work = root / (_PARTIAL + final.name)
    work.mkdir()
    progress("copy")
    source = sqlite3.connect(db_path)
    try:
        source.execute("VACUUM INTO ?", [str(work / SNAPSHOT_DB)])
    finally:
        source.close()
    progress("index")
    snapshot_db = sqlite_utils.Database(work / SNAPSHOT_DB)
    snapshot_db.execute("PRAGMA journal_mode = DELETE")
    number_reports_newest_first(snapshot_db)
    ensure_schema(snapshot_db)
    build_search_index(snapshot_db)
    snapshot_db.execute("ANALYZE")
    snapshot_db.close()
    progress("inspect")
    subprocess.run([sys.executable, "-m", "datasette", "inspect", str(work / SNAPSHOT_DB),
                    "--inspect-file", str(work / INSPECT_FILE)], check=True, capture_output=True)
    progress("checksum")
    (work / CHECKSUM_FILE).write_text(f"{file_sha256(work / SNAPSHOT_DB)}  {SNAPSHOT_DB}\n", encoding="ascii")
    work.rename(final)
    progress("prune")
    for old in snapshots(root)[:-keep]:
        shutil.rmtree(old.path)
    return Snapshot(final)
