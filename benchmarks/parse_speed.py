"""Reports per second: `parse` (clean + metadata + every cell + checks) vs bare trafilatura.extract.

Both run on the same pages in the same process, so the ratio holds on a noisy machine.
Accuracy is measured on the same pages: the cells parse returns against the numbers the
demo printed, and trafilatura's text parsed back against the page's own cells.
"""

import argparse
import time
import tracemalloc
from pathlib import Path

import trafilatura

from nianbao.demo.catalog import build_catalog
from nianbao.demo.pages import generic_detail, hanweb_detail, trs_detail
from nianbao.extract.decode import decode_page
from nianbao.extract.report import clear_caches, parse_html_report

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "files"
FIXTURE_PAGES = ("mct/t20240126_951234.html", "yn-hrss/InfoDetail-42719.html", "js-mzt/art_90135_10312345.html")
RENDERERS = {"demo-trs": trs_detail, "demo-hanweb": hanweb_detail, "demo-generic": generic_detail}
TARGET_RATIO = 10


def pages() -> tuple[list[str], list[tuple[str, dict]]]:
    """Every demo detail page and saved fixture page; for demo pages, the cells they print."""
    html, expected = [], []
    for report in build_catalog():
        for portal, render in RENDERERS.items():
            page = render(report, portal, [])
            html.append(page)
            expected.append((page, _printed(report)))
    for name in FIXTURE_PAGES:
        html.append(decode_page((FIXTURES / name).read_bytes(), "text/html").text)
    return html, expected


def _printed(report) -> dict:
    cells = {("requests", row, col): v for (row, col), v in report.requests.items()}
    cells |= {("appeals", row, col): v for (row, col), v in report.appeals.items()}
    cells |= {("active", row, col): v for (row, col), v in report.active.items()}
    return cells


def rates(functions: list, documents: list[str], rounds: int) -> list[float]:
    """Documents per second of each function: best round of each, caches cold each round.

    The functions take turns round by round, so a burst of load on this noisy machine slows both,
    not only the one that happened to be running.
    """
    best = [float("inf")] * len(functions)
    for _ in range(rounds):
        for index, function in enumerate(functions):
            clear_caches()
            start = time.perf_counter()
            for document in documents:
                function(document)
            best[index] = min(best[index], time.perf_counter() - start)
    return [len(documents) / seconds for seconds in best]


def accuracy(expected: list[tuple[str, dict]]) -> tuple[int, int]:
    """(right, total) over every printed cell of the demo pages."""
    right = total = 0
    for page, cells in expected:
        got = {(c["section"], c["row"], c["col"]): c["value"] for c in parse_html_report(page).statistics.cells}
        total += len(cells)
        right += sum(got.get(key) == value for key, value in cells.items())
    return right, total


def peak_memory(function, documents: list[str]) -> int:
    """Peak bytes Python allocated while running function over the documents."""
    tracemalloc.start()
    for document in documents:
        function(document)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    documents, expected = pages()

    def bare(document):
        return trafilatura.extract(document, include_tables=True)

    ours, theirs = rates([parse_html_report, bare], documents, rounds)
    right, total = accuracy(expected)
    rows = [
        ("pages", f"{len(documents)}", ""),
        ("nianbao parse, reports/s", f"{ours:,.1f}", f"{ours / theirs:.1f}× baseline (target ≥ {TARGET_RATIO}×)"),
        ("trafilatura.extract(include_tables=True), reports/s", f"{theirs:,.1f}", "baseline"),
        ("cells right on demo pages", f"{right}/{total}", f"{100 * right / total:.2f} %"),
        ("peak memory, parse (MiB)", f"{peak_memory(parse_html_report, documents) / 2**20:.1f}", ""),
        ("peak memory, trafilatura (MiB)", f"{peak_memory(bare, documents) / 2**20:.1f}", "baseline"),
    ]
    width = max(len(name) for name, _, _ in rows)
    print(f"{'parse speed':<{width}}  {'value':>10}  vs baseline")
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>10}  {note}")
    print(f"target met: {'yes' if ours / theirs >= TARGET_RATIO else 'NO'}")


if __name__ == "__main__":
    main()
