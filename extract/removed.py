"""Pages that say their content was removed: soft 404s, which portals serve with status 200."""

import re

from nianbao.extract.normalize import squash

_REMOVED = re.compile(
    r"(已|已经|已被)(删除|撤销|撤下|撤回|撤稿|下线|下架|移除|失效|过期|取消发布)|不存在|找不到|无法(找到|访问|显示)"
    r"|页面未找到|404|not\s*found", re.I)
# A removal notice is a sentence or two; a report runs to pages, so a long text is never one.
MAX_NOTICE_CHARS = 300


def removal_notice(text: str | None, title: str | None) -> str | None:
    """The phrase by which a short page says its content is gone, or None."""
    body = squash(text or "")
    if len(body) > MAX_NOTICE_CHARS:
        return None
    for candidate in (squash(title or ""), body):
        found = _REMOVED.search(candidate)
        if found:
            return found.group(0)
    return None
