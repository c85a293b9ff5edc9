"""An ingest and workers on one Redis as separate `nianbao` processes, for the scale-out and kill tests."""

import os
import sqlite3
import subprocess
import sys
import time

from tests.archive_digest import digest, duplicate_fetches, foreign_provenance
from tests.conftest import FAST_ENV, nianbao, write_registry

# Short heartbeats so a dead worker's requests come back within seconds.
WORKER_ENV = {**FAST_ENV, "NIANBAO_HEARTBEAT_SECONDS": "0.5", "NIANBAO_HEARTBEAT_MISSES": "4",
              "NIANBAO_WAIT_SECONDS": "60", "NIANBAO_REDIS_RETRY_SECONDS": "15", "NIANBAO_LOG_LEVEL": "INFO"}
RUN_SECONDS = 240


def crawl_reference(demo_site, tmp) -> dict:
    """The demo crawled by one process: what every distributed crawl must reproduce."""
    tmp.mkdir(parents=True, exist_ok=True)
    registry = write_registry(tmp / "portals.yaml", demo_site.registry_rows())
    result = nianbao("crawl", "--portals", registry, "--db", tmp / "one.db")
    assert result.returncode == 0, result.stderr[-3000:]
    return {"registry": registry, "db": tmp / "one.db"}


def assert_same_archive(db_path, reference) -> None:
    """Same reports, cells, checks, sources, versions, failures and skipped pages; no page fetched twice."""
    expected, got = digest(reference["db"]), digest(db_path)
    for table, rows in expected.items():
        assert got[table] == rows, f"{table} differs"
    assert duplicate_fetches(db_path) == []
    assert foreign_provenance(db_path) == []


def spawn(*args, log, env=None) -> subprocess.Popen:
    """Start `nianbao ARGS` in the background in its own process group, its output in log."""
    return subprocess.Popen([sys.executable, "-m", "nianbao", *map(str, args)], stdout=log.open("w"),
                            stderr=subprocess.STDOUT, env={**os.environ, **WORKER_ENV, **(env or {})},
                            start_new_session=True)


def wait_until(condition, what: str, seconds: float = 60) -> None:
    """Poll until condition() is true."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"never happened: {what}")
        time.sleep(0.05)


def ingested(db_path) -> int:
    """Pages the ingest has written so far."""
    try:
        with sqlite3.connect(db_path, timeout=30) as db:
            return db.execute("select count(*) from fetches").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


class Cluster:
    """An ingest and workers on one Redis, as separate processes, logs kept in tmp."""

    def __init__(self, tmp, registry, redis, db_path):
        self.tmp, self.registry, self.redis, self.db_path = tmp, registry, redis, db_path
        self.ingest_process = None
        self.ingest_name = "ingest"
        self.workers: dict[str, subprocess.Popen] = {}
        self.env: dict[str, str] = {}

    def ingest(self, name="ingest"):
        """Start the ingest (it plans the run, or resumes it)."""
        self.ingest_process = spawn("ingest", "--db", self.db_path, "--portals", self.registry, "--redis",
                                    self.redis.url, log=self.tmp / f"{name}.log", env=self.env)
        self.ingest_name = name
        return self.ingest_process

    def worker(self, name):
        """Start one worker."""
        self.workers[name] = spawn("worker", "--redis", self.redis.url, "--id", name, log=self.tmp / f"{name}.log",
                                   env=self.env)
        return self.workers[name]

    def log(self, name) -> str:
        """What a process printed."""
        return (self.tmp / f"{name}.log").read_text()

    def wait(self, process, name) -> int:
        """Its exit status, once it ends."""
        try:
            return process.wait(timeout=RUN_SECONDS)
        except subprocess.TimeoutExpired:
            self.stop()
            raise AssertionError(f"{name} did not finish:\n{self.log(name)[-3000:]}") from None

    def stop(self):
        """Kill whatever still runs."""
        for process in [self.ingest_process, *self.workers.values()]:
            if process and process.poll() is None:
                process.kill()
                process.wait()

    def finish(self) -> None:
        """Wait for the ingest and every worker; all must succeed."""
        assert self.wait(self.ingest_process, self.ingest_name) == 0, self.log(self.ingest_name)[-3000:]
        for name, process in self.workers.items():
            if process.returncode is None or process.returncode >= 0:
                assert self.wait(process, name) == 0, self.log(name)[-3000:]
