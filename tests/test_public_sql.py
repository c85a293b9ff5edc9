"""The public SQL of a published archive, bounded: no query builds a gigabyte or reads the server's memory."""

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
import pytest

from benchmarks.synthetic_archive import build
from nianbao.publish.datasette_plugin import MAX_VALUE_BYTES
from nianbao.publish.datasette_plugin.links import MAX_ID_CHARS, _snapshot_label, linked_cell
from nianbao.publish.snapshot import make_snapshot
from tests.conftest import SERVE_WORKERS, serving_process

REPORTS = 60
GIB = 1024**3
# What the queries did to the server: one took 1 GB, six at once 4.7 GB.
HOSTILE = (
    "select length(randomblob(999999999))",
    f"select length(randomblob({MAX_VALUE_BYTES + 1}))",
    "select length(zeroblob(999999999))",
    "select length(group_concat(randomblob(1000000))) from (with recursive n(i) as (select 1 union all "
    "select i + 1 from n where i < 1000) select i from n)",
    f"select length(randomblob({MAX_VALUE_BYTES // 2}) || randomblob({MAX_VALUE_BYTES // 2}) || x'00')",
    "select length(replace(hex(randomblob(400000000)), '0', '00'))",
)
_PEAK = re.compile(r"^VmHWM:\s*(\d+)\s*kB", re.MULTILINE)


def query(db: str, sql: str) -> tuple[int, dict]:
    """A query's HTTP status and JSON answer from the published database."""
    url = db + ".json?" + urllib.parse.urlencode({"sql": sql, "_shape": "objects"})
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def peak_rss(pid: int) -> int:
    """The most memory the server's processes (its workers too) have each held so far, summed, in bytes."""
    server = psutil.Process(pid)
    return sum(int(_PEAK.search(Path(f"/proc/{member.pid}/status").read_text()).group(1)) * 1024
               for member in (server, *server.children(recursive=True)))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A small archive, snapshotted and served by `nianbao serve` on loopback."""
    tmp = tmp_path_factory.mktemp("public-sql")
    make_snapshot(build(tmp / "archive.db", REPORTS), tmp / "snapshots", keep=1)
    with serving_process(tmp / "snapshots") as (base, process):
        yield base + "/nianbao", process


def test_a_gigabyte_blob_is_refused_with_a_clear_error(server):
    db, _ = server
    status, answer = query(db, "select length(randomblob(1000000000))")
    assert status == 400 and "string or blob too big" in answer["error"]
    assert query(db, "select length(randomblob(1000000))")[1]["rows"] == [{"length(randomblob(1000000))": 1000000}]


def test_fts3_tokenizer_is_not_callable(server):
    db, _ = server
    for sql in ("select fts3_tokenizer('simple')", "select hex(FTS3_TOKENIZER('porter'))"):
        status, answer = query(db, sql)
        assert status == 400 and "not authorized" in answer["error"], answer


def test_six_hostile_queries_at_once_leave_the_server_under_a_gibibyte(server):
    db, process = server
    with ThreadPoolExecutor(len(HOSTILE)) as pool:
        answers = list(pool.map(lambda sql: query(db, sql), HOSTILE))
    assert all(status == 400 for status, _ in answers), answers
    # The queries were answered by uvicorn's Datasette workers, each bounded by the plugin.
    assert len(psutil.Process(process.pid).children()) >= SERVE_WORKERS
    assert process.poll() is None and peak_rss(process.pid) < GIB


def test_ordinary_queries_and_search_still_work(server):
    db, _ = server
    status, answer = query(db, "select count(*) as n from reports")
    assert status == 200 and answer["rows"] == [{"n": REPORTS}]
    url = db + "/reports.json?" + urllib.parse.urlencode({"_search": "复议", "_shape": "objects", "_col": "id"})
    with urllib.request.urlopen(url, timeout=60) as response:
        assert json.loads(response.read())["rows"]


def test_a_long_value_in_an_id_column_is_neither_linked_nor_cached(server):
    db, _ = server
    sql = ("with recursive n(i) as (select 1 union all select i + 1 from n where i < 50) "
           "select printf('%.*c', 10000, 'f') || i as report_id from n")
    with urllib.request.urlopen(db + "?" + urllib.parse.urlencode({"sql": sql}), timeout=60) as response:
        page = response.read().decode("utf-8")
    assert response.status == 200 and 'href="/nianbao/reports/ffff' not in page
    cached = _snapshot_label.cache_info().currsize
    assert linked_cell(None, "nianbao", "report_id", "f" * (MAX_ID_CHARS + 1)) is None
    assert _snapshot_label.cache_info().currsize == cached
