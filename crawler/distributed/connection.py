"""One Redis client policy for workers and the ingest: retry through a restart, then fail loudly."""

import math
from urllib.parse import urlsplit, urlunsplit

import redis
from redis.backoff import ExponentialBackoff
from redis.retry import Retry

# Backoff between reconnect attempts: doubling from the base, never more than the cap.
RETRY_BASE_SECONDS = 0.1
RETRY_CAP_SECONDS = 2.0
SOCKET_TIMEOUT_SECONDS = 30.0
CONNECT_TIMEOUT_SECONDS = 5.0


class LoudRedis(redis.Redis):
    """A client that, once a command has failed past all its retries, fails every later command at once.

    Without this every call still queued in a stopping worker (a heartbeat, a membership test, an
    acknowledgement) would spend the whole retry budget again before the process could exit.
    """

    lost: Exception | None = None  # for the whole process: one worker or one ingest per process

    def execute_command(self, *args, **options):
        """Run the command unless Redis was already lost."""
        if LoudRedis.lost is not None:
            raise redis.ConnectionError(f"Redis was lost earlier in this process: {LoudRedis.lost}")
        try:
            return super().execute_command(*args, **options)
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            LoudRedis.lost = exc
            raise


def retry_attempts(budget_seconds: float) -> int:
    """How many backed-off retries fit in the budget (a Redis restart should fit; an outage should not)."""
    attempts, waited = 0, 0.0
    while waited < budget_seconds:
        waited += min(RETRY_CAP_SECONDS, RETRY_BASE_SECONDS * math.pow(2, attempts))
        attempts += 1
    return attempts


def client_params(budget_seconds: float) -> dict:
    """redis-py keyword arguments: reconnect and retry every command for about budget_seconds."""
    return {
        "redis_cls": LoudRedis,
        "retry": Retry(ExponentialBackoff(cap=RETRY_CAP_SECONDS, base=RETRY_BASE_SECONDS),
                       retry_attempts(budget_seconds)),
        "retry_on_error": [redis.ConnectionError, redis.TimeoutError],
        "socket_timeout": SOCKET_TIMEOUT_SECONDS,
        "socket_connect_timeout": CONNECT_TIMEOUT_SECONDS,
        "health_check_interval": 5,
    }


def redacted(url: str) -> str:
    """The URL with its password (and user) replaced by ***, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None and parts.username is None:
        return url
    host = parts.hostname or ""
    host = f"[{host}]" if ":" in host else host
    netloc = f"***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def connect(url: str, budget_seconds: float) -> redis.Redis:
    """A client for url (redis://:PASSWORD@host/db; rediss://…?ssl_ca_certs=CA for TLS) that pings once, so a wrong
    address fails at start rather than mid-crawl."""
    params = client_params(budget_seconds)
    server = params.pop("redis_cls").from_url(url, **params)
    server.ping()
    return server
