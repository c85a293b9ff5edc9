"""Canned queries offered on the archive's Datasette page: the questions users come with.

The questions of the landing page (denials_by_agency, requests_by_agency, failing_checks, missing_reports,
carry_over_mismatches) can each be narrowed by year, region and agency, a blank box meaning all, and every row
names its report (report_id, report_title) and its agency (agency_id), which the plugin shows as links.
"""

from nianbao.extract.keys import REQUEST_ROW_LABELS
from nianbao.publish.findings import RULE_LABELS, sql_case
from nianbao.publish.search import FTS_TABLE

# Which reports totals and rankings count: own reports by default (a county's aggregate report sums its
# departments' own reports, so counting both counts each request twice); :scope picks another, or all.
SCOPE_FILTER = "((:scope = '' AND r.scope = 'own') OR r.scope = :scope OR :scope = 'all')"
SCOPE_COUNTED = "CASE WHEN :scope = '' THEN 'own' ELSE :scope END AS scope"
SCOPE_NOTE = ("scope 留空只计本机关自身的年报（own），避免政府汇总年报与其部门年报重复计数；可填 aggregate、unknown 或 all。"
              " Counts own reports unless scope says aggregate, unknown or all.")

# Narrowing a question (r: reports, a: agencies), a blank box meaning all: the report year; a province, city or
# county by the start of its name (云南, 云溪市) or its code; an agency by its id or a part of its name.
YEAR_FILTER = "(:year = '' OR r.year = CAST(:year AS INTEGER))"
REGION_FILTER = ("(:region = '' OR :region IN (a.province_code, a.city_code, a.county_code)"
                 " OR a.province_name LIKE :region || '%' OR a.city_name LIKE :region || '%'"
                 " OR a.county_name LIKE :region || '%')")
AGENCY_FILTER = ("(:agency = '' OR r.agency_id = :agency OR a.name LIKE '%' || :agency || '%'"
                 " OR r.agency LIKE '%' || :agency || '%')")
FILTERS = f"{YEAR_FILTER} AND {REGION_FILTER} AND {AGENCY_FILTER}"
FILTER_NOTE = ("year 年度、region 省市县名称的开头或行政区划代码（如 云南、云溪市、530000）、agency 机关名称的一部分或机关标识，"
               "留空为全部。")
REPORT_NOTE = "每行链接到其年报（report_id、report_title）和机关（agency_id）。"
# The columns naming a row's report and agency, in every question's answer: the agency by its id (shown as a link
# with its name) and as the report names it.
REPORT_COLUMNS = "r.agency_id, r.agency, a.province_name AS region, r.id AS report_id, r.title AS report_title"

# Table 三's 不予公开 reasons: the same eight rows, with the same keys, in the 2019 and the 2021 form.
DENIAL_ROWS = tuple(key for key in REQUEST_ROW_LABELS if key.startswith("denied_"))
DENIAL_COLUMNS = ",\n  ".join(f"MAX(CASE c.row WHEN '{key}' THEN c.value END) AS {key}" for key in DENIAL_ROWS)
_REASONS_NOTE = "；".join(f"{key} {REQUEST_ROW_LABELS[key].split('.', 1)[1]}" for key in DENIAL_ROWS)

# When a year's report is due (政府信息公开条例 第四十九条): a people's government's by 31 March of the next year,
# every other body's (its departments) by 31 January.
DEADLINE = "(t.year + 1) || CASE WHEN a.kind = '人民政府' THEN '-03-31' ELSE '-01-31' END"
# The day the archive last looked at a set of sources: its newest capture or re-check of a report page.
LOOKED_DAY = "substr(MAX(MAX(COALESCE(last_seen, '')), MAX(COALESCE(checked_at, ''))), 1, 10)"
# The day the archive last looked at any portal. An agency is judged by the portals its reports were found on, not
# by its own report pages: a new report shows up on a portal's listing, read on every crawl of the portal, while
# known pages are re-checked a few at a time (archive/rechecks.py), so their dates lag behind the portal's.
CHECKED_DAY = f"(SELECT {LOOKED_DAY} FROM sources)"
# The year asked, else the latest whose January deadline had passed by that day, but no later than the newest
# year the archive holds reports for (an archive last filled years ago asks about its own newest year).
TARGET_YEAR = ("COALESCE(CAST(NULLIF(:year, '') AS INTEGER), MIN(CAST(substr(day, 1, 4) AS INTEGER)"
               " - CASE WHEN substr(day, 6, 5) > '01-31' THEN 1 ELSE 2 END, (SELECT MAX(year) FROM reports)))")

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


def _questions(finding: str) -> dict:
    """The questions of the landing page; finding is the SQL of a check's finding in words (a snapshot's
    checks.finding; a live archive, which has no such column, shows its detail)."""
    return {
        "denials_by_agency": {
            "title": "拒绝公开最多的机关（按年）/ Agencies that denied the most requests, by year",
            "description": "每个机关每年的年报中，不予公开的申请数（表三“（三）不予公开”八项理由之和，总计列）、各项理由、"
                           "占全部办理结果（（七）总计）的百分比，以及无法提供、不予处理的申请数；按不予公开数从多到少。"
                           "2019 年版和 2021 年版表格的不予公开八项相同，两种都计入；2019 年以前的表格没有这些项目，不列出。"
                           "缺失的数字不计入合计。列：denied 不予公开合计，denied_percent 占办理结果总计的百分比，"
                           "outcomes_total 办理结果总计，" + _REASONS_NOTE + "，unavailable 无法提供，rejected 不予处理。"
                           + FILTER_NOTE + SCOPE_NOTE + REPORT_NOTE,
            "sql": f"""
SELECT r.year, {REPORT_COLUMNS}, r.scope,
  SUM(CASE WHEN c.row LIKE 'denied%' THEN c.value END) AS denied,
  ROUND(100.0 * SUM(CASE WHEN c.row LIKE 'denied%' THEN c.value END)
    / NULLIF(MAX(CASE c.row WHEN 'total' THEN c.value END), 0), 1) AS denied_percent,
  MAX(CASE c.row WHEN 'total' THEN c.value END) AS outcomes_total,
  {DENIAL_COLUMNS},
  SUM(CASE WHEN c.row LIKE 'unavailable%' THEN c.value END) AS unavailable,
  SUM(CASE WHEN c.row LIKE 'rejected%' THEN c.value END) AS rejected
FROM reports r
LEFT JOIN agencies a ON a.id = r.agency_id
JOIN cells c ON c.report_id = r.id AND c.section = 'requests' AND c.col = 'total'
  AND (c.row = 'total' OR c.row LIKE 'denied%' OR c.row LIKE 'unavailable%' OR c.row LIKE 'rejected%')
WHERE {FILTERS} AND {SCOPE_FILTER}
GROUP BY r.id
HAVING denied IS NOT NULL
ORDER BY denied DESC, r.year DESC, r.agency, r.id""",
        },
        "requests_by_agency": {
            "title": "某机关历年对比 / One agency, year by year",
            "description": "一个机关历年年报的主要数字：本年新收申请（new）、办理结果总计（answered）、予以公开（granted）、"
                           "不予公开（denied，八项理由之和）、行政复议（reviews）、行政诉讼（lawsuits，直接起诉与复议后起诉之和），"
                           "均为总计列；空为年报未列出该数字，不是 0。agency 填机关名称的一部分（如 教育局）或机关标识；"
                           + FILTER_NOTE + REPORT_NOTE,
            "sql": f"""
SELECT {REPORT_COLUMNS}, r.year, r.scope,
  MAX(CASE WHEN c.section = 'requests' AND c.row = 'new' THEN c.value END) AS requests_new,
  MAX(CASE WHEN c.section = 'requests' AND c.row = 'total' THEN c.value END) AS answered,
  MAX(CASE WHEN c.section = 'requests' AND c.row = 'granted' THEN c.value END) AS granted,
  SUM(CASE WHEN c.section = 'requests' AND c.row LIKE 'denied%' THEN c.value END) AS denied,
  MAX(CASE WHEN c.section = 'appeals' AND c.row = 'review' THEN c.value END) AS reviews,
  SUM(CASE WHEN c.section = 'appeals' AND c.row IN ('suit_direct', 'suit_after_review') THEN c.value END)
    AS lawsuits
FROM reports r
LEFT JOIN agencies a ON a.id = r.agency_id
LEFT JOIN cells c ON c.report_id = r.id AND c.section IN ('requests', 'appeals') AND c.col = 'total'
WHERE {FILTERS}
GROUP BY r.id
ORDER BY COALESCE(a.name, r.agency), r.agency_id, r.year""",
        },
        "failing_checks": {
            "title": "数据对不上的报告 / Reports whose numbers do not add up",
            "description": "勾稽关系不成立的年报：哪条规则（rule_label）、在哪一列或哪一行、两边各是多少（finding）。"
                           "这是对年报本身的发现，数字按年报原样保存，不作修改。rule 可填规则键"
                           "（requests_balance、requests_outcomes、requests_row_sum、appeals_sum、carry_over、"
                           "sources_agree），留空为全部。" + FILTER_NOTE + REPORT_NOTE,
            "sql": f"""
SELECT {sql_case("k.rule", RULE_LABELS)} AS rule_label, {finding} AS finding, r.year, {REPORT_COLUMNS},
  k.rule, k.detail, r.source_url
FROM checks k
JOIN reports r ON r.id = k.report_id
LEFT JOIN agencies a ON a.id = r.agency_id
WHERE k.status = 'failed' AND (:rule = '' OR k.rule = :rule) AND {FILTERS}
ORDER BY r.year DESC, r.agency, r.id, k.rule""",
        },
        "missing_reports": {
            "title": "今年尚未发布的机关 / Agencies whose report is overdue",
            "description": "上年发布了年报、但过了法定期限仍没有所问年度年报的机关（更早停发的机关不列出）。"
                           "期限（政府信息公开条例第四十九条）：人民政府为次年 3 月 31 日，"
                           "其他机关（政府部门等）为次年 1 月 31 日。是否已过期限，"
                           "以档案最后一次抓取或复查该机关年报所在门户的日期（checked_until）为准，而不是今天："
                           "门户被封锁或抓取失败、档案没有再看过的，不算缺。"
                           "year 留空为档案最后一次抓取任一门户时 1 月 31 日期限已过的最近年度，但不晚于档案中最新的年报年度。"
                           "每行是该机关上年的年报（last_report_year）。region、agency 同其他查询，留空为全部。"
                           + REPORT_NOTE,
            "sql": f"""
WITH checked AS (SELECT {CHECKED_DAY} AS day),
target AS (SELECT day, {TARGET_YEAR} AS year FROM checked),
missing AS (
  SELECT DISTINCT r.agency_id FROM reports r, target t
  WHERE r.agency_id IS NOT NULL AND r.year = t.year - 1
    AND NOT EXISTS (SELECT 1 FROM reports n WHERE n.agency_id = r.agency_id AND n.year = t.year)
),
agency_portals AS (
  SELECT DISTINCT m.agency_id, s.portal FROM missing m
  JOIN reports r ON r.agency_id = m.agency_id
  JOIN sources s ON s.report_id = r.id
),
portal_days AS (
  SELECT portal, {LOOKED_DAY} AS day FROM sources WHERE portal IN (SELECT portal FROM agency_portals) GROUP BY portal
),
looked AS (
  SELECT ap.agency_id, MAX(d.day) AS day FROM agency_portals ap JOIN portal_days d ON d.portal = ap.portal
  GROUP BY ap.agency_id
)
SELECT t.year, {DEADLINE} AS deadline, k.day AS checked_until, a.kind, r.year AS last_report_year, {REPORT_COLUMNS}
FROM looked k
JOIN target t
JOIN agencies a ON a.id = k.agency_id
JOIN reports r ON r.agency_id = k.agency_id AND r.year = t.year - 1
WHERE k.day > {DEADLINE} AND {REGION_FILTER} AND {AGENCY_FILTER}
GROUP BY k.agency_id
ORDER BY r.agency, k.agency_id""",
        },
        "carry_over_mismatches": {
            "title": "结转数对不上 / Carry-over mismatches between years",
            "description": "本年年报的“上年结转”与同一机关上年年报的“结转下年度继续办理”不相等（总计列的两个数 carried_in、"
                           "last_year_carried_forward，各列的差异见 finding）。两份年报都有链接：report_id 为本年，"
                           "last_year_report_id 为上年。" + FILTER_NOTE,
            "sql": f"""
SELECT r.year, {REPORT_COLUMNS}, prev.id AS last_year_report_id, prev.title AS last_year_report_title,
  (SELECT value FROM cells WHERE report_id = r.id AND section = 'requests' AND row = 'carried_in' AND col = 'total')
    AS carried_in,
  (SELECT value FROM cells WHERE report_id = prev.id AND section = 'requests' AND row = 'carried_forward'
     AND col = 'total') AS last_year_carried_forward,
  {finding} AS finding, k.detail
FROM checks k
JOIN reports r ON r.id = k.report_id
LEFT JOIN agencies a ON a.id = r.agency_id
LEFT JOIN reports prev ON prev.agency_id = r.agency_id AND prev.year = r.year - 1
WHERE k.rule = 'carry_over' AND k.status = 'failed' AND {FILTERS}
ORDER BY r.year DESC, r.agency, r.id""",
        },
    }


# The totals and rankings over every agency, and search.
OTHER_QUERIES = {
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


def canned_queries(finding: str = "k.finding") -> dict:
    """Every canned query, the questions first; finding as in _questions."""
    return _questions(finding) | OTHER_QUERIES


QUERIES = canned_queries()
# A live archive (`nianbao serve --db`) has no search index (only a snapshot builds one) and no checks.finding.
LIVE_QUERIES = {name: query for name, query in canned_queries("k.detail").items() if name != "search"}
