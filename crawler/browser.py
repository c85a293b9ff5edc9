"""A real browser (scrapy-playwright driving Chromium) for registry rows marked `browser: true`, and only for them."""

import importlib.util
import os
import shutil

# scrapy-playwright renders a request in the browser when its meta says so; other requests keep Scrapy's HTTP.
BROWSER_META = "playwright"
HANDLER = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"
# Chromium as root in a container, with no route out: no sandbox, no background connections.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


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
    launch = {"headless": True, "args": CHROMIUM_ARGS}
    executable = chromium()
    if executable:
        launch["executable_path"] = executable
    return {"DOWNLOAD_HANDLERS": {"http": HANDLER, "https": HANDLER}, "PLAYWRIGHT_BROWSER_TYPE": "chromium",
            "PLAYWRIGHT_LAUNCH_OPTIONS": launch}
