"""The demo's reports: who published which year where; the ground truth the tests check against."""

import random
from dataclasses import dataclass, field

from nianbao.extract.keys import APPEAL_COLS, APPEAL_ROWS, REQUEST_COLS

SEED = 20261122
TRS, HANWEB, GENERIC = "demo-trs", "demo-hanweb", "demo-generic"


@dataclass
class DemoReport:
    """One report and the numbers its tables print."""

    agency: str
    year: int
    portals: tuple[str, ...]
    code: str
    article_id: int
    requests: dict = field(default_factory=dict)
    appeals: dict = field(default_factory=dict)
    active: dict = field(default_factory=dict)
    legacy: dict = field(default_factory=dict)
    correction: str | None = None

    @property
    def template(self) -> str:
        """The form in force for the report's year."""
        return "2021" if self.year >= 2021 else "2019" if self.year >= 2019 else "legacy"

    @property
    def title(self) -> str:
        """The title as the portal shows it."""
        return f"{self.agency}{self.year}年政府信息公开工作年度报告"

    @property
    def published(self) -> str:
        """Publish date: late January of the next year."""
        return f"{self.year + 1}-01-{10 + self.article_id % 19:02d}"


def _requests(rng: random.Random, template: str, broken: bool, carried_in: dict | None) -> dict:
    """A requests table; carried_in per column is last year's 结转下年度 when the agency had a report."""
    outcome_rows = ["granted", "partial", "denied_third_party", "denied_process", "unavailable_not_held",
                    "unavailable_needs_creation", "rejected_repeat"]
    outcome_rows += ["other_no_correction", "other_misc"] if template == "2021" else ["other"]
    table: dict = {}
    for col in REQUEST_COLS[:-1]:
        handled = {row: rng.randint(0, 40 if col == "natural_person" else 3) for row in outcome_rows}
        total = sum(handled.values())
        forward = rng.randint(0, 5)
        brought = carried_in[col] if carried_in else rng.randint(0, min(3, total + forward))
        forward += max(0, brought - total - forward)
        for row, value in handled.items():
            table[(row, col)] = value
        table[("total", col)] = total
        table[("carried_forward", col)] = forward
        table[("carried_in", col)] = brought
        table[("new", col)] = total + forward - brought
    rows = {row for row, _ in table}
    for row in rows:
        table[(row, "total")] = sum(table[(row, col)] for col in REQUEST_COLS[:-1])
    if broken:
        # A real inconsistency, as in the 句容市 2019 seed: new + carried_in != total + forward by 5.
        table[("new", "total")] += 5
    return table


def _appeals(rng: random.Random) -> dict:
    table = {}
    for row in APPEAL_ROWS:
        parts = [rng.randint(0, 3) for _ in APPEAL_COLS[:-1]]
        table.update({(row, col): value for col, value in zip(APPEAL_COLS, [*parts, sum(parts)])})
    return table


def _active(rng: random.Random, template: str) -> dict:
    if template == "2021":
        return {("regulations", "issued"): rng.randint(0, 3), ("regulations", "repealed"): 0,
                ("regulations", "in_force"): rng.randint(3, 20), ("normative_documents", "issued"): rng.randint(1, 30),
                ("normative_documents", "repealed"): rng.randint(0, 5),
                ("normative_documents", "in_force"): rng.randint(30, 200),
                ("licensing", "decisions"): rng.randint(100, 90000), ("penalties", "decisions"): rng.randint(0, 900),
                ("coercion", "decisions"): rng.randint(0, 50),
                ("fees", "amount"): round(rng.uniform(0, 3000), 2)}
    return {("regulations", "made"): rng.randint(0, 3), ("regulations", "published"): rng.randint(0, 3),
            ("regulations", "total"): rng.randint(3, 20), ("normative_documents", "made"): rng.randint(1, 30),
            ("normative_documents", "published"): rng.randint(1, 30),
            ("normative_documents", "total"): rng.randint(30, 300),
            ("licensing", "prev_items"): rng.randint(50, 700), ("licensing", "change"): rng.randint(-40, 60),
            ("licensing", "decisions"): rng.randint(100, 90000),
            ("other_services", "prev_items"): rng.randint(0, 60), ("other_services", "change"): rng.randint(-5, 52),
            ("other_services", "decisions"): rng.randint(0, 9000),
            ("penalties", "prev_items"): rng.randint(100, 1400), ("penalties", "change"): rng.randint(-20, 200),
            ("penalties", "decisions"): rng.randint(0, 9000),
            ("coercion", "prev_items"): rng.randint(0, 80), ("coercion", "change"): rng.randint(-5, 5),
            ("coercion", "decisions"): rng.randint(0, 800),
            ("fees", "prev_items"): rng.randint(0, 90), ("fees", "change"): rng.randint(-10, 3),
            ("procurement", "projects"): rng.randint(0, 2000), ("procurement", "amount"): round(rng.uniform(1, 9999), 2)}


def _legacy(rng: random.Random) -> dict:
    return {"主动公开政府信息数": rng.randint(20, 900), "政府网站公开政府信息数": rng.randint(10, 500),
            "收到申请数": rng.randint(0, 30), "政策解读稿件发布数": rng.randint(0, 9)}


# (agency, years, portals, 组织机构代码) of the demo's publishing bodies.
BODIES = (
    ("云溪市人民政府办公室", range(2016, 2024), (TRS,), "115301000000000001"),
    ("云溪市财政局", range(2019, 2023), (TRS,), "115301000000000002"),
    ("云溪市生态环境局", (2020, 2022), (TRS,), "115301000000000003"),
    ("云溪市教育局", range(2017, 2024), (HANWEB,), "115301000000000004"),
    ("云溪市第一中学", (2021, 2022), (HANWEB,), "125301000000000005"),
    ("青石县人民政府", range(2014, 2024), (GENERIC,), "115301270000000001"),
    ("青石县卫生健康局", (2021,), (GENERIC,), "115301270000000002"),
)
# The 财政局's 2021 report is reposted on the 教育局's site: one report, two sources.
REPOST = ("云溪市财政局", 2021, HANWEB)
# This report's own numbers break new + carried_in = total + carried_forward (flag, never fix).
INCONSISTENT = ("青石县人民政府", 2020)
# This report's 上年结转 is not its previous report's 结转下年度 (carry_over fails).
CARRY_BREAK = ("云溪市教育局", 2022)


def make_report(rng: random.Random, reports: list[DemoReport], agency: str, year: int, portals: tuple[str, ...],
            code: str, number: int) -> DemoReport:
    extra = (REPOST[2],) if (agency, year) == REPOST[:2] else ()
    report = DemoReport(agency, year, portals + extra, code, article_id=58879500 + 37 * len(reports) + number)
    if report.template == "legacy":
        report.legacy = _legacy(rng)
        return report
    last = next((r for r in reports if (r.agency, r.year) == (agency, year - 1) and r.requests), None)
    brought = {col: last.requests[("carried_forward", col)] for col in REQUEST_COLS[:-1]} if last else None
    if brought and (agency, year) == CARRY_BREAK:
        brought["natural_person"] += 2
    report.requests = _requests(rng, report.template, (agency, year) == INCONSISTENT, brought)
    report.appeals = _appeals(rng)
    report.active = _active(rng, report.template)
    return report


def build_catalog() -> list[DemoReport]:
    """Every demo report with its numbers, the same on every run."""
    rng = random.Random(SEED)
    reports = []
    for number, (agency, years, portals, code) in enumerate(BODIES):
        for year in years:
            reports.append(make_report(rng, reports, agency, year, portals, code, number))
    return reports


def next_report(catalog: list[DemoReport], agency: str) -> DemoReport:
    """The agency's report for the year after its latest, as it would be published next January."""
    number, (_, _years, portals, code) = next((n, body) for n, body in enumerate(BODIES) if body[0] == agency)
    year = max(r.year for r in catalog if r.agency == agency) + 1
    return make_report(random.Random(f"{SEED}-{agency}-{year}"), catalog, agency, year, portals, code, number)


# A notice about reports (never archived) and a listed link that answers 404, per portal.
NOTICE_TITLE = "关于做好2022年度政府信息公开工作年度报告编制发布工作的通知"
DEAD_TITLE = "云溪市住房和城乡建设局2019年政府信息公开工作年度报告"
# A listed report under a path robots.txt disallows: never fetched.
ROBOTS_TITLE = "云溪市审计局2019年政府信息公开工作年度报告"
