"""kill -9 at 20 random points across crawl, ingest and snapshot, and once in the middle of a group of pages' writes:
every time the archive is sound, no report is duplicated, and a re-run completes the work.

The points are drawn from a seed (NIANBAO_KILL_SEED, printed with every failure) as fractions of how long
the uninterrupted stage took in the same session, so they spread over the whole stage on any machine. Pages are
written in groups, one transaction each (NIANBAO_WRITE_PAGES, NIANBAO_WRITE_SECONDS): half the crawl's points and
all the ingest's run with groups of GROUP_PAGES, so that groups commit during the stage and kills land both between
and inside them; the other crawl points run with the default group.
"""

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest

from nianbao.demo.site import DemoSite
from nianbao.publish.snapshot import CHECKSUM_FILE, FOLDER_LOCK, file_sha256, snapshots
from tests.archive_digest import digest
from tests.cluster import Cluster
from tests.conftest import FAST_ENV, nianbao, server_path, write_registry
from tests.redis_server import RedisServer

SEED = int(os.environ.get("NIANBAO_KILL_SEED", "20261122"))
# 20 points in all: where the archive is written by a crawl, by the scale-out ingest, and copied by a snapshot.
POINTS = {"crawl": 8, "ingest": 6, "snapshot": 6}
# Small groups, committed by their count alone (the time bound out of reach), so a stage commits several.
GROUP_PAGES = 3
SMALL_GROUPS = {"NIANBAO_WRITE_PAGES": str(GROUP_PAGES), "NIANBAO_WRITE_SECONDS": "600"}
# One group for the whole crawl: nothing is committed before the spider closes.
ONE_GROUP = {"NIANBAO_WRITE_PAGES": "1000000", "NIANBAO_WRITE_SECONDS": "600"}
# Report pages the mid-group kill waits to see served (and so written into the open group) before it kills.
SERVED_BEFORE_KILL = 3
WAIT_SECONDS = 60
# Slow enough that a crawl of the demo takes a few seconds, so each kill lands mid-stage.
SERVER_DELAY = 0.05
# A point that the stage outran (it had ended, or closed its run) is drawn again this many times, each earlier.
REDRAWS = 4
EARLIEST, LATEST = 0.02, 0.95
# Archive tables a finished run must reproduce exactly, however many kills came before it.
COMPARED = ("reports", "report_portals", "cells", "checks", "sources", "versions", "skipped")


@dataclass
class Stage:
    """An uninterrupted run of one stage: how long it took and the archive it made."""

    seconds: float
    db: Path


def fractions(stage: str) -> list[float]:
    """The kill points of a stage, as fractions of its uninterrupted duration."""
    rng = random.Random(f"{SEED}-{stage}")
    return [rng.uniform(EARLIEST, LATEST) for _ in range(POINTS[stage])]


def kill_at(start, seconds: float) -> float:
    """Start a stage, kill -9 its whole process group after `seconds`; redraw earlier if it ended first.

    Returns the delay at which the kill landed.
    """
    for _ in range(REDRAWS):
        process = start()
        time.sleep(seconds)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            return seconds
        seconds /= 2
    raise AssertionError(f"the stage kept finishing before the kill (seed {SEED})")


def start_nianbao(*args, env=None, log=None) -> subprocess.Popen:
    """`nianbao ARGS` in its own process group, so kill -9 takes its children too."""
    return subprocess.Popen([sys.executable, "-m", "nianbao", *map(str, args)], start_new_session=True,
                            env={**os.environ, **FAST_ENV, **(env or {})}, stdout=subprocess.DEVNULL,
                            stderr=log.open("w") if log else subprocess.DEVNULL)


# A report, version or source written twice; a kill while the schema is created leaves some tables still to come.
DUPLICATES = {
    "reports": "select agency, year from reports where agency is not null group by agency, year having count(*) > 1",
    "versions": "select report_id, version from versions group by report_id, version having count(*) > 1",
    "sources": "select url from sources group by url having count(*) > 1",
}


def assert_sound(db_path, note: str) -> None:
    """integrity_check ok and no report, version or source twice."""
    with closing(sqlite3.connect(db_path)) as db:
        assert db.execute("pragma integrity_check").fetchone()[0] == "ok", note
        tables = {name for (name,) in db.execute("select name from sqlite_master where type = 'table'")}
        for table, duplicates in DUPLICATES.items():
            if table in tables:
                assert db.execute(duplicates).fetchall() == [], f"{table} doubled ({note})"


def assert_complete(db_path, reference: Path, note: str) -> None:
    """The re-run archive holds exactly what an uninterrupted run wrote; the killed run says so."""
    assert_sound(db_path, note)
    expected, got = digest(reference), digest(db_path)
    for table in COMPARED:
        assert got[table] == expected[table], f"{table} differs ({note})"
    with closing(sqlite3.connect(db_path)) as db:
        statuses = [s for (s,) in db.execute("select status from crawl_runs order by started, rowid")]
    assert statuses[-1] == "ok" and set(statuses[:-1]) <= {"interrupted"}, (statuses, note)


@pytest.fixture(scope="module")
def slow_site():
    """The demo portals, each answer delayed like a small government server."""
    site = DemoSite().start()
    for portal in site.portals.values():
        portal.delay = SERVER_DELAY
    yield site
    site.stop()


@pytest.fixture(scope="module")
def registry(slow_site, tmp_path_factory):
    return write_registry(tmp_path_factory.mktemp("registry") / "portals.yaml", slow_site.registry_rows())


@pytest.fixture(scope="module")
def redis(tmp_path_factory):
    server = RedisServer(tmp_path_factory.mktemp("redis"), persistent=False).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def crawl_stage(registry, tmp_path_factory) -> Stage:
    db = tmp_path_factory.mktemp("crawl-reference") / "nianbao.db"
    started = time.monotonic()
    result = nianbao("crawl", "--portals", registry, "--db", db)
    assert result.returncode == 0, result.stderr[-3000:]
    return Stage(time.monotonic() - started, db)


def ingest_run(tmp: Path, registry: str, redis: RedisServer, name: str) -> Cluster:
    """An ingest and one worker under their own Redis prefix, so the points share one Redis."""
    cluster = Cluster(tmp, registry, redis, tmp / "nianbao.db")
    cluster.env = {"NIANBAO_REDIS_PREFIX": name, "NIANBAO_LOG_LEVEL": "WARNING", **SMALL_GROUPS}
    return cluster


@pytest.fixture(scope="module")
def ingest_stage(registry, redis, tmp_path_factory) -> Stage:
    cluster = ingest_run(tmp_path_factory.mktemp("ingest-reference"), registry, redis, "reference")
    started = time.monotonic()
    cluster.ingest()
    cluster.worker("w1")
    cluster.finish()
    return Stage(time.monotonic() - started, cluster.db_path)


@pytest.fixture(scope="module")
def snapshot_stage(crawl_stage, tmp_path_factory) -> Stage:
    out = tmp_path_factory.mktemp("snapshot-reference")
    started = time.monotonic()
    result = nianbao("snapshot", "--db", crawl_stage.db, "--snapshots", out)
    assert result.returncode == 0, result.stderr[-3000:]
    return Stage(time.monotonic() - started, crawl_stage.db)


def run_closed(db_path: Path) -> bool:
    """True when the archive holds a closed run: a kill that came after it came after the stage's work."""
    if not db_path.exists():
        return False
    with closing(sqlite3.connect(db_path)) as db:
        try:
            statuses = {status for (status,) in db.execute("select status from crawl_runs")}
        except sqlite3.OperationalError:  # killed before the schema was made
            return False
    return bool(statuses - {"running", "interrupted"})


def killed_crawl(point: int, crawl_stage: Stage, registry, db: Path, groups: dict) -> float:
    """A crawl killed at the point, before it closed its run; redrawn earlier, on a fresh archive, if it had closed
    it (the kill came after the stage's work). Returns the delay at which the kill landed."""
    delay = fractions("crawl")[point] * crawl_stage.seconds
    for _ in range(REDRAWS):
        at = kill_at(lambda: start_nianbao("crawl", "--portals", registry, "--db", db, env=groups), delay)
        if not run_closed(db):
            return at
        for made in db.parent.glob(f"{db.name}*"):
            made.unlink()
        delay /= 2
    raise AssertionError(f"the crawl kept closing its run before the kill (seed {SEED})")


@pytest.mark.parametrize("point", range(POINTS["crawl"]))
def test_kill_9_during_a_crawl(point, crawl_stage, registry, slow_site, tmp_path):
    db = tmp_path / "nianbao.db"
    groups = SMALL_GROUPS if point % 2 else {}
    at = killed_crawl(point, crawl_stage, registry, db, groups)
    note = (f"crawl killed at {at:.2f} s of {crawl_stage.seconds:.2f} s, "
            f"{'groups of ' + str(GROUP_PAGES) if groups else 'default groups'}, seed {SEED}")
    archived = set()
    if db.exists():
        assert_sound(db, note)
        with closing(sqlite3.connect(db)) as conn:
            if conn.execute("select count(*) from sqlite_master where name = 'sources'").fetchone()[0]:
                archived = {url for (url,) in conn.execute("select url from sources")}
    for site in slow_site.portals.values():
        site.log.clear()
    result = nianbao("crawl", "--portals", registry, "--db", db)
    assert result.returncode == 0, (note, result.stderr[-3000:])
    assert_complete(db, crawl_stage.db, note)
    asked = {path for site in slow_site.portals.values() for _, path in site.log}
    assert not asked & {server_path(url) for url in archived}, f"archived pages fetched again ({note})"


def test_kill_9_inside_a_group_loses_its_pages_whole_and_the_rerun_fetches_them_again(crawl_stage, registry,
                                                                                      slow_site, tmp_path):
    db = tmp_path / "nianbao.db"
    with closing(sqlite3.connect(crawl_stage.db)) as reference:
        report_pages = {server_path(url) for (url,) in reference.execute("select url from sources")}
    for site in slow_site.portals.values():
        site.log.clear()
    process = start_nianbao("crawl", "--portals", registry, "--db", db, env=ONE_GROUP)
    deadline = time.monotonic() + WAIT_SECONDS
    served: set[str] = set()
    while len(served) < SERVED_BEFORE_KILL and process.poll() is None and time.monotonic() < deadline:
        time.sleep(SERVER_DELAY)
        served = report_pages & {path for site in slow_site.portals.values() for _, path in list(site.log)}
    assert process.poll() is None, "the crawl ended before the kill"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert len(served) >= SERVED_BEFORE_KILL, "no report page was served in time"
    assert_sound(db, "killed inside a group")
    with closing(sqlite3.connect(db)) as conn:
        written = conn.execute("select (select count(*) from fetches) + (select count(*) from sources)"
                               " + (select count(*) from reports) + (select count(*) from cells)").fetchone()[0]
    assert written == 0, "a page of the uncommitted group was found in the archive"
    for site in slow_site.portals.values():
        site.log.clear()
    result = nianbao("crawl", "--portals", registry, "--db", db)
    assert result.returncode == 0, result.stderr[-3000:]
    assert_complete(db, crawl_stage.db, "killed inside a group")
    asked = {path for site in slow_site.portals.values() for _, path in site.log}
    assert served <= asked, "pages of the lost group were not fetched again"


def killed_ingest(point: int, ingest_stage: Stage, registry, redis, tmp_path: Path) -> tuple[Cluster, float]:
    """An ingest (with its worker) killed at the point, before it closed its run; redrawn earlier, afresh, if the
    ingest had closed it (its worker, told the run is over, is gone: nothing would crawl a next run)."""
    delay = fractions("ingest")[point] * ingest_stage.seconds
    for attempt in range(REDRAWS):
        tmp = tmp_path / f"attempt{attempt}"
        tmp.mkdir()
        cluster = ingest_run(tmp, registry, redis, f"kill{point}-{attempt}")
        cluster.worker("w1")
        at = kill_at(lambda: cluster.ingest("ingest1"), delay)
        if not run_closed(cluster.db_path):
            return cluster, at
        cluster.stop()
        delay /= 2
    raise AssertionError(f"the ingest kept closing its run before the kill (seed {SEED})")


@pytest.mark.parametrize("point", range(POINTS["ingest"]))
def test_kill_9_during_an_ingest(point, ingest_stage, registry, redis, tmp_path):
    cluster, at = killed_ingest(point, ingest_stage, registry, redis, tmp_path)
    try:
        note = f"ingest killed at {at:.2f} s of {ingest_stage.seconds:.2f} s, seed {SEED}"
        if cluster.db_path.exists():
            assert_sound(cluster.db_path, note)
        cluster.ingest("ingest2")
        cluster.finish()
    finally:
        cluster.stop()
    assert_complete(cluster.db_path, ingest_stage.db, note)


def test_an_ingest_killed_while_closing_its_run_leaves_it_for_the_next_to_close(ingest_stage, registry, redis,
                                                                                 tmp_path):
    cluster = ingest_run(tmp_path, registry, redis, "closing")
    try:
        cluster.ingest("ingest1")
        cluster.worker("w1")
        cluster.finish()
        # A kill between the finished plan and the closed run leaves the run running in the archive; the
        # worker, told the run is over, has gone. The next ingest closes that run: it plans none.
        with closing(sqlite3.connect(cluster.db_path)) as db:
            db.execute("update crawl_runs set status = 'running'")
            db.commit()
        cluster.ingest("ingest2")
        cluster.finish()
    finally:
        cluster.stop()
    assert_complete(cluster.db_path, ingest_stage.db, "ingest killed while closing")


@pytest.mark.parametrize("point", range(POINTS["snapshot"]))
def test_kill_9_during_a_snapshot(point, snapshot_stage, tmp_path):
    archive = tmp_path / "nianbao.db"
    shutil.copy(snapshot_stage.db, archive)
    before = digest(archive)
    out = tmp_path / "snapshots"
    at = kill_at(lambda: start_nianbao("snapshot", "--db", archive, "--snapshots", out),
                 fractions("snapshot")[point] * snapshot_stage.seconds)
    note = f"snapshot killed at {at:.2f} s of {snapshot_stage.seconds:.2f} s, seed {SEED}"
    assert_sound(archive, note)
    assert digest(archive) == before, note
    for made in snapshots(out):  # whatever a killed snapshot left must not pass for a complete one
        assert (made.path / CHECKSUM_FILE).read_text().split()[0] == file_sha256(made.db), note
    result = nianbao("snapshot", "--db", archive, "--snapshots", out)
    assert result.returncode == 0, (note, result.stderr[-3000:])
    newest = snapshots(out)[-1]
    assert newest.sha256 == file_sha256(newest.db), note
    assert_sound(newest.db, note)
    assert {k: v for k, v in digest(newest.db).items() if k in COMPARED} == {
        k: v for k, v in before.items() if k in COMPARED}, note
    # No work directory is left behind; the folder's lock file stays, like an archive's <db>.lock.
    assert [p.name for p in out.iterdir() if p.name.startswith(".") and p.name != FOLDER_LOCK] == [], note
