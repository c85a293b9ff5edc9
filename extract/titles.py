"""Which titles name an annual report, and which year a title speaks of."""

import re

from nianbao.extract.normalize import squash

# A report title names the annual report of government information disclosure.
# A statistics table published alone (…政府信息公开工作情况统计表, a spreadsheet) is the report's numbers.
_REPORT = re.compile(r"年报|年度报告|(信息公开|政务公开).{0,8}(报告|统计表)")
# Titles about reports that are not reports themselves (notices, guides, reviews).
_NOT_REPORT = re.compile(
    r"通知|通报|的函|意见|方案|要点|提纲|模板|样本|格式|评估|考核|检查|督查|会议|培训|解读|图解|答记者问|征集|公示|公告"
    r"|^关于(做好|报送|开展|印发|组织|加强|转发|进一步|编制|发布)"
)
YEAR = r"(?:19[89]\d|20[0-4]\d)"
_TITLE_YEAR = re.compile(rf"({YEAR})\s*(?:年|年度|\))")
_PAREN_YEAR = re.compile(rf"\(\s*({YEAR})\s*\)")


def is_report_title(title: str) -> bool:
    """True when a title names an annual report rather than a notice or page about one."""
    text = squash(title)
    return bool(_REPORT.search(text)) and not _NOT_REPORT.search(text)


_TRUNCATED = re.compile(r"(…|\.\.\.|。。。)$")
_ELLIPSES = re.compile(r"(?:…|\.\.\.|。。。)+$")
_REPORT_PREFIX = re.compile(r"信息公开|政务公开|年度|年报")


def may_be_report_title(title: str) -> bool:
    """True for a report title, or a list title cut short ("…2022年政府信息公开工作年度…") that may be one."""
    if is_report_title(title):
        return True
    text = squash(title)
    return bool(_TRUNCATED.search(text) and _REPORT_PREFIX.search(text) and not _NOT_REPORT.search(text))


def uncut(title: str) -> str:
    """A list title without the ellipsis that marks it cut short."""
    return _ELLIPSES.sub("", title.strip())


_CHINESE_DIGITS = str.maketrans("〇零○一二三四五六七八九", "000123456789")
_CHINESE_YEAR = re.compile(r"[一二][〇零○一二三四五六七八九]{3}(?=年)")


def arabic_years(text: str) -> str:
    """Text with years written in Chinese numerals ("二〇二〇年") in digits ("2020年")."""
    return _CHINESE_YEAR.sub(lambda match: match.group(0).translate(_CHINESE_DIGITS), text)


def title_year(title: str) -> int | None:
    """The year a report title covers ("2020年度", "2020年", "二〇二〇年", "(2020)"), or None if unclear."""
    text = arabic_years(squash(title))
    years = {int(y) for y in _TITLE_YEAR.findall(text)} | {int(y) for y in _PAREN_YEAR.findall(text)}
    return years.pop() if len(years) == 1 else None


def has_year(title: str) -> bool:
    """True when a title carries a plausible report year."""
    return bool(re.search(YEAR, squash(title)))
