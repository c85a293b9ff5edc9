"""Datasette metadata: title, licence, source, and a description of every table and column."""

import sqlite3
from contextlib import closing
from pathlib import Path

from nianbao.archive.schema import TABLES
from nianbao.extract.keys import APPEAL_COL_LABELS, REQUEST_COL_LABELS
from nianbao.publish.dashboards import dashboards
from nianbao.publish.queries import LIVE_QUERIES, QUERIES
from nianbao.publish.search import FTS_TABLE
from nianbao.publish.views import VIEWS

TITLE = "nianbao 年报 — 政府信息公开工作年度报告档案"
DESCRIPTION = "中国各级政府机关政府信息公开工作年度报告的开放档案：全文与每个统计表数字，均经勾稽关系检查。"
LICENSE = "CC BY 4.0（档案的整理与结构）；年报本身是公开的政府信息"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
SOURCE = "各政府门户网站，由 nianbao 抓取"
SOURCE_URL = "https://github.com/nianbao/nianbao"

REPORTS_PER_PAGE = 50
# What a snapshot adds: cells carry their report's year and their row's and column's official labels.
CELLS_NOTE = "快照中每个单元格附年度（year）及行、列的官方名称（row_label、col_label）/ In a snapshot each cell " \
             "carries its report's year and the official labels of its row and column"
SNAPSHOT_NOTE = ("数字按年报原样保存：计数为整数，金额保留小数并注明单位（unit）。原始网页和附件（raw_pages）不在此库中，"
                 "保存在快照目录的 raw/raw.db。 Counts are integers, money keeps its decimals and its unit; the raw "
                 "pages and files are kept apart, in the snapshot directory's raw/raw.db.")
NUMBERED_NOTE = "快照中的年报按年度从新到旧编号（rowid），即默认顺序 / Numbered newest year first (rowid), the default order"
COLUMNS = {
    "id": "标识 / Identifier",
    "agency": "年报所述机关（标题所称）/ The body the report is about, as the report names it",
    "agency_code": "索引号前缀（机构代码）/ Organisation code from the 索引号",
    "agency_id": "机关标识（同一机关的各种名称共用）/ Agency id, one for every name form of one body",
    "agency_name": "机关规范名称 / The agency's canonical name",
    "agency_from": "机关名称出处：title、field（发布机构）等 / Which claim named the agency: title, field…",
    "publisher": "发布机构（网上发布者）/ Who put the report online (发布机构, ContentSource)",
    "publisher_key": "发布机构的归并键 / The publisher's name as a resolution key",
    "scope": "统计范围：own 本机关、aggregate 汇总政府及其部门、unknown 未说明 / Whose requests the report counts",
    "key": "归并键：行政区划代码|规范化的机关名 / Resolution key: region code | normalised organ",
    "kind": "类别：人民政府、部门、乡镇/街道、开发区/管委会、其他 / Kind of body",
    "level": "层级：中央、省、市、县、乡 / Level",
    "province_code": "省级行政区划代码 / 6-digit code of the province",
    "province_name": "省级行政区 / Province",
    "city_code": "地级行政区划代码 / 6-digit code of the city (prefecture)",
    "city_name": "地级行政区 / City (prefecture)",
    "county_code": "县级行政区划代码 / 6-digit code of the county",
    "county_name": "县级行政区 / County",
    "region_basis": "行政区划依据：name 名称、统一社会信用代码、portal 门户登记 / Where the region codes came from",
    "credit_code": "统一社会信用代码（来自索引号）/ Unified social credit code, from a 索引号",
    "org_code": "组织机构代码（来自索引号）/ Organisation code, from a 索引号",
    "names": "见过的名称写法 / Every name form seen",
    "name": "名称 / Name",
    "division_data": "行政区划数据包及版本 / The division data package and version",
    "source": "名称出处 / Where the name was seen: title, field, publisher…",
    "seen_at": "首次见到的抓取时间 / Fetch time it was seen",
    "reports": "年报数 / Number of reports",
    "division": "门户所在行政区划代码 / Division code where the portal's body sits",
    "aliases": "机关名称的人工归并或拆分 / The registry's aliases: name forms merged or kept apart",
    "year": "报告年度（统计年度，非发布年）/ Year the statistics cover",
    "title": "标题 / Title",
    "published": "发布日期 / Publish date (YYYY-MM-DD)",
    "index_no": "索引号 / Index number",
    "template": "表格模板：2021、2019、legacy、none / Statistics template",
    "text": "正文（已去除网站框架）/ Report text without portal chrome",
    "key_basis": "去重依据：agency_year 或 url / What identifies the report",
    "portal": "首次发现的门户 / Portal first found on",
    "portals": "出现过的门户 / Portals it was found on",
    "versions": "版本数 / Number of versions",
    "version": "版本号 / Version number",
    "first_seen": "首次抓取时间 / First captured (UTC)",
    "last_seen": "最近抓取时间 / Last captured (UTC)",
    "source_url": "来源网址 / Source URL",
    "url": "网址 / URL",
    "fetched_at": "抓取时间 / Fetch time (UTC)",
    "content_hash": "原始页面 SHA-256 / SHA-256 of the raw response",
    "crawl_run": "抓取批次 / Crawl run",
    "text_hash": "正文哈希 / Hash of the normalised text",
    "report_id": "年报标识 / Report identifier",
    "section": "表格：active 主动公开、requests 依申请、appeals 复议诉讼 / Table section",
    "row": "行键（见 docs/keys.md）/ Row key",
    "col": "列键 / Column key",
    "value": "数值（空为缺失，不是 0）/ Value (null is missing, not 0)",
    "value_text": "位数过多、无法作为数值保存的数字（原样数字）/ A number of more digits than value keeps, as its digits",
    "value_note": "数值为空而单元格有数字时的说明 / Why value is null though the cell states a number",
    "unit": "单位 / Unit",
    "raw": "原文 / Text as printed",
    "rule": "勾稽规则 / Consistency rule",
    "status": "状态 / Status",
    "reason": "原因 / Reason",
    "permanent": "是否永久失效（404/410）/ Permanently gone",
    "encoding": "解码所用字符集 / Charset the page was decoded with",
    "charset_mislabelled": "声明的字符集有误 / The page declared a wrong charset",
    "container": "正文容器（选择器，inferred 为推断）/ Body container the text came from",
    "position": "在表中的顺序 / Place in the printed table",
    "label": "官方名称 / Official label",
    "col_label": "列的官方名称 / Official column label",
    "requests_new": "本年新收申请数（总计）/ New requests this year (total column)",
    "checks_failed": "不成立的勾稽规则数 / Consistency rules that fail",
    "row_label": "行的官方名称（旧表为其行名）/ Official row label (a legacy row's own label)",
    "finding": "不成立的等式（中文）：哪一列或哪一行、两边各是多少 / The failed equations in words: where, and both sums",
    **{key: f"{label} / {key}" for key, label in (REQUEST_COL_LABELS | APPEAL_COL_LABELS).items()},
}


def datasette_metadata(db_path: str | Path) -> dict:
    """The metadata Datasette serves an archive or snapshot file with (its database named, as Datasette names it,
    by the file's stem), every table and column described as the file holds them.

    A snapshot (made by `nianbao snapshot`: it holds the reports' search index) has its reports numbered newest
    first, the search query, and readable columns a live archive lacks (the checks' findings in words).
    """
    path = Path(db_path)
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        names = [name for name, in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")]
        columns = {name: [row[1] for row in conn.execute(f"PRAGMA table_info([{name}])")] for name in names}
    snapshot = FTS_TABLE in columns
    tables = {name: {"description": spec["description"],
                     "columns": {c: COLUMNS[c] for c in columns[name] if c in COLUMNS}}
              for name, spec in (TABLES | VIEWS).items() if name in columns}
    # No default facet on reports: each is one more pass over every search match (50 ms per 100k), and the
    # column menu's "Facet by this" adds one in a click. Each report row carries a snippet of its text:
    # half Datasette's default page of rows reads better, and renders in 20 ms less.
    tables["reports"].update({"sort_desc": "year", "label_column": "title", "size": REPORTS_PER_PAGE})
    if snapshot:
        # The same order as year descending, read straight off the search matches: sorting 100,000 matches
        # by year cost a search page 50 ms.
        reports = tables["reports"]
        del reports["sort_desc"]
        reports.update({"fts_table": FTS_TABLE, "fts_pk": "rowid", "sort": "rowid",
                        "sortable_columns": [*columns["reports"], "rowid"],
                        "description": f"{reports['description']}. {NUMBERED_NOTE}"})
        tables["cells"]["description"] += f". {CELLS_NOTE}"
    tables["sources"]["facets"] = ["portal"]
    tables["cells"]["facets"] = ["section", "row"]
    tables["checks"]["facets"] = ["rule", "status"]
    tables["agencies"].update({"facets": ["kind", "level", "province_name"], "label_column": "name"})
    if "raw_pages" in tables:  # a live archive: a snapshot keeps them apart
        tables["raw_pages"]["hidden"] = True
    database = {"tables": tables, "queries": QUERIES if snapshot else LIVE_QUERIES}
    if snapshot:
        database["description"] = SNAPSHOT_NOTE
    return {"title": TITLE, "description": DESCRIPTION, "license": LICENSE, "license_url": LICENSE_URL,
            "source": SOURCE, "source_url": SOURCE_URL, "databases": {path.stem: database},
            "plugins": {"datasette-dashboards": dashboards(path.stem)}}
