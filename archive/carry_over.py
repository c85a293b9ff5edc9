"""Keep the carry_over check of neighbouring years' reports of one agency (by its id) up to date."""

import json

import sqlite_utils

from nianbao.archive.db import insert_rows, write_group
from nianbao.extract.carry import RULE, carry_over

# The section whose cells carry_over compares.
REQUESTS = "requests"


def _report_of(db: sqlite_utils.Database, agency: str, year: int) -> str | None:
    row = db.execute("select id from reports where agency_id = ? and year = ?", [agency, year]).fetchone()
    return row[0] if row else None


def _cells(db: sqlite_utils.Database, report_id: str) -> list[dict]:
    written = write_group(db).requests.get(report_id)
    if written is not None:
        return written
    return [{"section": section, "row": row, "col": col, "value": value} for section, row, col, value in db.execute(
        "select section, row, col, value from cells where report_id = ? and section = ?", [report_id, REQUESTS])]


def refresh_carry_over(db: sqlite_utils.Database, report_id: str, cells: list[dict] | None = None) -> None:
    """Recheck carry_over for this report (against last year) and for next year's (against this one).

    cells are this report's request cells when the caller has them (it just wrote them), else they are read.
    """
    report = db.execute("select agency_id, year from reports where id = ?", [report_id]).fetchone()
    if report is None or not report[0] or not report[1]:
        return
    agency, year = report
    own = _cells(db, report_id) if cells is None else cells
    pairs = ((report_id, _report_of(db, agency, year - 1)), (_report_of(db, agency, year + 1), report_id))
    for this_id, last_id in pairs:
        if this_id is None:
            continue
        this = own if this_id == report_id else _cells(db, this_id)
        last = None if last_id is None else own if last_id == report_id else _cells(db, last_id)
        status, findings = carry_over(this, last)
        insert_rows(db, "checks", [{"report_id": this_id, "rule": RULE, "status": status,
                                    "detail": json.dumps(findings, ensure_ascii=False) if findings else None}],
                    upsert=True)
