"""The run plan the ingest publishes and the workers follow: run id and status as text, the portal rows as JSON."""

from dataclasses import dataclass

from nianbao.crawler.distributed.keys import Keys
from nianbao.crawler.distributed.schema import (
    LINE_CHARS,
    MANY,
    NAME_CHARS,
    Choice,
    Flag,
    HttpUrl,
    ListOf,
    Nullable,
    Record,
    Rejected,
    Text,
    decode,
    decode_text,
    encode,
)
from nianbao.crawler.registry import DETECT, SUPPORTED_FAMILIES, UNSUPPORTED_FAMILIES, Portal

RUNNING, FINISHED = "running", "finished"
# Bytes of the portal rows: tens of thousands of registry rows.
PLAN_BYTES = 64 * 1024 * 1024
SHORT = Nullable(Text())
PORTAL = Record(Portal, {
    "id": Text(), "name": Text(LINE_CHARS), "start_url": HttpUrl(),
    "family": Nullable(Choice(SUPPORTED_FAMILIES + UNSUPPORTED_FAMILIES + tuple(f for f in DETECT if f))),
    "agency": SHORT, "region": SHORT, "hosts": ListOf(Text(), into=tuple), "level": SHORT,
    "evidence": Nullable(Text(LINE_CHARS)), "notes": Nullable(Text(LINE_CHARS)), "browser": Flag(),
}, left=("division", "aliases"))  # name resolution happens in the ingest, which reads the registry itself
PORTALS = ListOf(PORTAL, MANY)
FIELDS = (b"run_id", b"status", b"portals")
# Field names of a hash that is no plan shown when it is rejected.
FIELDS_SHOWN = 10


@dataclass(frozen=True)
class Plan:
    """What a worker needs to join a run, with no access to the archive."""

    run_id: str
    status: str
    portals: list


def read_plan(server, keys: Keys) -> Plan | None:
    """The current plan; None when Redis holds none (never planned, or lost its data); Rejected if it is no plan."""
    fields = server.hgetall(keys.plan)
    if not fields:
        return None
    if set(fields) != set(FIELDS):
        shown = ", ".join(repr(name[:NAME_CHARS]) for name in sorted(fields)[:FIELDS_SHOWN])
        more = "…" if len(fields) > FIELDS_SHOWN else ""
        raise Rejected(f"plan: expected fields {', '.join(f.decode() for f in FIELDS)}, got {shown}{more}")
    run_id = decode_text(Text(), fields[b"run_id"], "plan.run_id")
    status = decode_text(Choice((RUNNING, FINISHED)), fields[b"status"], "plan.status")
    portals = decode(PORTALS, fields[b"portals"], PLAN_BYTES, "plan.portals")
    browser = [portal.id for portal in portals if portal.browser]
    if browser:
        raise Rejected(f"plan.portals: rows {', '.join(browser)} need a browser, which workers do not drive")
    return Plan(run_id=run_id, status=status, portals=portals)


def write_plan(server, keys: Keys, run_id: str, portals: list) -> None:
    """Publish a new running plan."""
    server.hset(keys.plan, mapping={"run_id": run_id, "status": RUNNING, "portals": encode(PORTALS, portals)})


def finish_plan(server, keys: Keys) -> None:
    """Mark the plan finished: late workers see it and stop."""
    server.hset(keys.plan, "status", FINISHED)
