"""The archive's dashboard for datasette-dashboards: requests and denials by year and by province, outcomes,
consistency checks, coverage; in Chinese, with the checks' colours fixed (成立 green, 不成立 red, 无法判断 grey)."""

from nianbao.publish.findings import RULE_LABELS, STATUS_LABELS, sql_case

# Outcome groups of the requests table, as the form's roman-numbered parts (三、（一）…（六）).
_OUTCOME_GROUP = """CASE
  WHEN c.row = 'granted' THEN '予以公开'
  WHEN c.row = 'partial' THEN '部分公开'
  WHEN c.row LIKE 'denied%' THEN '不予公开'
  WHEN c.row LIKE 'unavailable%' THEN '无法提供'
  WHEN c.row LIKE 'rejected%' THEN '不予处理'
  ELSE '其他处理' END"""
_OUTCOME_ROWS = ("granted", "partial", "denied%", "unavailable%", "rejected%", "other%")
# A check's status in words, and its colour: an explicit scale, never the palette's order of appearance.
STATUS_COLOURS = {"ok": "#2e7d32", "failed": "#c62828", "unknown": "#9e9e9e"}
NEW_REQUESTS, DENIALS = "新收申请", "不予公开"
MEASURE_COLOURS = {NEW_REQUESTS: "#1f77b4", DENIALS: "#e6550d"}
OWN_NOTE = "仅计本机关年报（own），不重复计入政府汇总年报"

# New requests and denials (the eight 不予公开 reasons) of own reports, one row per group and measure.
_REQUESTS_AND_DENIALS = """SELECT {group} AS {name}, CASE WHEN c.row = 'new' THEN '""" + NEW_REQUESTS + """' ELSE '""" \
    + DENIALS + """' END AS measure, SUM(c.value) AS requests
FROM cells c JOIN reports r ON r.id = c.report_id {join}
WHERE c.section = 'requests' AND c.col = 'total' AND (c.row = 'new' OR c.row LIKE 'denied%') AND r.scope = 'own'
  AND {group} IS NOT NULL
GROUP BY {group}, measure ORDER BY {group}, measure DESC"""


def _scale(colours: dict[str, str]) -> dict:
    return {"domain": list(colours), "range": list(colours.values())}


def _bar(x: str, x_title: str, y: str, y_title: str, color: str | None = None, color_title: str | None = None,
         colours: dict[str, str] | None = None, x_type: str = "ordinal", grouped: bool = False) -> dict:
    encoding = {"x": {"field": x, "type": x_type, "title": x_title, "axis": {"labelAngle": 0}},
                "y": {"field": y, "type": "quantitative", "title": y_title}}
    if color:
        encoding["color"] = {"field": color, "type": "nominal", "title": color_title}
        if colours:
            encoding["color"]["scale"] = _scale(colours)
        if grouped:
            encoding["xOffset"] = {"field": color, "sort": list(colours or ())}
    return {"mark": {"type": "bar", "tooltip": True}, "encoding": encoding}


def dashboards(database: str) -> dict:
    """The plugin configuration: one dashboard, 'overview'."""
    outcome_filter = " OR ".join(f"c.row LIKE '{row}'" for row in _OUTCOME_ROWS)
    status_words = {STATUS_LABELS[status]: colour for status, colour in STATUS_COLOURS.items()}
    measures = {"color": "measure", "color_title": "指标", "colours": MEASURE_COLOURS, "grouped": True}
    charts = {
        "reports": {
            "title": "年报数", "db": database, "library": "metric",
            "query": "SELECT COUNT(*) AS reports FROM reports", "display": {"field": "reports", "suffix": " 份"},
        },
        "requests-by-year": {
            "title": f"新收申请与不予公开（按年度；{OWN_NOTE}）", "db": database, "library": "vega-lite",
            "query": _REQUESTS_AND_DENIALS.format(group="r.year", name="year", join=""),
            "display": _bar("year", "年度", "requests", "申请数（件）", **measures),
        },
        "requests-by-region": {
            "title": f"新收申请与不予公开（按省份；{OWN_NOTE}）", "db": database, "library": "vega-lite",
            "query": _REQUESTS_AND_DENIALS.format(group="a.province_name", name="region",
                                                  join="JOIN agencies a ON a.id = r.agency_id"),
            "display": _bar("region", "省份", "requests", "申请数（件）", x_type="nominal", **measures),
        },
        "outcomes": {
            "title": f"办理结果构成（{OWN_NOTE}）", "db": database, "library": "vega-lite",
            "query": f"""SELECT {_OUTCOME_GROUP} AS outcome, SUM(c.value) AS requests
FROM cells c JOIN reports r ON r.id = c.report_id
WHERE r.scope = 'own' AND c.section = 'requests' AND c.col = 'total' AND ({outcome_filter})
GROUP BY outcome ORDER BY requests DESC""",
            "display": {"mark": {"type": "arc", "tooltip": True},
                        "encoding": {"theta": {"field": "requests", "type": "quantitative", "title": "申请数（件）"},
                                     "color": {"field": "outcome", "type": "nominal", "title": "办理结果"}}},
        },
        "checks": {
            "title": "勾稽关系检查结果（年报数）", "db": database, "library": "vega-lite",
            "query": f"""SELECT {sql_case("rule", RULE_LABELS)} AS rule, {sql_case("status", STATUS_LABELS)} AS status,
  COUNT(*) AS reports
FROM checks GROUP BY rule, status""",
            # Bars across: the rules' names are too long to stand side by side under the axis.
            "display": {"mark": {"type": "bar", "tooltip": True}, "encoding": {
                "y": {"field": "rule", "type": "nominal", "title": "勾稽规则", "axis": {"labelLimit": 400}},
                "x": {"field": "reports", "type": "quantitative", "title": "年报数"},
                "color": {"field": "status", "type": "nominal", "title": "结果", "scale": _scale(status_words)},
                "order": {"field": "status", "sort": "descending"}}},
        },
        "portal-years": {
            "title": "各门户各年度年报数", "db": database, "library": "vega-lite",
            "query": """SELECT portal, year, COUNT(*) AS reports FROM reports WHERE year IS NOT NULL
GROUP BY portal, year ORDER BY portal, year""",
            "display": _bar("year", "年度", "reports", "年报数", color="portal", color_title="门户"),
        },
    }
    return {"overview": {
        "title": "年报概览",
        "description": "新收申请与不予公开（按年度、按省份）、办理结果、勾稽关系检查和各门户覆盖情况。",
        "layout": [["reports", "checks"], ["requests-by-year", "requests-by-region"], ["outcomes", "portal-years"]],
        "charts": charts,
    }}
