"""The real report texts of shared/seeds as golden files: metadata, every cell, checks and repairs.

The golden files were written by `python -m tests.test_parse_seeds` and then checked by hand
against the texts; the assertions below restate the facts the seeds' README names.
"""

import json
import sys
from pathlib import Path

import pytest

from nianbao.extract.report import parse_text_report

SEEDS = Path(__file__).parent / "files" / "seeds"
NAMES = ("000_932bc214d58c0477", "001_2c33c93328185bbb", "002_f7112daac9ac313c")
FIELDS = ("title", "agency", "year", "published", "index_no", "template", "cells", "checks", "findings", "repairs")


def parsed(name: str) -> dict:
    """A seed parsed, reduced to the fields its golden file holds."""
    report = parse_text_report((SEEDS / f"{name}.txt").read_text(encoding="utf-8")).as_json()
    return {field: report[field] for field in FIELDS}


def golden(name: str) -> dict:
    """A seed's golden file."""
    return json.loads((SEEDS / f"{name}.golden.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", NAMES)
def test_seed_matches_its_golden_file_field_by_field(name):
    got, want = parsed(name), golden(name)
    for field in FIELDS:
        if field != "cells":
            assert got[field] == want[field], field
    assert len(got["cells"]) == len(want["cells"])
    for got_cell, want_cell in zip(got["cells"], want["cells"]):
        assert got_cell == want_cell


def _cell(report: dict, section: str, row: str, col: str) -> dict:
    (found,) = [c for c in report["cells"] if (c["section"], c["row"], c["col"]) == (section, row, col)]
    return found


def test_quzhou_2020_metadata_block_and_one_value_rows():
    report = parsed(NAMES[0])
    assert (report["agency"], report["year"], report["published"], report["index_no"], report["template"]) == (
        "衢州市经济和信息化局", 2020, "2021-01-18", "11330800002618904J/2021-119528", "2019")
    assert _cell(report, "active", "licensing", "change")["value"] == -8
    procurement = _cell(report, "active", "procurement", "amount")
    assert (procurement["value"], procurement["unit"]) == (181980, None)
    # The requests rows lost their columns: one value per row, read by position; the rest is null, not 0.
    assert _cell(report, "requests", "new", "natural_person")["value"] == 0
    assert _cell(report, "requests", "new", "total")["value"] is None
    assert [_cell(report, "requests", "total", c)["value"] for c in ("natural_person", "total")] == [0, 0]
    assert {c["value"] for c in report["cells"] if c["section"] == "appeals"} == {0}
    assert report["checks"]["requests_balance"] == "unknown"
    assert report["checks"]["appeals_sum"] == "ok"


def test_dingtao_2017_legacy_table_units_and_nulls():
    report = parsed(NAMES[1])
    assert (report["title"], report["agency"], report["year"], report["template"]) == (
        "菏泽市定陶区中小企业局2017年政府信息公开报告", "菏泽市定陶区中小企业局", 2017, "legacy")
    assert _cell(report, "legacy", "主动公开情况", "value")["value"] == 98
    website = _cell(report, "legacy", "政府网站公开政府信息数", "value")
    assert (website["value"], website["unit"]) == (36, "条")
    assert _cell(report, "legacy", "主动公开规范性文件数", "value")["value"] is None
    assert _cell(report, "legacy", "接受培训人员数", "value")["unit"] == "人次"
    assert len([c for c in report["cells"] if c["row"] == "被依法纠错数"]) == 2
    assert set(report["checks"].values()) == {"unknown"}


def test_jurong_2019_changes_split_digits_and_its_real_inconsistency():
    report = parsed(NAMES[2])
    assert report["template"] == "2019"
    assert [_cell(report, "active", row, "change")["value"] for row in ("licensing", "other_services", "fees")] == [
        -37, 52, -10]
    partial = _cell(report, "requests", "partial", "natural_person")
    assert (partial["value"], partial["raw"]) == (10, "1 0")
    assert _cell(report, "requests", "partial", "total")["value"] == 11
    assert {(r["row"], r["col"], r["value"]) for r in report["repairs"]} == {
        ("partial", "natural_person", 10), ("partial", "total", 11)}
    # 一 + 二 = 三 + 四 breaks by 5 in the total column: flagged, numbers left as printed.
    assert report["checks"]["requests_balance"] == "failed"
    assert {"rule": "requests_balance", "where": "total", "left": 221, "right": 216} in report["findings"]
    assert _cell(report, "requests", "new", "total")["value"] == 221
    assert report["checks"]["requests_outcomes"] == "ok" and report["checks"]["appeals_sum"] == "ok"


if __name__ == "__main__":
    for seed in NAMES:
        path = SEEDS / f"{seed}.golden.json"
        path.write_text(json.dumps(parsed(seed), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {path}", file=sys.stderr)
