"""The demo's closing summary: what the crawl did, and which failures are the demo's planted faults."""

from dataclasses import dataclass

import sqlite_utils

PLANTED, REAL = "planted", "REAL"


@dataclass(frozen=True)
class RecordedFailure:
    """One URL the crawl could not archive, and whether the demo planted it."""

    portal: str
    url: str
    reason: str
    planted_as: str | None

    def line(self) -> str:
        """One line of the summary."""
        why = f" — {self.planted_as}" if self.planted_as else " — not planted by the demo: a real failure"
        return f"  {PLANTED if self.planted_as else REAL:8} {self.portal:13} {self.reason}: {self.url}{why}"


def last_run(db: sqlite_utils.Database) -> str | None:
    """The id of the archive's newest crawl run."""
    row = db.execute("select id from crawl_runs order by started desc limit 1").fetchone()
    return row[0] if row else None


def recorded_failures(db: sqlite_utils.Database, run_id: str, planted: dict[str, str]) -> list[RecordedFailure]:
    """The run's fetch_errors rows, each marked planted (with the demo's reason) or not."""
    rows = db.execute("select portal, url, reason from fetch_errors where crawl_run = ? order by id", [run_id])
    return [RecordedFailure(portal, url, reason, planted.get(url)) for portal, url, reason in rows]


def summary(db: sqlite_utils.Database, run_id: str, planted: dict[str, str]) -> tuple[list[str], int]:
    """The summary's lines, and how many failures were not planted."""
    (reports, sources) = db.execute("select (select count(*) from reports), (select count(*) from sources)").fetchone()
    ok, total = db.execute("select sum(status = 'ok'), count(*) from portal_runs where crawl_run = ?",
                           [run_id]).fetchone()
    failures = recorded_failures(db, run_id, planted)
    real = [f for f in failures if not f.planted_as]
    lines = [f"demo crawl {run_id}: {ok or 0} of {total} portals ok; the archive holds {reports} reports "
             f"from {sources} sources"]
    if failures:
        lines.append(f"{len(failures)} URLs not archived (fetch_errors): {len(failures) - len(real)} planted by the "
                     f"demo on purpose, {len(real)} real")
        lines += [failure.line() for failure in failures]
    missing = sorted(set(planted) - {f.url for f in failures})
    lines += [f"  note: the planted fault at {url} was not recorded this run (known from an earlier run)"
              for url in missing]
    return lines, len(real)
