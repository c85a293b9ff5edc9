"""Scans of the 2021 tables read cell by cell: narrow and wide layouts at 200 dpi, and one poor scan's figure."""

import pytest

from benchmarks.scan_quality import TARGET_SHARE, measure
from nianbao.demo import scans

# Labels are read whole or not; the few misses left are 一 read as —, one stroke either way in print.
MIN_LABELS_RIGHT = 0.95


def _share(pair: tuple[int, int]) -> float:
    right, total = pair
    return right / total


@pytest.mark.parametrize("layout", scans.LAYOUTS, ids=[layout.name for layout in scans.LAYOUTS])
def test_200_dpi_scans_give_98_percent_of_cells(layout):
    result = measure("2021", layout, scans.SCAN_200)
    assert _share(result["raw"]) >= TARGET_SHARE, result["text"]
    assert _share(result["parsed"]) >= TARGET_SHARE, result["wrong"]
    # Labels wrapped a few characters a line come back whole, one cell each.
    assert _share(result["labels"]) >= MIN_LABELS_RIGHT, result["text"]


def test_poor_scan_figure_is_recorded(record_property):
    result = measure("2021", scans.NARROW, scans.POOR_100)
    for figure in ("raw", "labels", "parsed"):
        record_property(figure, "{}/{}".format(*result[figure]))
    print(f"\n{scans.POOR_100.name}, narrow: number cells as read {result['raw']}, labels {result['labels']}, "
          f"cells parsed {result['parsed']}")
    assert result["pages"] and result["text"]
