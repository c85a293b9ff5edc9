"""What a portal may fetch: http(s) on its own sites and ports, never an internal address, checked at every hop."""

import ipaddress
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlsplit

import tldextract
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.error import DNSLookupError

SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443}
# A host named without a port answers on both: government sites move between http and https.
UNNAMED_PORTS = frozenset(DEFAULT_PORTS.values())
LOCAL_NAMES = ("localhost",)
PORTAL = "portal"
# Scrapy's redirect middlewares mark a meta refresh hop with this reason; other hops carry an HTTP status.
META_REFRESH = "meta refresh"
# Why a request that names no portal of the crawl (or an unknown one, read from Redis) is refused.
NO_PORTAL = "no portal of this crawl may fetch it"
# The Public Suffix List as tldextract bundles it: no fetch at crawl time, no cache file, one answer everywhere.
_SUFFIXES = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


class Refused(IgnoreRequest):
    """A URL its portal may not fetch; the message names the hop, the target and why."""


def registrable_domain(host: str) -> str:
    """The site a host belongs to by the Public Suffix List (rsj.sz.gd.cn → sz.gd.cn); an IP or bare name as is."""
    return _SUFFIXES(host).top_domain_under_public_suffix or host


def address_kind(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """What kind of internal address this is (loopback, link-local, private, …); None for a public one."""
    if address.is_global:
        return None
    kinds = ("loopback", "link_local", "private", "multicast", "unspecified", "reserved")
    return next((kind.replace("_", "-") for kind in kinds if getattr(address, f"is_{kind}")), "non-public")


def _ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def _port(parts) -> int | None:
    try:
        return parts.port or DEFAULT_PORTS[parts.scheme]
    except ValueError:
        return None


@dataclass(frozen=True)
class FetchRule:
    """Where one portal may fetch: the sites of its registry hosts, on their ports, over http(s)."""

    # A host the registry names by address (127.0.0.1:8000 for a demo portal) is the portal's own; any other
    # internal address is refused, and loopback is allowed only to a portal whose own host is loopback.

    hosts: tuple[str, ...]

    @cached_property
    def ports(self) -> dict[str, frozenset[int]]:
        """Each site of the portal (a registrable domain, or an IP) and the ports it may be fetched on."""
        sites: dict[str, frozenset[int]] = {}
        for host in self.hosts:
            parts = urlsplit(f"//{host}")
            site = registrable_domain(parts.hostname or "")
            sites[site] = sites.get(site, frozenset()) | ({parts.port} if parts.port else UNNAMED_PORTS)
        return sites

    @cached_property
    def names(self) -> frozenset[str]:
        """The host names and addresses the registry gives, without ports."""
        return frozenset(urlsplit(f"//{host}").hostname or "" for host in self.hosts)

    @cached_property
    def local(self) -> bool:
        """True for a portal whose own host is loopback: the demo and test portals."""
        host = urlsplit(f"//{self.hosts[0]}").hostname or ""
        address = _ip(host)
        return host in LOCAL_NAMES or bool(address and address.is_loopback)

    def refusal(self, url: str) -> str | None:
        """Why url may not be fetched, judged by the URL alone; None when it may."""
        parts = urlsplit(url)
        if parts.scheme not in SCHEMES:
            return "not http or https"
        host = parts.hostname or ""
        address = _ip(host)
        if address and host not in self.names and address_kind(address):
            return f"{address_kind(address)} address"
        ports = self.ports.get(registrable_domain(host))
        if ports is None:
            return "another site"
        if _port(parts) not in ports:
            return "another port"
        return None

    def address_refusal(self, host: str, address: str) -> str | None:
        """Why a host name that resolved to address may not be fetched; None for a public address or our own."""
        kind = address_kind(ipaddress.ip_address(address))
        if kind is None or (kind == "loopback" and self.local and host in self.names):
            return None
        return f"resolves to {kind} address {address}"


def target(url: str) -> str:
    """How a refusal names its target: host and port for http(s), the whole URL for other schemes."""
    parts = urlsplit(url)
    return parts.netloc if parts.scheme in SCHEMES and parts.netloc else url


def hop(meta: dict) -> str:
    """What led to a request: a link, a redirect or a meta refresh (its last hop)."""
    reasons = meta.get("redirect_reasons") or []
    if not reasons:
        return "link"
    return META_REFRESH if reasons[-1] == META_REFRESH else "redirect"


def refused(how: str, url: str, why: str) -> Refused:
    """The refusal of one hop, worded for fetch_errors: `refused: redirect to 127.0.0.1:6379 (another port)`."""
    return Refused(f"refused: {how} to {target(url)} ({why})")


class RefuseOffsite:
    """Downloader middleware: every request of a portal, at every hop, is held to the portal's FetchRule."""

    # Redirects and meta refreshes come back through the scheduler as new requests, so each hop passes here before
    # robots.txt or the download touch the target. Scrapy's own OffsiteMiddleware lets dont_filter requests through
    # and knows one spider-wide allowed_domains; our rule is per portal and has no exception.

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        """Keep the crawler to reach its spider's portals."""
        return cls(crawler)

    async def process_request(self, request):
        """Raise Refused when the request's portal may not fetch its URL or the address its host resolves to."""
        if not hasattr(self.crawler.spider, "portals"):
            return
        rule = self.rule(request)
        why = rule.refusal(request.url) if rule else NO_PORTAL
        host = urlsplit(request.url).hostname or ""
        if why is None and _ip(host) is None:
            address = await _resolve(host)
            why = address and rule.address_refusal(host, address)
        if why:
            raise refused(hop(request.meta), request.url, why)

    def process_response(self, request, response):
        """Refuse an answer from elsewhere than its request: a browser row's Chromium follows redirects itself."""
        rule = self.rule(request)
        why = rule and response.url != request.url and rule.refusal(response.url)
        if why:
            raise refused("browser navigation", response.url, why)
        return response

    def rule(self, request) -> FetchRule | None:
        """The request's portal's FetchRule; for one of no portal (robots.txt), that of a portal whose site it is on."""
        portals = getattr(self.crawler.spider, "portals", {})
        if PORTAL in request.meta:
            portal = portals.get(request.meta[PORTAL])
            return portal.fetch_rule if portal else None
        return next((p.fetch_rule for p in portals.values() if p.fetch_rule.refusal(request.url) is None), None)


async def _resolve(host: str) -> str | None:
    """The address the download will connect to, from Scrapy's own cached resolver; None when it does not resolve."""
    # A name that does not resolve is left to the download, which records the DNS failure.
    from twisted.internet import reactor  # the reactor Scrapy installed, not one imported before it

    try:
        return await maybe_deferred_to_future(reactor.resolve(host))
    except DNSLookupError:
        return None
