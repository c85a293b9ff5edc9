"""Redirects that end by rule: a chain that loops or runs too long, or leads off the web, is a recorded failure.

Where a redirect or meta refresh may lead on the web is crawler/offsite.py's rule, applied to each hop's request.
"""

from urllib.parse import urljoin, urlsplit

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse
from scrapy.utils.response import get_meta_refresh

from nianbao.crawler.offsite import META_REFRESH, SCHEMES, Refused, refused


class RedirectLoop(IgnoreRequest):
    """A redirect chain that loops or never ends."""


class LoopAwareRedirectMiddleware(RedirectMiddleware):
    """Scrapy's redirects, except that a loop fails at once with its chain instead of meeting the duplicate filter.

    Without this, A -> B -> A drops the second A as a duplicate request and the page vanishes without a trace.
    """

    def process_response(self, request, response):
        """Follow a redirect unless it returns to a URL of its own chain or the chain is too long."""
        chain = [*request.meta.get("redirect_urls", []), request.url]
        try:
            result = super().process_response(request, response)
        except Refused:
            raise
        except IgnoreRequest as exc:
            target = urljoin(request.url, response.headers.get("Location", b"").decode("latin-1"))
            if target in chain:
                raise _loop(chain, target) from exc
            raise RedirectLoop(f"redirect chain too long: more than {self.max_redirect_times} redirects") from exc
        if isinstance(result, Request) and result.url in chain:
            raise _loop(chain, result.url)
        return result

    def _build_redirect_request(self, source_request, response, *, url, **kwargs):
        # Scrapy drops a redirect to file:, ftp:, … silently and hands on the 3xx; this is where its target is known.
        if urlsplit(url).scheme not in SCHEMES:
            raise refused("redirect", url, "not http or https")
        return super()._build_redirect_request(source_request, response, url=url, **kwargs)


class RefusingMetaRefreshMiddleware(MetaRefreshMiddleware):
    """Scrapy's meta refresh, except that one leading to file:, ftp:, … is a recorded refusal, not a page kept."""

    def process_response(self, request, response):
        """Follow a meta refresh as Scrapy does; refuse one it would follow but for its scheme."""
        result = super().process_response(request, response)
        if result is response and isinstance(response, HtmlResponse) and not request.meta.get("dont_redirect"):
            interval, url = get_meta_refresh(response, ignore_tags=self._ignore_tags)
            if url and urlsplit(url).scheme not in SCHEMES and interval < self._maxdelay:
                raise refused(META_REFRESH, url, "not http or https")
        return result


def _loop(chain: list[str], target: str) -> RedirectLoop:
    return RedirectLoop("redirect loop: " + " -> ".join([*chain, target]))
