"""Crawl throughput with 1 worker and with 2, on one large slow portal, through a real Redis and one ingest.

Every run crawls the same portal (each answer delayed like a real server's) into a fresh archive, in the
same session, so the ratios hold on a noisy machine. A plain one-process `nianbao crawl` with the same
settings is printed too, to show what the Redis round trips cost. Target: 2 workers at least 1.7x the
reports per second of 1.
"""

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from nianbao.demo.large import LargeSite
from tests.redis_server import RedisServer

TARGET_RATIO = 1.7
WORKER_COUNTS = (1, 2)
# Politeness is per worker: each may hold this many requests on the portal at once.
WORKER_SETTINGS = ("AUTOTHROTTLE_ENABLED=false", "CONCURRENT_REQUESTS_PER_DOMAIN=4", "NIANBAO_MAX_LISTING_PAGES=1000")
QUIET = {"NIANBAO_LOG_LEVEL": "WARNING"}


def run(tmp: Path, registry: str, workers: int) -> tuple[int, float]:
    """Reports archived and wall seconds for an ingest plus `workers` workers, from start to the run's close."""
    redis = RedisServer(tmp / f"redis-{workers}", persistent=False).start()
    db_path = tmp / f"archive-{workers}.db"
    env = {**os.environ, **QUIET}
    cli = [sys.executable, "-m", "nianbao"]
    settings = [arg for pair in WORKER_SETTINGS for arg in ("--set", pair)]
    started = time.perf_counter()
    try:
        ingest = subprocess.Popen([*cli, "ingest", "--db", db_path, "--portals", registry, "--redis", redis.url,
                                   *settings], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        crew = [subprocess.Popen([*cli, "worker", "--redis", redis.url, "--id", f"w{n}", *settings], env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for n in range(workers)]
        _, errors = ingest.communicate()
        seconds = time.perf_counter() - started
        for worker in crew:
            worker.wait()
        if ingest.returncode:
            raise RuntimeError(f"ingest with {workers} workers failed:\n{errors.decode()[-2000:]}")
    finally:
        redis.stop()
    with sqlite3.connect(db_path) as db:
        return db.execute("select count(*) from reports").fetchone()[0], seconds


def run_one_process(tmp: Path, registry: str) -> tuple[int, float]:
    """Reports archived and wall seconds for `nianbao crawl` with the workers' settings."""
    db_path = tmp / "archive-one-process.db"
    settings = [arg for pair in WORKER_SETTINGS for arg in ("--set", pair)]
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "nianbao", "crawl", "--db", db_path, "--portals", registry,
                    *settings], env={**os.environ, **QUIET}, capture_output=True, check=True)
    seconds = time.perf_counter() - started
    with sqlite3.connect(db_path) as db:
        return db.execute("select count(*) from reports").fetchone()[0], seconds


def measure(reports: int, delay: float) -> dict:
    """(reports, seconds) for each worker count and for one process ("one"), on one fresh large portal."""
    site = LargeSite(reports, delay).start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            registry = Path(tmp) / "portals.yaml"
            registry.write_text(yaml.safe_dump(site.registry_rows(), allow_unicode=True), encoding="utf-8")
            results = {workers: run(Path(tmp), str(registry), workers) for workers in WORKER_COUNTS}
            results["one"] = run_one_process(Path(tmp), str(registry))
    finally:
        site.stop()
    return results


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--delay", type=float, default=0.1, help="Seconds the portal takes per answer.")
    args = parser.parse_args()
    results = measure(args.reports, args.delay)
    base = results[1][0] / results[1][1]
    print(f"\nScale-out: one portal of {args.reports} reports, {args.delay * 1000:.0f} ms per answer, "
          f"{WORKER_SETTINGS[1].split('=')[1]} requests per worker at once")
    print(f"{'crawl':>22} {'reports':>8} {'seconds':>8} {'reports/s':>10} {'vs 1 worker':>12}")
    rows = [(f"{workers} worker{'s' if workers > 1 else ''} + ingest", *results[workers]) for workers in WORKER_COUNTS]
    for name, count, seconds in [*rows, ("one process (crawl)", *results["one"])]:
        rate = count / seconds
        print(f"{name:>22} {count:>8} {seconds:>8.1f} {rate:>10.1f} {rate / base:>11.2f}x")
    ratio = results[2][0] / results[2][1] / base
    verdict = "met" if ratio >= TARGET_RATIO else "NOT met"
    print(f"target: 2 workers >= {TARGET_RATIO}x the throughput of 1: {verdict} ({ratio:.2f}x)")


if __name__ == "__main__":
    main()
