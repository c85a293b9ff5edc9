"""Scale-out on scrapy-redis against a real Redis: N workers build the archive one process builds, and
neither a killed worker, a killed ingest nor a restarted Redis loses or duplicates anything."""

import signal
import sqlite3
import time

import pytest

from nianbao.archive.health import BLOCKED, ERROR, SKIPPED
from nianbao.crawler.distributed.keys import Keys
from nianbao.crawler.portal_stats import PortalStats, merge_stats
from nianbao.demo.files import FilesSite
from tests.archive_digest import digest
from tests.cluster import WORKER_ENV, Cluster, assert_same_archive, crawl_reference, ingested, wait_until
from tests.conftest import nianbao, write_registry
from tests.redis_server import RedisServer

# Seconds each demo answer takes while a test interrupts the crawl, so the crawl is still going when it does.
SLOW = 0.15
KEYS = Keys()


@pytest.fixture(scope="module")
def reference(demo_site, tmp_path_factory):
    """The demo crawled by one process: what every distributed crawl must reproduce."""
    return crawl_reference(demo_site, tmp_path_factory.mktemp("reference"))


@pytest.fixture
def redis_server(tmp_path):
    """A persistent Redis (append-only file, fsync always) of this test's own."""
    server = RedisServer(tmp_path / "redis").start()
    yield server
    server.stop()


@pytest.fixture
def slow_demo(demo_site):
    """The demo answering slowly, so a crawl is still running when a test interrupts it."""
    for site in demo_site.portals.values():
        site.delay = SLOW
    yield demo_site
    for site in demo_site.portals.values():
        site.delay = 0.0


@pytest.fixture
def cluster(tmp_path, reference, redis_server):
    """An ingest and workers against the test's Redis, writing a fresh archive."""
    made = Cluster(tmp_path, reference["registry"], redis_server, tmp_path / "many.db")
    yield made
    made.stop()


def test_two_workers_build_the_archive_one_process_builds(cluster, reference, redis_server):
    cluster.ingest()
    cluster.worker("w1")
    cluster.worker("w2")
    cluster.finish()
    assert_same_archive(cluster.db_path, reference)
    with sqlite3.connect(cluster.db_path) as db:
        run = db.execute("select command, status, portals from crawl_runs").fetchone()
        outcomes = db.execute("select portal, status, reports_listed from portal_runs order by portal").fetchall()
    assert run == ("nianbao ingest", "ok", 3)
    with sqlite3.connect(reference["db"]) as db:
        expected = db.execute("select portal, status, reports_listed from portal_runs order by portal").fetchall()
    assert outcomes == expected
    for name in ("w1", "w2"):
        assert "'finish_reason': 'finished'" in cluster.log(name)
    # The run's keys are gone; only the finished plan stays for late workers.
    client = redis_server.client()
    assert [key for key in client.keys("*") if key != KEYS.plan.encode()] == []
    assert client.hget(KEYS.plan, "status") == b"finished"


def test_second_distributed_run_fetches_no_known_page(cluster, reference):
    cluster.ingest()
    cluster.worker("w1")
    cluster.finish()
    with sqlite3.connect(cluster.db_path) as db:
        details = db.execute("select count(*) from fetches").fetchone()[0]
    cluster.ingest("ingest2")
    cluster.worker("w2")
    assert cluster.wait(cluster.ingest_process, "ingest2") == 0, cluster.log("ingest2")
    assert cluster.wait(cluster.workers["w2"], "w2") == 0
    assert "0 items written" not in cluster.log("ingest2")  # re-check answers and failures still come
    with sqlite3.connect(cluster.db_path) as db:
        assert db.execute("select count(*) from fetches").fetchone()[0] == details
        runs = db.execute("select status from crawl_runs order by started").fetchall()
    assert runs == [("ok",), ("ok",)]
    assert_same_archive(cluster.db_path, reference)


def test_a_worker_killed_mid_crawl_loses_nothing(cluster, reference, redis_server, slow_demo):
    cluster.ingest()
    doomed = cluster.worker("doomed")
    wait_until(lambda: ingested(cluster.db_path) >= 3, "three pages ingested")
    cluster.worker("survivor")
    client = redis_server.client()
    # Freeze the doomed worker with requests in flight, then kill it: those leases must come back.
    wait_until(lambda: client.hlen(KEYS.inflight("doomed")) > 0, "the doomed worker holds requests")
    doomed.send_signal(signal.SIGSTOP)
    held = client.hlen(KEYS.inflight("doomed"))
    assert held > 0
    doomed.kill()
    doomed.wait()
    cluster.finish()
    assert_same_archive(cluster.db_path, reference)
    assert f"worker doomed stopped answering: {held} of its requests returned to the queue" in \
        cluster.log("survivor") + cluster.log("ingest")


def test_a_killed_ingest_resumes_its_run(cluster, reference, slow_demo):
    first = cluster.ingest("ingest1")
    cluster.worker("w1")
    wait_until(lambda: ingested(cluster.db_path) >= 5, "five pages ingested")
    first.kill()
    first.wait()
    cluster.ingest("ingest2")
    cluster.finish()
    assert "resuming run" in cluster.log("ingest2") or "ingest run" in cluster.log("ingest2")
    assert_same_archive(cluster.db_path, reference)
    with sqlite3.connect(cluster.db_path) as db:
        assert db.execute("select status from crawl_runs").fetchall() == [("ok",)]
        assert db.execute("pragma integrity_check").fetchone() == ("ok",)


def test_redis_restarted_mid_crawl_workers_reconnect(cluster, reference, redis_server, slow_demo):
    cluster.ingest()
    cluster.worker("w1")
    cluster.worker("w2")
    wait_until(lambda: ingested(cluster.db_path) >= 5, "five pages ingested")
    redis_server.stop()
    time.sleep(1)
    redis_server.start()
    cluster.finish()
    assert_same_archive(cluster.db_path, reference)


def test_redis_that_lost_its_data_stops_everyone_loudly(tmp_path, reference, slow_demo):
    redis = RedisServer(tmp_path / "volatile", persistent=False).start()
    cluster = Cluster(tmp_path, reference["registry"], redis, tmp_path / "lost.db")
    try:
        cluster.ingest()
        cluster.worker("w1")
        wait_until(lambda: ingested(cluster.db_path) >= 3, "three pages ingested")
        redis.stop()
        redis.start()
        assert cluster.wait(cluster.ingest_process, "ingest") == 1
        assert cluster.wait(cluster.workers["w1"], "w1") == 1
    finally:
        cluster.stop()
    assert "Redis no longer holds run" in cluster.log("ingest")
    assert "the run's plan vanished from Redis" in cluster.log("w1")
    with sqlite3.connect(cluster.db_path) as db:
        assert db.execute("pragma integrity_check").fetchone() == ("ok",)
        assert db.execute("select status from crawl_runs").fetchall() == [("error",)]
        kept = db.execute("select count(*) from fetches").fetchone()[0]
    assert kept >= 3
    # Nothing ingested is lost, and the next run fetches what the lost one missed.
    cluster.ingest("rerun")
    cluster.worker("w2")
    assert cluster.wait(cluster.ingest_process, "rerun") == 0, cluster.log("rerun")
    assert cluster.wait(cluster.workers["w2"], "w2") == 0
    redis.stop()
    expected = digest(reference["db"])
    got = digest(cluster.db_path)
    assert got["reports"] == expected["reports"] and got["cells"] == expected["cells"]


def test_redis_gone_for_good_workers_fail_loudly(cluster, redis_server, slow_demo):
    cluster.env = {"NIANBAO_REDIS_RETRY_SECONDS": "3"}
    cluster.ingest()
    cluster.worker("w1")
    wait_until(lambda: ingested(cluster.db_path) >= 2, "two pages ingested")
    redis_server.stop()
    assert cluster.wait(cluster.workers["w1"], "w1") == 1
    assert cluster.wait(cluster.ingest_process, "ingest") == 1
    assert "worker w1 stops: redis_lost" in cluster.log("w1")
    assert "worker stopped: redis_lost" in cluster.log("w1")
    assert f"lost Redis at {redis_server.url} while ingesting run" in cluster.log("ingest")
    with sqlite3.connect(cluster.db_path) as db:
        assert db.execute("select status from crawl_runs").fetchall() == [("error",)]


def test_pages_waiting_for_their_files_cross_the_queue_and_build_the_archive_one_process_builds(tmp_path,
                                                                                                 redis_server):
    site = FilesSite().start()
    try:
        one = crawl_reference(site, tmp_path / "one")
        cluster = Cluster(tmp_path, one["registry"], redis_server, tmp_path / "many.db")
        try:
            cluster.ingest()
            cluster.worker("w1")
            cluster.worker("w2")
            cluster.finish()
        finally:
            cluster.stop()
    finally:
        site.stop()
    # OCR of the scan takes far longer than the short heartbeat's two seconds: the worker reading it beat on and
    # kept its leases, so no page was fetched twice and no worker's requests were handed to another.
    assert_same_archive(cluster.db_path, one)
    logs = cluster.log("ingest") + cluster.log("w1") + cluster.log("w2")
    assert "stopped answering" not in logs


def test_unsupported_rows_are_reported_like_a_one_process_crawl(tmp_path, demo_site, redis_server):
    rows = [*demo_site.registry_rows(), {"id": "kpy", "name": "开普云", "family": "kaipuyun",
                                         "start_url": "http://127.0.0.1:9/ucap/"}]
    cluster = Cluster(tmp_path, write_registry(tmp_path / "portals.yaml", rows), redis_server, tmp_path / "a.db")
    try:
        cluster.ingest()
        cluster.worker("w1")
        assert cluster.wait(cluster.ingest_process, "ingest") == 0
        assert cluster.wait(cluster.workers["w1"], "w1") == 0
    finally:
        cluster.stop()
    with sqlite3.connect(cluster.db_path) as db:
        outcomes = dict(db.execute("select portal, status from portal_runs").fetchall())
        message = db.execute("select message from portal_runs where portal = 'kpy'").fetchone()[0]
    assert outcomes == {"demo-trs": "ok", "demo-hanweb": "ok", "demo-generic": "ok", "kpy": "skipped"}
    assert message == "family 'kaipuyun' is not supported yet; row skipped"


def test_a_worker_with_no_run_to_join_says_so(tmp_path, redis_server):
    result = nianbao("worker", "--redis", redis_server.url, "--wait", "1", env=WORKER_ENV)
    assert result.returncode == 1
    assert "worker stopped: no_plan" in result.stderr


def test_a_worker_with_no_redis_says_so(redis_server):
    result = nianbao("worker", "--redis", "redis://127.0.0.1:9/0", env={"NIANBAO_REDIS_RETRY_SECONDS": "1"})
    assert result.returncode == 1
    assert "cannot reach Redis at redis://127.0.0.1:9/0" in result.stderr


def test_counters_merge_over_workers():
    first = PortalStats("p", family="trs", listing_pages=2, reports_listed=5, details_fetched=3)
    second = PortalStats("p", listing_pages=1, details_fetched=2, errors=1, status=ERROR, message="listing x: HTTP 500")
    merged = merge_stats([first, second])
    assert (merged.family, merged.status, merged.message) == ("trs", ERROR, "listing x: HTTP 500")
    assert (merged.listing_pages, merged.reports_listed, merged.details_fetched, merged.errors) == (3, 5, 5, 1)
    assert merge_stats([second, PortalStats("p", status=BLOCKED, message="HTTP 412")]).status == BLOCKED
    # A row the ingest skipped is skipped, whatever order the idle workers' empty counters come in.
    skipped = PortalStats("p", status=SKIPPED, message="family 'kaipuyun' is not supported yet; row skipped")
    for parts in ([PortalStats("p"), skipped], [skipped, PortalStats("p")]):
        assert (merge_stats(parts).status, merge_stats(parts).message) == (SKIPPED, skipped.message)
