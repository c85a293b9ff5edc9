"""A whole report parsed: metadata, clean text, every table cell, repairs and checks."""

from dataclasses import asdict, dataclass, field

from lxml import etree

from extract.checks import run_checks
from extract.clean import Cleaned, clean_tree, parse_html
from extract.documents.layout import Document
from extract.labels import strip_ordinals
from extract.metadata import (
    Metadata,
    assemble_metadata,
    labelled_fields,
    parse_metadata,
    parse_text_metadata,
    text_title,
)
from extract.normalize import squash_long, squash_short
from extract.repair import repair_split_cells
from extract.tables import read_tables
from extract.tokens import Token, classify, text_tokens


@dataclass
class Statistics:
    """The numbers of a report and what was found about them."""

    cells: list[dict] = field(default_factory=list)
    checks: dict[str, str] = field(default_factory=dict)
    findings: list[dict] = field(default_factory=list)
    repairs: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


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
                "notes": self.statistics.notes}


def clear_caches() -> None:
    """Forget memoised token, label and text normalisations (benchmarks measure cold runs)."""
    for cached in (classify, strip_ordinals, squash_short, squash_long):
        cached.cache_clear()


def read_statistics(tokens: list[Token], template: str) -> Statistics:
    """Cells of the report's template from its tokens, split digits repaired where sums confirm, checked."""
    table = read_tables(tokens, template)
    repairs = table.repairs + repair_split_cells(table.cells, template)
    checks, findings = run_checks(table.cells, template)
    return Statistics(table.cells, checks, findings, repairs, table.notes)


def parse_cleaned(root: etree._Element, cleaned: Cleaned, url: str = "",
                  listing_title: str | None = None, listing_date: str | None = None,
                  portal_agency: str | None = None) -> ParsedReport:
    """Metadata and statistics of a page already parsed and cleaned (the crawl's parse stage)."""
    meta = parse_metadata(root, cleaned.text, url, listing_title, listing_date, portal_agency)
    statistics = read_statistics(text_tokens(cleaned.rendered), meta.template)
    return ParsedReport(meta, cleaned.text, cleaned.container, statistics)


def parse_html_report(html: str, url: str = "", listing_title: str | None = None, listing_date: str | None = None,
                      portal_agency: str | None = None) -> ParsedReport:
    """Parse a report page's HTML (decoded) from one lxml tree."""
    root = parse_html(html)
    return parse_cleaned(root, clean_tree(root), url, listing_title, listing_date, portal_agency)


def parse_text_report(text: str) -> ParsedReport:
    """Parse a report that is already plain text (an extractor's output, a converted document)."""
    meta = parse_text_metadata(text)
    return ParsedReport(meta, text.strip(), None, read_statistics(text_tokens(text), meta.template))


def parse_document(document: Document, url: str = "", listing_title: str | None = None,
                   listing_date: str | None = None, portal_agency: str | None = None) -> ParsedReport:
    """Parse a report file already read into text (PDF, Word, spreadsheet, OCR'd scan)."""
    text = document.text.strip()
    meta = assemble_metadata(labelled_fields(text), text_title(text) or listing_title, text, url,
                             listing_title=listing_title, listing_date=listing_date, portal_agency=portal_agency)
    statistics = read_statistics(text_tokens(text), meta.template)
    statistics.notes = document.notes + statistics.notes
    return ParsedReport(meta, text, None, statistics)
