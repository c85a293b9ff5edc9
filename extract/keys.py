"""The cell keys of report-fields.md and the normalised keywords that find each row in a table."""

REQUEST_COLS = ("natural_person", "business", "research", "social_org", "legal_service", "other_org", "total")
APPEAL_ROWS = ("review", "suit_direct", "suit_after_review")
APPEAL_COLS = ("upheld", "corrected", "other", "pending", "total")

# Row key -> keywords that must all occur in the squashed row label; most specific first.
REQUEST_ROWS = (
    ("new", ("本年新收",)),
    ("carried_in", ("上年结转",)),
    ("carried_forward", ("结转下年度",)),
    ("granted", ("予以公开",)),
    ("partial", ("部分公开",)),
    ("denied_state_secret", ("国家秘密",)),
    ("denied_prohibited", ("法律行政法规禁止",)),
    ("denied_three_safeties", ("三安全一稳定",)),
    ("denied_third_party", ("第三方合法权益",)),
    ("denied_internal", ("内部事务",)),
    ("denied_process", ("过程性信息",)),
    ("denied_enforcement", ("行政执法案卷",)),
    ("denied_query", ("行政查询事项",)),
    ("unavailable_not_held", ("不掌握",)),
    ("unavailable_needs_creation", ("另行制作",)),
    ("unavailable_unclear", ("补正后",)),
    ("rejected_complaint", ("信访举报投诉",)),
    ("rejected_repeat", ("重复申请",)),
    ("rejected_publication", ("公开出版物",)),
    ("rejected_excessive", ("大量反复",)),
    ("rejected_confirmation", ("确认或重新出具",)),
    ("other_no_correction", ("逾期不补正",)),
    ("other_unpaid_fee", ("缴纳费用",)),
    ("other_misc", ("其他处理", "3.其他")),
    ("other", ("其他处理",)),
    ("total", ("总计",)),
)

# Active-disclosure rows and their columns, per template (report-fields.md, section active).
LICENSING_2019 = ("prev_items", "change", "decisions")
ACTIVE_ROWS = {
    "2019": (
        ("normative_documents", ("规范性文件",), ("made", "published", "total")),
        ("regulations", ("规章",), ("made", "published", "total")),
        ("licensing", ("行政许可",), LICENSING_2019),
        ("other_services", ("其他对外管理服务事项",), LICENSING_2019),
        ("penalties", ("行政处罚",), LICENSING_2019),
        ("coercion", ("行政强制",), LICENSING_2019),
        ("fees", ("行政事业性收费",), ("prev_items", "change")),
        ("procurement", ("政府集中采购",), ("projects", "amount")),
    ),
    "2021": (
        ("normative_documents", ("规范性文件",), ("issued", "repealed", "in_force")),
        ("regulations", ("规章",), ("issued", "repealed", "in_force")),
        ("licensing", ("行政许可",), ("decisions",)),
        ("penalties", ("行政处罚",), ("decisions",)),
        ("coercion", ("行政强制",), ("decisions",)),
        ("fees", ("行政事业性收费",), ("amount",)),
    ),
}
MONEY_COLS = {("procurement", "amount"), ("fees", "amount")}
