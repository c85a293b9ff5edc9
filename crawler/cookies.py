"""Cookies kept as Scrapy keeps them, within the sizes browsers keep: a flood of Set-Cookie headers is not sent back."""

import logging

from scrapy.downloadermiddlewares.cookies import CookiesMiddleware

from nianbao.crawler.settings import NIANBAO_MAX_COOKIE_HEADER_BYTES

logger = logging.getLogger(__name__)

# RFC 6265 §6.1: a user agent should keep at least 4096 bytes per cookie and 50 cookies per domain; browsers keep
# no more than about that, so no site we crawl needs more.
MAX_COOKIE_BYTES = 4096
MAX_COOKIES_PER_DOMAIN = 50
HEADER = b"Cookie"
SEPARATOR = b"; "


class CappedCookiesMiddleware(CookiesMiddleware):
    """Scrapy's CookiesMiddleware within browsers' sizes: each refusal and cut counted and noted for the portal."""
    # A cookie over MAX_COOKIE_BYTES, or past MAX_COOKIES_PER_DOMAIN for its domain, is refused; the Cookie header
    # is cut at NIANBAO_MAX_COOKIE_HEADER_BYTES.

    @classmethod
    def from_crawler(cls, crawler):
        """Scrapy's middleware, with the header cap from the crawl's settings."""
        middleware = super().from_crawler(crawler)
        middleware.max_header = crawler.settings.getint("NIANBAO_MAX_COOKIE_HEADER_BYTES",
                                                        NIANBAO_MAX_COOKIE_HEADER_BYTES)
        return middleware

    def _process_cookies(self, cookies, *, jar, request) -> None:
        """Keep the cookies a browser would keep; refuse the others, saying so once per request."""
        kept, refused = [], 0
        held_by_domain: dict[str, set[tuple[str, str]]] = {}
        for cookie in cookies:
            # Scrapy's jar holds cookies by domain, then path, then name: one cookie is a (path, name).
            held = held_by_domain.setdefault(cookie.domain, {
                (path, name) for path, named in jar._cookies.get(cookie.domain, {}).items() for name in named})
            too_big = len(cookie.name) + len(cookie.value or "") > MAX_COOKIE_BYTES
            if too_big or (cookie.path, cookie.name) not in held and len(held) >= MAX_COOKIES_PER_DOMAIN:
                refused += 1
                continue
            held.add((cookie.path, cookie.name))
            kept.append(cookie)
        super()._process_cookies(kept, jar=jar, request=request)
        if refused:
            self._record(request, f"cookies refused: {refused} of the Set-Cookie headers from {request.url} "
                                  f"(over {MAX_COOKIE_BYTES} bytes, or past {MAX_COOKIES_PER_DOMAIN} for the domain)",
                         "nianbao/cookies_refused", refused)

    def process_request(self, request):
        """Scrapy's Cookie header, cut after the last whole cookie that fits the cap."""
        result = super().process_request(request)
        header = request.headers.get(HEADER)
        if header and len(header) > self.max_header:
            whole = header[:self.max_header + len(SEPARATOR)].rsplit(SEPARATOR, 1)
            cut = whole[0] if len(whole) > 1 else b""
            if cut:
                request.headers[HEADER] = cut
            else:  # not even the first cookie fits: none is sent
                del request.headers[HEADER]
            self._record(request, f"Cookie header cut from {len(header)} to {len(cut)} bytes for {request.url} "
                                  "(NIANBAO_MAX_COOKIE_HEADER_BYTES)", "nianbao/cookie_headers_cut", 1)
        return result

    def _record(self, request, message: str, counter: str, count: int) -> None:
        self.crawler.stats.inc_value(counter, count)
        spider = self.crawler.spider
        portal = request.meta.get("portal")
        if portal and hasattr(spider, "record_cap"):
            spider.record_cap(portal, message, listing=False)
        else:
            logger.warning("%s", message)
