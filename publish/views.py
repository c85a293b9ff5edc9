"""SQL views that print each report's tables the way the form does, with the official labels beside the keys."""

import sqlite_utils

from nianbao.extract.keys import APPEAL_COLS, REQUEST_COLS


def _pivot(section: str, cols: tuple[str, ...]) -> str:
    # A number too long for a value shows as its digits (value_text) rather than as a blank.
    columns = ",\n  ".join(f"MAX(CASE c.col WHEN '{col}' THEN COALESCE(c.value, c.value_text) END) AS [{col}]"
                           for col in cols)
    return f"""
SELECT c.report_id, r.agency, r.year, k.position, c.row, k.label,
  {columns}
FROM cells c
JOIN reports r ON r.id = c.report_id
LEFT JOIN key_labels k ON k.section = '{section}' AND k.kind = 'row' AND k.key = c.row
WHERE c.section = '{section}'
GROUP BY c.report_id, c.row
ORDER BY r.agency, r.year, c.report_id, k.position"""


VIEWS = {
    "report_requests": {
        "sql": _pivot("requests", REQUEST_COLS),
        "description": "各年报的依申请公开情况表：每行一种办理结果，七类申请人各一列 / Each report's requests "
                       "table: one row per outcome, the seven applicant columns",
    },
    "report_appeals": {
        "sql": _pivot("appeals", APPEAL_COLS),
        "description": "各年报的行政复议、行政诉讼情况表 / Each report's administrative review and lawsuit table",
    },
    "report_active": {
        "sql": """
SELECT c.report_id, r.agency, r.year, k.position, c.row, k.label, c.col, kc.label AS col_label, c.value,
  c.value_text, c.unit, c.raw
FROM cells c
JOIN reports r ON r.id = c.report_id
LEFT JOIN key_labels k ON k.section = 'active' AND k.kind = 'row' AND k.key = c.row
LEFT JOIN key_labels kc ON kc.section = 'active' AND kc.kind = 'col' AND kc.key = c.col
WHERE c.section = 'active'
ORDER BY r.agency, r.year, c.report_id, k.position, kc.position""",
        "description": "各年报的主动公开情况表（每个单元格一行，附行列名称）/ Each report's active-disclosure table, "
                       "one cell per row with its row and column labels",
    },
    "agency_years": {
        "sql": """
SELECT r.agency_id, a.name AS agency_name, r.agency, r.year, r.id AS report_id, r.title, r.published, r.template,
  r.scope, (SELECT c.value FROM cells c WHERE c.report_id = r.id AND c.section = 'requests' AND c.row = 'new'
     AND c.col = 'total') AS requests_new,
  (SELECT COUNT(*) FROM checks k WHERE k.report_id = r.id AND k.status = 'failed') AS checks_failed,
  r.versions, r.source_url
FROM reports r
JOIN agencies a ON a.id = r.agency_id
ORDER BY a.name, r.agency_id, r.year""",
        "description": "各机关（按机关标识）历年年报 / Each agency's reports (by agency id), year by year",
    },
}


def create_views(db: sqlite_utils.Database) -> None:
    """Create the views, replacing any whose definition changed."""
    existing = {name: sql for name, sql in db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'view'")}
    for name, view in VIEWS.items():
        sql = f"CREATE VIEW [{name}] AS{view['sql']}"
        if existing.get(name) != sql:
            db.execute(f"DROP VIEW IF EXISTS [{name}]")
            db.execute(sql)
