"""Portal chrome (widgets, breadcrumbs, footers) recognised line by line and trimmed from text."""

import re

from nianbao.extract.normalize import squash

# Widgets that never carry report content, wherever they stand (docs/portals.md, "Chrome to strip").
_WIDGETS = re.compile(
    r"(?:\[?字[体号]:?\[?大中小\]?\]?|\[?打印(本页|此页|文章)?\]?|\[?关闭(窗口|本页)?\]?|分享到:?|微信|微博|QQ空间|"
    r"扫一扫在手机(上)?(打开|查看)(当前页)?|\[?我要纠错\]?|长者模式|无障碍(浏览|阅读)?|网站支持IPV6|"
    r"登录|注册|繁體版?|简体版?|收藏|网站地图|联系我们|党政机关|政府网站找错|[\[\]|/·>])+"
)
# Labels that only site headers and footers carry.
_FOOTER = re.compile(
    r"当前位置:|您的位置:|责任编辑:|主办单位:|承办单位:|技术支持:|运维单位:|网站标识码|ICP备|公网安备|版权所有|"
    r"Copyright|©|分辨率|涉密文件严禁上网|您是第\d+位|浏览次数:"
)
# Headings after which a page lists other articles, never the report.
_TAIL_CUT = re.compile(r"^(相关链接|相关稿件|相关文章|相关阅读|相关文件|上一篇|下一篇)(:.*)?$")
_CONTACT = re.compile(r"地址|邮编|邮政编码|电话|传真|邮箱|E-?mail", re.I)
_SCRIPT = re.compile(r"function\s*\(|document\.(write|getElementById)|var\s+\w+\s*=|\w\s*\{[^}]*:[^}]*\}|window\.\w")
# Chrome lines (widgets, footers, navigation) are short; longer lines are report text.
_MAX_CHROME_CHARS = 240
_MAX_CUT_CHARS = 80
_NAV_TOKENS = 4
_NAV_TOKEN_LEN = 6


def _is_nav(line: str) -> bool:
    if "首页" not in line:
        return False
    tokens = [t for t in re.split(r"[\s|>»/]+", line) if t]
    return len(tokens) >= _NAV_TOKENS and "首页" in tokens and all(len(t) <= _NAV_TOKEN_LEN for t in tokens)


def is_chrome(line: str) -> bool:
    """True for a line made only of widgets, or carrying a header/footer label, nav or leaked script."""
    if len(line) > _MAX_CHROME_CHARS:
        return False
    text = squash(line)
    if not text:
        return False
    if _WIDGETS.fullmatch(text) or _FOOTER.search(text) or _SCRIPT.search(line):
        return True
    return _is_nav(line)


def _is_contact(line: str) -> bool:
    return bool(_CONTACT.search(line))


def trim_chrome(text: str) -> tuple[str, list[str]]:
    """Drop chrome lines and footer blocks; returns the text and the lines removed.

    A contact line (地址/邮编/电话) is dropped only inside a footer block, i.e. after a chrome
    line at the tail; the report's own contact lines are kept. The body is never emptied.
    """
    lines = [line.rstrip() for line in text.splitlines()]
    for index, line in enumerate(lines):
        if len(line) <= _MAX_CUT_CHARS and _TAIL_CUT.match(squash(line)):
            lines = lines[:index]
            break
    chrome = [is_chrome(line) for line in lines]
    tail = len(lines)
    while tail > 0 and (not lines[tail - 1].strip() or chrome[tail - 1] or _is_contact(lines[tail - 1])):
        tail -= 1
    while tail < len(lines) and not chrome[tail]:
        tail += 1
    kept, removed = [], []
    for index, line in enumerate(lines):
        (removed if index >= tail or chrome[index] else kept).append(line)
    body = "\n".join(line for line in kept if line.strip())
    if not body:
        return text.strip(), []
    return body, [line for line in removed if line.strip()]
