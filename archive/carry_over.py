"""Keep the carry_over check of neighbouring years' reports of one agency (by its id) up to date."""

import json

import sqlite_utils

from nianbao.extract.carry import RULE, carry_over


def _report_of(db: sqlite_utils.Database, agency: str, year: int) -> str | None:
    rows = list(db.query("select id from reports where agency_id = ? and year = ?", [agency, year]))
    return rows[0]["id"] if rows else None


def _cells(db: sqlite_utils.Database, report_id: str) -> list[dict]:
    return list(db.query("select section, row, col, value from cells where report_id = ? and section = 'requests'",
                         [report_id]))


def refresh_carry_over(db: sqlite_utils.Database, report_id: str) -> None:
    """Recheck carry_over for this report (against last year) and for next year's (against this one)."""
    report = db["reports"].get(report_id)
    if not report["agency_id"] or not report["year"]:
        return
    pairs = ((report_id, _report_of(db, report["agency_id"], report["year"] - 1)),
             (_report_of(db, report["agency_id"], report["year"] + 1), report_id))
    for this_id, last_id in pairs:
        if this_id is None:
            continue
        status, findings = carry_over(_cells(db, this_id), _cells(db, last_id) if last_id else None)
        db["checks"].upsert({"report_id": this_id, "rule": RULE, "status": status,
                             "detail": json.dumps(findings, ensure_ascii=False) if findings else None},
                            pk=("report_id", "rule"))
