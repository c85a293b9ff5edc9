"""Report files are read in reader processes, each within a time and a memory limit: a file over one is recorded
with the reason and the pool reads the next; a crawl downloads on while its files are read; a scaled-out worker
told to stop while it reads stops, its reader processes with it, and loses nothing."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from nianbao.demo import documents
from nianbao.demo.body import report_body
from nianbao.demo.catalog import build_catalog
from nianbao.demo.files import ATTACHMENT_ONLY, OFD_ONLY, SCAN_ONLY, FilesSite
from nianbao.extract.documents.formats import PDF
from nianbao.extract.documents.layout import UnreadableDocument
from nianbao.extract.documents.pool import MIB, ReaderPool, ReadLimitExceeded, ReadLimits
from tests.cluster import Cluster, assert_same_archive, wait_until
from tests.conftest import FAST_ENV, nianbao, rows, write_registry
from tests.file_readers import CRASH, GATE_ENV, HUNGRY, SLOW, WAITING, misbehaving
from tests.redis_server import RedisServer

# Long enough for a fresh reader process to start and read a small PDF on a busy machine.
READ_SECONDS = 8
MEMORY = 256 * MIB
GATED = "tests.file_readers.gated"
# Reads the files portal's files for real, and then never finishes the scan (so its limit is reached on any machine).
ENDLESS_OCR = "tests.file_readers.endless_ocr"
# Bounds on waits that end much sooner when all is well: the crawl's pages fetched, a stopped worker gone.
CRAWL_SECONDS = 120
STOP_SECONDS = 30


def _pdf() -> tuple[bytes, str]:
    """A report as a text PDF, and its title."""
    report = next(r for r in build_catalog() if r.template == "2021")
    return documents.write_pdf(report.title, documents.body_blocks(report_body(report, "电话：0898-26880001"))), \
        report.title


@pytest.fixture(scope="module")
def site():
    """The files portal: attachment-only PDF, DOCX, a scan and OFD, pages with their 全文 PDF."""
    served = FilesSite().start()
    yield served
    served.stop()


def _spawn_crawl(registry, db, log, env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "nianbao", "crawl", "--portals", registry, "--db", db],
                            stdout=log.open("w"), stderr=subprocess.STDOUT, env={**os.environ, **FAST_ENV, **env})


@pytest.fixture(scope="module")
def gated_crawl(site, tmp_path_factory):
    """The portal crawled by one process whose every file read waits until the portal has served every page and
    file: a crawl whose reactor waited for reading would never fetch them, and its reads would never end."""
    folder = tmp_path_factory.mktemp("gated")
    gate = folder / "gate"
    registry = write_registry(folder / "portals.yaml", site.registry_rows())
    log = folder / "crawl.log"
    crawl = _spawn_crawl(registry, folder / "one.db", log, {"NIANBAO_FILE_READER": GATED, GATE_ENV: str(gate)})
    try:
        wait_until(lambda: set(site.routes) <= set(site.hits) and gate.with_name(gate.name + WAITING).exists(),
                   "every page fetched while files wait to be read", CRAWL_SECONDS)
    finally:
        gate.touch()
        crawl.wait(timeout=CRAWL_SECONDS * 5)
    assert crawl.returncode == 0, log.read_text()[-3000:]
    return {"registry": registry, "db": folder / "one.db"}


def test_files_over_a_limit_are_refused_with_the_reason_and_a_fresh_reader_reads_the_next():
    pdf, title = _pdf()
    with ReaderPool(ReadLimits(READ_SECONDS, MEMORY, processes=1), misbehaving) as pool:
        for body, kind, reason in ((SLOW, ReadLimitExceeded, f"too slow: reading took over {READ_SECONDS} s"),
                                   (HUNGRY, ReadLimitExceeded, "too large: reading needed over 256 MiB"),
                                   (CRASH, UnreadableDocument, "the reader crashed (killed by SIGSEGV) within limits "
                                                               f"of {READ_SECONDS} s and 256 MiB")):
            with pytest.raises(UnreadableDocument) as refused:
                pool.read(body, PDF)
            assert (type(refused.value), str(refused.value)) == (kind, reason)
            # The only reader process died with the file: the next file is read by its replacement.
            document = pool.read(pdf, PDF)
            assert (document.format, document.pages, document.text.splitlines()[0]) == (PDF, 2, title)


def test_a_slow_file_holds_up_no_other():
    pdf, title = _pdf()
    with ReaderPool(ReadLimits(READ_SECONDS, MEMORY, processes=2), misbehaving) as pool:
        slow, quick = pool.submit(SLOW, PDF), pool.submit(pdf, PDF)
        assert pool.outcome(quick).text.splitlines()[0] == title
        assert not slow.done()
        with pytest.raises(ReadLimitExceeded, match="too slow"):
            pool.outcome(slow)


def test_a_crawl_fetches_on_while_its_files_are_read(site, gated_crawl):
    db = gated_crawl["db"]
    scan = site.url(site.entry(SCAN_ONLY).href)
    [source] = rows(db, "select report_id, ocr from sources where url = ?", [scan])
    assert source["ocr"] == 1
    assert rows(db, "select count(*) n from cells where report_id = ?", [source["report_id"]])[0]["n"] > 0
    # Every report of the portal but the OFD one is archived; nothing was too slow or too large.
    assert rows(db, "select count(*) n from reports")[0]["n"] == len(site.reports) - 1
    assert [row["reason"] for row in rows(db, "select reason from fetch_errors")
            if row["reason"].startswith("too")] == []


def test_a_scan_over_the_time_limit_is_recorded_and_the_crawl_goes_on(site, tmp_path):
    registry = write_registry(tmp_path / "portals.yaml", site.registry_rows())
    db = tmp_path / "n.db"
    result = nianbao("crawl", "--portals", registry, "--db", db,
                     env={"NIANBAO_READ_SECONDS": str(READ_SECONDS), "NIANBAO_FILE_READER": ENDLESS_OCR})
    assert result.returncode == 0, result.stderr[-3000:]
    assert rows(db, "select reason from fetch_errors where url = ?", [site.url(site.entry(SCAN_ONLY).href)]) == [
        {"reason": f"too slow: reading took over {READ_SECONDS} s"}]
    archived = {row["url"] for row in rows(db, "select url from sources")}
    for entry in site.reports:
        if entry.kind in ATTACHMENT_ONLY and entry.kind not in (SCAN_ONLY, OFD_ONLY):
            assert site.url(entry.href) in archived, entry.kind
    assert rows(db, "select count(*) n from reports")[0]["n"] == len(site.reports) - 2


@pytest.fixture
def redis_server(tmp_path):
    """A persistent Redis of this test's own."""
    server = RedisServer(tmp_path / "redis").start()
    yield server
    server.stop()


def _running(pid: int) -> bool:
    """The process exists and is no zombie (one that ended, its parent gone, waits for init to reap it)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _stopped(process: subprocess.Popen, cluster: Cluster, name: str) -> int:
    """Its exit status once it stops, within STOP_SECONDS; else its threads' stacks (faulthandler) in the failure."""
    try:
        return process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGABRT)
        process.wait()
        raise AssertionError(f"{name} did not stop:\n{cluster.log(name)[-6000:]}") from None


def test_a_worker_told_to_stop_while_reading_stops_with_its_readers_and_loses_nothing(site, gated_crawl, tmp_path,
                                                                                       redis_server):
    gate = tmp_path / "gate"
    waiting = gate.with_name(gate.name + WAITING)
    cluster = Cluster(tmp_path, gated_crawl["registry"], redis_server, tmp_path / "many.db")
    # Reads wait for a gate that stays shut, and may take ten minutes: only the stop can end them.
    cluster.env = {"NIANBAO_FILE_READER": GATED, GATE_ENV: str(gate), "NIANBAO_READ_SECONDS": "600",
                   "PYTHONFAULTHANDLER": "1"}
    try:
        cluster.ingest()
        stopped = cluster.worker("stopped")
        wait_until(waiting.exists, "the worker reading a file", CRAWL_SECONDS)
        readers = [int(pid) for pid in subprocess.run(["pgrep", "-P", str(stopped.pid), "-f", "spawn_main"],
                                                      capture_output=True, text=True).stdout.split()]
        assert readers
        stopped.send_signal(signal.SIGTERM)
        assert _stopped(stopped, cluster, "stopped") == 1, cluster.log("stopped")[-3000:]
        assert "worker stopped: shutdown" in cluster.log("stopped")
        assert [pid for pid in readers if _running(pid)] == []
        del cluster.workers["stopped"]
        gate.touch()
        cluster.worker("next")
        cluster.finish()
    finally:
        cluster.stop()
    assert "not finished" in cluster.log("stopped")
    assert_same_archive(cluster.db_path, gated_crawl)
