"""Shared fixtures: the demo portal on 127.0.0.1 and the nianbao command run as a user would."""

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from contextlib import closing, contextmanager
from urllib.parse import urlsplit

import pytest
import yaml

from nianbao.crawler.browser import CHROMIUM_ARGS, chromium
from nianbao.demo.site import DemoSite

# Loopback servers of our own: no need for AutoThrottle's first wait.
FAST_ENV = {"NIANBAO_START_DELAY": "0.01", "NIANBAO_LOG_LEVEL": "WARNING"}


def nianbao(*args, timeout=300, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the nianbao command line in a child process (Scrapy's reactor runs once per process)."""
    env = {**os.environ, **FAST_ENV, **(env or {})}
    return subprocess.run([sys.executable, "-m", "nianbao", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, env=env)


def server_path(url: str) -> str:
    """A URL as a demo server logs it: path, and query if any."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def rows(db_path, sql: str, params=()) -> list[dict]:
    """Rows of a query on an archive file, as dicts."""
    with closing(sqlite3.connect(db_path)) as db:
        db.row_factory = sqlite3.Row
        return [dict(r) for r in db.execute(sql, params)]


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def demo_site():
    """The three demo portals, served for the whole session."""
    site = DemoSite().start()
    yield site
    site.stop()


def write_registry(path, rows) -> str:
    """A registry file from rows."""
    path.write_text(yaml.safe_dump(rows, allow_unicode=True), encoding="utf-8")
    return str(path)


# Scraped content is untrusted: this report's title and text try to run script in the reader's browser.
HOSTILE = {
    "id": "hostile0000000001",
    "agency": "注入测试局",
    "year": 2023,
    "title": "<script>window.__pwned = 1</script>注入测试局2023年政府信息公开工作年度报告",
    "text": "本机关收到行政复议申请<img src=x onerror=\"window.__pwned = 2\">2件。<b>不应加粗</b>",
    "template": "none",
    "portal": "demo-trs",
    "source_url": "http://127.0.0.1/hostile.html",
}


def installed(path: str | None, what: str, install: str) -> str:
    """A tool's path; a CI run without it fails (.ci/run installs it), a laptop without it skips."""
    if not path:
        if os.environ.get("CI"):
            pytest.fail(f"{what} is not installed; .ci/run installs it ({install})")
        pytest.skip(f"no {what} here ({install}); CI runs these tests")
    return path


def chromium_path() -> str:
    """Debian's Chromium (or NIANBAO_CHROMIUM)."""
    return installed(chromium(), "Chromium", "apt-get install chromium")


def wait_for_http(url: str, attempts: int = 150) -> None:
    """Wait until url answers."""
    for _ in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} never answered")


@pytest.fixture(scope="session")
def published(demo_site, tmp_path_factory):
    """The demo crawled, one hostile report added, snapshotted, and served by `nianbao serve` on loopback."""
    tmp = tmp_path_factory.mktemp("published")
    db_path = tmp / "nianbao.db"
    result = nianbao("crawl", "--portals", write_registry(tmp / "portals.yaml", demo_site.registry_rows()),
                     "--db", db_path)
    assert result.returncode == 0, result.stderr[-3000:]
    with closing(sqlite3.connect(db_path)) as conn, conn:
        columns = ", ".join(HOSTILE)
        conn.execute(f"INSERT INTO reports ({columns}) VALUES ({', '.join('?' * len(HOSTILE))})",
                     list(HOSTILE.values()))
    result = nianbao("snapshot", "--db", db_path, "--snapshots", tmp / "snapshots")
    assert result.returncode == 0, result.stderr[-3000:]
    with serving(tmp / "snapshots") as base:
        snapshot_db = next((tmp / "snapshots").glob("*/nianbao.db"))
        yield {"base": base, "db": base + "/nianbao", "snapshot": snapshot_db, "archive": db_path, "tmp": tmp}


# Several processes, as `nianbao serve` runs on any machine of more than one CPU, whatever the test machine has.
SERVE_WORKERS = 2


@contextmanager
def serving_process(snapshots):
    """`nianbao serve` on a free loopback port for the newest snapshot in a directory, from SERVE_WORKERS Datasette
    processes; yields its base URL and its process (uvicorn's supervisor: the command execs it)."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "nianbao", "serve", "--snapshots", str(snapshots),
                               "--port", str(port), "--workers", str(SERVE_WORKERS)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(base + "/-/versions.json")
        yield base, server
    finally:
        server.terminate()
        server.wait(timeout=10)


@contextmanager
def serving(snapshots):
    """`nianbao serve` on a free loopback port for the newest snapshot in a directory; yields its base URL."""
    with serving_process(snapshots) as (base, _):
        yield base


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright, headless."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()
