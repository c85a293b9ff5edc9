"""A report's page shaped like the report: its facts and sources, then tables 二, 三 and 四 as the form prints them,
or a pre-2019 report's own statistics table."""

import json

from nianbao.archive.export import plain_number
from nianbao.extract.checks import FAILED, cell_values, equations
from nianbao.extract.keys import (
    ACTIVE_COL_LABELS,
    ACTIVE_ROWS,
    APPEAL_COL_LABELS,
    APPEAL_COLS,
    APPEAL_ROW_LABELS,
    LEGACY_COL_LABELS,
    LEGACY_COLS,
    REQUEST_COL_LABELS,
    REQUEST_COLS,
    REQUEST_ROW_LABELS,
    SECTIONS,
)
from nianbao.publish.datasette_plugin.links import SCOPE_LABELS, TEMPLATE_LABELS
from nianbao.publish.findings import RULE_LABELS, STATUS_LABELS, finding_text

REPORT_SQL = """SELECT r.*, a.name AS agency_name FROM reports r LEFT JOIN agencies a ON a.id = r.agency_id
WHERE r.id = ?"""
CELLS_SQL = "SELECT section, row, col, seq, value, value_text, unit FROM cells WHERE report_id = ? ORDER BY rowid"
SOURCES_SQL = """SELECT url, format, portal, first_seen, last_seen, fetched_at, pages, ocr, parent_url, gone
FROM sources WHERE report_id = ? ORDER BY first_seen, url"""
CHECKS_SQL = "SELECT rule, status, detail FROM checks WHERE report_id = ? ORDER BY rule"
FORMAT_LABELS = {"html": "网页", "pdf": "PDF", "doc": "Word", "docx": "Word", "wps": "WPS", "xls": "Excel",
                 "xlsx": "Excel", "image": "图片"}

# Table 三: the form's row groups. A group heading row is printed before the first of its rows present.
REQUEST_GROUPS = {"granted": "三、本年度办理结果", "denied_state_secret": "（三）不予公开",
                  "unavailable_not_held": "（四）无法提供", "rejected_complaint": "（五）不予处理",
                  "other_no_correction": "（六）其他处理"}
REQUEST_GROUP_PREFIXES = ("（三）", "（四）", "（五）", "（六）")
ORGANISATION_COLS = REQUEST_COLS[1:-1]
CELL_SEPARATOR = "/"
# Table 二 of a report with no known template: every row with its columns, in the order found.
ACTIVE_TEMPLATE_FALLBACK = "2021"


def _sub_label(label: str, grouped: bool) -> str:
    """A grouped row's label without its group's number: （三）1.属于国家秘密 -> 1.属于国家秘密."""
    if grouped:
        for prefix in REQUEST_GROUP_PREFIXES:
            if label.startswith(prefix):
                return label[len(prefix):]
    return label


def _cell(values: dict, failing: set, key: tuple) -> dict:
    value = values.get(key)
    return {"value": "" if value is None else plain_number(value), "failing": key in failing,
            "missing": key not in values}


def _requests_table(values: dict, failing: set) -> dict | None:
    rows = [row for row in REQUEST_ROW_LABELS if ("requests", row, "total") in values
            or any(("requests", row, col) in values for col in REQUEST_COLS)]
    if not rows:
        return None
    grouped = {"other_no_correction", "other_unpaid_fee", "other_misc"} & set(rows)
    out = []
    for row in rows:
        heading = REQUEST_GROUPS.get(row)
        if heading and (row != "other_no_correction" or grouped):
            out.append({"heading": heading})
        in_group = not row.startswith(("granted", "partial", "new", "carried", "total", "other"))
        in_group = in_group or row in grouped
        out.append({"key": row, "label": _sub_label(REQUEST_ROW_LABELS[row], in_group), "sub": in_group,
                    "cells": [_cell(values, failing, ("requests", row, col)) for col in REQUEST_COLS]})
    return {"rows": out, "cols": REQUEST_COLS, "col_labels": REQUEST_COL_LABELS,
            "organisation_cols": ORGANISATION_COLS}


def _appeals_table(values: dict, failing: set) -> dict | None:
    if not any(key[0] == "appeals" for key in values):
        return None
    groups = [{"key": row, "label": APPEAL_ROW_LABELS[row].split("·")[-1],
               "cells": [_cell(values, failing, ("appeals", row, col)) for col in APPEAL_COLS]}
              for row in APPEAL_ROW_LABELS]
    return {"groups": groups, "cols": APPEAL_COLS, "col_labels": APPEAL_COL_LABELS}


def _active_table(values: dict, units: dict, failing: set, template: str) -> list[dict]:
    """Table 二 as blocks of rows sharing their columns, as the form prints it."""
    present = {row for section, row, _ in values if section == "active"}
    if not present:
        return []
    blocks: list[dict] = []
    for row, label, cols in ACTIVE_ROWS.get(template, ACTIVE_ROWS[ACTIVE_TEMPLATE_FALLBACK]):
        if row not in present:
            continue
        if not blocks or blocks[-1]["cols"] != cols:
            blocks.append({"cols": cols, "col_labels": [ACTIVE_COL_LABELS[col] for col in cols], "rows": []})
        unit = next((units[("active", row, col)] for col in cols if units.get(("active", row, col))), None)
        blocks[-1]["rows"].append({"key": row, "label": label + (f"（{unit}）" if unit else ""),
                                   "cells": [_cell(values, failing, ("active", row, col)) for col in cols]})
    known = {row for rows in ACTIVE_ROWS.values() for row, _, _ in rows}
    others = sorted({(row, col) for section, row, col in values if section == "active" and row not in known})
    if others:
        blocks.append({"cols": ("value",), "col_labels": ["数值"],
                       "rows": [{"key": f"{row}.{col}", "label": f"{row} {col}",
                                 "cells": [_cell(values, failing, ("active", row, col))]} for row, col in others]})
    return blocks


def _legacy_table(cells: list[dict], failing: set) -> dict | None:
    """A pre-2019 statistics table: a row for each label the report prints, in its order, with its unit and its
    columns, `value` and `cumulative` first."""
    legacy = [cell for cell in cells if cell["section"] == "legacy"]
    if not legacy:
        return None
    found = list(dict.fromkeys(cell["col"] for cell in legacy))
    cols = [col for col in LEGACY_COLS if col in found] + [col for col in found if col not in LEGACY_COLS]
    rows: dict[tuple, dict] = {}
    for cell in legacy:
        row = rows.setdefault((cell["row"], cell["seq"] or 0), {"values": {}, "unit": None})
        row["values"][cell["col"]] = cell["value"]
        row["unit"] = row["unit"] or cell["unit"]
    out = []
    for (row, seq), found_row in rows.items():
        # A label printed again (seq 1, 2…) is shown where it stands; the copy with seq 0 is the key's value.
        marked = {col for section, key, col in failing if section == "legacy" and key == row} if seq == 0 else set()
        out.append({"key": row, "label": row, "unit": found_row["unit"] or "",
                    "cells": [_cell(found_row["values"], marked, col) for col in cols]})
    return {"rows": out, "col_labels": [LEGACY_COL_LABELS.get(col, col) for col in cols]}


def _failing_cells(values: dict, template: str, checks: list[dict]) -> set:
    """The cells of every equation that fails, this year's carried-in cells when carry_over fails, and the cells
    a failed check names."""
    rows = {row for section, row, _ in values if section == "requests"}
    failing = set()
    for equation in equations(template, rows):
        if equation.status(values) == FAILED:
            failing.update(equation.left + equation.right)
    for check in checks:
        if check["status"] != FAILED or not check["detail"]:
            continue
        findings = json.loads(check["detail"])
        for finding in findings if isinstance(findings, list) else [findings]:
            where = str(finding.get("where", ""))
            if check["rule"] == "carry_over":
                failing.add(("requests", "carried_in", where))
            elif where.count(CELL_SEPARATOR) == 2:  # sources_agree names the cell: section/row/col
                failing.add(tuple(where.split(CELL_SEPARATOR)))
    return failing


async def report_vars(datasette, database: str, report_id: str) -> dict:
    """The template variables of a report's page."""
    db = datasette.get_database(database)
    found = (await db.execute(REPORT_SQL, [report_id])).first()
    if found is None:
        return {}
    report = dict(found)
    cells = [dict(row) for row in (await db.execute(CELLS_SQL, [report_id])).rows]
    for cell in cells:
        if cell["value"] is None and cell["value_text"]:
            cell["value"] = cell["value_text"]
    values = cell_values(cells)
    units = {(c["section"], c["row"], c["col"]): c["unit"] for c in cells}
    checks = [dict(row) for row in (await db.execute(CHECKS_SQL, [report_id])).rows]
    failing = _failing_cells(values, report["template"], checks)
    sources = [dict(row) for row in (await db.execute(SOURCES_SQL, [report_id])).rows]
    for source in sources:
        source["format_label"] = FORMAT_LABELS.get(source["format"] or "", source["format"] or "")
    return {"report_page": {
        "report": report,
        "agency_url": datasette.urls.row(database, "agencies", report["agency_id"]) if report["agency_id"] else None,
        "versions_url": datasette.urls.table(database, "versions") + f"?report_id={report_id}",
        "scope_label": SCOPE_LABELS.get(report["scope"], report["scope"]),
        "template_label": TEMPLATE_LABELS.get(report["template"], report["template"]),
        "sources": sources,
        "sections": SECTIONS,
        "requests": _requests_table(values, failing),
        "appeals": _appeals_table(values, failing),
        "active": _active_table(values, units, failing, report["template"]),
        "legacy": _legacy_table(cells, failing),
        "failing_count": sum(check["status"] == FAILED for check in checks),
        "checks": [{"rule": c["rule"], "label": RULE_LABELS.get(c["rule"], c["rule"]), "status": c["status"],
                    "status_label": STATUS_LABELS.get(c["status"], c["status"]),
                    "finding": finding_text(c["rule"], c["detail"]) if c["detail"] else ""} for c in checks],
    }}
