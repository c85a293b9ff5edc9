"""Redirects that end by rule: a chain that comes back to a URL it passed, or runs too long, is a recorded failure."""

from urllib.parse import urljoin

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.exceptions import IgnoreRequest


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
        except IgnoreRequest as exc:
            target = urljoin(request.url, response.headers.get("Location", b"").decode("latin-1"))
            if target in chain:
                raise _loop(chain, target) from exc
            raise RedirectLoop(f"redirect chain too long: more than {self.max_redirect_times} redirects") from exc
        if isinstance(result, Request) and result.url in chain:
            raise _loop(chain, result.url)
        return result


def _loop(chain: list[str], target: str) -> RedirectLoop:
    return RedirectLoop("redirect loop: " + " -> ".join([*chain, target]))
