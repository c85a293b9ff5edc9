"""The landing page of questions: each question a reader comes with, one click from its answer."""

import re

from datasette.utils import tilde_encode

# (canned query, question, what the answer shows, the query's parameter offered as a box, the box's hint)
QUESTIONS = (
    ("denials_by_agency", "拒绝公开最多的机关（按年）", "各机关不予公开、无法提供、不予处理的申请数，按年度排名",
     None, None),
    ("failing_checks", "数据对不上的报告", "统计表数字加起来不相等（勾稽关系不成立）的年报，以及哪里对不上",
     None, None),
    ("missing_reports", "今年尚未发布的机关", "上年度发布了年报、本年度年报过了法定期限仍未发布的机关", None, None),
    ("requests_by_agency", "某机关历年对比", "一个机关历年收到的申请和办理结果，逐年对比", "agency",
     "机关名称，如 云溪市教育局"),
    ("carry_over_mismatches", "跨年结转对不上的机关", "本年“上年结转”与上年报告“结转下年度继续办理”不相等",
     None, None),
)
DASHBOARD = ("overview", "年报概览图表", "新收申请、办理结果、勾稽检查和各门户覆盖情况的图表")
NEWEST_REPORTS = 10
NEWEST_SQL = f"SELECT id, title, agency, year, published FROM reports ORDER BY year DESC LIMIT {NEWEST_REPORTS}"
# Tables a reader starts from, in this order, with their names in Chinese; the rest follow as technical tables.
READER_TABLES = {
    "reports": "年报", "agencies": "机关", "report_requests": "依申请公开情况表（表三）",
    "report_appeals": "行政复议、行政诉讼情况表（表四）", "report_active": "主动公开情况表（表二）",
    "agency_years": "各机关历年年报", "checks": "勾稽关系检查结果", "cells": "统计表单元格",
    "versions": "年报的各个版本", "sources": "年报的来源网址", "agency_names": "机关名称的各种写法",
}
# Where a description's English half starts: "年报 / Reports", "归档状态（…）/ Archive state".
ENGLISH_HALF = re.compile(r"\s?/ (?=[A-Za-z])")
SHORT_NAME_END = re.compile(r"[（(：:]")


def chinese_name(name: str, description: str | None) -> str:
    """A table's name in Chinese: ours for the tables readers use, else the Chinese half of its description."""
    if name in READER_TABLES:
        return READER_TABLES[name]
    return SHORT_NAME_END.split(chinese_half(description or name), maxsplit=1)[0].strip() or name


def chinese_half(description: str) -> str:
    """The Chinese half of a bilingual description."""
    return ENGLISH_HALF.split(description, maxsplit=1)[0].strip()


def table_order(name: str) -> tuple[int, str]:
    """Reader tables first in their order, then the technical ones by name."""
    order = list(READER_TABLES)
    return (order.index(name), name) if name in order else (len(order), name)


async def landing_vars(datasette, database: str) -> dict:
    """Template variables of the landing page: the questions, the newest reports and the tables in Chinese."""
    db = datasette.get_database(database)
    newest = [dict(row) for row in (await db.execute(NEWEST_SQL)).rows] if await db.table_exists("reports") else []
    for report in newest:
        report["url"] = datasette.urls.row(database, "reports", tilde_encode(report["id"]))
    tables_meta = (datasette.metadata(database=database) or {}).get("tables") or {}
    descriptions = {name: (tables_meta.get(name) or {}).get("description")
                    for name in [*await db.table_names(), *await db.view_names()]}
    tables = [{"name": name, "label": chinese_name(name, description), "technical": name not in READER_TABLES,
               "description": chinese_half(description or "")}
              for name, description in sorted(descriptions.items(), key=lambda item: table_order(item[0]))]
    return {"landing": {
        "database": database,
        "questions": [{"url": datasette.urls.query(database, query), "title": title, "description": description,
                       "param": param, "hint": hint} for query, title, description, param, hint in QUESTIONS],
        "dashboard": {"url": datasette.urls.path(f"/-/dashboards/{DASHBOARD[0]}"), "title": DASHBOARD[1],
                      "description": DASHBOARD[2]},
        "search_url": datasette.urls.table(database, "reports"),
        "newest": newest,
        "reports_url": datasette.urls.table(database, "reports"),
        "tables": tables,
    }}
