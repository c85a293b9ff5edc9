"""An agency's page in Datasette: its reports side by side over the years, and every name form seen for it."""

from nianbao.archive.export import plain_number
from nianbao.publish.datasette_plugin.links import SCOPE_LABELS, TEMPLATE_LABELS

# One row per figure, one column per year: the agency_years view read across.
YEAR_ROWS = (
    ("report_id", "年报"), ("agency", "年报所称"), ("scope", "统计范围"), ("requests_new", "本年新收申请"),
    ("checks_failed", "勾稽不成立"), ("template", "表格模板"), ("published", "发布日期"), ("versions", "版本数"),
)
# What a figure's value is shown as, where its stored value is a code.
SHOWN = {"scope": SCOPE_LABELS, "template": TEMPLATE_LABELS}
YEARS_SQL = f"SELECT year, {', '.join(column for column, _ in YEAR_ROWS)} FROM agency_years WHERE agency_id = ?" \
            " ORDER BY year"
# Where a name form was read (extract/agency.py's claims, and the publisher), for a Chinese reader.
SOURCE_LABELS = {"title": "年报标题", "listing_title": "栏目列表中的标题", "field": "信息公开栏“发布机构”",
                 "index": "索引号", "content_source": "页面来源", "portal": "门户", "publisher": "发布机构",
                 "agency": "年报所称"}
NAMES_SQL = """SELECT name, source, GROUP_CONCAT(DISTINCT portal) AS portals, COUNT(DISTINCT report_id) AS reports,
  MIN(reason) AS reason
FROM agency_names WHERE agency_id = ? GROUP BY name, source ORDER BY name, source"""
NAME_SQL = "SELECT name FROM agencies WHERE id = ?"
NAME_HEADERS = ("名称", "出处", "门户", "年报数", "归并理由")


async def agency_vars(db, agency_id: str, report_link=None) -> dict:
    """The template variables of an agency's page: its name, its years as columns (each report linked by
    report_link(report_id) when given), and its name forms."""
    years = [dict(row) for row in (await db.execute(YEARS_SQL, [agency_id])).rows]
    names = (await db.execute(NAMES_SQL, [agency_id])).rows
    name = (await db.execute(NAME_SQL, [agency_id])).first()
    if report_link:
        for row in years:
            row["report_id"] = report_link(row["report_id"])
    return {
        "row_title": name[0] if name else None,
        "agency_years": {"headers": ["", *(row["year"] for row in years)],
                         "rows": [[label, *(SHOWN.get(column, {}).get(row[column], plain_number(row[column]))
                                           for row in years)]
                                  for column, label in YEAR_ROWS]} if years else None,
        "agency_names": {"headers": NAME_HEADERS,
                         "rows": [[row[0], SOURCE_LABELS.get(row[1], row[1]), *row[2:]] for row in names]},
    }
