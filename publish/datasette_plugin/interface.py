"""The Chinese words of Datasette's interface that come from data, not from templates: filters, columns, tables."""

import re
from functools import cache

from nianbao.extract.keys import REQUEST_ROW_LABELS
from nianbao.publish.datasette_plugin.landing import chinese_half, chinese_name
from nianbao.publish.findings import RULE_LABELS, STATUS_LABELS
from nianbao.publish.metadata import COLUMNS

# Datasette's filter operators (datasette/filters.py), by key.
FILTER_OPS = {
    "exact": "等于", "not": "不等于", "contains": "包含", "endswith": "结尾是", "startswith": "开头是",
    "gt": "大于", "gte": "大于等于", "lt": "小于", "lte": "小于等于", "like": "匹配（like）",
    "notlike": "不匹配（like）", "glob": "匹配（glob）", "in": "属于", "notin": "不属于",
    "arraycontains": "数组包含", "arraynotcontains": "数组不包含", "date": "日期是", "isnull": "为空",
    "notnull": "不为空", "isblank": "为空白", "notblank": "不为空白",
}
# Where a column's Chinese name ends in its description: before the parenthesis, colon or English half.
_NAME_END = re.compile(r"[（(：:/]")
_ROW_NUMBER = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)?(?:\d+\.)?")
EXTRA_COLUMNS = {
    "rowid": "编号", "link": "链接", "snippet": "摘要", "last_year": "上年", "last_report_year": "上次年报年度",
    "last_year_report_id": "上年年报", "requests": "申请数", "category": "类别", "region": "地区",
    "first_year": "最早年度", "last_year_report": "上年年报", "reviews": "行政复议", "lawsuits": "行政诉讼",
    "requests_answered": "办结申请", "agency_name": "机关名称", "report_id": "年报", "agency_id": "机关",
    "detail": "详情", "rule_label": "规则", "finding": "哪里对不上", "report_title": "年报标题", "denied": "不予公开",
    "denied_percent": "不予公开占比（%）", "outcomes_total": "办理结果总计", "unavailable": "无法提供",
    "rejected": "不予处理", "answered": "办结申请", "granted": "予以公开", "deadline": "发布期限",
    "checked_until": "档案核查至", "last_year_report_title": "上年年报标题", "carried_in": "上年结转",
    "last_year_carried_forward": "上年报告的结转下年度",
}

# The named parameters of the canned queries.
PARAM_LABELS = {"year": "年度", "region": "地区（省份）", "agency": "机关名称", "rule": "勾稽规则", "scope": "统计范围",
                "q": "检索词", "agency_id": "机关标识", "report_id": "年报标识"}

# Facet values shown in Chinese, by table and column.
FACET_VALUES = {"checks": {"rule": RULE_LABELS, "status": STATUS_LABELS}}


@cache
def column_names() -> dict[str, str]:
    """Each known column's short Chinese name, from the column descriptions of the metadata."""
    names = {key: _NAME_END.split(description, maxsplit=1)[0].strip() for key, description in COLUMNS.items()}
    # The requests rows by their printed names without their numbering: denied_state_secret -> 属于国家秘密.
    rows = {key: _ROW_NUMBER.sub("", label) for key, label in REQUEST_ROW_LABELS.items() if key not in names}
    return {**rows, **{key: name for key, name in names.items() if name}, **EXTRA_COLUMNS}


def interface_vars(datasette, database: str | None, table: str | None) -> dict:
    """Words every template may need: filter operators, column names, table names, this table's name."""
    tables = ((datasette.metadata(database=database) or {}).get("tables") or {}) if database else {}
    description = (tables.get(table) or {}).get("description") if table else None
    names = {name: chinese_name(name, (meta or {}).get("description")) for name, meta in tables.items()}
    return {"zh": {"ops": FILTER_OPS, "columns": column_names(), "params": PARAM_LABELS,
                   "table": chinese_name(table, description) if table else None,
                   "description": chinese_half(description) if description else None,
                   "facet_values": FACET_VALUES.get(table, {}),
                   "tables": names}}
