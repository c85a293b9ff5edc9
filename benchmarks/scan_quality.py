"""Cells read right from scans of the statistics tables, by scan quality and table layout.

Each scan is made by demo/scans.py from a report whose cells are known, then read as nianbao reads a
file: extract.documents.read.read_document, then extract.report.parse_document. `OCR raw` compares
each cell's OCR text with the text printed there, before any parsing, by its place in the table rows
OCR returns (rows paired in order by their number of cells): number cells exactly, label cells without
spaces and punctuation. `end to end` compares the parsed cells with the values the report states, so
it also measures the parser's row placement and sum-confirmed repairs.
Run: python -m benchmarks.scan_quality [--templates 2021 2019] [--layouts wide narrow unruled]
[--qualities …] (default: 2021, wide and narrow, every quality).
"""

import argparse
import difflib
import time
import unicodedata

from nianbao.demo import scans
from nianbao.extract.documents.formats import PDF
from nianbao.extract.documents.read import read_document
from nianbao.extract.report import parse_document

# The bar for scans of the 2021 tables at 200 dpi.
TARGET_SHARE = 0.98
TARGET_QUALITY = scans.SCAN_200
SEED = 7
TEMPLATES = ("2021", "2019")
# Unruled scans have no cells to read as cells: their OCR raw figures are 0 by construction.
LAYOUTS = (*scans.LAYOUTS, scans.UNRULED)


def ocr_rows(text: str) -> list[list[str]]:
    """The table rows of a document's text ('cell | cell |' lines), each as its cells' texts."""
    rows = []
    for line in text.splitlines():
        line = line.strip()
        if line.endswith("|"):
            rows.append([cell.strip() for cell in line[:-1].split("|")])
    return rows


def _plain(text: str) -> str:
    """Text without spaces and punctuation, full-width forms folded: what a label says."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(c for c in folded if not c.isspace() and not unicodedata.category(c).startswith("P"))


def _matched_rows(drawn: list[list], read: list[list[str]]) -> list[list[str]]:
    """For each row drawn, the row OCR returned for it ([] if none), paired in order by their number of cells."""
    # A row OCR made up or missed costs its own cells only, not every cell after it.
    pairs = [[] for _ in drawn]
    matcher = difflib.SequenceMatcher(None, [len(row) for row in drawn], [len(row) for row in read], autojunk=False)
    for tag, start, end, read_start, read_end in matcher.get_opcodes():
        if tag in ("equal", "replace"):
            for index, found in zip(range(start, end), range(read_start, read_end)):
                pairs[index] = read[found]
    return pairs


def _same(read: str, printed: str, number: bool) -> bool:
    """A number read as printed (full-width digits are digits), or a label saying what was printed."""
    if number:
        return "".join(unicodedata.normalize("NFKC", read).split()) == printed
    return _plain(read) == _plain(printed)


def raw_right(scan: scans.Scan, text: str, numbers: bool = True) -> tuple[int, int]:
    """Number (or label) cells whose OCR text, in the row read for theirs, at their place, is as printed; of all."""
    right = total = 0
    for row, got in zip(scan.rows, _matched_rows(scan.rows, ocr_rows(text))):
        for place, cell in enumerate(row):
            if cell.number == numbers and (numbers or cell.text):
                total += 1
                right += place < len(got) and _same(got[place], cell.text, numbers)
    return right, total


def wrong_cells(scan: scans.Scan, cells: list[dict]) -> list[tuple[tuple[str, str, str], object, object]]:
    """Cells the report states that were parsed otherwise: key, value stated, value parsed (None if missing)."""
    got = {(c["section"], c["row"], c["col"]): c["value"] for c in cells}
    return [(key, value, got.get(key)) for key, value in scan.truth.items() if key not in got or got[key] != value]


def measure(template: str, layout: scans.Layout, quality: scans.Quality, seed: int = SEED) -> dict:
    """One scan made and read: number and label cells OCR read right, cells parsed right and wrong, time, text."""
    scan = scans.make_scan(scans.varied_report(template, seed), layout, quality)
    started = time.perf_counter()
    document = read_document(scan.pdf, PDF)
    parsed = parse_document(document)
    seconds = time.perf_counter() - started
    wrong = wrong_cells(scan, parsed.statistics.cells)
    return {"raw": raw_right(scan, document.text), "labels": raw_right(scan, document.text, numbers=False),
            "parsed": (len(scan.truth) - len(wrong), len(scan.truth)), "wrong": wrong, "pages": scan.pages,
            "seconds": seconds, "text": document.text}


def _share(pair: tuple[int, int]) -> str:
    right, total = pair
    return f"{right}/{total} {100 * right / total:6.2f} %"


def main() -> None:
    """Print the table: one row per template, quality and layout."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--templates", nargs="+", default=["2021"], choices=TEMPLATES)
    parser.add_argument("--layouts", nargs="+", default=[layout.name for layout in scans.LAYOUTS],
                        choices=[layout.name for layout in LAYOUTS])
    parser.add_argument("--qualities", nargs="+", default=[q.name for q in scans.QUALITIES],
                        choices=[q.name for q in scans.QUALITIES], metavar="QUALITY")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    layouts = [layout for layout in LAYOUTS if layout.name in args.layouts]
    qualities = [quality for quality in scans.QUALITIES if quality.name in args.qualities]
    header = f"{'template':<8}  {'quality':<22}  {'layout':<7}  {'pages':>5}  {'s/page':>6}  " \
             f"{'OCR raw: number cells':>21}  {'label cells':>17}  {'end to end: cells':>18}"
    print(header)
    missed = []
    for template in args.templates:
        for quality in qualities:
            for layout in layouts:
                result = measure(template, layout, quality, args.seed)
                print(f"{template:<8}  {quality.name:<22}  {layout.name:<7}  {result['pages']:>5}  "
                      f"{result['seconds'] / result['pages']:>6.1f}  {_share(result['raw']):>21}  "
                      f"{_share(result['labels']):>17}  {_share(result['parsed']):>18}", flush=True)
                right, total = result["parsed"]
                if (template == "2021" and quality == TARGET_QUALITY and layout in scans.LAYOUTS
                        and right < TARGET_SHARE * total):
                    missed.append(layout.name)
    if TARGET_QUALITY in qualities and "2021" in args.templates and set(layouts) & set(scans.LAYOUTS):
        verdict = "yes" if not missed else f"NO ({', '.join(missed)})"
        print(f"target (2021 tables at {TARGET_QUALITY.name}, ≥ {TARGET_SHARE:.0%} of cells end to end) met: "
              f"{verdict}")


if __name__ == "__main__":
    main()
