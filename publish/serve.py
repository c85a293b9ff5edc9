"""The Datasette command that publishes an archive: read-only, time- and row-limited, with our metadata."""

import json
import sqlite3
import sys
import tempfile
from contextlib import closing
from pathlib import Path

from nianbao.publish.metadata import datasette_metadata
from nianbao.publish.search import FTS_TABLE
from nianbao.publish.settings import SETTINGS


def serve_command(db_path: str | Path, host: str, port: int, immutable: bool,
                  inspect_file: str | Path | None = None) -> list[str]:
    """The datasette serve command line for db_path (immutable for snapshots: downloadable, never written)."""
    db_path = Path(db_path)
    with closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as conn:
        # Only `nianbao snapshot` builds the search index.
        snapshot = conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", [FTS_TABLE]).fetchone() is not None
    metadata = Path(tempfile.mkdtemp(prefix="nianbao-")) / "metadata.json"
    metadata.write_text(json.dumps(datasette_metadata(db_path.stem, snapshot), ensure_ascii=False, indent=2),
                        encoding="utf-8")
    command = [sys.executable, "-m", "datasette", "serve", "--metadata", str(metadata), "--host", host,
               "--port", str(port)]
    command += ["-i", str(db_path)] if immutable else [str(db_path)]
    if inspect_file:
        command += ["--inspect-file", str(inspect_file)]
    for name, value in SETTINGS.items():
        command += ["--setting", name, str(value)]
    return command
