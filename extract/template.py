"""Which statistics template a report uses (report-fields.md, "Template versions")."""

from extract.normalize import squash

# Header labels only the 国办公开办函〔2021〕30号 form has.
MARKERS_2021 = ("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额", "逾期不补正", "逾期未按收费通知")
# Header labels only the 国办公开办函〔2019〕60号 form has.
MARKERS_2019 = (
    "本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减",
    "第二十条第(九)项", "政府集中采购", "采购项目数量",
)
# The requests table both post-2019 forms share.
MARKERS_REQUESTS = ("本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量", "结转下年度继续办理")
# Pre-2019 statistics tables (2014-2018 统计表 and provincial forms).
MARKERS_LEGACY = ("统计指标", "统计数", "主动公开政府信息数", "收到申请数", "申请答复数", "主动公开规范性文件数")
FIRST_2021_YEAR = 2021
TEMPLATES = ("2021", "2019", "legacy", "none")


def _score(text: str, markers: tuple[str, ...]) -> int:
    return sum(marker in text for marker in markers)


def detect_template(text: str, year: int | None) -> str:
    """'2021', '2019', 'legacy' or 'none' from the labels the report's tables carry."""
    flat = squash(text)
    new, old = _score(flat, MARKERS_2021), _score(flat, MARKERS_2019)
    if new != old:
        return "2021" if new > old else "2019"
    if new or _score(flat, MARKERS_REQUESTS):
        return "2021" if year is None or year >= FIRST_2021_YEAR else "2019"
    if _score(flat, MARKERS_LEGACY):
        return "legacy"
    return "none"
