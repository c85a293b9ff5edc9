"""A snapshot directory is a Datasette configuration directory: plain `datasette serve DIR` publishes it with every
description, canned query and the dashboard; raw pages sit beside it in raw/raw.db, not served."""

import fcntl
import json
import re
import shutil
import subprocess
import sys
import threading
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest

from nianbao.publish import snapshot as snapshot_module
from nianbao.publish.queries import LIVE_QUERIES, QUERIES
from nianbao.publish.search import FTS_TABLE
from nianbao.publish.serve import serve_command
from nianbao.publish.settings import SNAPSHOT_SETTINGS
from nianbao.publish.snapshot import (
    INSPECT_FILE,
    METADATA_FILE,
    OWNER_LOCK,
    RAW_CHECKSUM_FILE,
    RAW_DB,
    SETTINGS_FILE,
    TEMPLATES_DIR,
    SnapshotError,
    file_sha256,
    make_snapshot,
    snapshots,
)
from tests.conftest import free_port, rows, wait_for_http

DATASETTE = Path(sys.executable).with_name("datasette")
# Seconds a test waits for a snapshot being made in another thread.
SLOW = 300


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())


@pytest.fixture(scope="module")
def snapshot_dir(published, tmp_path_factory):
    """A snapshot of the published demo archive."""
    return make_snapshot(published["archive"], tmp_path_factory.mktemp("snapshot-dir"), keep=1)


@contextmanager
def plain_datasette(directory: Path):
    """`datasette serve DIRECTORY` on a free loopback port, nothing else on its command line."""
    port = free_port()
    server = subprocess.Popen([str(DATASETTE), "serve", str(directory), "-p", str(port), "-h", "127.0.0.1"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(base + "/-/versions.json")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_plain_datasette_serves_the_directory_as_nianbao_does(snapshot_dir):
    with plain_datasette(snapshot_dir.path) as base:
        databases = get_json(base + "/-/databases.json")
        tables = get_json(base + "/-/metadata.json")["databases"]["nianbao"]["tables"]
        database = get_json(base + "/nianbao.json")
        settings = get_json(base + "/-/settings.json")
        cells = get_json(base + "/nianbao/cells.json?_size=1&_shape=objects")["rows"]
        with urllib.request.urlopen(base + "/-/dashboards/overview", timeout=30) as response:
            dashboard = response.read().decode()
        with urllib.request.urlopen(base + "/nianbao/reports", timeout=30) as response:
            reports_page = response.read().decode()
    # Only the public database, immutable (the inspect file names it), so downloadable.
    assert [(d["name"], d["is_mutable"]) for d in databases] == [("nianbao", False)]
    assert tables["reports"]["label_column"] == "title" and tables["cells"]["columns"]["row_label"].startswith("行")
    assert "年报（每机关每年一份" in reports_page
    assert {q["name"] for q in database["queries"]} == set(QUERIES)
    assert {name: settings[name] for name in SNAPSHOT_SETTINGS} == SNAPSHOT_SETTINGS
    assert "年报概览" in dashboard and cells and isinstance(cells[0]["year"], int)


def test_nianbao_serve_serves_the_directory_itself(snapshot_dir):
    command = serve_command(snapshot_dir.path, "127.0.0.1", 8001)
    assert command[-5:] == [str(snapshot_dir.path), "--host", "127.0.0.1", "--port", "8001"]
    assert "--metadata" not in command and "--setting" not in command
    # A snapshot's database given as immutable is served through its directory too (nianbao demo does that).
    assert serve_command(snapshot_dir.db, "127.0.0.1", 8001, immutable=True) == command


def test_the_directory_holds_datasettes_configuration(snapshot_dir):
    path = snapshot_dir.path
    metadata = json.loads((path / METADATA_FILE).read_text(encoding="utf-8"))
    assert set(metadata["databases"]["nianbao"]["queries"]) == set(QUERIES)
    assert "overview" in metadata["plugins"]["datasette-dashboards"]
    assert json.loads((path / SETTINGS_FILE).read_text()) == SNAPSHOT_SETTINGS
    inspect = json.loads((path / INSPECT_FILE).read_text())
    assert inspect["nianbao"]["file"] == "nianbao.db"
    assert inspect["nianbao"]["tables"]["reports"]["count"] == rows(snapshot_dir.db, "SELECT COUNT(*) AS n "
                                                                                     "FROM reports")[0]["n"]


def test_templates_beside_the_code_are_copied_as_they_are(published, tmp_path, monkeypatch):
    templates = tmp_path / "site-templates"
    (templates / "pages").mkdir(parents=True)
    (templates / "index.html").write_text("{% extends 'default:index.html' %}", encoding="utf-8")
    (templates / "pages" / "about.html").write_text("关于", encoding="utf-8")
    monkeypatch.setattr(snapshot_module, "SOURCE_TEMPLATES", templates)
    made = make_snapshot(published["archive"], tmp_path / "snapshots", keep=1)
    copied = sorted(p.relative_to(made.path / TEMPLATES_DIR).as_posix()
                    for p in (made.path / TEMPLATES_DIR).rglob("*") if p.is_file())
    assert copied == ["index.html", "pages/about.html"]


def test_raw_pages_are_kept_apart_and_whole(published, snapshot_dir):
    public = {r["name"] for r in rows(snapshot_dir.db, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "raw_pages" not in public and {"reports", "cells", "fetches"} <= public
    blobs = [(table, column["name"]) for table in public if not table.startswith(FTS_TABLE)  # the index's own
             for column in rows(snapshot_dir.db, f"PRAGMA table_info([{table}])") if column["type"] == "BLOB"]
    assert blobs == []
    query = "SELECT hash, size, content_type, body FROM raw_pages ORDER BY hash"
    assert rows(snapshot_dir.raw_db, query) == rows(published["archive"], query)
    assert (snapshot_dir.path / RAW_CHECKSUM_FILE).read_text().split() == [file_sha256(snapshot_dir.raw_db),
                                                                           RAW_DB.name]
    assert rows(snapshot_dir.raw_db, "PRAGMA integrity_check") == [{"integrity_check": "ok"}]


def test_the_snapshot_holds_the_archive_less_its_raw_bodies(published, snapshot_dir):
    archive, snap = published["archive"], snapshot_dir.db
    for table, key in (("versions", "report_id, version"), ("checks", "report_id, rule"), ("sources", "url"),
                       ("fetches", "id"), ("agencies", "id"), ("placements", "report_id, section, row")):
        columns = ", ".join(c["name"] for c in rows(archive, f"PRAGMA table_info([{table}])"))
        query = f"SELECT {columns} FROM [{table}] ORDER BY {key}"
        assert rows(snap, query) == rows(archive, query), table
    # A whole number is stored as an integer, anything else as it was; a report's cells in the order printed.
    query = "SELECT report_id, section, row, col, seq, value FROM cells ORDER BY rowid"
    archived, published_cells = rows(archive, query), rows(snap, query)
    assert published_cells == archived
    assert all(type(c["value"]) is (int if float(c["value"]).is_integer() else float)
               for c in published_cells if c["value"] is not None)
    assert rows(snap, "PRAGMA integrity_check") == [{"integrity_check": "ok"}]


def test_a_snapshot_made_before_directories_is_refused_with_a_clear_error(tmp_path):
    old = tmp_path / "2020-01-01T000000Z"
    old.mkdir()
    (old / "nianbao.db").write_bytes(b"")
    with pytest.raises(SnapshotError, match="older nianbao"):
        serve_command(old, "127.0.0.1", 8001)


def test_every_canned_query_runs_on_a_snapshot_and_on_a_live_archive(published, snapshot_dir):
    """`nianbao serve --db` serves a live archive, which has no search index and no checks.finding."""
    for db, queries in ((snapshot_dir.db, QUERIES), (published["archive"], LIVE_QUERIES)):
        for name, query in queries.items():
            if name == "search":  # needs the plugin's functions; asked over HTTP in tests/test_publish.py
                continue
            params = {p: "" for p in re.findall(r":(\w+)", query["sql"])}
            assert rows(db, query["sql"], params), (db, name)


def test_two_snapshots_at_once_leave_each_other_alone(published, tmp_path):
    """A second snapshot while one is being made fails cleanly or succeeds, never touching the first's work."""
    out = tmp_path / "snapshots"
    working, go = threading.Event(), threading.Event()
    made = []

    def first_stops_at_inspect(stage):
        if stage == "inspect":
            working.set()
            go.wait(timeout=SLOW)

    first = threading.Thread(target=lambda: made.append(make_snapshot(published["archive"], out, keep=3,
                                                                      progress=first_stops_at_inspect)))
    first.start()
    try:
        assert working.wait(timeout=SLOW)
        [partial] = out.glob(".partial-*")
        try:
            made.append(make_snapshot(published["archive"], out, keep=3))
        except SnapshotError as error:
            assert "another snapshot" in str(error)
        assert (partial / "nianbao.db").is_file(), "the second run left the first's work alone"
    finally:
        go.set()
        first.join(timeout=SLOW)
    assert made and len({s.path for s in made}) == len(made)
    assert [s.path for s in snapshots(out)] == sorted(s.path for s in made)
    assert not list(out.glob(".partial-*"))


def test_snapshots_started_in_the_same_second_get_their_own_folders(published, tmp_path):
    out = tmp_path / "snapshots"
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = [pool.submit(make_snapshot, published["archive"], out, keep=3) for _ in range(2)]
    made, failed = [], []
    for run in runs:
        try:
            made.append(run.result())
        except SnapshotError as error:
            failed.append(error)
    assert made and len(made) + len(failed) == 2 and len({s.path for s in made}) == len(made)
    assert all((s.path / "nianbao.db.sha256").is_file() for s in made)
    assert not list(out.glob(".partial-*"))


def test_only_the_work_of_dead_runs_is_cleaned(published, tmp_path):
    out = tmp_path / "snapshots"
    out.mkdir()
    died = out / ".partial-2099-01-01T000000Z-died"
    # A run killed while making its snapshot: its owner lock is dropped with its process.
    subprocess.run([sys.executable, "-c", "import fcntl, os, sys; os.mkdir(sys.argv[1]); "
                    f"handle = open(os.path.join(sys.argv[1], {OWNER_LOCK!r}), 'w'); "
                    "fcntl.flock(handle, fcntl.LOCK_EX); os._exit(9)", str(died)], check=False)
    ownerless = out / ".partial-2099-01-01T000000Z-old"  # left by an older nianbao, or a run that died at once
    ownerless.mkdir()
    alive = out / ".partial-2099-01-01T000000Z-alive"  # a run still writing
    alive.mkdir()
    with open(alive / OWNER_LOCK, "w") as owner:
        fcntl.flock(owner, fcntl.LOCK_EX)
        make_snapshot(published["archive"], out, keep=1)
        assert alive.is_dir() and not died.exists() and not ownerless.exists()
    make_snapshot(published["archive"], out, keep=1)
    assert not list(out.glob(".partial-*"))


def test_a_failed_inspect_is_a_snapshot_error(published, tmp_path, monkeypatch):
    out = tmp_path / "snapshots"
    monkeypatch.setattr(snapshot_module, "sys", SimpleNamespace(executable=shutil.which("false")))
    with pytest.raises(SnapshotError, match="datasette inspect failed"):
        make_snapshot(published["archive"], out, keep=1)
    assert snapshots(out) == [] and not list(out.glob(".partial-*"))
