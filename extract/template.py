"""Which statistics template a report uses (docs/keys.md, "Templates")."""

import re
from collections.abc import Callable

from nianbao.extract.normalize import squash

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
# Structural marks of the 2019/2021 forms, each a set of labels of which several must stand together: the
# applicant columns of table 三, its numbered outcome rows, its balance rows, table 四's result columns.
FORM_MARKS = (
    (("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构"), 3),
    (("予以公开", "部分公开", "不予公开", "无法提供", "不予处理"), 3),
    (MARKERS_REQUESTS, 1),
    (("结果维持", "结果纠正", "尚未审结"), 2),
    (("第二十条第(一)项", "第二十条第(五)项", "第二十条第(六)项", "第二十条第(八)项"), 2),
)
# A form is recognised by this many marks, or by one mark and its own table 二 labels.
MIN_FORM_MARKS = 2
# Table 三 prints 25 rows of the seven applicant columns; this many make its shape without its labels.
MIN_APPLICANT_ROWS = 12
FIRST_2021_YEAR = 2021
TEMPLATES = ("2021", "2019", "legacy", "none")
_EVERY_MARKER = sorted({m for group in (MARKERS_2021, MARKERS_2019, MARKERS_LEGACY, *(g for g, _ in FORM_MARKS))
                        for m in group}, key=len, reverse=True)
# One pass over the text finds every marker; forty substring scans of a long page cost a tenth of a parse.
_MARKER = re.compile("|".join(map(re.escape, _EVERY_MARKER)))
# The markers standing inside each marker: the regex reports only the longer of two that overlap.
_INSIDE = {outer: {inner for inner in _EVERY_MARKER if inner != outer and inner in outer} for outer in _EVERY_MARKER}


def _score(found: set[str], markers: tuple[str, ...]) -> int:
    return sum(marker in found for marker in markers)


def _markers(flat: str) -> set[str]:
    """Every marker a squashed text holds (a marker inside a longer one found too)."""
    found = set(_MARKER.findall(flat))
    return found.union(*(_INSIDE[marker] for marker in found))


def form_marks(found: set[str]) -> int:
    """How many of the forms' structural marks a text's markers make."""
    return sum(_score(found, labels) >= needed for labels, needed in FORM_MARKS)


def detect_template(text: str, year: int | None, statistics_table: Callable[[], bool] = lambda: False,
                    applicant_rows: Callable[[], int] = lambda: 0) -> str:
    """'2021', '2019', 'legacy' or 'none' from the structure the report's tables carry.

    A form needs several of its own marks together, so one phrase in a legacy row (同意部分公开答复数)
    does not make a legacy table a 2019 one; any other statistics table is legacy (asked only then: reading
    a page's tables into grids costs a fifth of a parse). A scan whose headers OCR garbled keeps the shape of
    table 三: many rows of seven numbers make a form of the report's year.
    """
    found = _markers(squash(text))
    new, old = _score(found, MARKERS_2021), _score(found, MARKERS_2019)
    marks = form_marks(found)
    if marks >= MIN_FORM_MARKS or max(new, old) >= MIN_FORM_MARKS or (marks and max(new, old)):
        if new != old:
            return "2021" if new > old else "2019"
        return "2021" if year is None or year >= FIRST_2021_YEAR else "2019"
    if not _score(found, MARKERS_LEGACY) and year is not None and applicant_rows() >= MIN_APPLICANT_ROWS:
        return "2021" if year >= FIRST_2021_YEAR else "2019"
    if _score(found, MARKERS_LEGACY) or statistics_table():
        return "legacy"
    return "none"
