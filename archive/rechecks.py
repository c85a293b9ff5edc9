"""Scheduled re-checks of known report pages: which are due, and what each answer means for sources and reports."""

from datetime import datetime, timedelta, timezone

import sqlite_utils

NOT_MODIFIED, SAME, NEW_VERSION, GONE, BLOCKED, ERROR = "not_modified", "same", "new_version", "gone", "blocked", "error"
# Answers that show the page is there; blocked and error answers say nothing either way.
LIVE = (NOT_MODIFIED, SAME, NEW_VERSION, "new_report")


def due_rechecks(db: sqlite_utils.Database, portal: str, after_days: float, limit: int) -> list[dict]:
    """A portal's report pages last checked more than after_days ago, oldest first, with their validators."""
    cutoff = (datetime.now(timezone.utc) - timedelta(days=after_days)).replace(microsecond=0).isoformat()
    return [dict(row) for row in db.query(
        "select s.url, s.report_id, s.etag, s.last_modified, f.listing_title, f.listing_date from sources s"
        " left join fetches f on f.id = (select max(id) from fetches where url = s.url)"
        " where s.portal = :portal and coalesce(s.checked_at, s.fetched_at) <= :cutoff"
        " order by coalesce(s.checked_at, s.fetched_at), s.url limit :limit",
        {"portal": portal, "cutoff": cutoff, "limit": limit})]


def conditional_headers(source: dict) -> dict[str, str]:
    """If-None-Match / If-Modified-Since from the validators the server gave last time."""
    headers = {}
    if source.get("etag"):
        headers["If-None-Match"] = source["etag"]
    if source.get("last_modified"):
        headers["If-Modified-Since"] = source["last_modified"]
    return headers


def record_recheck(db: sqlite_utils.Database, recheck) -> None:
    """Log one re-check answer (once per URL and run) and bring its source's and report's status up to date."""
    report = db.execute("select report_id from sources where url = ?", [recheck.url]).fetchone()
    with db.atomic():
        db["rechecks"].upsert({
            "url": recheck.url, "crawl_run": recheck.crawl_run, "portal": recheck.portal,
            "report_id": report[0] if report else None, "at": recheck.at, "status": recheck.status,
            "outcome": recheck.outcome, "detail": recheck.detail,
        }, pk=("url", "crawl_run"))
        refresh_source(db, recheck.url)


def refresh_source(db: sqlite_utils.Database, url: str) -> None:
    """Derive a source's last check and gone mark from its re-check log; gone keeps the first date of the streak."""
    checked = gone = reason = None
    for at, outcome, detail in db.execute("select at, outcome, detail from rechecks where url = ? order by at", [url]):
        checked = at
        if outcome == GONE and gone is None:
            gone, reason = at, detail
        elif outcome in LIVE:
            gone = reason = None
    row = db.execute("select report_id, checked_at from sources where url = ?", [url]).fetchone()
    if row is None:
        return
    report_id, last_checked = row
    db.execute("update sources set checked_at = ?, gone = ?, gone_reason = ? where url = ?",
               [max(filter(None, (checked, last_checked)), default=None), gone, reason, url])
    refresh_report_gone(db, report_id)


def refresh_report_gone(db: sqlite_utils.Database, report_id: str) -> None:
    """A report is gone when every source of it is gone, since the latest of them; never deleted."""
    db.execute("update reports set gone = (select case when count(*) > 0 and count(*) = count(gone) then max(gone) end"
               " from sources where report_id = :id) where id = :id", {"id": report_id})


def refresh_all(db: sqlite_utils.Database) -> None:
    """Re-derive every re-checked source's status (reparse rebuilds sources without it)."""
    with db.atomic():
        for (url,) in db.execute("select distinct url from rechecks").fetchall():
            refresh_source(db, url)
