"""Datasette on a large archive: p50/p95 of searches, a facet page and a report page, from `nianbao serve`;
and 20 readers searching at once, served as today and as proposed, side by side.

Each search page is also asked for with Datasette's `text__contains` filter instead of the search box:
the same page found by a full scan (LIKE over every report's text), the baseline in the same run.

The concurrent readers ask each configuration in turn, round after round (the order reversed every round), so
a neighbour's load on the machine falls on all of them. They keep no HTTP cache and send no conditional
request: every page they time was made by the server.
"""

import argparse
import http.client
import itertools
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.synthetic_archive import build
from nianbao.publish.datasette_plugin.search_pages import COLUMNS_KEY, COUNT_KEY, PLUGIN, SEARCH_COLUMNS
from nianbao.publish.serve import snapshot_command
from nianbao.publish.settings import SETTINGS
from nianbao.publish.snapshot import Snapshot, make_snapshot
from nianbao.publish.workers import default_workers, workers_command

CACHE = Path(__file__).resolve().parent / ".cache"
TWO_CHARS = ("复议", "诉讼", "公开", "申请", "财政", "教育", "维持", "纠正")
FOUR_CHARS = ("行政复议", "行政诉讼", "主动公开", "信息公开", "申请情况", "年度报告")
TARGET_P95_MS = 100
READERS = 20
ROUND_SECONDS = 15
ROUNDS = 3
TARGET_CONCURRENT_RATIO = 2
HOST = "127.0.0.1"
RESULTS_MARK = b'class="rows-and-columns"'
SERVE_ARGS_FROM = 4  # snapshot_command is [python, -m, datasette, serve, *arguments]


def _get(url: str) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{url}: HTTP {response.status}")
    return (time.perf_counter() - start) * 1000


def _wait(url: str) -> None:
    for _ in range(600):
        try:
            _get(url)
            return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(url)


def _percentiles(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _measure(urls: list[str], repeats: int) -> tuple[float, float]:
    _get(urls[0])  # warm the page cache once, as a running server is
    return _percentiles([_get(url) for _ in range(repeats) for url in urls])


def _scan_url(db: str, word: str) -> str:
    """The same page found without the index: Datasette's own `contains` filter, a LIKE over every text, showing
    the columns a search shows."""
    return f"{db}/reports?" + urllib.parse.urlencode([("text__contains", word), *(("_col", c) for c in SEARCH_COLUMNS)])


def archive_of(reports: int) -> Path:
    """The cached synthetic archive of that many reports, built on first use."""
    CACHE.mkdir(exist_ok=True)
    archive = CACHE / f"archive-{reports}.db"
    if not archive.exists():
        started = time.perf_counter()
        build(archive, reports)
        print(f"built {archive} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return archive


@dataclass
class SearchTimes:
    """p50/p95 in ms per kind of request; LIKE-scan p50 where there is one; how the snapshot was made; the
    concurrent readers' figures per configuration, today's first."""

    rows: list[tuple[str, tuple[float, float], tuple[float, float] | None]]
    snapshot_seconds: float
    snapshot_mib: float
    concurrent: list["Served"] = field(default_factory=list)

    @property
    def two_char(self) -> tuple[float, float]:
        return self.rows[0][1]

    @property
    def two_char_scan(self) -> tuple[float, float]:
        return self.rows[0][2]

    @property
    def concurrent_ratio(self) -> float:
        return throughput_ratio(self.concurrent)


def snapshot_of(reports: int) -> tuple[Snapshot, float]:
    """A snapshot of the cached archive of that many reports, in a new temporary directory; seconds it took."""
    started = time.perf_counter()
    snapshot = make_snapshot(archive_of(reports), Path(tempfile.mkdtemp(prefix="nianbao-bench-")), keep=1)
    return snapshot, time.perf_counter() - started


def _one_reader(snapshot: Snapshot, reports: int, repeats: int) -> list:
    """Serve the snapshot with `nianbao serve`, time each kind of page for one reader."""
    port = 8000 + random.randrange(1000)
    server = subprocess.Popen([sys.executable, "-m", "nianbao", "serve", "--snapshots", str(snapshot.path.parent),
                               "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    db = f"http://{HOST}:{port}/nianbao"
    try:
        _wait(db)
        search = [f"{db}/reports?" + urllib.parse.urlencode({"_search": w}) for w in TWO_CHARS]
        long_search = [f"{db}/reports?" + urllib.parse.urlencode({"_search": w}) for w in FOUR_CHARS]
        facets = [f"{db}/reports?year={y}&_facet=agency" for y in range(2014, 2024)]
        ids = [f"{n:016x}" for n in random.Random(1).sample(range(reports), 20)]
        pages = [f"{db}/reports/{i}" for i in ids]
        return [
            ("2-character search page", _measure(search, repeats), _measure([_scan_url(db, w) for w in TWO_CHARS], 1)),
            ("4-character search page", _measure(long_search, repeats),
             _measure([_scan_url(db, w) for w in FOUR_CHARS], 1)),
            ("facet page (a year, by agency)", _measure(facets, repeats), None),
            ("report page (row + its tables)", _measure(pages, repeats), None),
        ]
    finally:
        server.terminate()
        server.wait(timeout=10)


def measure(reports: int, repeats: int, readers: int = READERS, seconds: float = ROUND_SECONDS,
            rounds: int = ROUNDS, workers: int | None = None, snapshot: Snapshot | None = None) -> SearchTimes:
    """Snapshot the archive (unless given a snapshot of it); time each kind of page for one reader, then `readers`
    searching at once (none: 0)."""
    made, snapshot_seconds = (snapshot, 0.0) if snapshot else snapshot_of(reports)
    try:
        times = SearchTimes(_one_reader(made, reports, repeats), snapshot_seconds, made.db.stat().st_size / 2**20)
        if readers:
            times.concurrent = measure_concurrent(made, readers, seconds, rounds, workers)
        return times
    finally:
        if not snapshot:
            shutil.rmtree(made.path.parent)


@dataclass
class Served:
    """One way of serving the snapshot, and what its concurrent readers measured."""

    name: str
    command: list[str]
    port: int
    times: list[float]
    seconds: float = 0.0

    @property
    def per_second(self) -> float:
        return len(self.times) / self.seconds

    @property
    def percentiles(self) -> tuple[float, float]:
        return _percentiles(self.times)


def _as_today(command: list[str], snapshot: Snapshot, work: Path) -> list[str]:
    """The snapshot served as before this change: Datasette's count, every column, the settings of then."""
    metadata = json.loads(snapshot.metadata_file.read_text(encoding="utf-8"))
    metadata.setdefault("plugins", {})[PLUGIN] = {COLUMNS_KEY: [], COUNT_KEY: False}
    today = work / "metadata-today.json"
    today.write_text(json.dumps(metadata, ensure_ascii=False), encoding="utf-8")
    # Any --setting replaces the directory's settings.json as a whole.
    settings = [arg for name, value in SETTINGS.items() for arg in ("--setting", name, str(value))]
    return [*command, "--metadata", str(today), *settings]


def configurations(snapshot: Snapshot, workers: int, work: Path) -> list[Served]:
    """Today's serving (datasette serve, one process, every column and Datasette's count), and the proposed ones."""
    ports = random.Random().sample(range(9000, 10000), 3)

    def command(port: int) -> list[str]:
        return snapshot_command(snapshot.path, HOST, port)

    return [
        Served("today: 1 process, every column, Datasette's count", _as_today(command(ports[0]), snapshot, work),
               ports[0], []),
        Served("search pages, 1 process", command(ports[1]), ports[1], []),
        Served(f"search pages, {workers} processes (uvicorn workers)",
               workers_command(command(ports[2])[SERVE_ARGS_FROM:], workers), ports[2], []),
    ]


def _search_paths() -> list[str]:
    return ["/nianbao/reports?" + urllib.parse.urlencode({"_search": w}) for w in TWO_CHARS]


def _read(port: int, paths: list[str], deadline: float) -> list[float]:
    """One reader: search after search on one kept-alive connection until the deadline; each one's time in ms."""
    connection = http.client.HTTPConnection(HOST, port, timeout=120)
    times = []
    try:
        for n in itertools.count():
            if time.perf_counter() >= deadline:
                break
            start = time.perf_counter()
            connection.request("GET", paths[n % len(paths)])
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{paths[n % len(paths)]}: HTTP {response.status}")
            times.append((time.perf_counter() - start) * 1000)
    finally:
        connection.close()
    return times


def _round(served: Served, readers: int, seconds: float) -> None:
    """readers searching at once for seconds; their times and the time until the last answer, added to served."""
    paths = _search_paths()
    started = time.perf_counter()
    with ThreadPoolExecutor(readers) as pool:
        # Each reader starts at a different word, so the server is never asked for one page by everyone at once.
        done = [pool.submit(_read, served.port, paths[i % len(paths):] + paths[:i % len(paths)], started + seconds)
                for i in range(readers)]
        for future in done:
            served.times.extend(future.result())
    served.seconds += time.perf_counter() - started


def _ready(served: Served) -> None:
    """Wait for the server, check it answers a search with its matches, warm it with each word once."""
    base = f"http://{HOST}:{served.port}"
    _wait(base + "/-/versions.json")
    for path in _search_paths():
        with urllib.request.urlopen(base + path, timeout=120) as response:
            if RESULTS_MARK not in response.read():
                raise RuntimeError(f"{served.name}: no matches on {path}")


def measure_concurrent(snapshot: Snapshot, readers: int = READERS, seconds: float = ROUND_SECONDS,
                       rounds: int = ROUNDS, workers: int | None = None) -> list[Served]:
    """Each configuration serving the snapshot at once; readers searching each in turn, round after round."""
    work = Path(tempfile.mkdtemp(prefix="nianbao-bench-serve-"))
    servers = []
    try:
        served = configurations(snapshot, workers or default_workers(), work)
        servers += [subprocess.Popen(s.command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for s in served]
        for s in served:
            _ready(s)
        for n in range(rounds):
            for s in served if n % 2 == 0 else served[::-1]:
                _round(s, readers, seconds)
        return served
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
        shutil.rmtree(work)


def throughput_ratio(served: list[Served]) -> float:
    """The best proposed configuration's throughput over today's (the first)."""
    return max(s.per_second for s in served[1:]) / served[0].per_second


def print_concurrent(served: list[Served], readers: int, seconds: float, rounds: int) -> None:
    """Print the concurrent readers' table and whether the target is met."""
    today = served[0].per_second
    print(f"\n{readers} readers searching 2-character words at once ({rounds} rounds of {seconds:.0f} s per "
          f"configuration, interleaved; no HTTP cache in the readers, every request answered by the server)")
    print(f"{'configuration':<52} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'× today':>8}")
    for s in served:
        p50, p95 = s.percentiles
        print(f"{s.name:<52} {len(s.times):>8} {s.per_second:>7.1f} {p50:>7.0f} {p95:>7.0f} "
              f"{s.per_second / today:>7.2f}×")
    best = throughput_ratio(served)
    print(f"target: ≥ {TARGET_CONCURRENT_RATIO}× today's throughput: "
          f"{'met' if best >= TARGET_CONCURRENT_RATIO else 'NOT met'} ({best:.2f}×)")


def main() -> None:
    """Print the table of every kind of page, then the concurrent readers' table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--readers", type=int, default=READERS, help="readers at once (0: none)")
    parser.add_argument("--seconds", type=float, default=ROUND_SECONDS, help="per configuration and round")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--workers", type=int, default=default_workers(), help="processes of the proposed serving")
    parser.add_argument("--snapshot", type=Path, help="a snapshot directory of the archive of --reports reports, "
                        "made earlier, to use instead of making one")
    args = parser.parse_args()
    snapshot = Snapshot(args.snapshot) if args.snapshot else None
    times = measure(args.reports, args.repeats, args.readers, args.seconds, args.rounds, args.workers, snapshot)
    made = f"given, {args.snapshot}" if snapshot else f"with search index built in {times.snapshot_seconds:.0f} s"
    print(f"Datasette on {args.reports:,} reports (snapshot {made}, {times.snapshot_mib:,.0f} MiB), one reader")
    print(f"{'request':<36} {'p50 ms':>8} {'p95 ms':>8}  {'LIKE-scan p50 ms':>16}  {'speed-up':>8}")
    for name, (p50, p95), scan in times.rows:
        base = f"{scan[0]:>16.0f}  {scan[0] / p50:>7.1f}×" if scan else f"{'':>16}  {'':>8}"
        print(f"{name:<36} {p50:>8.0f} {p95:>8.0f}  {base}")
    p95 = times.two_char[1]
    print(f"target: 2-character search p95 ≤ {TARGET_P95_MS} ms: {'met' if p95 <= TARGET_P95_MS else 'NOT met'} "
          f"({p95:.0f} ms)")
    if times.concurrent:
        print_concurrent(times.concurrent, args.readers, args.seconds, args.rounds)


if __name__ == "__main__":
    main()
