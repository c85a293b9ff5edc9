"""A whole report parsed: metadata, clean text, every table cell, repairs and checks."""

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import cache

from lxml import etree

from nianbao.extract.alignment import BY_POSITION
from nianbao.extract.checks import cell_values, equations, run_checks
from nianbao.extract.clean import Cleaned, clean_tree, parse_html
from nianbao.extract.documents.layout import Document
from nianbao.extract.grid import Grid, html_grid, innermost_tables, text_grids
from nianbao.extract.grid_rows import grid_runs
from nianbao.extract.keys import ACTIVE_ROWS
from nianbao.extract.labels import strip_ordinals
from nianbao.extract.metadata import (
    Metadata,
    assemble_metadata,
    labelled_fields,
    parse_metadata,
    parse_text_metadata,
    text_title,
)
from nianbao.extract.normalize import squash_long, squash_short
from nianbao.extract.numbers import lookalike_digits, split_digits
from nianbao.extract.repair import join_bordered_splits, repair_lookalikes, repair_split_cells
from nianbao.extract.statistics_table import is_statistics_table, read_statistics_tables
from nianbao.extract.tables import Run, TableRead, applicant_rows, has_statistics_header, read_tables, runs
from nianbao.extract.template import detect_template
from nianbao.extract.tokens import Token, classify, text_tokens


@dataclass
class Statistics:
    """The numbers of a report and what was found about them."""

    cells: list[dict] = field(default_factory=list)
    checks: dict[str, str] = field(default_factory=dict)
    findings: list[dict] = field(default_factory=list)
    repairs: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    placements: list[dict] = field(default_factory=list)


@dataclass
class ParsedReport:
    """Everything `nianbao parse` prints about one report."""

    meta: Metadata
    text: str
    container: str | None
    statistics: Statistics

    def as_json(self) -> dict:
        """The report as one JSON object (metadata fields at the top level)."""
        meta = asdict(self.meta)
        meta.pop("is_report")
        return {**meta, "text": self.text, "cells": self.statistics.cells, "checks": self.statistics.checks,
                "findings": self.statistics.findings, "repairs": self.statistics.repairs,
                "placements": self.statistics.placements, "notes": self.statistics.notes}


def clear_caches() -> None:
    """Forget memoised token, label and text normalisations (benchmarks measure cold runs)."""
    for cached in (classify, strip_ordinals, squash_short, squash_long, split_digits, lookalike_digits):
        cached.cache_clear()


def _sums(placement: dict, cells: list[dict], template: str) -> str:
    """Whether the sums a row takes part in, beyond its own row sum, hold: 'ok', 'failed' or 'unknown'."""
    values = cell_values(cells)
    rows = {row for section, row, _ in values if section == "requests"}
    statuses = [eq.status(values) for eq in equations(template, rows) if eq.rule != "requests_row_sum"
                and any(key[:2] == (placement["section"], placement["row"]) for key in eq.left + eq.right)]
    return "failed" if "failed" in statuses else "ok" if "ok" in statuses else "unknown"


def _rows_read(cells: list[dict]) -> int:
    return len({(cell["section"], cell["row"]) for cell in cells})


def _settled(table: TableRead, checks: dict[str, str]) -> bool:
    """True when the stream of cells read every row whole: no note, and every sum it can check holds.

    Only then is the grid not read: a row the stream shifted by a blank cell breaks a sum or leaves a null.
    """
    return bool(table.cells) and not table.notes and all(status == "ok" for rule, status in checks.items()
                                                         if rule != "carry_over")


def _stated(table: TableRead) -> int:
    return sum(cell["value"] is not None or bool(cell["raw"]) for cell in table.cells)


def read_statistics(all_runs: list[Run], template: str, grids: Callable[[], list[Grid]] = list,
                    year: int | None = None, grids_from_text: bool = False) -> Statistics:
    """Cells of the report's template, repairs that sums confirm, checks, and how each row was placed.

    The stream of cells is read first. A legacy table is read from its grid (where text holds only pieces
    of one, the reading with more rows is kept); a form's grid is read, each number from its column, only
    where the stream left a note or a sum it cannot confirm, and kept where it states as much.
    """
    table = read_tables(all_runs, template, year)
    checked = None  # the checks of the stream's reading, kept if nothing changes it
    if template == "legacy":
        legacy = read_statistics_tables(grids(), year)
        if legacy.cells and (not grids_from_text or _rows_read(legacy.cells) >= _rows_read(table.cells)):
            table.cells, table.notes = legacy.cells, legacy.notes
    elif template in ACTIVE_ROWS:
        checked = run_checks(table.cells, template)
        if not _settled(table, checked[0]) and grids():
            by_grid = read_tables(grid_runs(grids()), template, year)
            if _stated(by_grid) >= _stated(table):
                table, checked = by_grid, None
    repaired = repair_split_cells(table.cells, template) + join_bordered_splits(table.cells, table.bordered_splits)
    repaired += repair_lookalikes(table.cells, template)
    checks, findings = checked if checked and not repaired else run_checks(table.cells, template)
    repairs = table.repairs + repaired
    for placement in table.placements:
        if placement["by"] == BY_POSITION:
            placement["sums"] = _sums(placement, table.cells, template)
    return Statistics(table.cells, checks, findings, repairs, table.notes, table.placements)


def page_grids(root: etree._Element) -> list[Grid]:
    """The page's data tables as grids (tables holding other tables are layout)."""
    return [html_grid(table) for table in innermost_tables(root)]


def _statistics(text: str, tokens: list[Token], meta: Metadata, grids: Callable[[], list[Grid]],
                grids_from_text: bool = False) -> Statistics:
    """The template decided by the tables' structure, then the cells read; grids are built only if asked for."""
    grids, all_runs = cache(grids), runs(tokens)
    meta.template = detect_template(text, meta.year, lambda: any(map(is_statistics_table, grids()))
                                    or has_statistics_header(all_runs), lambda: applicant_rows(all_runs))
    return read_statistics(all_runs, meta.template, grids, meta.year, grids_from_text)


def parse_cleaned(root: etree._Element, cleaned: Cleaned, url: str = "",
                  listing_title: str | None = None, listing_date: str | None = None,
                  portal_agency: str | None = None) -> ParsedReport:
    """Metadata and statistics of a page already parsed and cleaned (the crawl's parse stage)."""
    meta = parse_metadata(root, cleaned.text, url, listing_title, listing_date, portal_agency)
    statistics = _statistics(cleaned.text, text_tokens(cleaned.rendered), meta, lambda: page_grids(root))
    return ParsedReport(meta, cleaned.text, cleaned.container, statistics)


def parse_html_report(html: str, url: str = "", listing_title: str | None = None, listing_date: str | None = None,
                      portal_agency: str | None = None) -> ParsedReport:
    """Parse a report page's HTML (decoded) from one lxml tree."""
    root = parse_html(html)
    return parse_cleaned(root, clean_tree(root), url, listing_title, listing_date, portal_agency)


def parse_text_report(text: str) -> ParsedReport:
    """Parse a report that is already plain text (an extractor's output, a converted document)."""
    meta = parse_text_metadata(text)
    return ParsedReport(meta, text.strip(), None, _statistics(text, text_tokens(text), meta, lambda: text_grids(text), True))


def parse_document(document: Document, url: str = "", listing_title: str | None = None,
                   listing_date: str | None = None, portal_agency: str | None = None) -> ParsedReport:
    """Parse a report file already read into text (PDF, Word, spreadsheet, OCR'd scan)."""
    text = document.text.strip()
    meta = assemble_metadata(labelled_fields(text), text_title(text) or listing_title, text, url,
                             listing_title=listing_title, listing_date=listing_date, portal_agency=portal_agency)
    statistics = _statistics(text, text_tokens(text), meta, lambda: document.grids or text_grids(text),
                             not document.grids)
    statistics.notes = document.notes + statistics.notes
    return ParsedReport(meta, text, None, statistics)
