"""Crawl runs, per-portal outcomes, failures and skipped pages: what happened, kept for operators."""

import json
import uuid
from datetime import datetime, timezone

import sqlite_utils

from nianbao.archive.db import insert_rows

# HTTP answers that mean the page itself is gone, not that the server had a bad moment.
PERMANENT_STATUSES = (404, 410)
# Answers by which a server refuses this client (often an anti-bot gateway): the portal is blocked, not its pages gone.
BLOCKED_STATUSES = (403, 412)
# How the reason of a page the archive could not store (a fetch_errors row) begins: it fails the portal's run.
WRITE_ERROR = "write error"


def utc_now() -> str:
    """The current time as an ISO-8601 UTC string, second precision."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def start_run(db: sqlite_utils.Database, command: str, portals: int = 0) -> str:
    """Record the start of a run; returns its id."""
    run_id = f"{datetime.now(timezone.utc):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}"
    db["crawl_runs"].insert({"id": run_id, "command": command, "started": utc_now(), "status": "running",
                             "portals": portals})
    return run_id


INTERRUPTED = "interrupted"


def run_exists(db: sqlite_utils.Database, run_id: str) -> bool:
    """True when the archive has a run of this id."""
    return bool(db.execute("select 1 from crawl_runs where id = ?", [run_id]).fetchone())


def run_status(db: sqlite_utils.Database, run_id: str) -> str | None:
    """A run's status in the archive, or None when it has no such run."""
    row = db.execute("select status from crawl_runs where id = ?", [run_id]).fetchone()
    return row[0] if row else None


def resume_run(db: sqlite_utils.Database, run_id: str) -> None:
    """Mark an interrupted run running again: its work is still queued (a distributed run's ingest restarted)."""
    db["crawl_runs"].update(run_id, {"status": "running"})


def finish_run(db: sqlite_utils.Database, run_id: str, status: str) -> None:
    """Close a run with its status and the counts of what it did."""
    counts = db.execute(
        "select (select count(*) from fetches where crawl_run = :r),"
        " (select count(*) from versions where crawl_run = :r and version = 1),"
        " (select count(*) from versions where crawl_run = :r and version > 1),"
        " (select count(*) from sources where crawl_run = :r and first_seen = fetched_at),"
        " (select count(*) from fetch_errors where crawl_run = :r),"
        " (select count(*) from rechecks where crawl_run = :r),"
        " (select count(*) from rechecks where crawl_run = :r and outcome = 'gone')", {"r": run_id}).fetchone()
    db["crawl_runs"].update(run_id, {
        "finished": utc_now(), "status": status, "pages_fetched": counts[0], "reports_new": counts[1],
        "versions_new": counts[2], "sources_new": counts[3], "errors": counts[4], "rechecked": counts[5],
        "gone": counts[6],
    })


def record_portals(db: sqlite_utils.Database, portals) -> None:
    """Keep the registry rows crawled, as given."""
    db["portals"].upsert_all(
        ({"id": p.id, "name": p.name, "start_url": p.start_url, "family": p.family, "agency": p.agency,
          "region": p.region, "division": p.division,
          "aliases": json.dumps(p.aliases, ensure_ascii=False) if p.aliases else None} for p in portals),
        pk="id", alter=True)


def record_portal_run(db: sqlite_utils.Database, run_id: str, row: dict) -> None:
    """Write what one run did on one portal, and the family it used."""
    db["portal_runs"].upsert({"crawl_run": run_id, **row}, pk=("crawl_run", "portal"))
    if row.get("family"):
        db["portals"].update(row["portal"], {"detected_family": row["family"]})


def record_fetch(db: sqlite_utils.Database, page) -> None:
    """Log a fetched detail page; reparse replays these."""
    insert_rows(db, "fetches", [{
        "url": page.url, "portal": page.portal, "crawl_run": page.crawl_run, "fetched_at": page.fetched_at,
        "status": page.status, "content_hash": page.content_hash, "content_type": page.content_type,
        "etag": page.etag, "last_modified": page.last_modified, "listing_title": page.listing_title,
        "listing_date": page.listing_date, "kind": page.kind,
        "listed_url": page.listed_url if page.listed_url != page.url else None, "parent_url": page.parent_url,
    }])


def record_failure(db: sqlite_utils.Database, failure) -> None:
    """Log a URL that failed, and why, once: a reparse replaying the run finds the same failures again."""
    if db.execute("select 1 from fetch_errors where url = ? and crawl_run = ? and reason = ?",
                  [failure.url, failure.crawl_run, failure.reason]).fetchone():
        return
    insert_rows(db, "fetch_errors", [{
        "url": failure.url, "portal": failure.portal, "crawl_run": failure.crawl_run, "at": failure.at,
        "status": failure.status, "reason": failure.reason, "permanent": int(failure.permanent),
        "content_hash": failure.content_hash,
    }])


def unstored_pages(db: sqlite_utils.Database, run_id: str, portal: str) -> list[tuple[str, str]]:
    """(url, reason) of each page of a portal's run that the archive could not store."""
    return db.execute("select url, reason from fetch_errors where crawl_run = ? and portal = ? and reason like ?"
                      " order by id", [run_id, portal, f"{WRITE_ERROR}:%"]).fetchall()


def record_skipped(db: sqlite_utils.Database, page, reason: str) -> None:
    """Log a fetched page that is not a report (a notice that slipped through the listing filter)."""
    insert_rows(db, "skipped", [{
        "url": page.url, "portal": page.portal, "title": page.meta.title if page.meta else page.listing_title,
        "reason": reason, "source_url": page.url, "fetched_at": page.fetched_at,
        "content_hash": page.content_hash, "crawl_run": page.crawl_run,
    }], upsert=True)


def known_urls(db: sqlite_utils.Database) -> set[str]:
    """Detail URLs a crawl need not fetch again: archived sources, skipped pages, permanently gone links,
    and the listed URLs that redirected to any of these."""
    placeholders = ",".join("?" * len(PERMANENT_STATUSES))
    rows = db.execute(
        "select url from sources union select url from skipped"
        f" union select url from fetch_errors where permanent = 1 and status in ({placeholders})"
        " union select f.listed_url from fetches f where f.listed_url is not null"
        " and f.url in (select url from sources union select url from skipped)",
        list(PERMANENT_STATUSES))
    return {row[0] for row in rows}
