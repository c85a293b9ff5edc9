"""Whose requests a report counts: its own body's (own), a government's and its departments' (aggregate), or unknown."""

import re

from nianbao.extract.agency_names import KIND_GOVERNMENT
from nianbao.extract.normalize import squash

OWN, AGGREGATE, UNKNOWN = "own", "aggregate", "unknown"
_UNITS = r"(?:部门|单位|乡镇|街道|镇街|乡镇\(街道\)|镇\(街道\)|机关)"
# A county's report that sums its departments says so: 汇总本县各部门…, 数据包括县政府及各部门…, 含各乡镇（街道）.
_AGGREGATE = re.compile(
    rf"汇总.{{0,12}}(?:各|所属|下属){_UNITS}"
    rf"|(?:各|所属|下属){_UNITS}.{{0,12}}(?:数据|数字|情况)汇总"
    rf"|(?:统计|数据|数字|本报告).{{0,10}}(?:包括|包含|涵盖|含).{{0,12}}(?:各|所属|下属){_UNITS}"
)
# A government's report that counts only itself: 政府本级, 不含各部门 (said before the aggregate words are looked for).
_NOT_SUMMED = re.compile(rf"(?:不含|不包括|未含|未包括).{{0,6}}(?:各|所属|下属){_UNITS}")
_OWN = re.compile(r"政府本级|本级政府")


def report_scope(text: str | None, kind: str | None) -> str:
    """own, aggregate or unknown: the text's own word first; a known body other than a government counts itself."""
    flat = squash(text or "")
    own_only = _NOT_SUMMED.search(flat)
    if _AGGREGATE.search(_NOT_SUMMED.sub("", flat)):
        return AGGREGATE
    if own_only or _OWN.search(flat) or kind not in (KIND_GOVERNMENT, None):
        return OWN
    return UNKNOWN
