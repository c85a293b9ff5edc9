"""The SQLite archive: schema, raw pages, reports and their versions, runs, export and CLI."""
