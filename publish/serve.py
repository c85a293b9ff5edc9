"""The Datasette command that publishes an archive: a snapshot directory as it is, or a live archive read-only."""

import json
import sys
import tempfile
from pathlib import Path

from nianbao.publish.metadata import datasette_metadata
from nianbao.publish.settings import SETTINGS
from nianbao.publish.snapshot import METADATA_FILE, SnapshotError
from nianbao.publish.workers import workers_command

DATASETTE_SERVE = [sys.executable, "-m", "datasette", "serve"]


def snapshot_command(snapshot_dir: str | Path, host: str, port: int) -> list[str]:
    """`datasette serve SNAPSHOT_DIR`, the directory being Datasette's whole configuration, as a downloaded copy."""
    # The inspect file in the directory makes the database immutable and so downloadable.
    snapshot_dir = Path(snapshot_dir)
    if not (snapshot_dir / METADATA_FILE).is_file():
        raise SnapshotError(f"{snapshot_dir} has no {METADATA_FILE}: it was made by an older nianbao; make a new "
                            "snapshot with `nianbao snapshot`")
    return [*DATASETTE_SERVE, str(snapshot_dir), "--host", host, "--port", str(port)]


def live_command(db_path: str | Path, host: str, port: int) -> list[str]:
    """`datasette serve` of a live archive, read-only, with its metadata in a temporary file."""
    # A live archive has no directory of its own to keep its metadata in.
    db_path = Path(db_path)
    metadata = Path(tempfile.mkdtemp(prefix="nianbao-")) / METADATA_FILE
    metadata.write_text(json.dumps(datasette_metadata(db_path), ensure_ascii=False, indent=2), encoding="utf-8")
    command = [*DATASETTE_SERVE, "--metadata", str(metadata), "--host", host, "--port", str(port), str(db_path)]
    for name, value in SETTINGS.items():
        command += ["--setting", name, str(value)]
    return command


def serve_command(target: str | Path, host: str, port: int, immutable: bool = False, workers: int = 1) -> list[str]:
    """The command serving a snapshot directory, a snapshot's database (its directory) or a live archive file."""
    target = Path(target)
    if target.is_dir() or immutable:
        command = snapshot_command(target if target.is_dir() else target.parent, host, port)
    else:
        command = live_command(target, host, port)
    if workers > 1:
        return workers_command(command[len(DATASETTE_SERVE):], workers)
    return command
