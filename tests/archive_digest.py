"""What must match between two archives of the same crawl, whatever process wrote them."""

import json
import sqlite3
from contextlib import closing

# Columns that describe the report and its numbers, not when or by which run they were fetched. A report
# published on two portals takes its provenance from the page that arrived first, which depends on timing
# (in one process as in many); which pages are its sources does not.
REPORT_COLUMNS = "id, agency, agency_code, year, title, published, index_no, template, text, key_basis, " \
                 "versions, gone"
CELL_COLUMNS = "report_id, section, row, col, seq, value, value_text, value_note, unit, raw"
SOURCE_COLUMNS = "url, report_id, portal, content_hash, encoding, charset_mislabelled, container, etag, gone"


def digest(path) -> dict:
    """Reports, cells, checks, sources, versions, failures and skipped pages, as comparable sets."""
    with closing(sqlite3.connect(path)) as db:
        def rows(sql):
            return sorted(db.execute(sql).fetchall(), key=repr)
        return {
            "reports": rows(f"select {REPORT_COLUMNS} from reports"),
            "report_portals": sorted((row[0], sorted(json.loads(row[1])))
                                     for row in db.execute("select id, portals from reports")),
            "cells": rows(f"select {CELL_COLUMNS} from cells"),
            "checks": rows("select report_id, rule, status, detail from checks"),
            "sources": rows(f"select {SOURCE_COLUMNS} from sources"),
            "versions": rows("select report_id, version, text_hash from versions"),
            "fetch_errors": rows("select distinct url, portal, status, reason, permanent from fetch_errors"),
            "skipped": rows("select url, portal, title, reason, content_hash from skipped"),
        }


def foreign_provenance(path) -> list:
    """Reports and cells whose source URL is not one of their report's sources."""
    with sqlite3.connect(path) as db:
        return db.execute(
            "select 'report', id, source_url from reports where source_url not in"
            " (select url from sources where report_id = reports.id)"
            " union all select 'cell', report_id, source_url from cells where source_url not in"
            " (select url from sources where report_id = cells.report_id)").fetchall()


def duplicate_fetches(path) -> list:
    """URLs fetched more than once in one run (a lost lease done twice would show here)."""
    with sqlite3.connect(path) as db:
        return db.execute("select crawl_run, url, count(*) from fetches group by crawl_run, url"
                          " having count(*) > 1").fetchall()
