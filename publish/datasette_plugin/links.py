"""Cells in every table, view and query: a report_id linked to its report, titled; an agency_id to its agency's
page; a check's rule, status and finding in Chinese; whole numbers without .0."""

import sqlite3
from functools import lru_cache

from datasette.utils import tilde_encode
from markupsafe import Markup, escape

from nianbao.archive.export import plain_number
from nianbao.publish.findings import RULE_LABELS, STATUS_LABELS, finding_text

# Column -> (table it names a row of, that table's label column).
LINKED_COLUMNS = {"report_id": ("reports", "title"), "last_year_report_id": ("reports", "title"),
                  "agency_id": ("agencies", "name")}
# Labels kept in memory between requests, for an immutable snapshot only (a live archive's titles change); a page
# shows at most max_returned_rows.
LABELS_CACHED = 20_000
# Ids are short (a report's 16 hex digits, an agency's "ag" and 12): a longer value in a query's column is no id and
# is neither looked up nor cached (a public query may return values of up to 16 MiB, 20,000 of them kept).
MAX_ID_CHARS = 64
# The columns of a check (checks table, failing_checks query) rendered in Chinese when the row has a rule.
CHECK_COLUMNS = ("rule", "status", "detail")
SCOPE_LABELS = {"own": "本机关", "aggregate": "汇总本级政府及其部门", "unknown": "未说明"}
TEMPLATE_LABELS = {"2021": "2021 年新版格式", "2019": "2019 年格式", "legacy": "2019 年以前的格式", "none": "无统计表"}
# Columns holding a code a reader needs in words, shown beside the code.
CODED_COLUMNS = {"scope": SCOPE_LABELS}


@lru_cache(maxsize=None)
def _connection(path: str, immutable: bool) -> sqlite3.Connection:
    mode = "ro&immutable=1" if immutable else "ro"
    return sqlite3.connect(f"file:{path}?mode={mode}", uri=True, check_same_thread=False)


def _label(path: str, immutable: bool, table: str, label_column: str, key: str) -> str | None:
    # A primary-key lookup on our own connection takes microseconds; going through Datasette's thread pool
    # costs a context switch per cell, and render_cell is called one cell at a time, so cannot batch them.
    row = _connection(path, immutable).execute(
        f"SELECT [{label_column}] FROM [{table}] WHERE id = ?", [key]).fetchone()
    return row[0] if row else None


_snapshot_label = lru_cache(maxsize=LABELS_CACHED)(_label)


def linked_cell(datasette, database: str, column: str, value) -> Markup | None:
    """A report_id or agency_id cell as a link labelled with the row's title or name; None for other cells."""
    if column not in LINKED_COLUMNS or not isinstance(value, str) or not 0 < len(value) <= MAX_ID_CHARS:
        return None
    db = datasette.databases.get(database)
    if db is None or not db.path:
        return None
    table, label_column = LINKED_COLUMNS[column]
    try:
        label = (_label if db.is_mutable else _snapshot_label)(db.path, not db.is_mutable, table, label_column, value)
    except sqlite3.Error:
        return None
    href = datasette.urls.row(database, table, tilde_encode(value))
    return Markup(f'<a href="{escape(href)}" title="{escape(value)}">{escape(label or value)}</a>')


def whole_number(value) -> str | None:
    """A float that is a whole number as an integer's digits (38.0 -> 38); None for anything else."""
    if isinstance(value, float) and value.is_integer():
        return str(plain_number(value))
    return None


def check_cell(row, column: str, value) -> Markup | str | None:
    """In a row that has a check's rule: the rule's Chinese name beside its key, the status and the finding in
    Chinese; None for other cells."""
    if column not in CHECK_COLUMNS or not isinstance(value, str):
        return None
    try:
        rule = row["rule"]
    except (IndexError, KeyError, TypeError):
        return None
    if column == "rule":
        return Markup(f'{escape(RULE_LABELS.get(value, value))}<small class="key">{escape(value)}</small>')
    if column == "status":
        return STATUS_LABELS.get(value)
    return finding_text(rule, value) or None


def coded_cell(column: str, value) -> Markup | None:
    """A code (scope: own, aggregate…) in words, with the code beside it; None for other cells."""
    labels = CODED_COLUMNS.get(column)
    if not labels or value not in labels:
        return None
    return Markup(f'{escape(labels[value])}<small class="key">{escape(value)}</small>')


def title_cell(datasette, database: str, table: str, row, column: str, value) -> Markup | None:
    """A report's title in the list of reports, as a link to its page (the id alone was the only link)."""
    if (table, column) != ("reports", "title") or not isinstance(value, str):
        return None
    href = datasette.urls.row(database, "reports", tilde_encode(row["id"]))
    return Markup(f'<a href="{escape(href)}">{escape(value)}</a>')
