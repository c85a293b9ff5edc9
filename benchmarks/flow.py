"""One table for the whole flow: each figure beside a baseline measured in the same run, and their ratio.

crawl (pages/s, peak memory) vs a bare Scrapy fetch of the same URLs; clean + parse vs bare trafilatura.extract;
archive writes vs plain sqlite3 inserts of the same rows; a nightly re-crawl with nothing changed vs the first
crawl; Datasette search vs a LIKE scan; 2 scale-out workers vs 1; healthy hosts beside a flaky one (retry backoff)
vs alone; `nianbao parse` of mutated report files vs the unmutated ones. See "Reading the benchmark table" in
README.md.
"""

import argparse
import hashlib
import json
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import time
import zlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import trafilatura
import yaml

from benchmarks import backoff_isolation, datasette_speed, parse_fuzz, parse_speed, scale_out
from nianbao.archive.db import open_db, write_group, write_pages
from nianbao.crawler.items import Page
from nianbao.demo.catalog import TRS
from nianbao.demo.large import LargeSite, large_catalog
from nianbao.demo.pages import trs_detail
from nianbao.pipelines.clean import CleanPipeline
from nianbao.pipelines.deduplicate import DeduplicatePipeline
from nianbao.pipelines.keep_raw import KeepRawPipeline
from nianbao.pipelines.parse import ParsePipeline
from nianbao.pipelines.validate import ValidatePipeline
from nianbao.pipelines.write import WritePipeline

# The same downloader settings for nianbao and for the raw fetch: loopback needs no politeness delay.
CRAWL_SETTINGS = {"AUTOTHROTTLE_ENABLED": False, "CONCURRENT_REQUESTS_PER_DOMAIN": 8, "ROBOTSTXT_OBEY": False,
                  "LOG_LEVEL": "WARNING"}
SIZES = {"full": {"crawl": 1000, "writes": 1000, "search": 100_000, "scale": 1000, "repeats": 5, "rounds": 3,
                  "fuzz": parse_fuzz.INPUTS, "serve_rounds": datasette_speed.ROUNDS,
                  "serve_seconds": datasette_speed.ROUND_SECONDS},
         "quick": {"crawl": 150, "writes": 150, "search": 5_000, "scale": 150, "repeats": 2, "rounds": 2, "fuzz": 60,
                   "serve_rounds": 1, "serve_seconds": 3}}
SCALE_DELAY = 0.05
TARGET_PARSE_RATIO = parse_speed.TARGET_RATIO
TARGET_SEARCH_P95_MS = datasette_speed.TARGET_P95_MS
TARGET_SCALE_RATIO = scale_out.TARGET_RATIO
TARGET_BACKOFF_RATIO = backoff_isolation.TARGET_RATIO
# Issue 22: 20 readers searching at once, at least twice the throughput of the serving before.
TARGET_CONCURRENT_RATIO = 2
# Issue 24: archive writes at ≥ 0.3× plain inserts of the same rows; a crawl at ≥ 0.6× bare Scrapy.
TARGET_WRITE_RATIO = 0.3
TARGET_CRAWL_RATIO = 0.6
MIB = 2**20
MS = 1000
KIB = 1024


@dataclass
class Row:
    """One figure and its baseline; ratio is figure over baseline."""

    stage: str
    measure: str
    value: float
    baseline: float
    baseline_is: str
    target: str = ""
    met: bool | None = None

    @property
    def ratio(self) -> float:
        return self.value / self.baseline if self.baseline else float("nan")


@dataclass(frozen=True)
class Run:
    """A child process's wall seconds, peak RSS in MiB, CPU seconds (its own and its reaped children's, such as
    reader processes) and standard output."""

    seconds: float
    peak_mib: float
    cpu_seconds: float
    out: str


def timed_run(command: list, env: dict | None = None) -> Run:
    """Run a child process to its end and measure it."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(list(map(str, command)), stdout=out, stderr=err, env={**os.environ, **(env or {})})
        _, status, usage = os.wait4(process.pid, 0)  # wait4, unlike wait, returns the child's own peak RSS
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode:
            raise RuntimeError(f"{' '.join(map(str, command))} failed:\n{err.read()[-3000:]}")
        # ru_maxrss is in KiB on Linux; the CPU times count the children the process waited for.
        return Run(seconds, usage.ru_maxrss / KIB, usage.ru_utime + usage.ru_stime, out.read())


def nianbao(*args) -> list:
    """The nianbao command line, as a child process."""
    return [sys.executable, "-m", "nianbao", *args]


def _set(settings: dict) -> list[str]:
    return [arg for name, value in settings.items() for arg in ("--set", f"{name}={value}")]


def crawl_rows(size: dict, tmp: Path) -> list[Row]:
    """Crawl a large demo portal with nianbao, then fetch the very URLs it asked with bare Scrapy; re-crawl."""
    site = LargeSite(size["crawl"], 0.0).start()
    try:
        registry = tmp / "portals.yaml"
        registry.write_text(yaml.safe_dump(site.registry_rows(), allow_unicode=True), encoding="utf-8")
        portal = site.portals[TRS]
        db = tmp / "crawl.db"
        ours = timed_run(nianbao("crawl", "--portals", registry, "--db", db, *_set(CRAWL_SETTINGS)))
        asked = [path for _, path in portal.log]
        urls = tmp / "urls.txt"
        urls.write_text("\n".join(site.url(TRS, path) for path in asked), encoding="utf-8")
        raw = timed_run([sys.executable, "-m", "benchmarks.raw_fetch", urls, "--settings", json.dumps(CRAWL_SETTINGS)])
        portal.log.clear()
        timed_run(nianbao("nightly", "--portals", registry, "--db", db, "--snapshots", tmp / "snapshots",
                          *_set(CRAWL_SETTINGS)))
        again = len(portal.log)
        report_pages = {urlsplit(site.detail_url(TRS, r.agency, r.year)).path for r in site.catalog}
        listing_only = not report_pages & {path for _, path in portal.log}
    finally:
        site.stop()
    return [
        Row("crawl", f"pages/s, {len(asked)} pages of one demo portal on loopback", len(asked) / ours.seconds,
            len(asked) / raw.seconds, "bare Scrapy fetching the same URLs", f"≥ {TARGET_CRAWL_RATIO}×",
            raw.seconds / ours.seconds >= TARGET_CRAWL_RATIO),
        Row("crawl", "CPU ms per page, the crawl process and its readers", ours.cpu_seconds * MS / len(asked),
            raw.cpu_seconds * MS / len(asked), "the bare Scrapy fetch's"),
        Row("crawl", "peak memory of the crawl process, MiB", ours.peak_mib, raw.peak_mib, "the bare Scrapy fetch's"),
        Row("nightly", "requests of a nightly re-crawl, nothing changed", again, len(asked),
            "requests of the first crawl", "no report page fetched", listing_only),
    ]


def parse_rows(size: dict, tmp: Path) -> list[Row]:
    """Reports per second through clean + parse, against trafilatura.extract on the same pages."""
    documents, _ = parse_speed.pages()

    def bare(document):
        return trafilatura.extract(document, include_tables=True)

    ours, theirs = parse_speed.rates([parse_speed.parse_html_report, bare], documents, size["rounds"])
    ours_peak = parse_speed.peak_memory(parse_speed.parse_html_report, documents) / MIB
    theirs_peak = parse_speed.peak_memory(bare, documents) / MIB
    return [
        Row("parse", f"reports/s, clean + metadata + every cell + checks, {len(documents)} pages", ours, theirs,
            "trafilatura.extract(include_tables=True)", f"≥ {TARGET_PARSE_RATIO}×", ours >= TARGET_PARSE_RATIO * theirs),
        Row("parse", "peak Python memory while parsing, MiB", ours_peak, theirs_peak, "trafilatura.extract's"),
    ]


def parsed_pages(count: int) -> list[Page]:
    """Demo report pages through validate, clean and parse, ready for the archive stages."""
    items = []
    for number, report in enumerate(large_catalog(count)):
        page = Page(portal=TRS, url=f"http://127.0.0.1/bench/{number}.html", status=200,
                    body=trs_detail(report, TRS, []).encode("utf-8"), fetched_at="2026-01-01T00:00:00+00:00",
                    crawl_run="bench", content_type="text/html; charset=utf-8", listing_title=report.title)
        for stage in (ValidatePipeline(), CleanPipeline(), ParsePipeline()):
            page = stage.process_item(page)
        items.append(page)
    return items


def archive_writes(items: list[Page], path: Path) -> float:
    """Reports per second through keep raw, deduplicate and write into a fresh archive, grouped as a crawl groups
    them (the last group's commit included)."""
    db = open_db(path)
    stages = (KeepRawPipeline(db), DeduplicatePipeline(db), WritePipeline(db))
    started = time.perf_counter()
    for item in items:
        for stage in stages:
            item = stage.process_item(item)
    write_group(db).commit()
    seconds = time.perf_counter() - started
    db.close()
    return len(items) / seconds


def plain_writes(items: list[Page], path: Path) -> float:
    """Reports per second writing the same rows with plain sqlite3: raw body, report, cells, source, one
    transaction each, in WAL mode as the archive is."""
    db = sqlite3.connect(path)
    db.execute("pragma journal_mode = wal")
    db.execute("pragma synchronous = normal")
    db.executescript("create table raw (hash text primary key, body blob); create table reports (id text primary key,"
                     " title text, text text); create table cells (report_id, section, row, col, value);"
                     " create table sources (url text primary key, report_id text)")
    started = time.perf_counter()
    for item in items:
        digest = hashlib.sha256(item.body).hexdigest()
        with db:
            db.execute("insert or ignore into raw values (?, ?)", (digest, zlib.compress(item.body)))
            db.execute("insert into reports values (?, ?, ?)", (item.url, item.meta.title, item.text))
            db.executemany("insert into cells values (?, ?, ?, ?, ?)",
                           [(item.url, c["section"], c["row"], c["col"], c["value"]) for c in item.cells])
            db.execute("insert into sources values (?, ?)", (item.url, item.url))
    seconds = time.perf_counter() - started
    db.close()
    return len(items) / seconds


def _rows_by_page(archive: Path) -> tuple[list[str], dict[str, list[tuple[str, list[str], list[tuple]]]]]:
    """Every row the archive stored, grouped by the page it came from ('' for rows of no one page), and the
    statements that make its tables and indexes."""
    db = sqlite3.connect(archive)
    schema = [sql for sql, in db.execute("select sql from sqlite_master where type in ('table', 'index') and "
                                         "sql is not null and name not like 'sqlite_%' order by type desc")]
    page_of_hash = dict(db.execute("select content_hash, url from fetches"))
    grouped: dict[str, list] = {}
    for table, in db.execute("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'"):
        columns = [row[1] for row in db.execute(f"pragma table_info([{table}])")]
        owner = next((columns.index(name) for name in ("source_url", "url") if name in columns), None)
        by_page: dict[str, list[tuple]] = {}
        for row in db.execute(f"select * from [{table}]"):
            page = row[owner] if owner is not None else page_of_hash.get(row[0], "") if table == "raw_pages" else ""
            by_page.setdefault(page or "", []).append(row)
        for page, rows in by_page.items():
            grouped.setdefault(page, []).append((table, columns, rows))
    db.close()
    return schema, grouped


def stored_row_writes(archive: Path, pages: int, path: Path) -> float:
    """Reports per second inserting, with plain sqlite3, every row the archive stored for them into the archive's
    own tables and indexes, as many pages' rows per transaction as the archive groups (the rows of no one page
    first)."""
    schema, grouped = _rows_by_page(archive)
    db = sqlite3.connect(path)
    db.execute("pragma journal_mode = wal")
    db.execute("pragma synchronous = normal")
    for sql in schema:
        db.execute(sql)
    order = sorted(grouped, key=bool)
    started = time.perf_counter()
    for first in range(0, len(order), write_pages()):
        with db:
            for page in order[first:first + write_pages()]:
                for table, columns, rows in grouped[page]:
                    db.executemany(f"insert or replace into [{table}] ({', '.join(map(repr, columns))}) values "
                                   f"({', '.join('?' * len(columns))})", rows)
    seconds = time.perf_counter() - started
    db.close()
    return pages / seconds


def write_rows(size: dict, tmp: Path) -> list[Row]:
    """Archive writes per second against plain inserts of the same rows, taking turns round by round (a burst of
    load slows both), best round of each."""
    # The archive stages only add a hash and a resolution to each page; the plain writes read neither.
    items = parsed_pages(size["writes"])
    ours, stored, theirs = [], [], []
    for round_number in range(size["rounds"]):
        archive = tmp / f"writes-{round_number}.db"
        ours.append(archive_writes(items, archive))
        stored.append(stored_row_writes(archive, len(items), tmp / f"stored-{round_number}.db"))
        theirs.append(plain_writes(items, tmp / f"plain-{round_number}.db"))
    label = f"reports written/s ({size['writes']} new reports, {write_pages()} per transaction)"
    return [Row("archive", label, max(ours), max(stored),
                "plain sqlite3 inserts of the rows the archive stored (every table, column and index), as "
                "many pages a transaction", f"≥ {TARGET_WRITE_RATIO}×", max(ours) >= TARGET_WRITE_RATIO * max(stored)),
            Row("archive", label, max(ours), max(theirs),
                "plain sqlite3 inserts of a page's body, report, cells' keys and values, source (5 of the cells' "
                "20 columns), a transaction each")]


def search_rows(size: dict, tmp: Path) -> list[Row]:
    """Datasette's 2-character search page, p50 and p95, against the same page found by a LIKE scan."""
    times = datasette_speed.measure(size["search"], size["repeats"], seconds=size["serve_seconds"],
                                    rounds=size["serve_rounds"])
    (p50, p95), (scan50, scan95) = times.two_char, times.two_char_scan
    label = f"Datasette 2-character search page on {size['search']:,} reports"
    return [Row("search", f"{label}, p50 ms", p50, scan50, "the same page by LIKE scan (text__contains)"),
            Row("search", f"{label}, p95 ms", p95, scan95, "the same page by LIKE scan (text__contains)",
                f"≤ {TARGET_SEARCH_P95_MS} ms", p95 <= TARGET_SEARCH_P95_MS)] + concurrent_rows(times)


def concurrent_rows(times: datasette_speed.SearchTimes) -> list[Row]:
    """Readers searching at once, requests/s: `nianbao serve` today against the serving before issue 22."""
    if not times.concurrent:
        return []
    before, *now = times.concurrent
    best = max(now, key=lambda served: served.per_second)
    return [Row("search", f"{datasette_speed.READERS} readers searching at once, requests/s", best.per_second,
                before.per_second, "one process, every column, Datasette's own count (the serving before)",
                f"≥ {TARGET_CONCURRENT_RATIO}×", best.per_second >= TARGET_CONCURRENT_RATIO * before.per_second)]


def scale_rows(size: dict, tmp: Path) -> list[Row]:
    """Reports per second with 2 scale-out workers against 1, through a real Redis."""
    results = scale_out.measure(size["scale"], SCALE_DELAY)
    one, two = (results[n][0] / results[n][1] for n in (1, 2))
    return [Row("scale-out", f"reports/s, 2 workers + ingest ({size['scale']} reports, "
                f"{SCALE_DELAY * 1000:.0f} ms per answer)", two, one, "1 worker + ingest",
                f"≥ {TARGET_SCALE_RATIO}×", two >= TARGET_SCALE_RATIO * one)]


def _figure(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.1f}"


def table(rows: list[Row]) -> str:
    """The rows as an aligned text table."""
    header = ("stage", "measure", "nianbao", "baseline", "ratio", "baseline is", "target")
    cells = [(r.stage, r.measure, _figure(r.value), _figure(r.baseline), f"{r.ratio:.2f}×", r.baseline_is,
              f"{r.target} {'met' if r.met else 'NOT met'}" if r.target else "") for r in rows]
    widths = [max(len(line[i]) for line in [header, *cells]) for i in range(len(header))]
    right = {2, 3, 4}

    def line(values):
        return "  ".join(v.rjust(w) if i in right else v.ljust(w) for i, (v, w) in enumerate(zip(values, widths)))
    return "\n".join([line(header), "  ".join("-" * w for w in widths), *map(line, cells)])


def backoff_rows(size: dict, tmp: Path) -> list[Row]:
    """Healthy hosts' pages per second beside a flaky host under retry backoff, against the same hosts alone."""
    results = backoff_isolation.measure(size["crawl"] // len(backoff_isolation.HEALTHY_HOSTS))
    (pages, alone), (_, beside) = results[False], results[True]
    return [Row("backoff", f"pages/s of {len(backoff_isolation.HEALTHY_HOSTS)} healthy hosts ({pages} pages) beside "
                f"a flaky one (503, {backoff_isolation.BACKOFF_SECONDS} s backoff)", beside, alone,
                "the same hosts without the flaky one", f"≥ {TARGET_BACKOFF_RATIO}×",
                beside >= TARGET_BACKOFF_RATIO * alone)]


def fuzz_rows(size: dict, tmp: Path) -> list[Row]:
    """`nianbao parse` over mutated fixture files against the unmutated ones: rate and peak memory; nothing
    mishandled (see benchmarks/parse_fuzz.py for the detailed table)."""
    folders = {name: tmp / "fuzz" / name for name in ("xls", "seeds", "fuzzed")}
    for folder in folders.values():
        folder.mkdir(parents=True)
    seed_files = parse_fuzz.seeds(folders["xls"])
    unmutated = parse_fuzz.baseline(seed_files, folders["seeds"])
    fuzzed = parse_fuzz.fuzz(parse_fuzz.mutated(seed_files, size["fuzz"], seed=1), folders["fuzzed"])
    return [Row("fuzz", f"inputs/s, nianbao parse of {fuzzed.inputs:,} mutated report files",
                fuzzed.inputs / fuzzed.seconds, unmutated.inputs / unmutated.seconds,
                f"the {unmutated.inputs} unmutated fixture files", "0 tracebacks, 0 hangs",
                fuzzed.failures == unmutated.failures == 0),
            Row("fuzz", "peak memory of nianbao parse on them, MiB", fuzzed.peak_mib, unmutated.peak_mib,
                "on the unmutated files")]


STAGES = {"crawl": crawl_rows, "parse": parse_rows, "archive": write_rows, "search": search_rows,
          "scale-out": scale_rows, "backoff": backoff_rows, "fuzz": fuzz_rows}


def main() -> None:
    """Measure every stage and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="Small sizes: checks that every stage runs.")
    parser.add_argument("--only", choices=list(STAGES), action="append", help="Measure only these stages.")
    args = parser.parse_args()
    size = SIZES["quick" if args.quick else "full"]
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-") as tmp:
        for name, measure in STAGES.items():
            if args.only and name not in args.only:
                continue
            print(f"measuring {name} …", file=sys.stderr, flush=True)
            rows += measure(size, Path(tmp))
    print(f"nianbao benchmarks, {date.today()}, Python {platform.python_version()}, {os.cpu_count()} CPUs"
          f"{' (quick sizes)' if args.quick else ''}")
    print(table(rows))


if __name__ == "__main__":
    main()
