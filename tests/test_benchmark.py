"""`python -m benchmarks` (what `make bench` runs) prints its one table, every figure beside its baseline."""

import re
import subprocess
import sys

STAGES = ("crawl", "nightly", "parse", "archive", "search", "scale-out", "backoff", "fuzz")
# stage, measure, figure, baseline, ratio: numbers where numbers belong.
ROW = re.compile(r"^(\S+)\s{2,}(.+?)\s{2,}([\d,.]+)\s{2,}([\d,.]+)\s{2,}([\d.]+)×\s{2,}\S")


def test_the_quick_benchmark_prints_every_stage_beside_its_baseline():
    result = subprocess.run([sys.executable, "-m", "benchmarks", "--quick"], capture_output=True, text=True,
                            timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.splitlines()
    assert lines[0].startswith("nianbao benchmarks, ") and lines[0].endswith("(quick sizes)")
    assert lines[1].split()[:5] == ["stage", "measure", "nianbao", "baseline", "ratio"]
    rows = [ROW.match(line) for line in lines[3:]]
    assert all(rows), [line for line, row in zip(lines[3:], rows) if not row]
    assert [row.group(1) for row in rows] == ["crawl", "crawl", "crawl", "nightly", "parse", "parse", "archive",
                                              "archive", "search", "search", "search", "scale-out", "backoff", "fuzz",
                                              "fuzz"]
    assert all(float(row.group(3).replace(",", "")) > 0 < float(row.group(4).replace(",", "")) for row in rows)
    nightly = next(line for line in lines if line.startswith("nightly"))
    assert nightly.rstrip().endswith("no report page fetched met")
