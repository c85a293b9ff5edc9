"""Datasette settings of a public instance: limits and downloads."""

# Limits for a public instance: no query runs long, no page is huge, downloads stream.
SETTINGS = {
    "sql_time_limit_ms": 3000,
    "max_returned_rows": 1000,
    "facet_time_limit_ms": 500,
    # Suggesting facets groups the matching rows by every column, the reports' text included: seconds on a
    # large archive, for every search.
    "suggest_facets": "off",
    "truncate_cells_html": 200,
    "allow_download": "on",
    "allow_csv_stream": "on",
    "max_csv_mb": 0,
}
