"""Datasette on a large archive: p50/p95 of searches, a facet page and a report page, from `nianbao serve`.

Each search page is also asked for with Datasette's `text__contains` filter instead of the search box:
the same page found by a full scan (LIKE over every report's text), the baseline in the same run.
"""

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from benchmarks.synthetic_archive import build
from nianbao.publish.snapshot import make_snapshot

CACHE = Path(__file__).resolve().parent / ".cache"
TWO_CHARS = ("复议", "诉讼", "公开", "申请", "财政", "教育", "维持", "纠正")
FOUR_CHARS = ("行政复议", "行政诉讼", "主动公开", "信息公开", "申请情况", "年度报告")
TARGET_P95_MS = 200


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
    """The same page found without the index: Datasette's own `contains` filter, a LIKE over every text."""
    return f"{db}/reports?" + urllib.parse.urlencode({"text__contains": word})


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
    """p50/p95 in ms per kind of request; LIKE-scan p50 where there is one; how the snapshot was made."""

    rows: list[tuple[str, tuple[float, float], tuple[float, float] | None]]
    snapshot_seconds: float
    snapshot_mib: float

    @property
    def two_char(self) -> tuple[float, float]:
        return self.rows[0][1]

    @property
    def two_char_scan(self) -> tuple[float, float]:
        return self.rows[0][2]


def measure(reports: int, repeats: int) -> SearchTimes:
    """Snapshot the archive, serve it with `nianbao serve`, time each kind of page."""
    archive = archive_of(reports)
    started = time.perf_counter()
    snapshot = make_snapshot(archive, Path(tempfile.mkdtemp(prefix="nianbao-bench-")), keep=1)
    snapshot_seconds = time.perf_counter() - started
    port = 8000 + random.randrange(1000)
    server = subprocess.Popen([sys.executable, "-m", "nianbao", "serve", "--snapshots", str(snapshot.path.parent),
                               "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    db = f"http://127.0.0.1:{port}/nianbao"
    try:
        _wait(db)
        search = [f"{db}/reports?" + urllib.parse.urlencode({"_search": w}) for w in TWO_CHARS]
        long_search = [f"{db}/reports?" + urllib.parse.urlencode({"_search": w}) for w in FOUR_CHARS]
        facets = [f"{db}/reports?year={y}&_facet=agency" for y in range(2014, 2024)]
        ids = [f"{n:016x}" for n in random.Random(1).sample(range(reports), 20)]
        pages = [f"{db}/reports/{i}" for i in ids]
        rows = [
            ("2-character search page", _measure(search, repeats), _measure([_scan_url(db, w) for w in TWO_CHARS], 1)),
            ("4-character search page", _measure(long_search, repeats),
             _measure([_scan_url(db, w) for w in FOUR_CHARS], 1)),
            ("facet page (a year, by agency)", _measure(facets, repeats), None),
            ("report page (row + its tables)", _measure(pages, repeats), None),
        ]
        return SearchTimes(rows, snapshot_seconds, snapshot.db.stat().st_size / 2**20)
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(snapshot.path.parent)


def main() -> None:
    """Print the table of every kind of page."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    times = measure(args.reports, args.repeats)
    print(f"Datasette on {args.reports:,} reports (snapshot with search index built in {times.snapshot_seconds:.0f} s, "
          f"{times.snapshot_mib:,.0f} MiB)")
    print(f"{'request':<36} {'p50 ms':>8} {'p95 ms':>8}  {'LIKE-scan p50 ms':>16}  {'speed-up':>8}")
    for name, (p50, p95), scan in times.rows:
        base = f"{scan[0]:>16.0f}  {scan[0] / p50:>7.1f}×" if scan else f"{'':>16}  {'':>8}"
        print(f"{name:<36} {p50:>8.0f} {p95:>8.0f}  {base}")
    p95 = times.two_char[1]
    print(f"target: 2-character search p95 ≤ {TARGET_P95_MS} ms: {'met' if p95 <= TARGET_P95_MS else 'NOT met'} "
          f"({p95:.0f} ms)")


if __name__ == "__main__":
    main()
