"""The cell keys of docs/keys.md, their official Chinese labels, and the keywords that find each row."""

import re

SECTIONS = {"active": "主动公开政府信息情况", "requests": "收到和处理政府信息公开申请情况",
            "appeals": "政府信息公开行政复议、行政诉讼情况", "legacy": "统计表（2019年以前）"}

REQUEST_COLS = ("natural_person", "business", "research", "social_org", "legal_service", "other_org", "total")
REQUEST_COL_LABELS = {"natural_person": "自然人", "business": "商业企业", "research": "科研机构",
                      "social_org": "社会公益组织", "legal_service": "法律服务机构", "other_org": "其他",
                      "total": "总计"}
APPEAL_ROWS = ("review", "suit_direct", "suit_after_review")
APPEAL_ROW_LABELS = {"review": "行政复议", "suit_direct": "行政诉讼·未经复议直接起诉",
                     "suit_after_review": "行政诉讼·复议后起诉"}
APPEAL_COLS = ("upheld", "corrected", "other", "pending", "total")
APPEAL_COL_LABELS = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果", "pending": "尚未审结",
                     "total": "总计"}

# Requests rows: key, official label, keyword pattern searched in the normalised row label.
# Order matters: the first pattern that matches wins, so specific rows come before generic ones.
REQUEST_ROWS = (
    ("new", "一、本年新收政府信息公开申请数量", r"本年新收|新收.{0,4}申请"),
    ("carried_in", "二、上年结转政府信息公开申请数量", r"上年结转|上年度结转"),
    ("carried_forward", "四、结转下年度继续办理", r"结转下年|转入下年"),
    ("partial", "（二）部分公开", r"部分公开"),
    ("granted", "（一）予以公开", r"予以公开"),
    ("denied_state_secret", "（三）1.属于国家秘密", r"国家秘密"),
    ("denied_prohibited", "（三）2.其他法律行政法规禁止公开", r"禁止公开"),
    ("denied_three_safeties", "（三）3.危及“三安全一稳定”", r"三安全一稳定"),
    ("denied_third_party", "（三）4.保护第三方合法权益", r"第三方合法权益"),
    ("denied_internal", "（三）5.属于三类内部事务信息", r"内部事务"),
    ("denied_process", "（三）6.属于四类过程性信息", r"过程性信息"),
    ("denied_enforcement", "（三）7.属于行政执法案卷", r"执法案卷"),
    ("denied_query", "（三）8.属于行政查询事项", r"查询事项"),
    ("unavailable_not_held", "（四）1.本机关不掌握相关政府信息", r"不掌握"),
    ("unavailable_needs_creation", "（四）2.没有现成信息需要另行制作", r"另行制作"),
    ("unavailable_unclear", "（四）3.补正后申请内容仍不明确", r"补正后|仍不明确"),
    ("rejected_complaint", "（五）1.信访举报投诉类申请", r"信访|举报投诉"),
    ("rejected_repeat", "（五）2.重复申请", r"重复申请"),
    ("rejected_publication", "（五）3.要求提供公开出版物", r"公开出版物"),
    ("rejected_excessive", "（五）4.无正当理由大量反复申请", r"大量反复"),
    ("rejected_confirmation", "（五）5.要求行政机关确认或重新出具已获取信息", r"重新出具"),
    ("other_no_correction", "（六）1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", r"逾期不补正"),
    ("other_unpaid_fee", "（六）2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
     r"收费通知|缴纳费用"),
    ("other", "（六）其他处理", r"^其他处理$"),
    ("total", "（七）总计", r"^(总计|合计)$"),
)
# 2021's "（六）3.其他" says only 其他: it is that row only right after its two siblings, or numbered 3.
OTHER_MISC = ("other_misc", "（六）3.其他")
OTHER_MISC_LABEL = "其他"
OTHER_MISC_AFTER = ("other_no_correction", "other_unpaid_fee")
REQUEST_PATTERNS = tuple((key, re.compile(pattern)) for key, _, pattern in REQUEST_ROWS)
OUTCOME_ROWS = {
    "2019": ("granted", "partial", "denied_state_secret", "denied_prohibited", "denied_three_safeties",
             "denied_third_party", "denied_internal", "denied_process", "denied_enforcement", "denied_query",
             "unavailable_not_held", "unavailable_needs_creation", "unavailable_unclear", "rejected_complaint",
             "rejected_repeat", "rejected_publication", "rejected_excessive", "rejected_confirmation", "other"),
}
OUTCOME_ROWS["2021"] = OUTCOME_ROWS["2019"][:-1] + ("other_no_correction", "other_unpaid_fee", "other_misc")
# Every requests row in the order the form prints it (2019's 其他处理 where 2021 has its three rows).
_REQUEST_ROW_ORDER = ("new", "carried_in", *OUTCOME_ROWS["2021"], "other", "total", "carried_forward")
_LABELS = {key: label for key, label, _ in REQUEST_ROWS} | {OTHER_MISC[0]: OTHER_MISC[1]}
REQUEST_ROW_LABELS = {key: _LABELS[key] for key in _REQUEST_ROW_ORDER}

# Active-disclosure rows per template: key, label (matched whole, after normalising), columns.
LICENSING_2019 = ("prev_items", "change", "decisions")
ACTIVE_ROWS = {
    "2019": (
        ("regulations", "规章", ("made", "published", "total")),
        ("normative_documents", "规范性文件", ("made", "published", "total")),
        ("licensing", "行政许可", LICENSING_2019),
        ("other_services", "其他对外管理服务事项", LICENSING_2019),
        ("penalties", "行政处罚", LICENSING_2019),
        ("coercion", "行政强制", LICENSING_2019),
        ("fees", "行政事业性收费", ("prev_items", "change")),
        ("procurement", "政府集中采购", ("projects", "amount")),
    ),
    "2021": (
        ("regulations", "规章", ("issued", "repealed", "in_force")),
        ("normative_documents", "行政规范性文件", ("issued", "repealed", "in_force")),
        ("licensing", "行政许可", ("decisions",)),
        ("penalties", "行政处罚", ("decisions",)),
        ("coercion", "行政强制", ("decisions",)),
        ("fees", "行政事业性收费", ("amount",)),
    ),
}
# Labels a portal may print instead of the official one.
ACTIVE_ALIASES = {"规范性文件": "normative_documents", "行政规范性文件": "normative_documents",
                  "其他对外管理服务": "other_services", "对外管理服务事项": "other_services",
                  "政府采购": "procurement", "集中采购": "procurement"}
ACTIVE_COL_LABELS = {"made": "本年新制作数量", "published": "本年新公开数量", "total": "对外公开总数量",
                     "prev_items": "上一年项目数量", "change": "本年增/减", "decisions": "处理决定数量",
                     "projects": "采购项目数量", "amount": "金额", "issued": "本年制发件数",
                     "repealed": "本年废止件数", "in_force": "现行有效件数"}
MONEY_COLS = {("procurement", "amount"), ("fees", "amount")}
LEGACY_COLS = ("value", "cumulative")
LEGACY_COL_LABELS = {"value": "本年度（统计数）", "cumulative": "历年累计"}


def key_labels() -> list[dict]:
    """Every fixed key with its official Chinese label and its place in the printed table (position)."""
    rows = [{"section": s, "kind": "section", "key": s, "label": label, "position": i}
            for i, (s, label) in enumerate(SECTIONS.items())]
    active_rows = {key: label for template in ACTIVE_ROWS.values() for key, label, _ in template}
    for section, kind, labels in (
        ("active", "row", active_rows), ("active", "col", ACTIVE_COL_LABELS),
        ("requests", "row", REQUEST_ROW_LABELS), ("requests", "col", REQUEST_COL_LABELS),
        ("appeals", "row", APPEAL_ROW_LABELS), ("appeals", "col", APPEAL_COL_LABELS),
        ("legacy", "col", LEGACY_COL_LABELS),
    ):
        rows += [{"section": section, "kind": kind, "key": key, "label": label, "position": i}
                 for i, (key, label) in enumerate(labels.items())]
    return rows
