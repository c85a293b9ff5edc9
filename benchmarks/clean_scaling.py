"""Cleaning time against page size: twice the elements with class and id should take about twice the time.

The class/id scan this watches took 10.7 s for 100,000 elements and 57 s for 200,000 (quadratic in libxml2's
union of attribute sets). Target: doubling the page costs less than three times as much.
"""

import argparse
import time

from nianbao.extract.clean import clean_tree, parse_html

TARGET_RATIO = 3.0
ROUNDS = 2


def page(elements: int) -> str:
    """A report page whose body and chrome hold `elements` elements, each with a class and an id."""
    half = elements // 2
    chrome = "".join(f'<span class="nav-{i}" id="nav{i}">栏目</span>' for i in range(half))
    body = "".join(f'<span class="p-{i}" id="p{i}">本机关收到政府信息公开申请{i}件。</span>' for i in range(half))
    return f'<html><body><div class="header">{chrome}</div><div id="zoom">{body}</div></body></html>'


def cleaning_seconds(elements: int) -> float:
    """The fastest of ROUNDS cleanings of a parsed page of that many elements."""
    root = parse_html(page(elements))
    best = float("inf")
    for _ in range(ROUNDS):
        start = time.perf_counter()
        cleaned = clean_tree(root)
        best = min(best, time.perf_counter() - start)
    if cleaned.container != "#zoom":
        raise AssertionError(f"the page's body was not found: {cleaned.container}")
    return best


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--elements", type=int, default=100_000, help="elements of the smaller page")
    elements = parser.parse_args().elements
    small, large = cleaning_seconds(elements), cleaning_seconds(2 * elements)
    ratio = large / small
    print("| elements | seconds |\n| --- | --- |")
    print(f"| {elements:,} | {small:.2f} |\n| {2 * elements:,} | {large:.2f} |")
    verdict = "met" if ratio < TARGET_RATIO else "NOT met"
    print(f"ratio {ratio:.2f}× (target < {TARGET_RATIO}×: {verdict})")


if __name__ == "__main__":
    main()
