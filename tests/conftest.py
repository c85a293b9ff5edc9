"""Shared fixtures: the demo portal on 127.0.0.1 and the nianbao command run as a user would."""

import os
import socket
import subprocess
import sys

import pytest
import yaml

from demo.site import DemoSite

# Loopback servers of our own: no need for AutoThrottle's first wait.
FAST_ENV = {"NIANBAO_START_DELAY": "0.01", "NIANBAO_LOG_LEVEL": "WARNING"}


def nianbao(*args, timeout=300) -> subprocess.CompletedProcess:
    """Run the nianbao command line in a child process (Scrapy's reactor runs once per process)."""
    env = {**os.environ, **FAST_ENV}
    return subprocess.run([sys.executable, "-m", "archive.cli", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, env=env)


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
