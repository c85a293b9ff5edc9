"""Cheaper search pages of the reports: a few columns unless the reader chose some, and the number of matches
counted in the search index alone.

Both go through Datasette's own parameters: the columns are its `_col`, added to the request; the count is
asked off with its `_nocount` and given back to the page as its `filtered_table_rows_count`. Both can be turned
off in the metadata: {"plugins": {"nianbao": {"search_columns": [], "count_in_index": false}}}. The page's
export links (JSON, CSV and the advanced ones) go without them: every column, and Datasette's count; its column
menu's "show all columns" names every column.
"""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.utils import escape_sqlite

PLUGIN = "nianbao"
SEARCHED_TABLE = "reports"
SEARCH_PARAM = "_search"
SEARCH_MODE_PARAM = "_searchmode"
RAW_MODE = "raw"
CHOSEN_COLUMNS = ("_col", "_nocol")
# Datasette reads any value of _nocount as "no count"; this one says the plugin asked, so that a link from the page
# (which keeps it) to the same search narrowed by a filter gets Datasette's count back.
NO_COUNT = ("_nocount", "index")
COLUMNS_KEY = "search_columns"
COUNT_KEY = "count_in_index"
# What a reader looks for in a search's matches; the rest (hashes, crawl runs, keys…) is in every export and
# one `_nocol` away. Rendering is most of a search page's Python time and grows with its cells.
SEARCH_COLUMNS = ("title", "agency", "year", "published", "text")
# Parameters that leave a search's matches as the index alone finds them: any other (a filter such as year=2020,
# _where, _search_text, _fts_table…) may narrow or change them, and Datasette counts as usual.
SAME_MATCHES = frozenset({SEARCH_PARAM, SEARCH_MODE_PARAM, "_col", "_nocol", "_sort", "_sort_desc", "_next", "_size",
                          "_nocount", "_nofacet", "_nosuggest", "_facet", "_facet_array", "_facet_date", "_labels",
                          "_nolabels", "_trace"})
# Datasette counts a search with `rowid in (select rowid from the index …)`: it collects every match's rowid,
# then looks each one up in the reports table, 100 ms for a word in all of 100,000 reports. The index alone counts
# the same matches (a snapshot's index holds one row per report, under its rowid) in 7 ms.
INDEX_ROWID = "rowid"


def _table_page(path: str) -> tuple[str, str] | None:
    """(database, table) of an HTML table page's path; None for any other page or format."""
    parts = path.strip("/").split("/")
    if len(parts) != 2 or "." in parts[1]:
        return None
    return parts[0], parts[1]


def _config(datasette, database: str, table: str) -> dict:
    return datasette.plugin_config(PLUGIN, database=database, table=table) or {}


def _index(datasette, database: str, table: str, names: set[str]) -> str | None:
    """The search index that alone counts this search's matches, if it can."""
    if table != SEARCHED_TABLE or SEARCH_PARAM not in names or not names <= SAME_MATCHES:
        return None
    if not _config(datasette, database, table).get(COUNT_KEY, True):
        return None
    meta = datasette.table_metadata(database, table)
    return meta.get("fts_table") if meta.get("fts_pk", INDEX_ROWID) == INDEX_ROWID else None


async def _plugin_columns(datasette, database: str, table: str) -> list[tuple[str, str]]:
    """The `_col` arguments the plugin gives a search that chose no columns."""
    present = set(await datasette.get_database(database).table_columns(table))
    wanted = _config(datasette, database, table).get(COLUMNS_KEY, SEARCH_COLUMNS)
    return [("_col", column) for column in wanted if column in present]


def _reader_args(args: list[tuple[str, str]], plugin_columns: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The arguments without those the plugin gave the search page: its `_nocount` and its default `_col`s."""
    kept = [arg for arg in args if arg != NO_COUNT]
    # The page's own links (next page, sort, facets) carry the plugin's columns on; a reader's choice of exactly
    # these columns, in this order and with no `_nocol`, is told from them by nothing and exports every column.
    chosen = [arg for arg in kept if arg[0] in CHOSEN_COLUMNS]
    if plugin_columns and chosen == plugin_columns:
        kept = [arg for arg in kept if arg[0] not in CHOSEN_COLUMNS]
    return kept


def _export_url(url: str, plugin_columns: list[tuple[str, str]]) -> str:
    """An export link of the page with the reader's own arguments only."""
    parts = urlsplit(url)
    query = urlencode(_reader_args(parse_qsl(parts.query, keep_blank_values=True), plugin_columns))
    return urlunsplit(parts._replace(query=query))


async def _cheaper(datasette, scope: dict) -> dict:
    """The request's scope: a search of the reports with its default columns and without Datasette's count."""
    page = _table_page(scope.get("path", "")) if scope["type"] == "http" else None
    if page is None or page[1] != SEARCHED_TABLE or page[0] not in datasette.databases:
        return scope
    database, table = page
    args = parse_qsl(scope.get("query_string", b"").decode("utf-8", "replace"), keep_blank_values=True)
    names = {name for name, _ in args}
    if SEARCH_PARAM not in names:
        return scope
    changed = list(args)
    if not names & set(CHOSEN_COLUMNS):
        changed += await _plugin_columns(datasette, database, table)
    if _index(datasette, database, table, names):
        if NO_COUNT[0] not in names:
            changed.append(NO_COUNT)
    else:
        changed = [arg for arg in changed if arg != NO_COUNT]
    return {**scope, "query_string": urlencode(changed).encode("ascii")} if changed != args else scope


@hookimpl(specname="asgi_wrapper")
def cheaper_search_pages(datasette):
    """Give a search of the reports its default columns, and leave its count to the search index."""
    def wrap(app):
        async def cheaper(scope, receive, send):
            await app(await _cheaper(datasette, scope), receive, send)
        return cheaper
    return wrap


@hookimpl(specname="extra_template_vars")
def count_matches_in_index(view_name, database, table, request, datasette):
    """The page's export links without the plugin's arguments; the number of a search's matches, from the search
    index, where it alone finds them."""
    if view_name != "table" or request is None or database not in datasette.databases:
        return {}

    async def page_vars():
        plugin_columns = await _plugin_columns(datasette, database, table) if table == SEARCHED_TABLE else []
        exports = {"export_url": lambda url: _export_url(url, plugin_columns),
                   "export_args": lambda args: _reader_args(list(args), plugin_columns)}
        if plugin_columns and SEARCH_PARAM in request.args:
            # Datasette's "show all columns" drops every `_col`, and the plugin would give its own back: the
            # page's menu asks for each column instead.
            exports["all_columns"] = await datasette.get_database(database).table_columns(table)
        return {**exports, **await _count(datasette, database, table, request)}

    return page_vars


async def _count(datasette, database: str, table: str, request) -> dict:
    """Datasette's `filtered_table_rows_count`, counted in the search index, where it alone finds the matches."""
    index = _index(datasette, database, table, set(request.args))
    if index is None:
        return {}
    meta_mode = datasette.table_metadata(database, table).get("searchmode")
    raw = request.args.get(SEARCH_MODE_PARAM, meta_mode) == RAW_MODE
    match = ":search" if raw else "escape_fts(:search)"
    sql = f"select count(*) from {escape_sqlite(index)} where {escape_sqlite(index)} match {match}"
    try:
        result = await datasette.get_database(database).execute(sql, {"search": request.args.get(SEARCH_PARAM)})
    except QueryInterrupted:  # past the time limit: the page goes without a count, as Datasette's own would
        return {}
    return {"filtered_table_rows_count": result.first()[0]}
