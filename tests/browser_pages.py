"""Pages for the browser tests: each one's screenshot kept, its script errors failing the test."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "browser"
TIMEOUT_MS = 20_000


@contextmanager
def screenshot_page(browser, name: str, **context_options) -> Iterator:
    """A new page; its full screenshot lands in test-artifacts/browser/<name>.png, and a script error fails."""
    context = browser.new_context(**context_options)
    opened = context.new_page()
    opened.set_default_timeout(TIMEOUT_MS)
    errors = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    opened.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()
    assert not errors, errors
