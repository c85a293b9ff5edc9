"""The nightly summary: one row per portal of what the night's crawl did, and a total."""

import sqlite_utils
from tabulate import tabulate

from nianbao.archive.health import OK

# portal_runs column → heading
COLUMNS = {"portal": "portal", "status": "status", "pages_fetched": "pages fetched", "not_modified": "not modified",
           "reports_new": "new reports", "versions_new": "new versions", "gone": "gone", "blocked": "blocked",
           "errors": "errors", "seconds": "seconds"}
TOTAL = "TOTAL"


def summary_rows(db: sqlite_utils.Database, run_id: str) -> list[dict]:
    """The run's portal_runs rows, reduced to the summary's columns, in portal order."""
    names = ", ".join(COLUMNS)
    return [dict(row) for row in db.query(
        f"select {names} from portal_runs where crawl_run = ? order by portal", [run_id])]


def summary_table(rows: list[dict]) -> str:
    """The rows as a plain-text table with a total line; the run's duration is the longest portal's."""
    total = {column: sum(row[column] or 0 for row in rows) for column in COLUMNS if column not in ("portal", "status")}
    total["seconds"] = max((row["seconds"] or 0 for row in rows), default=0)
    failed = sum(row["status"] != OK for row in rows)
    total |= {"portal": TOTAL, "status": f"{failed} failed" if failed else OK}
    body = [[row[column] for column in COLUMNS] for row in [*rows, total]]
    return tabulate(body, headers=list(COLUMNS.values()), floatfmt=".1f")
