"""Run the probe spider over registry rows and print its verdicts as a table or JSON lines."""

import json
import os

from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings

from crawler.registry import Portal
from crawler.probe import REACHABLE, UNSUPPORTED, ProbeSpider, Verdict

COLUMNS = ("portal", "status", "http", "family", "detected", "reports", "message")


def run_probe(portals: list[Portal], overrides: dict | None = None) -> list[Verdict]:
    """Each row's verdict, in registry order."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    settings = get_project_settings()
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(ProbeSpider)
    process.crawl(crawler, portals=portals)
    process.start()
    return [crawler.spider.verdicts[p.id] for p in portals]


def as_table(verdicts: list[Verdict]) -> str:
    """An aligned text table, one row per portal, then a count per status."""
    cells = [[str(v.row()[c] if v.row()[c] is not None else "-") for c in COLUMNS] for v in verdicts]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(COLUMNS[:-1])]
    lines = ["  ".join(c.ljust(w) for c, w in zip(COLUMNS[:-1], widths)) + "  message"]
    lines += ["  ".join(cell.ljust(w) for cell, w in zip(row[:-1], widths)) + "  " + row[-1] for row in cells]
    counts: dict[str, int] = {}
    for verdict in verdicts:
        counts[verdict.status] = counts.get(verdict.status, 0) + 1
    lines.append(", ".join(f"{n} {status}" for status, n in counts.items()))
    return "\n".join(lines)


def as_json_lines(verdicts: list[Verdict]) -> str:
    """One JSON object per portal."""
    return "\n".join(json.dumps(v.row(), ensure_ascii=False) for v in verdicts)


def all_reachable(verdicts: list[Verdict]) -> bool:
    """True when every row we crawl answered with a list we can read (unsupported rows are not crawled)."""
    return all(v.status in (REACHABLE, UNSUPPORTED) for v in verdicts)
