"""Rebuild every parsed table from the stored raw pages, without fetching anything."""

from collections.abc import Callable

import sqlite_utils

from nianbao.archive.parser_version import set_parser_version
from nianbao.archive.raw import get_raw
from nianbao.archive.rechecks import refresh_all
from nianbao.archive.runs import finish_run, start_run
from nianbao.archive.shadow import rebuilt
from nianbao.crawler.items import ATTACHMENT, DETAIL, Page
from nianbao.crawler.project import project_settings
from nianbao.extract.documents.pool import ReaderPool
from nianbao.pipelines.clean import CleanPipeline
from nianbao.pipelines.deduplicate import DeduplicatePipeline
from nianbao.pipelines.parse import ParsePipeline
from nianbao.pipelines.write import WritePipeline

# Rebuilt by a reparse, swapped in together: a table derived from the raw pages joins by being listed.
DERIVED_TABLES = ("reports", "versions", "sources", "cells", "checks", "repairs", "placements", "skipped", "agencies",
                  "agency_names")


def reparse(db: sqlite_utils.Database, progress: Callable[[int, int], None] | None = None) -> str:
    """Rebuild the derived tables beside the live ones: replay every fetch (with its page's files) oldest first
    through clean → parse → dedupe → write, re-derive gone marks, then swap them in and close the run, in one
    transaction (a reparse killed at any point leaves the archive as it was)."""
    run_id = start_run(db, "nianbao reparse")
    try:
        with rebuilt(db, DERIVED_TABLES), ReaderPool.from_settings(project_settings()) as readers:
            _replay(db, progress, readers)
            refresh_all(db)
            set_parser_version(db)
            finish_run(db, run_id, "ok")
    except BaseException:
        finish_run(db, run_id, "error")
        raise
    return run_id


def _replay(db: sqlite_utils.Database, progress: Callable[[int, int], None] | None, readers: ReaderPool) -> None:
    """Files are read by the readers, within the limits a crawl reads them in."""
    stages = [CleanPipeline(readers), ParsePipeline(), DeduplicatePipeline(db), WritePipeline(db)]
    agencies = {row["id"]: row["agency"] for row in db["portals"].rows}
    fetches = list(db.query("select * from fetches where content_hash is not null order by fetched_at, id"))
    files: dict[tuple[str, str], list[dict]] = {}
    for fetch in fetches:
        if fetch["kind"] == ATTACHMENT:
            files.setdefault((fetch["parent_url"], fetch["crawl_run"]), []).append(fetch)
    fetches = [fetch for fetch in fetches if fetch["kind"] != ATTACHMENT]
    for done, fetch in enumerate(fetches, start=1):
        item = _page(db, fetch, agencies)
        item.attachments = [_page(db, file, agencies) for file in files.get((fetch["url"], fetch["crawl_run"]), [])]
        for stage in stages:
            item = stage.process_item(item)
        if progress:
            progress(done, len(fetches))


def _page(db: sqlite_utils.Database, fetch: dict, agencies: dict[str, str]) -> Page:
    """A logged fetch as the spider handed it on, its body read back from raw_pages."""
    return Page(portal=fetch["portal"], url=fetch["url"], status=fetch["status"],
                body=get_raw(db, fetch["content_hash"]), fetched_at=fetch["fetched_at"],
                crawl_run=fetch["crawl_run"], content_type=fetch["content_type"], etag=fetch["etag"],
                last_modified=fetch["last_modified"], listing_title=fetch["listing_title"],
                listing_date=fetch["listing_date"], content_hash=fetch["content_hash"],
                portal_agency=agencies.get(fetch["portal"]), kind=fetch["kind"] or DETAIL,
                listed_url=fetch["listed_url"], parent_url=fetch["parent_url"])
