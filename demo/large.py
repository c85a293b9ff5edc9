"""A large demo portal for the scale-out benchmark: thousands of report pages on one TRS site, each answer slow."""

import random

from nianbao.demo.catalog import SEED, TRS, DemoReport, make_report
from nianbao.demo.site import DemoSite, build_portals

# Counties x bureaus: enough distinct bodies for thousands of reports, each with a few years.
COUNTIES = [f"{a}{b}县" for a in "东西南北中上下前后左" for b in "山水林川原岭溪河湖泉"]
BUREAUS = ("人民政府", "发展和改革局", "教育局", "财政局", "自然资源局", "生态环境局", "交通运输局",
           "农业农村局", "卫生健康局", "应急管理局", "市场监督管理局", "住房和城乡建设局", "民政局",
           "司法局", "审计局", "人力资源和社会保障局", "文化和旅游局", "统计局", "医疗保障局",
           "林业和草原局")
YEARS = (2021, 2022, 2023)


def large_catalog(count: int) -> list[DemoReport]:
    """count reports on the TRS portal, three years per body, numbers drawn as the demo's are."""
    rng = random.Random(f"{SEED}-large")
    bodies = [(county + bureau, f"11{5301:04d}{n:012d}") for n, (county, bureau) in
              enumerate((c, b) for c in COUNTIES for b in BUREAUS)]
    if count > len(bodies) * len(YEARS):
        raise ValueError(f"at most {len(bodies) * len(YEARS)} reports")
    reports: list[DemoReport] = []
    for number, (agency, code) in enumerate(bodies):
        for year in YEARS:
            if len(reports) == count:
                return reports
            reports.append(make_report(rng, reports, agency, year, (TRS,), code, number))
    return reports


class LargeSite(DemoSite):
    """The demo's servers with the TRS portal listing count reports; each answer takes delay seconds."""

    def __init__(self, count: int, delay: float, host: str = "127.0.0.1"):
        super().__init__(host)
        self.catalog = large_catalog(count)
        self.portals = build_portals(self.catalog)
        for site in self.portals.values():
            site.delay = delay

    def registry_rows(self) -> list[dict]:
        """The TRS portal only: the others list nothing here."""
        return [row for row in super().registry_rows() if row["id"] == TRS]
