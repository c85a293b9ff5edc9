"""How a portal's answer to its listing request reads: moved away, or an anti-bot gateway's challenge."""

import re
from urllib.parse import urlsplit

from nianbao.crawler.registry import Portal

# Anti-bot gateways answer (412, or even 200) with a tiny page whose script sets a clearance cookie and reloads.
_COOKIE_SCRIPT = re.compile(r"document\s*\.\s*cookie\s*=", re.IGNORECASE)
_RELOAD = re.compile(r"location\s*(\.\s*(href|replace|reload)|=)|setTimeout", re.IGNORECASE)
_GATEWAY_MARKS = ("__jsl_clearance", "acw_sc__v2", "_waf_", "安全验证", "访问验证", "Please enable JavaScript")
CHALLENGE_MAX_CHARS = 20_000
# Paths a removed column sends visitors to: the site's home page.
_HOME = re.compile(r"^/?(index|default)?(\.s?html?|\.jsp|\.aspx?|\.php)?$", re.IGNORECASE)


def is_challenge(text: str) -> bool:
    """True for a JavaScript cookie challenge instead of a page: short, no links, a script that sets a cookie."""
    if len(text) > CHALLENGE_MAX_CHARS or "<a " in text.lower():
        return False
    scripted = bool(_COOKIE_SCRIPT.search(text) and _RELOAD.search(text))
    return scripted or any(mark in text for mark in _GATEWAY_MARKS)


def moved_to(portal: Portal, start_url: str, final_url: str) -> str | None:
    """Where a listing request ended up when that means the column moved: off the portal's site, or its home."""
    if final_url == start_url:
        return None
    if not portal.owns(final_url):
        return f"redirected off the portal's site to {final_url}"
    if _HOME.match(urlsplit(final_url).path) and not _HOME.match(urlsplit(start_url).path):
        return f"redirected to the home page {final_url}"
    return None
