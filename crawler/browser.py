"""A real browser (scrapy-playwright driving Chromium) for registry rows marked `browser: true`, and only for them."""

import importlib.util
import ipaddress
import os
import shutil
import socket

# scrapy-playwright renders a request in the browser when its meta says so; other requests keep Scrapy's HTTP.
BROWSER_META = "playwright"
HANDLER = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"
# Chromium as root in a container, with no route out: no sandbox, no background connections.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
# What Chromium says of a request our proxy rule stopped: it was for a host or port no browser row may fetch.
PROXY_REFUSED = "net::ERR_PROXY_CONNECTION_FAILED"
# Ports this process holds bound and never listens on, for the life of the crawl (see nowhere).
_HELD: list[socket.socket] = []


class BrowserMissing(RuntimeError):
    """A row needs a browser and the browser extra is not installed."""


def chromium() -> str | None:
    """The Chromium to drive: NIANBAO_CHROMIUM, else Debian's, else None (Playwright's own download)."""
    return os.environ.get("NIANBAO_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def browser_settings(portals) -> dict:
    """Scrapy settings that route browser rows' requests through Chromium; none when no row needs it."""
    rows = [p.id for p in portals if p.browser]
    if not rows:
        return {}
    if importlib.util.find_spec("scrapy_playwright") is None:
        raise BrowserMissing(f"portal rows {', '.join(rows)} need a real browser: pip install 'nianbao[browser]'")
    browser_rows = [p for p in portals if p.browser]
    # Every host a browser row may not fetch goes to a proxy where nothing answers: Chromium follows a redirect to
    # another host before PLAYWRIGHT_ABORT_REQUEST is asked (Playwright routes a chain's first request only), but
    # never past the proxy rule.
    launch = {"headless": True, "args": CHROMIUM_ARGS, "proxy": {"server": nowhere(), "bypass": bypass(browser_rows)}}
    executable = chromium()
    if executable:
        launch["executable_path"] = executable
    return {"DOWNLOAD_HANDLERS": {"http": HANDLER, "https": HANDLER}, "PLAYWRIGHT_BROWSER_TYPE": "chromium",
            "PLAYWRIGHT_LAUNCH_OPTIONS": launch, "PLAYWRIGHT_ABORT_REQUEST": off_limits(browser_rows)}


def nowhere() -> str:
    """A proxy no request gets past: a loopback port we hold bound, never listening, so a connection is refused at
    once and nothing else can take the port while the crawl runs."""
    held = socket.socket()
    held.bind(("127.0.0.1", 0))
    _HELD.append(held)
    return f"http://127.0.0.1:{held.getsockname()[1]}"


def bypass(portals) -> str:
    """Chromium's proxy bypass list: each site of the rows on each of its ports (a site's subdomains too)."""
    patterns = []
    for portal in portals:
        for site, ports in portal.fetch_rule.ports.items():
            hosts = [site] if _is_address(site) else [site, f"*.{site}"]
            patterns += [f"{host}:{port}" for host in hosts for port in sorted(ports)]
    # Chromium's last matching rule wins: loopback is proxied first (Playwright adds this rule last unless given),
    # and the rows' own loopback hosts bypass it after.
    return ",".join(["<-loopback>", *dict.fromkeys(patterns)])


def _is_address(site: str) -> bool:
    try:
        ipaddress.ip_address(site)
    except ValueError:
        return False
    return True


def off_limits(portals):
    """Chromium's own requests (redirects it follows, images, scripts) aborted unless a browser row may fetch them."""
    rules = [portal.fetch_rule for portal in portals]

    def abort(request) -> bool:
        return all(rule.refusal(request.url) for rule in rules)

    return abort
