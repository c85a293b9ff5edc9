"""The one archive writer of a distributed crawl: plan the run, drain the workers' checked items, close the run."""

import logging
import time
from dataclasses import dataclass, field

from redis.exceptions import RedisError

from nianbao.archive.db import write_group, write_pages, write_seconds
from nianbao.archive.lock import locked_archive
from nianbao.archive.parser_version import claim_if_empty
from nianbao.archive.runs import INTERRUPTED, known_urls, record_portals, resume_run, run_exists, run_status, start_run
from nianbao.crawler.distributed.connection import connect, redacted
from nianbao.crawler.distributed.item_json import ItemJson
from nianbao.crawler.distributed.keys import Keys
from nianbao.crawler.distributed.plan import FINISHED, RUNNING, finish_plan, read_plan, write_plan
from nianbao.crawler.distributed.queue import LeasedPriorityQueue
from nianbao.crawler.distributed.rejections import ITEMS, PLAN, STATS, Rejections, summary
from nianbao.crawler.distributed.request_json import RequestJson
from nianbao.crawler.distributed.schema import Rejected
from nianbao.crawler.distributed.stats_json import dumps_stats, loads_stats
from nianbao.crawler.distributed.workers import worker_ids
from nianbao.crawler.items import Failure, Page
from nianbao.crawler.portal_stats import merge_stats
from nianbao.crawler.runlog import close_run
from nianbao.crawler.spiders.portals import PortalsSpider
from nianbao.pipelines.archive_stage import unstored
from nianbao.pipelines.deduplicate import DeduplicatePipeline
from nianbao.pipelines.keep_raw import KeepRawPipeline
from nianbao.pipelines.write import WritePipeline

logger = logging.getLogger(__name__)
COMMAND = "nianbao ingest"
# The ingest's own counters (rows it skipped as unsupported) sit beside the workers' under this name.
PLANNER = "ingest"
POP_SECONDS = 1
KNOWN_BATCH = 5000
# Characters of a stats hash field (a worker id) shown when its value is rejected.
LINE_PREVIEW = 128


class RunLost(RuntimeError):
    """Redis no longer holds the run this ingest is draining (flushed, or restarted without persistence)."""


class NoWorkers(RuntimeError):
    """Requests wait in the queue but no worker has been alive for the whole wait."""


@dataclass
class Ingested:
    """What one ingest did."""

    run_id: str
    failed: list
    items: int
    resumed: bool
    # Values read from Redis that failed their schema, by what they were meant to be, over the ingest and workers.
    rejected: dict = field(default_factory=dict)


class Ingest:
    """Holds the archive lock and the Redis client for one run, from plan to close."""

    def __init__(self, db, server, keys: Keys, settings, progress=None):
        self.db, self.server, self.keys, self.settings = db, server, keys, settings
        self.stages = [KeepRawPipeline(db), DeduplicatePipeline(db),
                       WritePipeline(db, settings.getint("NIANBAO_WRITE_PAGES", write_pages()),
                                     settings.getfloat("NIANBAO_WRITE_SECONDS", write_seconds()))]
        # Items are written in groups, one transaction each; they leave the ingesting list once it commits.
        self.group = write_group(db)
        self.group.on_commit.append(self.acknowledge)
        self.taken: list = []
        self.progress = progress or (lambda message: None)
        max_bytes = settings.getint("DOWNLOAD_MAXSIZE")
        self.item_json, self.request_json = ItemJson(max_bytes), RequestJson(max_bytes)
        self.rejections = Rejections()
        self.items = 0
        self.rejected: dict[str, int] = {}
        # Items an earlier ingest took but may not have finished: written again only where they are missing.
        self.replays = 0

    def queue_for(self, spider) -> LeasedPriorityQueue:
        """The shared request queue, serializing callbacks against spider."""
        return LeasedPriorityQueue(self.server, spider, self.keys.requests, self.request_json, keys=self.keys,
                                   worker=PLANNER, rejections=self.rejections)

    def plan(self, portals: list) -> tuple[str, PortalsSpider, bool]:
        """Resume the running plan of an ingest that died, or plan a new run and queue its seeds."""
        while self.server.lmove(self.keys.ingesting, self.keys.items, "RIGHT", "LEFT") is not None:
            self.replays += 1
        current = self.current_plan()
        # An ingest killed while closing its run leaves the plan finished and the run interrupted: close it.
        closing = current and current.status == FINISHED and run_status(self.db, current.run_id) == INTERRUPTED
        if current and (current.status == RUNNING and run_exists(self.db, current.run_id) or closing):
            resume_run(self.db, current.run_id)
            planner = PortalsSpider(portals=current.portals, run_id=current.run_id)
            self.progress(f"resuming run {current.run_id}")
            return current.run_id, planner, True
        if self.server.llen(self.keys.items):
            self.progress("ingesting items left by an earlier run")
            self.drain_items()
        self.clear_run(current.run_id if current else None)
        run_id = start_run(self.db, COMMAND, len(portals))
        record_portals(self.db, portals)
        planner = PortalsSpider(portals=portals, run_id=run_id)
        known = sorted(known_urls(self.db))
        for start in range(0, len(known), KNOWN_BATCH):
            self.server.sadd(self.keys.known, *known[start:start + KNOWN_BATCH])
        queue = self.queue_for(planner)
        seeds = planner.seed_requests(self.db, self.settings.getfloat("NIANBAO_RECHECK_DAYS"),
                                      self.settings.getint("NIANBAO_RECHECK_LIMIT"))
        for request in seeds:
            queue.push(request)
        self.publish_planner_stats(run_id, planner)
        write_plan(self.server, self.keys, run_id, portals)
        self.progress(f"run {run_id} planned: {len(portals)} portals, {len(queue)} requests queued")
        return run_id, planner, False

    def current_plan(self):
        """The plan in Redis, or None when there is none or it is not a plan (rejected: this ingest plans anew)."""
        try:
            return read_plan(self.server, self.keys)
        except Rejected as exc:
            self.rejections.reject(PLAN, self.keys.plan, exc)
            return None

    def publish_planner_stats(self, run_id: str, planner: PortalsSpider) -> None:
        """Keep what the planning found (unsupported rows) with the workers' counters."""
        self.server.hset(self.keys.stats(run_id), PLANNER, dumps_stats(planner.stats_by_portal, {}))

    def ingest_one(self) -> bool:
        """Move one item into the archive (keep raw, deduplicate, write); False if none came, after committing what
        was written; a non-item is rejected."""
        data = self.server.blmove(self.keys.items, self.keys.ingesting, POP_SECONDS, "LEFT", "RIGHT")
        if data is None:
            self.group.commit()
            return False
        replayed = self.replays > 0
        self.replays -= replayed
        try:
            item = self.item_json.loads(data)
        except Rejected as exc:
            self.rejections.reject(ITEMS, self.keys.items, exc, data)
            self.server.lrem(self.keys.ingesting, 1, data)
            return True
        if not (replayed and self.already_written(item)):
            try:
                self.store(item)
            except Exception as exc:  # taken off the list below: a restart would only fail on it again
                if not isinstance(item, Page):
                    raise
                self.store(unstored(item, exc))
        self.taken.append(data)
        self.items += 1
        if self.group.due():
            self.group.commit()
        return True

    def store(self, item) -> None:
        """Keep raw, deduplicate and write one item in the group's transaction: whole or absent, also after a kill."""
        with self.group.page():
            for stage in self.stages:
                item = stage.process_item(item)

    def acknowledge(self) -> None:
        """Take the items of a committed group off the ingesting list: a restart need not replay them."""
        taken, self.taken = self.taken, []
        for data in taken:
            self.server.lrem(self.keys.ingesting, 1, data)

    def already_written(self, item) -> bool:
        """True for an item an earlier ingest committed but had not yet taken off the ingesting list."""
        if isinstance(item, Page):  # written, or recorded as a page the archive could not store
            found = self.db.execute("select 1 from fetches where crawl_run = ? and url = ? and fetched_at = ? union all"
                                    " select 1 from fetch_errors where crawl_run = ? and url = ? and at = ?",
                                    [item.crawl_run, item.url, item.fetched_at] * 2).fetchone()
        elif isinstance(item, Failure):
            found = self.db.execute("select 1 from fetch_errors where crawl_run = ? and url = ? and at = ?",
                                    [item.crawl_run, item.url, item.at]).fetchone()
        else:
            found = None  # a re-check answer is kept once per URL and run: writing it again changes nothing
        return found is not None

    def drain_items(self) -> None:
        """Ingest everything already in the items list, and commit it."""
        while self.server.llen(self.keys.items) and self.ingest_one():
            pass
        self.group.commit()

    def drain(self, run_id: str, planner: PortalsSpider) -> None:
        """Ingest items until no request of the run is queued or in flight and every item is in the archive."""
        queue = self.queue_for(planner)
        wait = self.settings.getfloat("NIANBAO_WAIT_SECONDS")
        last_seen = time.monotonic()
        while True:
            if self.ingest_one():
                continue
            try:
                current = read_plan(self.server, self.keys)
            except Rejected as exc:
                self.rejections.reject(PLAN, self.keys.plan, exc)
                write_plan(self.server, self.keys, run_id, list(planner.portals.values()))
                logger.warning("the plan of run %s in Redis was overwritten by another client; written again", run_id)
                continue
            if current is None or current.run_id != run_id:
                raise RunLost(f"Redis no longer holds run {run_id} (flushed, or restarted without persistence); "
                              f"{self.items} items were ingested; rerun to fetch the rest")
            queue.return_dead_leases()
            if queue.pending() == 0 and self.server.llen(self.keys.items) == 0:
                return
            if self.alive_workers():
                last_seen = time.monotonic()
            elif time.monotonic() - last_seen > wait:
                raise NoWorkers(f"{queue.pending()} requests of run {run_id} wait in Redis, but no worker has been "
                                f"alive for {wait:.0f} s: start `nianbao worker` against this Redis")

    def close(self, run_id: str, planner: PortalsSpider) -> list[str]:
        """Tell the workers the run is over, wait for their last counters, write the run's outcome."""
        finish_plan(self.server, self.keys)
        deadline = time.monotonic() + self.settings.getfloat("NIANBAO_HEARTBEAT_SECONDS") * \
            self.settings.getfloat("NIANBAO_HEARTBEAT_MISSES")
        while self.alive_workers() and time.monotonic() < deadline:
            time.sleep(POP_SECONDS / 4)
        self.drain_items()
        merged, rejected = self.merged_stats(run_id, planner)
        failed = close_run(self.db, run_id, merged, "finished")
        if sum(rejected.values()):
            logger.warning("run %s: values read from Redis rejected (not what their key holds, never used): %s",
                           run_id, summary(rejected))
        self.rejected = rejected
        self.clear_run(run_id)
        return failed

    def alive_workers(self) -> list[str]:
        """Workers of this run whose heartbeat is still fresh."""
        members = worker_ids(self.server, self.keys, self.rejections)
        return [worker for worker in members if self.server.exists(self.keys.alive(worker))]

    def merged_stats(self, run_id: str, planner: PortalsSpider) -> tuple[list, dict[str, int]]:
        """Each portal's counters summed over the planning and every worker; the values they all rejected, by kind."""
        parts: dict[str, list] = {portal: [] for portal in planner.portals}
        key = self.keys.stats(run_id)
        rejected: dict[str, int] = {}
        for worker, blob in self.server.hgetall(key).items():
            try:
                by_portal, theirs = loads_stats(blob)
            except Rejected as exc:
                self.rejections.reject(STATS, f"{key} {worker[:LINE_PREVIEW]!r}", exc, blob)
                continue
            for portal, stats in by_portal.items():
                parts.setdefault(portal, []).append(stats)
            for what, count in theirs.items():
                rejected[what] = rejected.get(what, 0) + count
        for what, count in self.rejections.counts.items():
            rejected[what] = rejected.get(what, 0) + count
        return [merge_stats(found) for found in parts.values() if found], rejected

    def clear_run(self, run_id: str | None) -> None:
        """Remove a run's queue, filter, sets, counters and in-flight hashes; the finished plan stays, and
        alive keys expire on their own (a live worker's must not vanish under it)."""
        workers = worker_ids(self.server, self.keys, self.rejections)
        stats = [self.keys.stats(run_id)] if run_id else []
        self.server.delete(*self.keys.run_keys(), self.keys.workers, *stats,
                           *(self.keys.inflight(worker) for worker in workers))


def run_ingest(db_path: str, portals: list, settings, progress=None) -> Ingested:
    """Plan or resume a run, ingest until it is done, and close it; raises RunLost if Redis lost it."""
    server = connect(settings.get("REDIS_URL"), settings.getfloat("NIANBAO_REDIS_RETRY_SECONDS"))
    keys = Keys(settings.get("NIANBAO_REDIS_PREFIX"))
    with locked_archive(db_path) as db:
        claim_if_empty(db)
        ingest = Ingest(db, server, keys, settings, progress)
        run_id, planner, resumed = ingest.plan(portals)
        try:
            ingest.drain(run_id, planner)
        except (RunLost, NoWorkers) as exc:
            close_run(db, run_id, [], type(exc).__name__)
            raise
        except RedisError as exc:
            close_run(db, run_id, [], "redis_lost")
            raise RunLost(f"lost Redis at {redacted(settings.get('REDIS_URL'))} while ingesting run {run_id}: {exc}; "
                          f"{ingest.items} items were ingested; what is still in Redis is ingested when "
                          f"`nianbao ingest` runs again") from exc
        failed = ingest.close(run_id, planner)
    return Ingested(run_id, failed, ingest.items, resumed, ingest.rejected)
