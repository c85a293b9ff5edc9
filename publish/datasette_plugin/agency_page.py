"""An agency's page in Datasette: its reports side by side over the years, and every name form seen for it."""

from nianbao.archive.export import plain_number

# One row per figure, one column per year: the agency_years view read across.
YEAR_ROWS = (
    ("report_id", "年报 report"), ("agency", "年报所称 named"), ("scope", "统计范围 scope"),
    ("requests_new", "本年新收申请 new requests"), ("checks_failed", "勾稽不成立 checks failed"),
    ("template", "表格模板 template"), ("published", "发布日期 published"), ("versions", "版本数 versions"),
)
YEARS_SQL = f"SELECT year, {', '.join(column for column, _ in YEAR_ROWS)} FROM agency_years WHERE agency_id = ?" \
            " ORDER BY year"
NAMES_SQL = """SELECT name, source, GROUP_CONCAT(DISTINCT portal) AS portals, COUNT(DISTINCT report_id) AS reports,
  MIN(reason) AS reason
FROM agency_names WHERE agency_id = ? GROUP BY name, source ORDER BY name, source"""
NAME_SQL = "SELECT name FROM agencies WHERE id = ?"
NAME_HEADERS = ("名称 name", "出处 source", "门户 portals", "年报数 reports", "归并理由 reason")


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
                         "rows": [[label, *(plain_number(row[column]) for row in years)]
                                  for column, label in YEAR_ROWS]} if years else None,
        "agency_names": {"headers": NAME_HEADERS, "rows": [list(row) for row in names]},
    }
