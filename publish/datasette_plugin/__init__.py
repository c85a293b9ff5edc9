"""Datasette plugin: the Chinese search query language, highlighted snippets, and each report's tables on its page."""

import contextvars
import sqlite3
from urllib.parse import parse_qs

from datasette import hookimpl
from datasette.utils import tilde_decode
from markupsafe import Markup

from nianbao.archive.export import plain_number
from nianbao.extract.keys import APPEAL_COL_LABELS, APPEAL_COLS, REQUEST_COL_LABELS, REQUEST_COLS, SECTIONS
from nianbao.publish.datasette_plugin.agency_page import agency_vars
from nianbao.publish.search import fts_query, highlight, snippet

# The search of the request being answered: Datasette's render_cell hook is not given the request.
_SEARCH: contextvars.ContextVar[str | None] = contextvars.ContextVar("nianbao_search", default=None)
SEARCH_PARAMS = ("_search", "q")
SNIPPET_COLUMN = "snippet"
MMAP_BYTES = 2**31 - 2**16  # SQLite's default ceiling (SQLITE_MAX_MMAP_SIZE)
SEARCHED_TEXT = {("reports", "text"), ("versions", "text")}
# The longest string or blob a query may read or build: far above a report's text, far below the server's memory
# (select length(randomblob(999999999)) held 1 GB while it ran). Larger raw bodies stay in the downloadable file.
MAX_VALUE_BYTES = 16 * 1024 * 1024
# SQL functions no public query may call: fts3_tokenizer('simple') answers with an address in the server's memory.
DENIED_FUNCTIONS = frozenset({"fts3_tokenizer"})
# What a report's page shows under its own row: section, heading, query, column headings.
_TABLES = (
    ("requests", SECTIONS["requests"],
     f"SELECT label, row, {', '.join(REQUEST_COLS)} FROM report_requests WHERE report_id = ?",
     ("项目 label", "键 key", *REQUEST_COL_LABELS.values())),
    ("appeals", SECTIONS["appeals"],
     f"SELECT label, row, {', '.join(APPEAL_COLS)} FROM report_appeals WHERE report_id = ?",
     ("项目 label", "键 key", *APPEAL_COL_LABELS.values())),
    ("active", SECTIONS["active"],
     "SELECT label, row, col_label, col, value, unit FROM report_active WHERE report_id = ?",
     ("项目 label", "键 key", "列 column", "列键 col", "数值 value", "单位 unit")),
    ("checks", "勾稽关系检查 checks", "SELECT rule, status, detail FROM checks WHERE report_id = ? ORDER BY rule",
     ("规则 rule", "结果 status", "不成立的等式 detail")),
)


def authorize(action: int, first: str | None, second: str | None, database: str | None, source: str | None) -> int:
    """SQLite's authorizer: every statement as it is prepared, except calls to a denied function."""
    # For SQLITE_FUNCTION, SQLite passes the function's name second (https://sqlite.org/c3ref/c_alter_table.html).
    if action == sqlite3.SQLITE_FUNCTION and (second or "").lower() in DENIED_FUNCTIONS:
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


@hookimpl(trylast=True)
def prepare_connection(conn):
    """Bound what a query may build and call; replace Datasette's escape_fts (run last, so ours wins), add
    nianbao_snippet(text, query), map the file."""
    # Datasette sets no authorizer of its own (only its time limit's progress handler), so ours replaces none.
    conn.set_authorizer(authorize)
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    conn.create_function("escape_fts", 1, fts_query, deterministic=True)
    conn.create_function("nianbao_snippet", 2, snippet, deterministic=True)
    # Search and facet pages touch one page per matching report: reading them from a memory map, not by
    # one read() call each, halves their time on a large archive.
    conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")


@hookimpl
def asgi_wrapper(datasette):
    """Remember each request's search text for render_cell."""
    def wrap(app):
        async def remember_search(scope, receive, send):
            query = None
            if scope["type"] == "http":
                args = parse_qs(scope.get("query_string", b"").decode("utf-8", "replace"))
                query = next((args[name][0] for name in SEARCH_PARAMS if args.get(name)), None)
            token = _SEARCH.set(query)
            try:
                await app(scope, receive, send)
            finally:
                _SEARCH.reset(token)
        return remember_search
    return wrap


@hookimpl
def render_cell(value, column, table):
    """During a search: a report's text as a snippet, and snippet columns, with the query terms marked."""
    query = _SEARCH.get()
    if not query or not isinstance(value, str):
        return None
    if column == SNIPPET_COLUMN:
        return Markup(highlight(value, query))
    if (table, column) in SEARCHED_TEXT:
        return Markup(highlight(snippet(value, query), query))
    return None


@hookimpl
def extra_template_vars(view_name, table, database, request, datasette):
    """On a report's page: its three statistics tables and its checks, as printed; on an agency's: its years."""
    if view_name == "row" and table == "agencies":
        async def agency_page():
            return await agency_vars(datasette.get_database(database), tilde_decode(request.url_vars["pks"]))
        return agency_page
    if view_name != "row" or table != "reports":
        return {}

    async def report_tables():
        report_id = tilde_decode(request.url_vars["pks"])
        db = datasette.get_database(database)
        tables = []
        for section, title, sql, headers in _TABLES:
            rows = (await db.execute(sql, [report_id])).rows
            if rows:
                tables.append({"section": section, "title": title, "headers": headers,
                               "rows": [[plain_number(v) for v in row] for row in rows]})
        return {"report_tables": tables}

    return report_tables
