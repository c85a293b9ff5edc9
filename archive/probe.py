"""Run the probe spider over registry rows and print its verdicts as a table or JSON lines."""

import json
from collections import Counter

from nianbao.crawler.probe import REACHABLE, UNSUPPORTED, ProbeSpider, Verdict
from nianbao.crawler.project import project_settings, run_spider
from nianbao.crawler.registry import Portal

COLUMNS = ("portal", "status", "http", "family", "detected", "reports", "message")


def run_probe(portals: list[Portal], overrides: dict | None = None) -> list[Verdict]:
    """Each row's verdict, in registry order."""
    crawler = run_spider(ProbeSpider, project_settings(overrides), portals=portals)
    return [crawler.spider.verdicts[p.id] for p in portals]


def as_table(verdicts: list[Verdict]) -> str:
    """An aligned text table, one row per portal, then a count per status."""
    cells = [[str("-" if row[c] is None else row[c]) for c in COLUMNS] for row in (v.row() for v in verdicts)]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(COLUMNS[:-1])]
    lines = ["  ".join(c.ljust(w) for c, w in zip(COLUMNS[:-1], widths)) + "  message"]
    lines += ["  ".join(cell.ljust(w) for cell, w in zip(row[:-1], widths)) + "  " + row[-1] for row in cells]
    counts = Counter(v.status for v in verdicts)
    lines.append(", ".join(f"{n} {status}" for status, n in counts.items()))
    return "\n".join(lines)


def as_json_lines(verdicts: list[Verdict]) -> str:
    """One JSON object per portal."""
    return "\n".join(json.dumps(v.row(), ensure_ascii=False) for v in verdicts)


def all_reachable(verdicts: list[Verdict]) -> bool:
    """True when every row we crawl answered with a list we can read (unsupported rows are not crawled)."""
    return all(v.status in (REACHABLE, UNSUPPORTED) for v in verdicts)
