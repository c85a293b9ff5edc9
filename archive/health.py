"""What each run changed per portal, and each portal's health across runs (portal_health)."""

import sqlite_utils

from nianbao.archive.rechecks import GONE

# A portal's status in a run (portal_runs) and after it (portal_health). Moved: the listing answers 404 or sends
# us to the home page. Skipped: the row's family has no listing parser yet, so it was not crawled.
OK, ERROR, BLOCKED, MOVED, SKIPPED = "ok", "error", "blocked", "moved", "skipped"
# Statuses that are not a failure of the portal.
NOT_FAILED = (OK, SKIPPED)


def portal_changes(db: sqlite_utils.Database, run_id: str, portal: str) -> dict:
    """New reports, new versions and pages newly gone that a run found on a portal."""
    params = {"run": run_id, "portal": portal}
    new = db.execute(
        "select sum(v.version = 1), sum(v.version > 1) from versions v join sources s on s.url = v.source_url"
        " where v.crawl_run = :run and s.portal = :portal", params).fetchone()
    gone = db.execute(
        "select count(*) from sources s where s.portal = :portal and s.gone is not null and exists ("
        " select 1 from rechecks r where r.url = s.url and r.crawl_run = :run and r.at = s.gone"
        f" and r.outcome = '{GONE}')", params).fetchone()[0]
    return {"reports_new": new[0] or 0, "versions_new": new[1] or 0, "gone": gone}


def update_health(db: sqlite_utils.Database, run_id: str, run: dict) -> None:
    """Fold one portal_runs row into the portal's health: last success, consecutive failures, what it holds."""
    portal = run["portal"]
    before = next(db["portal_health"].rows_where("portal = ?", [portal]), {})
    ok = run["status"] == OK
    failed = run["status"] not in NOT_FAILED
    held = db.execute(
        "select count(distinct s.report_id), count(distinct case when r.gone is not null then r.id end)"
        " from sources s join reports r on r.id = s.report_id where s.portal = ?", [portal]).fetchone()
    db["portal_health"].upsert({
        "portal": portal, "status": run["status"], "last_run": run_id, "last_attempt": run["finished"],
        "last_success": run["finished"] if ok else before.get("last_success"),
        "consecutive_failures": (before.get("consecutive_failures") or 0) + 1 if failed else 0,
        "reports_found": run["reports_listed"], "reports_archived": held[0], "reports_gone": held[1],
        "blocked_since": (before.get("blocked_since") or run["finished"]) if run["status"] == BLOCKED else None,
        "message": run["message"],
    }, pk="portal")
