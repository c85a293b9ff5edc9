"""The archive's dashboard for datasette-dashboards: requests by year, outcomes, failing checks, coverage."""

# Outcome groups of the requests table, as the form's roman-numbered parts (三、（一）…（六）).
_OUTCOME_GROUP = """CASE
  WHEN c.row = 'granted' THEN '予以公开'
  WHEN c.row = 'partial' THEN '部分公开'
  WHEN c.row LIKE 'denied%' THEN '不予公开'
  WHEN c.row LIKE 'unavailable%' THEN '无法提供'
  WHEN c.row LIKE 'rejected%' THEN '不予处理'
  ELSE '其他处理' END"""
_OUTCOME_ROWS = ("granted", "partial", "denied%", "unavailable%", "rejected%", "other%")


def _bar(x: str, y: str, color: str | None = None, x_type: str = "ordinal") -> dict:
    encoding = {"x": {"field": x, "type": x_type}, "y": {"field": y, "type": "quantitative"}}
    if color:
        encoding["color"] = {"field": color, "type": "nominal"}
    return {"mark": {"type": "bar", "tooltip": True}, "encoding": encoding}


def dashboards(database: str) -> dict:
    """The plugin configuration: one dashboard, 'overview'."""
    outcome_filter = " OR ".join(f"c.row LIKE '{row}'" for row in _OUTCOME_ROWS)
    charts = {
        "reports": {
            "title": "年报数 / Reports", "db": database, "library": "metric",
            "query": "SELECT COUNT(*) AS reports FROM reports", "display": {"field": "reports"},
        },
        "requests-by-year": {
            # Own reports only: a government's aggregate report repeats its departments' requests.
            "title": "新收申请（按年度，仅计本机关年报 own）/ New requests by year (own reports)", "db": database,
            "library": "vega-lite",
            "query": """SELECT r.year, SUM(c.value) AS requests FROM cells c JOIN reports r ON r.id = c.report_id
WHERE c.section = 'requests' AND c.row = 'new' AND c.col = 'total' AND r.year IS NOT NULL AND r.scope = 'own'
GROUP BY r.year ORDER BY r.year""",
            "display": _bar("year", "requests"),
        },
        "outcomes": {
            "title": "办理结果构成（仅计本机关年报 own）/ How requests were answered (own reports)", "db": database,
            "library": "vega-lite",
            "query": f"""SELECT {_OUTCOME_GROUP} AS outcome, SUM(c.value) AS requests
FROM cells c JOIN reports r ON r.id = c.report_id
WHERE r.scope = 'own' AND c.section = 'requests' AND c.col = 'total' AND ({outcome_filter})
GROUP BY outcome ORDER BY requests DESC""",
            "display": {"mark": {"type": "arc", "tooltip": True},
                        "encoding": {"theta": {"field": "requests", "type": "quantitative"},
                                     "color": {"field": "outcome", "type": "nominal"}}},
        },
        "checks": {
            "title": "勾稽检查结果 / Consistency checks", "db": database, "library": "vega-lite",
            "query": "SELECT rule, status, COUNT(*) AS reports FROM checks GROUP BY rule, status",
            "display": _bar("rule", "reports", color="status", x_type="nominal"),
        },
        "portal-years": {
            "title": "各门户各年度年报数 / Reports per portal and year", "db": database, "library": "vega-lite",
            "query": """SELECT portal, year, COUNT(*) AS reports FROM reports WHERE year IS NOT NULL
GROUP BY portal, year ORDER BY portal, year""",
            "display": _bar("year", "reports", color="portal"),
        },
    }
    return {"overview": {
        "title": "年报概览 / Overview",
        "description": "新收申请、办理结果、勾稽检查和各门户覆盖情况。",
        "layout": [["reports", "requests-by-year"], ["outcomes", "checks"], ["portal-years", "portal-years"]],
        "charts": charts,
    }}
