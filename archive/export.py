"""Reports as JSON objects, one per line, with the keys of docs/keys.md."""

import json
from collections.abc import Iterator

import sqlite_utils

# What an export line carries of its agency (as agency_name, agency_province_code…): issue 23's identity.
AGENCY_FIELDS = ("name", "kind", "level", "province_code", "city_code", "county_code")
CELL_FIELDS = ("section", "row", "col", "value", "value_text", "value_note", "unit", "raw")


def plain_number(value):
    """A whole float as an int (12.0 → 12), as the report prints it; anything else unchanged."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def export_reports(db: sqlite_utils.Database) -> Iterator[dict]:
    """Every report with its cells, checks, sources and version count, ordered by agency and year."""
    agency_columns = ", ".join(f"a.{column} as agency_{column}" for column in AGENCY_FIELDS)
    for report in db.query(f"select r.*, {agency_columns} from reports r left join agencies a on a.id = r.agency_id"
                           " order by r.agency, r.year, r.id"):
        rid = report["id"]
        cells = [{**{k: cell[k] for k in CELL_FIELDS}, "value": plain_number(cell["value"])}
                 for cell in db.query("select * from cells where report_id = ? order by section, row, col", [rid])]
        checks = {row["rule"]: row["status"] for row in db.query(
            "select rule, status from checks where report_id = ? order by rule", [rid])}
        sources = [dict(row) for row in db.query(
            "select url, portal, first_seen from sources where report_id = ? order by first_seen, url", [rid])]
        yield {"id": rid, "title": report["title"], "agency": report["agency"], "agency_id": report["agency_id"],
               **{f"agency_{column}": report[f"agency_{column}"] for column in AGENCY_FIELDS},
               "publisher": report["publisher"], "scope": report["scope"], "year": report["year"],
               "published": report["published"], "index_no": report["index_no"], "template": report["template"],
               "text": report["text"], "cells": cells, "checks": checks, "sources": sources,
               "versions": report["versions"]}


def export_lines(db: sqlite_utils.Database) -> Iterator[str]:
    """The export as JSON lines, Chinese kept readable."""
    for report in export_reports(db):
        yield json.dumps(report, ensure_ascii=False)
