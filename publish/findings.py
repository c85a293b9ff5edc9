"""The consistency checks in Chinese: each rule's name, and a failed check's findings as a reader says them."""

import json

from nianbao.archive.export import plain_number
from nianbao.extract.keys import (
    ACTIVE_COL_LABELS,
    ACTIVE_ROWS,
    APPEAL_ROW_LABELS,
    REQUEST_COL_LABELS,
    REQUEST_ROW_LABELS,
    SECTIONS,
)

# Rule key (extract/checks.py RULES, extract/carry.py, extract/merge.py) -> its name in Chinese.
RULE_LABELS = {
    "requests_balance": "申请数收支平衡",
    "requests_outcomes": "办理结果之和等于总计",
    "requests_row_sum": "各类申请人之和等于总计",
    "appeals_sum": "复议诉讼各项结果之和等于总计",
    "carry_over": "上年结转等于上年报告的结转下年度",
    "sources_agree": "网页与附件的数字一致",
}
STATUS_LABELS = {"ok": "成立", "failed": "不成立", "unknown": "无法判断"}
SEPARATOR = "；"
# What every failed equation of a check's detail names (extract/checks.py, extract/merge.py).
FINDING_KEYS = {"where", "left", "right"}

# Each rule's two sides in words; where a rule is checked per column (the seven applicants) or per row.
_SIDES = {
    "requests_balance": ("列", "新收+上年结转", "办理结果总计+结转下年度"),
    "requests_outcomes": ("列", "办理结果总计", "各项办理结果之和"),
    "requests_row_sum": ("行", "各类申请人之和", "总计"),
    "appeals_sum": ("行", "维持+纠正+其他结果+尚未审结", "总计"),
    "carry_over": ("列", "本年报告的上年结转", "上年报告的结转下年度"),
}
_ACTIVE_ROW_LABELS = {key: label for rows in ACTIVE_ROWS.values() for key, label, _ in rows}
_SHORT_SECTIONS = {"active": "主动公开", "requests": "依申请公开", "appeals": "复议诉讼"}


def _where_label(rule: str, where: str) -> str:
    """The printed name of the column or row a rule failed at; the key itself when it has none."""
    if rule == "requests_row_sum":
        return REQUEST_ROW_LABELS.get(where, where)
    if rule == "appeals_sum":
        return APPEAL_ROW_LABELS.get(where, where)
    return REQUEST_COL_LABELS.get(where, where)


def _cell_label(where: str) -> str:
    """A cell 'section/row/col' as 主动公开·规章·本年制发件数."""
    section, _, rest = where.partition("/")
    row, _, col = rest.partition("/")
    labels = {"active": (_ACTIVE_ROW_LABELS, ACTIVE_COL_LABELS), "requests": (REQUEST_ROW_LABELS, REQUEST_COL_LABELS),
              "appeals": (APPEAL_ROW_LABELS, {})}.get(section, ({}, {}))
    parts = [_SHORT_SECTIONS.get(section, SECTIONS.get(section, section)), labels[0].get(row, row),
             labels[1].get(col, col)]
    return "·".join(part for part in parts if part)


def _one(rule: str, finding: dict) -> str:
    left, right = plain_number(finding.get("left")), plain_number(finding.get("right"))
    where = str(finding.get("where", ""))
    if rule in _SIDES:
        kind, left_side, right_side = _SIDES[rule]
        return f"{kind}“{_where_label(rule, where)}”：{left_side}={left}，{right_side}={right}"
    if rule == "sources_agree":
        other = f"（{finding['source']}）" if finding.get("source") else ""
        return f"“{_cell_label(where)}”：采用的来源={left}，另一来源{other}={right}"
    return f"“{where}”：{left} ≠ {right}"


def finding_text(rule: str, detail: str | bytes | float | None) -> str:
    """A check's stored detail (a JSON list of failed equations) in Chinese, one clause per equation:
    列“自然人”：新收+上年结转=9，办理结果总计+结转下年度=7. Empty for a check with no detail; any other detail as is."""
    if detail is None or detail == "":
        return ""
    if isinstance(detail, bytes):
        detail = detail.decode("utf-8", errors="replace")
    text = detail if isinstance(detail, str) else str(detail)
    try:
        findings = json.loads(text)
    except (TypeError, ValueError, RecursionError):
        return text
    if isinstance(findings, dict):
        findings = [findings]
    if not isinstance(findings, list) or not findings or not all(
            isinstance(f, dict) and FINDING_KEYS <= f.keys() for f in findings):
        return text
    try:
        return SEPARATOR.join(_one(rule if isinstance(rule, str) else "", f) for f in findings)
    except (TypeError, ValueError, AttributeError, OverflowError):
        return text


def rule_label(rule: str) -> str:
    """A rule's name in Chinese (the key itself for a rule not listed)."""
    return RULE_LABELS.get(rule, rule)


def sql_case(column: str, labels: dict[str, str]) -> str:
    """A SQL CASE giving each key of column its label, the key itself otherwise (for charts and queries)."""
    whens = " ".join(f"WHEN '{key}' THEN '{label}'" for key, label in labels.items())
    return f"CASE {column} {whens} ELSE {column} END"
