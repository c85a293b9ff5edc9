"""Healthy hosts' pages per second while the crawl reads a slow scan beside them, against the same hosts alone.

Both crawls run in the same session on loopback hosts of their own (127.0.0.x). The scan (the files portal's,
OCR'd for tens of seconds) is read in a reader process; read inside the crawl's reactor, it stopped every
download for as long. Target: the healthy hosts keep at least 80 % of the pages per second they reach alone.
"""

import argparse
import tempfile
from pathlib import Path

import sqlite_utils
import yaml

from benchmarks.backoff_isolation import ANSWER_DELAY, HEALTHY_HOSTS, crawl_quietly, pages_per_second
from nianbao.demo.files import SCAN_ONLY, FilesSite
from nianbao.demo.large import LargeSite

TARGET_RATIO = 0.8
SCAN_HOST = "127.0.0.3"


def healthy_rate(tmp: Path, reports: int, with_scan: bool) -> tuple[int, float]:
    """Pages the healthy hosts answered and their pages per second, first answer to last, in one `nianbao crawl`."""
    healthy = [LargeSite(reports, ANSWER_DELAY, host).start() for host in HEALTHY_HOSTS]
    files = FilesSite(SCAN_HOST).start() if with_scan else None
    try:
        rows = [{**row, "id": f"healthy-{n}"} for n, site in enumerate(healthy) for row in site.registry_rows()]
        rows += files.registry_rows() if files else []
        registry = tmp / f"portals-{with_scan}.yaml"
        registry.write_text(yaml.safe_dump(rows, allow_unicode=True), encoding="utf-8")
        db = tmp / f"crawl-{with_scan}.db"
        crawl_quietly(registry, db, f"{'beside' if with_scan else 'without'} the scan")
        if files and not sqlite_utils.Database(db).execute("select ocr from sources where url = ?",
                                                             [files.url(files.entry(SCAN_ONLY).href)]).fetchall():
            raise RuntimeError("the scan was not read: nothing was measured beside it")
    finally:
        for site in [*healthy, *([files] if files else [])]:
            site.stop()
    return pages_per_second(healthy)


def measure(reports: int) -> dict[bool, tuple[int, float]]:
    """(pages, pages/s) of the healthy hosts, alone (False) and beside the scan (True)."""
    with tempfile.TemporaryDirectory(prefix="nianbao-slow-files-") as tmp:
        return {with_scan: healthy_rate(Path(tmp), reports, with_scan) for with_scan in (False, True)}


def main() -> None:
    """Print the healthy hosts' pages/s both ways and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=150, help="Report pages on each healthy host.")
    args = parser.parse_args()
    results = measure(args.reports)
    (alone_pages, alone), (beside_pages, beside) = results[False], results[True]
    print(f"healthy hosts alone:          {alone_pages} pages, {alone:.1f} pages/s")
    print(f"beside a scan being OCR'd:    {beside_pages} pages, {beside:.1f} pages/s")
    print(f"ratio: {beside / alone:.2f} (target ≥ {TARGET_RATIO})")


if __name__ == "__main__":
    main()
