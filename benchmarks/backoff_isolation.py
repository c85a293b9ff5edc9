"""Healthy hosts' throughput with and without a flaky host beside them whose every report page answers 503.

Both crawls run in the same session on loopback hosts of their own (127.0.0.x, one download slot each). The
flaky host's pages are retried with backoff; a retry that waited inside the downloader held one of the global
download slots, so a few flaky pages stalled every host. Target: the healthy hosts keep at least 80 % of the
pages per second they reach alone.
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from nianbao.demo.catalog import TRS
from nianbao.demo.large import LargeSite

TARGET_RATIO = 0.8
HEALTHY_HOSTS = ("127.0.0.1", "127.0.0.2")
FLAKY_HOST = "127.0.0.3"
FLAKY_PAGES = 40
# Seconds per healthy answer, as a slow government server takes.
ANSWER_DELAY = 0.2
# Every attempt at a flaky page fails, however many retries are made.
ALWAYS = 1_000_000
BACKOFF_SECONDS = 3
# Few download slots, each answer slow: throughput is set by the slots, not by a CPU shared with the flaky host.
SETTINGS = {"AUTOTHROTTLE_ENABLED": "false", "ROBOTSTXT_OBEY": "false", "CONCURRENT_REQUESTS": "4",
            "CONCURRENT_REQUESTS_PER_DOMAIN": "2", "NIANBAO_RETRY_BACKOFF": str(BACKOFF_SECONDS),
            "NIANBAO_RETRY_TIMES": "2"}
QUIET = {"NIANBAO_LOG_LEVEL": "WARNING"}


def _rows(site: LargeSite, portal_id: str) -> list[dict]:
    return [{**row, "id": portal_id} for row in site.registry_rows()]


def healthy_rate(tmp: Path, reports: int, with_flaky: bool) -> tuple[int, float]:
    """Pages the healthy hosts answered and their pages per second, first answer to last, in one `nianbao crawl`."""
    healthy = [LargeSite(reports, ANSWER_DELAY, host).start() for host in HEALTHY_HOSTS]
    flaky = LargeSite(FLAKY_PAGES, 0.0, FLAKY_HOST).start() if with_flaky else None
    try:
        rows = [row for n, site in enumerate(healthy) for row in _rows(site, f"healthy-{n}")]
        if flaky:
            for report in flaky.catalog:
                path = urlsplit(flaky.detail_url(TRS, report.agency, report.year)).path
                flaky.portals[TRS].unavailable[path] = ALWAYS
            rows += _rows(flaky, "flaky")
        registry = tmp / f"portals-{with_flaky}.yaml"
        registry.write_text(yaml.safe_dump(rows, allow_unicode=True), encoding="utf-8")
        crawl_quietly(registry, tmp / f"crawl-{with_flaky}.db", f"{'beside' if with_flaky else 'without'} the "
                      "flaky host")
    finally:
        for site in [*healthy, *([flaky] if flaky else [])]:
            site.stop()
    return pages_per_second(healthy)


def crawl_quietly(registry: Path, db: Path, what: str) -> None:
    """`nianbao crawl` of the registry with SETTINGS, warnings only; RuntimeError naming `what` when it fails."""
    settings = [arg for name, value in SETTINGS.items() for arg in ("--set", f"{name}={value}")]
    crawl = subprocess.run([sys.executable, "-m", "nianbao", "crawl", "--portals", registry, "--db", db, *settings],
                           env={**os.environ, **QUIET}, capture_output=True, text=True)
    if crawl.returncode:
        raise RuntimeError(f"the crawl {what} failed:\n{crawl.stderr[-3000:]}")


def pages_per_second(healthy: list[LargeSite]) -> tuple[int, float]:
    """Pages the healthy hosts answered, and their pages per second from the first answer to the last."""
    times = sorted(hit.at for site in healthy for hit in site.portals[TRS].hits)
    return len(times), len(times) / (times[-1] - times[0])


def measure(reports: int) -> dict[bool, tuple[int, float]]:
    """(pages, pages/s) of the healthy hosts, alone (False) and beside the flaky host (True)."""
    with tempfile.TemporaryDirectory(prefix="nianbao-backoff-") as tmp:
        return {with_flaky: healthy_rate(Path(tmp), reports, with_flaky) for with_flaky in (False, True)}


def main() -> None:
    """Print the healthy hosts' pages/s both ways and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=300, help="Report pages on each healthy host.")
    args = parser.parse_args()
    results = measure(args.reports)
    (alone_pages, alone), (beside_pages, beside) = results[False], results[True]
    print(f"healthy hosts alone:              {alone_pages} pages, {alone:.1f} pages/s")
    print(f"beside a flaky host (503, {BACKOFF_SECONDS} s): {beside_pages} pages, {beside:.1f} pages/s")
    print(f"ratio: {beside / alone:.2f} (target ≥ {TARGET_RATIO})")


if __name__ == "__main__":
    main()
