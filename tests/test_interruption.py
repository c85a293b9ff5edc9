"""kill -9 during a crawl, then run again: a sound archive, no duplicates, and the second run completes the first."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from urllib.parse import urlsplit

import pytest

from demo.site import DemoSite
from tests.conftest import FAST_ENV, nianbao, write_registry

# Slow enough that a crawl of the demo takes a few seconds, so the kill lands mid-crawl.
SERVER_DELAY = 0.05
KILL_WAIT_SECONDS = 60


def count_reports(db_path) -> int:
    """Reports written so far, read beside the running crawl (WAL lets readers in)."""
    try:
        with closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=1)) as db:
            return db.execute("select count(*) from reports").fetchone()[0]
    except sqlite3.OperationalError:
        return -1


@pytest.fixture
def slow_site():
    """The demo portals, each answer delayed like a small government server."""
    site = DemoSite().start()
    for portal in site.portals.values():
        portal.delay = SERVER_DELAY
    yield site
    site.stop()


@pytest.mark.parametrize("kill_after_reports", [0, 2, 12])
def test_kill_9_mid_crawl_then_rerun_completes(slow_site, tmp_path, kill_after_reports):
    registry = write_registry(tmp_path / "portals.yaml", slow_site.registry_rows())
    db_path = tmp_path / "nianbao.db"
    crawl = subprocess.Popen([sys.executable, "-m", "archive.cli", "crawl", "--portals", registry, "--db", str(db_path)],
                             env={**os.environ, **FAST_ENV}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + KILL_WAIT_SECONDS
    while time.monotonic() < deadline and crawl.poll() is None:
        started = any(site.log for site in slow_site.portals.values())
        if started and count_reports(db_path) >= kill_after_reports:
            break
        time.sleep(0.01)
    os.kill(crawl.pid, signal.SIGKILL)
    assert crawl.wait() == -signal.SIGKILL, "the crawl ended before the kill: the test proves nothing"

    with closing(sqlite3.connect(db_path)) as db:
        assert db.execute("pragma integrity_check").fetchone()[0] == "ok"
        assert db.execute("select count(*) from reports").fetchone()[0] >= kill_after_reports
        assert db.execute("select status from crawl_runs").fetchall() == [("running",)]
        archived = {urlsplit(url).path + (f"?{urlsplit(url).query}" if urlsplit(url).query else "")
                    for (url,) in db.execute("select url from sources")}
    for site in slow_site.portals.values():
        site.log.clear()

    result = nianbao("crawl", "--portals", registry, "--db", db_path)
    assert result.returncode == 0, result.stderr[-3000:]
    with closing(sqlite3.connect(db_path)) as db:
        assert db.execute("pragma integrity_check").fetchone()[0] == "ok"
        reports = db.execute("select agency, year, versions from reports").fetchall()
        assert sorted((a, y) for a, y, _ in reports) == sorted((r.agency, r.year) for r in slow_site.catalog)
        assert {v for _, _, v in reports} == {1}
        assert db.execute("select count(*) from versions").fetchone()[0] == len(slow_site.catalog)
        assert [s for (s,) in db.execute("select status from crawl_runs order by started, rowid")] == [
            "interrupted", "ok"]
    refetched = {path for site in slow_site.portals.values() for _, path in site.log} & archived
    assert not refetched
