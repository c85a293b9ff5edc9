"""The run plan the ingest publishes and the workers follow: run id, status and the portal rows."""

import pickle
from dataclasses import dataclass

from crawler.distributed.keys import Keys

RUNNING, FINISHED = "running", "finished"


@dataclass(frozen=True)
class Plan:
    """What a worker needs to join a run, with no access to the archive."""

    run_id: str
    status: str
    portals: list


def read_plan(server, keys: Keys) -> Plan | None:
    """The current plan, or None when Redis holds none (never planned, or Redis lost its data)."""
    fields = server.hgetall(keys.plan)
    if not fields:
        return None
    return Plan(run_id=fields[b"run_id"].decode(), status=fields[b"status"].decode(),
                portals=pickle.loads(fields[b"portals"]))


def write_plan(server, keys: Keys, run_id: str, portals: list) -> None:
    """Publish a new running plan."""
    server.hset(keys.plan, mapping={"run_id": run_id, "status": RUNNING, "portals": pickle.dumps(portals)})


def finish_plan(server, keys: Keys) -> None:
    """Mark the plan finished: late workers see it and stop."""
    server.hset(keys.plan, "status", FINISHED)
