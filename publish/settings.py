"""Datasette settings of a public instance: limits, downloads and caching."""

# Limits for a public instance: no query runs long, no page is huge, downloads stream. On/off settings are
# booleans: `datasette serve --setting` reads str(True) as on, and a settings.json or Datasette(settings=...)
# takes them as they are (where the string "off" would be true).
SETTINGS = {
    "sql_time_limit_ms": 3000,
    "max_returned_rows": 1000,
    "facet_time_limit_ms": 500,
    # Suggesting facets groups the matching rows by every column, the reports' text included: seconds on a
    # large archive, for every search.
    "suggest_facets": False,
    "truncate_cells_html": 200,
    "allow_download": True,
    "allow_csv_stream": True,
    "max_csv_mb": 0,
}

# A snapshot never changes once served (a newer one is served by a new server): browsers and any proxy in front
# may keep its pages for an hour instead of Datasette's 5 seconds.
SNAPSHOT_CACHE_SECONDS = 3600
SNAPSHOT_SETTINGS = SETTINGS | {"default_cache_ttl": SNAPSHOT_CACHE_SECONDS}
