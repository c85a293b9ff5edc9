"""Datasette plugin: Chinese search and interface, the landing page of questions, reports shaped like the form,
and links from every report_id and agency_id."""

import contextvars
import sqlite3
from urllib.parse import parse_qs

from datasette import hookimpl
from datasette.utils import tilde_decode, tilde_encode
from markupsafe import Markup, escape

from nianbao.publish.datasette_plugin.agency_page import agency_vars
from nianbao.publish.datasette_plugin.interface import interface_vars
from nianbao.publish.datasette_plugin.landing import chinese_half, landing_vars
from nianbao.publish.datasette_plugin.links import check_cell, coded_cell, linked_cell, title_cell, whole_number
from nianbao.publish.datasette_plugin.report_page import report_vars
from nianbao.publish.search import fts_query, highlight, snippet

# The search of the request being answered: Datasette's render_cell hook is not given the request.
_SEARCH: contextvars.ContextVar[str | None] = contextvars.ContextVar("nianbao_search", default=None)
SEARCH_PARAMS = ("_search", "q")
SNIPPET_COLUMN = "snippet"
MMAP_BYTES = 2**31 - 2**16  # SQLite's default ceiling (SQLITE_MAX_MMAP_SIZE)
SEARCHED_TEXT = {("reports", "text"), ("versions", "text")}
LISTED_TEXT = ("reports", "text")
LANDING_TEMPLATES = ("index.html", "database.html")

# The longest string or blob a query may read or build: far above a report's text, far below the server's memory
# (select length(randomblob(999999999)) held 1 GB while it ran). Raw bodies are kept apart (raw/raw.db).
MAX_VALUE_BYTES = 16 * 1024 * 1024
# SQL functions no public query may call: fts3_tokenizer('simple') answers with an address in the server's memory.
DENIED_FUNCTIONS = frozenset({"fts3_tokenizer"})


async def _agency_page(datasette, database: str, agency_id: str) -> dict:
    def report_link(report_id: str) -> Markup:
        href = datasette.urls.row(database, "reports", tilde_encode(report_id))
        return Markup(f'<a href="{escape(href)}" title="{escape(report_id)}">查看年报</a>')

    return await agency_vars(datasette.get_database(database), agency_id, report_link)


# Row pages drawn by the plugin: table -> its template variables from (datasette, database, primary key).
ROW_PAGES = {"reports": report_vars, "agencies": _agency_page}


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
def render_cell(row, value, column, table, database, datasette):
    """Search terms marked; a report's text as a short snippet in lists; report titles, report_id and agency_id
    as links; checks and scopes in Chinese; whole numbers without .0."""
    query = _SEARCH.get()
    if query and isinstance(value, str):
        if column == SNIPPET_COLUMN:
            return Markup(highlight(value, query))
        if (table, column) in SEARCHED_TEXT:
            return Markup(highlight(snippet(value, query), query))
    if (table, column) == LISTED_TEXT and isinstance(value, str):
        # The whole text (truncated by Datasette to 200 characters) made each row of the list 500 px tall.
        return snippet(value, None)
    return (linked_cell(datasette, database, column, value)
            or title_cell(datasette, database, table, row, column, value)
            or check_cell(row, column, value) or coded_cell(column, value) or whole_number(value))


@hookimpl
def prepare_jinja2_environment(env):
    """The filter `chinese`: the Chinese half of a bilingual title or description ("年报 / Reports" -> 年报)."""
    env.filters["chinese"] = chinese_half


@hookimpl
def extra_template_vars(template, view_name, table, database, request, datasette):
    """The Chinese interface's words on every page; the questions on the landing page; a report's form and an
    agency's years on their pages."""
    async def page_vars():
        found = interface_vars(datasette, database, table)
        if template in LANDING_TEMPLATES:
            found |= await landing_vars(datasette, database or datasette.get_database().name)
        elif view_name == "row" and table in ROW_PAGES:
            found |= await ROW_PAGES[table](datasette, database, tilde_decode(request.url_vars["pks"]))
        return found

    return page_vars


from nianbao.publish.datasette_plugin.downloads import csv_with_bom  # noqa: E402, F401
from nianbao.publish.datasette_plugin.search_pages import cheaper_search_pages, count_matches_in_index  # noqa: E402, F401
