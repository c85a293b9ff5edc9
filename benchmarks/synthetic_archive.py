"""A large synthetic archive: the demo's parsed reports, repeated under many agencies and years, written fast."""

import random
import sqlite3
from contextlib import closing
from pathlib import Path

from benchmarks.parse_speed import RENDERERS
from nianbao.archive.db import open_db
from nianbao.archive.reports import numbered_cells
from nianbao.demo.catalog import build_catalog
from nianbao.extract.report import parse_html_report

AGENCY_KINDS = ("人民政府办公室", "教育局", "财政局", "生态环境局", "卫生健康委员会", "自然资源局", "公安局", "民政局",
                "住房和城乡建设局", "市场监督管理局")
PLACE_CHARS = "云青松柏江河湖山川平安宁德兴华阳明东南西北中新昌永丰乐和泰康富源清溪"
FIRST_YEAR = 2014
YEARS = 10
PROVENANCE = {"fetched_at": "2026-01-01T00:00:00+00:00", "content_hash": "0" * 64, "crawl_run": "synthetic"}


def _bases() -> list:
    """The demo's report pages, parsed: text, cells and checks to copy."""
    return [parse_html_report(render(report, portal, [])) for report in build_catalog()
            for portal, render in RENDERERS.items()]


def _places(count: int, rng: random.Random) -> list[str]:
    names: set[str] = set()
    while len(names) < count:
        names.add("".join(rng.sample(PLACE_CHARS, 2)) + rng.choice("市县区"))
    return sorted(names)


def build(path: Path, reports: int, seed: int = 1) -> Path:
    """Write an archive of `reports` reports to path (replacing it); returns path."""
    rng = random.Random(seed)
    path.unlink(missing_ok=True)
    open_db(path).close()
    bases = _bases()
    agencies = [place + kind for place in _places(reports // (YEARS * len(AGENCY_KINDS)) + 1, rng)
                for kind in AGENCY_KINDS]
    portals = [f"portal-{i:03d}" for i in range(max(1, reports // 1000))]
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("PRAGMA synchronous = OFF")
        conn.executemany("INSERT INTO portals (id, name, start_url, family, region) VALUES (?, ?, ?, 'trs', ?)",
                         [(p, p, f"http://{p}.example.gov.cn/", rng.choice(("云溪", "青石", "松江"))) for p in portals])
        for n in range(reports):
            base = bases[n % len(bases)]
            agency, year = agencies[n // YEARS], FIRST_YEAR + n % YEARS
            report_id = f"{n:016x}"
            text = base.text.replace(base.meta.agency or "\0", agency).replace(str(base.meta.year), str(year))
            url = f"http://{portals[n % len(portals)]}.example.gov.cn/{report_id}.html"
            conn.execute("INSERT INTO reports (id, agency, year, title, published, template, text, key_basis, portal, "
                         "portals, versions, first_seen, source_url, fetched_at, content_hash, crawl_run) VALUES "
                         "(?, ?, ?, ?, ?, ?, ?, 'agency_year', ?, ?, 1, ?, ?, ?, ?, ?)",
                         (report_id, agency, year, f"{agency}{year}年政府信息公开工作年度报告", f"{year + 1}-01-20",
                          base.meta.template, text,
                          portals[n % len(portals)], f'["{portals[n % len(portals)]}"]', PROVENANCE["fetched_at"],
                          url, *PROVENANCE.values()))
            conn.executemany("INSERT INTO cells (report_id, section, row, col, seq, value, unit, raw, source_url, "
                             "fetched_at, content_hash, crawl_run) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             [(report_id, c["section"], c["row"], c["col"], c["seq"], c["value"], c["unit"], c["raw"],
                               url, *PROVENANCE.values()) for c in numbered_cells(base.statistics.cells)])
            conn.executemany("INSERT INTO checks (report_id, rule, status, source_url, fetched_at, content_hash, "
                             "crawl_run) VALUES (?, ?, ?, ?, ?, ?, ?)",
                             [(report_id, rule, status, url, *PROVENANCE.values())
                              for rule, status in base.statistics.checks.items()])
    return path

