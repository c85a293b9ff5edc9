"""Compare an archive's cells with the numbers a demo catalog printed."""

import sqlite3
from contextlib import closing

from nianbao.extract.keys import APPEAL_COLS, APPEAL_ROWS, REQUEST_COLS
from nianbao.extract.labels import legacy_key


def assert_cells_as_printed(db_path, catalog) -> None:
    """Every report's cells equal its catalog numbers, every requests row complete."""
    with closing(sqlite3.connect(db_path)) as db:
        for report in catalog:
            got = {(section, row, col): value for section, row, col, value in db.execute(
                "select c.section, c.row, c.col, c.value from cells c join reports r on r.id = c.report_id"
                " where r.agency = ? and r.year = ?", (report.agency, report.year))}
            if report.template == "legacy":
                want = {("legacy", legacy_key(label), "value"): value for label, value in report.legacy.items()}
                assert got == want, (report.agency, report.year)
                continue
            want = {("requests", row, col): v for (row, col), v in report.requests.items()}
            want |= {("appeals", row, col): report.appeals[(row, col)] for row in APPEAL_ROWS for col in APPEAL_COLS}
            want |= {("active", row, col): v for (row, col), v in report.active.items()}
            assert {k: got.get(k) for k in want} == want, (report.agency, report.year)
            requests_rows = {row for section, row, _ in got if section == "requests"}
            assert len([k for k in got if k[0] == "requests"]) == len(requests_rows) * len(REQUEST_COLS)
