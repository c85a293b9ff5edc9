"""The Redis keys of one archive's distributed crawl, all under one prefix."""

from dataclasses import dataclass

DEFAULT_PREFIX = "nianbao"


@dataclass(frozen=True)
class Keys:
    """Names of every key a worker or the ingest touches; two archives sharing a Redis use two prefixes."""

    prefix: str = DEFAULT_PREFIX

    @property
    def plan(self) -> str:
        """Hash: the current run's id, status and portal rows, written by the ingest."""
        return f"{self.prefix}:plan"

    @property
    def requests(self) -> str:
        """Sorted set: scrapy-redis's shared request queue."""
        return f"{self.prefix}:requests"

    @property
    def dupefilter(self) -> str:
        """Set: scrapy-redis's shared request fingerprints."""
        return f"{self.prefix}:dupefilter"

    @property
    def items(self) -> str:
        """List: items the workers parsed, waiting for the ingest."""
        return f"{self.prefix}:items"

    @property
    def ingesting(self) -> str:
        """List: items the ingest took and has not yet committed (put back if it dies)."""
        return f"{self.prefix}:items:ingesting"

    @property
    def known(self) -> str:
        """Set: detail URLs the archive already holds, published by the ingest for this run."""
        return f"{self.prefix}:known"

    @property
    def blocked(self) -> str:
        """Set: portals that refused a worker (403/412) this run."""
        return f"{self.prefix}:blocked"

    @property
    def workers(self) -> str:
        """Set: ids of the workers that joined this run."""
        return f"{self.prefix}:workers"

    def stats(self, run_id: str) -> str:
        """Hash: each worker's latest counters in a run, by worker and portal, merged by the ingest at the end."""
        return f"{self.prefix}:stats:{run_id}"

    @property
    def lease_counter(self) -> str:
        """Counter: lease numbers for requests handed to workers."""
        return f"{self.prefix}:lease"

    def inflight(self, worker: str) -> str:
        """Hash: the requests a worker took and has not finished, by lease."""
        return f"{self.prefix}:inflight:{worker}"

    def alive(self, worker: str) -> str:
        """Key with a time to live: present while the worker's heartbeat runs."""
        return f"{self.prefix}:alive:{worker}"

    def run_keys(self) -> list[str]:
        """The keys that belong to one run and go when it ends (plan, stats and worker keys apart)."""
        return [self.requests, self.dupefilter, self.items, self.ingesting, self.known, self.blocked,
                self.lease_counter]
