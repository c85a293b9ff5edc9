"""Canned queries offered on the archive's Datasette page: the questions users come with."""

from nianbao.publish.search import FTS_TABLE

# Which reports totals and rankings count: own reports by default (a county's aggregate report sums its
# departments' own reports, so counting both counts each request twice); :scope picks another, or all.
SCOPE_FILTER = "((:scope = '' AND r.scope = 'own') OR r.scope = :scope OR :scope = 'all')"
SCOPE_COUNTED = "CASE WHEN :scope = '' THEN 'own' ELSE :scope END AS scope"
SCOPE_NOTE = ("scope 留空只计本机关自身的年报（own），避免政府汇总年报与其部门年报重复计数；可填 aggregate、unknown 或 all。"
              " Counts own reports unless scope says aggregate, unknown or all.")

# One report's headline numbers, used by several queries; the province is the agency's, from its region codes.
_PER_REPORT = f"""
WITH per_report AS (
  SELECT r.id, r.agency_id, COALESCE(a.name, r.agency) AS agency, r.year, a.province_name AS region,
    MAX(CASE WHEN c.section = 'requests' AND c.row = 'new' AND c.col = 'total' THEN c.value END) AS requests_new,
    MAX(CASE WHEN c.section = 'requests' AND c.row = 'total' AND c.col = 'total' THEN c.value END)
      AS requests_answered,
    MAX(CASE WHEN c.section = 'appeals' AND c.row = 'review' AND c.col = 'total' THEN c.value END) AS reviews,
    SUM(CASE WHEN c.section = 'appeals' AND c.row IN ('suit_direct', 'suit_after_review') AND c.col = 'total'
      THEN c.value END) AS lawsuits
  FROM reports r
  LEFT JOIN agencies a ON a.id = r.agency_id
  LEFT JOIN cells c ON c.report_id = r.id AND c.section IN ('requests', 'appeals')
  WHERE {SCOPE_FILTER}
  GROUP BY r.id
)"""

QUERIES = {
    "totals_by_year": {
        "title": "各年度合计（按省份）/ Totals by year and province",
        "description": "每年、每个省份（机关所在行政区划）的年报数、新收申请、办结申请、行政复议和行政诉讼合计。"
                       "缺失的数字不计入合计。" + SCOPE_NOTE,
        "sql": _PER_REPORT + f"""
SELECT year, COALESCE(region, '未知 unknown') AS region, {SCOPE_COUNTED}, COUNT(*) AS reports,
  SUM(requests_new) AS requests_new, SUM(requests_answered) AS requests_answered,
  SUM(reviews) AS reviews, SUM(lawsuits) AS lawsuits
FROM per_report
GROUP BY year, region
ORDER BY year DESC, requests_new DESC""",
    },
    "top_requested_agencies": {
        "title": "收到申请最多的机关 / Agencies with the most requests",
        "description": "新收政府信息公开申请最多的机关（按机关标识合并其各种名称）；year 留空为全部年度。" + SCOPE_NOTE,
        "sql": _PER_REPORT + f"""
SELECT agency_id, MAX(agency) AS agency, MAX(region) AS region, {SCOPE_COUNTED}, SUM(requests_new) AS requests_new,
  COUNT(*) AS reports, MIN(year) AS first_year, MAX(year) AS last_year
FROM per_report
WHERE agency_id IS NOT NULL AND (:year = '' OR year = CAST(:year AS INTEGER))
GROUP BY agency_id
HAVING SUM(requests_new) IS NOT NULL
ORDER BY requests_new DESC
LIMIT 100""",
    },
    "denial_reasons_by_year": {
        "title": "申请未获公开的原因（按年度）/ Why requests were not granted, by year",
        "description": "不予公开、无法提供、不予处理的各项理由，按年度合计（总计列）。",
        "sql": """
SELECT r.year,
  CASE WHEN c.row LIKE 'denied%' THEN '不予公开 denied'
       WHEN c.row LIKE 'unavailable%' THEN '无法提供 unavailable'
       ELSE '不予处理 rejected' END AS category,
  c.row AS reason, k.label, SUM(c.value) AS requests, COUNT(c.value) AS reports
FROM cells c
JOIN reports r ON r.id = c.report_id
LEFT JOIN key_labels k ON k.section = 'requests' AND k.kind = 'row' AND k.key = c.row
WHERE c.section = 'requests' AND c.col = 'total'
  AND (c.row LIKE 'denied%' OR c.row LIKE 'unavailable%' OR c.row LIKE 'rejected%')
GROUP BY r.year, c.row
ORDER BY r.year DESC, k.position""",
    },
    "failing_checks": {
        "title": "勾稽关系不成立的年报 / Reports failing a consistency check",
        "description": "每条勾稽规则下不成立的年报及两边的数字；rule 留空为全部规则。",
        "sql": """
SELECT k.rule, r.agency_id, r.agency, r.year, r.id AS report_id, k.detail, r.source_url
FROM checks k
JOIN reports r ON r.id = k.report_id
WHERE k.status = 'failed' AND (:rule = '' OR k.rule = :rule)
ORDER BY k.rule, r.year DESC, r.agency""",
    },
    "missing_this_year": {
        "title": "上年有年报、本年没有的机关 / Agencies with a report last year and none this year",
        "description": "year 留空为档案中最新的年度。",
        "sql": """
WITH target AS (SELECT COALESCE(CAST(NULLIF(:year, '') AS INTEGER), (SELECT MAX(year) FROM reports)) AS year)
SELECT r.agency_id, r.agency, r.year AS last_report_year, r.id AS report_id, r.portal, r.title, r.source_url
FROM reports r, target t
WHERE r.year = t.year - 1 AND r.agency_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM reports n WHERE n.agency_id = r.agency_id AND n.year = t.year)
ORDER BY r.agency""",
    },
    "carry_over_mismatches": {
        "title": "跨年结转不一致 / Carry-over mismatches across years",
        "description": "本年“上年结转”与上年“结转下年度继续办理”不相等的机关。",
        "sql": """
SELECT r.agency_id, r.agency, r.year, r.id AS report_id, prev.id AS last_year_report_id, k.detail
FROM checks k
JOIN reports r ON r.id = k.report_id
LEFT JOIN reports prev ON prev.agency_id = r.agency_id AND prev.year = r.year - 1
WHERE k.rule = 'carry_over' AND k.status = 'failed'
ORDER BY r.year DESC, r.agency""",
    },
    "search": {
        "title": "全文检索（带摘要）/ Full-text search with snippets",
        "description": "检索标题和正文；一个字、两个字或更长的词都可以，多个词用空格分开（同时出现）。",
        "sql": f"""
SELECT r.id AS report_id, r.agency, r.year, r.title, nianbao_snippet(r.text, :q) AS snippet
FROM {FTS_TABLE} f
JOIN reports r ON r.rowid = f.rowid
WHERE {FTS_TABLE} MATCH escape_fts(:q)
ORDER BY r.year DESC, r.agency
LIMIT 200""",
    },
}
