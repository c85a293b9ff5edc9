"""Schemas of the pages, failures, re-check answers and listing links that cross Redis."""

from functools import lru_cache

from nianbao.archive.rechecks import BLOCKED as RECHECK_BLOCKED
from nianbao.archive.rechecks import ERROR as RECHECK_ERROR
from nianbao.archive.rechecks import GONE, NEW_VERSION, NOT_MODIFIED, SAME
from nianbao.archive.schema import PROVENANCE, TABLES
from nianbao.crawler.attachments import MAX_ATTACHMENTS
from nianbao.crawler.distributed.schema import (
    LINE_CHARS,
    URL_CHARS,
    Blob,
    Choice,
    Fields,
    Flag,
    Integer,
    Lazy,
    ListOf,
    MapOf,
    Nullable,
    Number,
    Record,
    Spec,
    Text,
)
from nianbao.crawler.items import ATTACHMENT, DETAIL, RECHECK, Failure, Page, Recheck
from nianbao.crawler.listings.base import Link
from nianbao.extract.checks import FAILED, UNKNOWN
from nianbao.extract.checks import OK as CHECK_OK
from nianbao.extract.documents.formats import DOCUMENT_FORMATS, HTML
from nianbao.extract.documents.layout import Document
from nianbao.extract.metadata import Metadata

STATUS_CODES = Integer(0, 999)
KINDS = Choice((DETAIL, RECHECK, ATTACHMENT))
RECHECK_OUTCOMES = Choice((NOT_MODIFIED, SAME, NEW_VERSION, GONE, RECHECK_BLOCKED, RECHECK_ERROR))
CHECK_STATUSES = Choice((CHECK_OK, FAILED, UNKNOWN))
SHORT = Nullable(Text())
LINE = Nullable(Text(LINE_CHARS))
URL = Text(URL_CHARS)
# The Python type of each archive column, as it crosses Redis.
_COLUMN_SPECS: dict[type, Spec] = {str: Text(LINE_CHARS), float: Number(), int: Integer()}
_ROW_KEY_COLUMNS = {"report_id", "seq", *PROVENANCE}

LINK = Record(Link, {"url": URL, "title": Text(LINE_CHARS), "date": SHORT})


def table_row(table: str, text_chars: int = LINE_CHARS) -> Fields:
    """A cell, repair or placement: the archive table's own columns (its key parts required), any may be null;
    texts of at most text_chars."""
    spec = TABLES[table]
    specs = _COLUMN_SPECS | {str: Text(text_chars)}
    columns = {name: Nullable(specs[kind]) for name, kind in spec["columns"].items() if name not in _ROW_KEY_COLUMNS}
    return Fields(columns, tuple(name for name in spec["pk"] if name in columns))


FINDING = Fields({"rule": Text(), "where": Text(LINE_CHARS), "left": Nullable(Number()), "right": Nullable(Number()),
                  "source": Nullable(URL)}, ("rule",))
METADATA = Record(Metadata, {
    "title": LINE, "agency": SHORT, "agency_code": SHORT, "year": Nullable(Integer(0, 9999)), "published": SHORT,
    "index_no": SHORT, "template": Text(), "is_report": Flag(), "listing_differs": MapOf(Text(), Text(LINE_CHARS)),
    "publisher": SHORT, "agency_from": SHORT,
})


@lru_cache
def page_spec(max_bytes: int) -> Record:
    """A page or file with its attachments (which have none of their own); bodies and texts up to max_bytes."""
    text = Nullable(Text(max_bytes))
    document = Record(Document, {"format": Choice(DOCUMENT_FORMATS), "text": Text(max_bytes),
                                 "pages": Nullable(Integer(0)), "needs_ocr": Flag(), "ocr": Flag(),
                                 "notes": ListOf(Text(LINE_CHARS))}, left=("grids",))

    def fields(attachments: Spec) -> dict[str, Spec]:
        return {
            "portal": Text(), "url": URL, "status": STATUS_CODES, "body": Blob(max_bytes), "fetched_at": Text(),
            "crawl_run": Text(), "content_type": SHORT, "etag": SHORT, "last_modified": SHORT, "listing_title": LINE,
            "listing_date": SHORT, "portal_agency": SHORT, "kind": KINDS, "listed_url": Nullable(URL),
            "content_hash": SHORT, "encoding": SHORT, "mislabelled": Flag(), "text": text, "container": SHORT,
            "rendered": text, "meta": Nullable(METADATA), "removed": LINE,
            # A cell's text is part of the page's: a number of any length crosses as its digits (value_text).
            "cells": ListOf(table_row("cells", max_bytes)), "checks": MapOf(Text(), CHECK_STATUSES),
            "findings": ListOf(FINDING), "repairs": ListOf(table_row("repairs")),
            "placements": ListOf(table_row("placements")), "format": Choice((HTML, *DOCUMENT_FORMATS)),
            "document": Nullable(document), "parent_url": Nullable(URL), "attachments": attachments,
            "error": LINE,
        }

    # The page's reading and the archive's resolution never cross: the worker's parse stage is done with the one,
    # the ingest makes the other.
    left = ("reading", "resolution")
    attachment = Record(Page, fields(ListOf(Lazy(lambda: attachment), 0)), left=left)
    return Record(Page, fields(ListOf(attachment, MAX_ATTACHMENTS)), left=left)


@lru_cache
def failure_spec(max_bytes: int) -> Record:
    """A URL that could not be fetched or read, with the body it answered."""
    return Record(Failure, {
        "portal": Text(), "url": URL, "crawl_run": Text(), "at": Text(), "reason": Text(LINE_CHARS),
        "status": Nullable(STATUS_CODES), "permanent": Flag(), "body": Nullable(Blob(max_bytes)),
        "content_type": SHORT, "content_hash": SHORT, "kind": KINDS,
    })


RECHECK_ANSWER = Record(Recheck, {
    "portal": Text(), "url": URL, "crawl_run": Text(), "at": Text(), "outcome": RECHECK_OUTCOMES,
    "status": Nullable(STATUS_CODES), "detail": LINE,
})
