"""Deduplicate pages into reports (one per agency and year) and write reports, versions and sources."""

import hashlib
import json
from dataclasses import dataclass

import sqlite_utils

from nianbao.archive.agencies import AgencyMatch, match_agency, name_key, refresh_agency, write_agency
from nianbao.archive.carry_over import REQUESTS, refresh_carry_over
from nianbao.archive.db import insert_rows, insert_values, write_group
from nianbao.archive.rechecks import refresh_report_gone
from nianbao.extract.normalize import squash
from nianbao.extract.scope import report_scope

# Below this many characters of text, equal texts ("详见附件") say nothing about identity.
MIN_IDENTITY_CHARS = 200
_ID_LENGTH = 16


@dataclass(frozen=True)
class Resolution:
    """Which report a page belongs to, as which version, and whether that is new."""

    report_id: str
    version: int
    action: str  # "new_report", "new_version" or "same"
    key_basis: str
    text_hash: str
    # The body the page is about, resolved; None when it names none or joins a report of another's naming.
    agency: AgencyMatch | None = None
    publisher_key: str | None = None
    # An agency whose report this page took over (a publisher's title-less report, now its body's), if any.
    replaces: str | None = None


# The claims that name a report's own subject; any other naming of it may be only its publisher's.
_TITLE_CLAIMS = ("title", "listing_title")


def text_hash(text: str) -> str:
    """Hash of the report text with whitespace and width differences folded away."""
    return hashlib.sha256(squash(text).encode("utf-8")).hexdigest()


def report_key(agency: str | None, year: int | None, url: str) -> tuple[str, str]:
    """The report id for (agency id, year), or for the URL when either is unknown; with the basis used."""
    key, basis = (f"{agency}|{year}", "agency_year") if agency and year else (url, "url")
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:_ID_LENGTH], basis


def _report_of(db: sqlite_utils.Database, match: AgencyMatch | None, year: int | None, url: str,
               publisher_key: str | None, agency_from: str | None) -> tuple[str, str, str | None, bool]:
    """(report id, basis, agency replaced, whether the page keeps the report's subject) of a page.

    A report is its agency's of that year. A page whose body is named only by its publisher (no title names
    one) and the report whose title names a body that publisher published are one report, in either order.
    """
    if match is None or not year:
        return *report_key(None, None, url), None, False
    found = db.execute("select id from reports where agency_id = ? and year = ?", [match.id, year]).fetchone()
    if found:
        return found[0], "agency_year", None, False
    if agency_from not in _TITLE_CLAIMS:
        titled = db.execute("select id from reports where year = ? and publisher_key = ? and agency_from in (?, ?)",
                            [year, match.key, *_TITLE_CLAIMS]).fetchall()
        if len(titled) == 1:
            return titled[0][0], "publisher_year", None, True
    elif publisher_key and publisher_key != match.key:
        untitled = db.execute(
            "select r.id, r.agency_id from reports r join agencies a on a.id = r.agency_id where r.year = ?"
            " and a.key = ? and coalesce(r.agency_from, '') not in (?, ?)",
            [year, publisher_key, *_TITLE_CLAIMS]).fetchall()
        if len(untitled) == 1:
            return untitled[0][0], "publisher_year", untitled[0][1], False
    return *report_key(match.id, year, url), None, False


def resolve(db: sqlite_utils.Database, url: str, text: str, agency: str | None, year: int | None,
            code: str | None = None, portal: str | None = None, publisher: str | None = None,
            agency_from: str | None = None) -> Resolution:
    """Place a page: same text as a stored version, a new version of its report, or a new report.

    agency is the body the page is about, resolved to an agency with its 索引号 code and portal.
    """
    digest = text_hash(text)
    match = match_agency(db, agency, code, portal, year) if agency else None
    publisher_key = name_key(db, publisher, portal)
    report_id, basis, replaces, keeps_subject = _report_of(db, match, year, url, publisher_key, agency_from)
    match = None if keeps_subject else match
    extra = {"agency": match, "publisher_key": publisher_key, "replaces": replaces}
    if len(squash(text)) >= MIN_IDENTITY_CHARS:
        same = db.execute(
            "select v.report_id, v.version, r.year, r.key_basis from versions v join reports r on r.id = v.report_id"
            " where v.text_hash = ? order by v.version limit 1", [digest]
        ).fetchone()
        if same and (year is None or same[2] == year):
            return Resolution(same[0], same[1], "same", same[3], digest)
    last = db.execute("select max(version) from versions where report_id = ?", [report_id]).fetchone()[0]
    if last is None:
        return Resolution(report_id, 1, "new_report", basis, digest, **extra)
    latest = db.execute("select text_hash from versions where report_id = ? and version = ?",
                        [report_id, last]).fetchone()[0]
    if latest == digest:
        return Resolution(report_id, last, "same", basis, digest)
    return Resolution(report_id, last + 1, "new_version", basis, digest, **extra)


def write_page(db: sqlite_utils.Database, page, resolution: Resolution) -> None:
    """Write a resolved page: its version and report when new, its source always, all or nothing."""
    meta = page.meta
    provenance = {"source_url": page.url, "fetched_at": page.fetched_at, "content_hash": page.content_hash,
                  "crawl_run": page.crawl_run}
    with db.atomic():
        report = None
        if resolution.action != "same":
            insert_rows(db, "versions", [{
                "report_id": resolution.report_id, "version": resolution.version, "text_hash": resolution.text_hash,
                "title": meta.title, "published": meta.published, "index_no": meta.index_no,
                "template": meta.template, "text": page.text, **provenance,
            }])
            report = _write_report(db, page, resolution, provenance)
            if resolution.action == "new_version":  # a new report has no rows yet: its id had no version
                for table in _PER_REPORT:
                    db.execute(f"delete from {table} where report_id = ?", [resolution.report_id])
        _write_source(db, page, resolution.report_id)
        for attachment in page.attachments:
            if not attachment.error and is_report_file(attachment):
                _write_source(db, attachment, resolution.report_id)
        refresh_report_gone(db, resolution.report_id)
        portals = [row[0] for row in db.execute(
            "select distinct portal from sources where report_id = ? order by first_seen, portal",
            [resolution.report_id])]
        db.execute("update reports set portals = ? where id = ?",
                   [json.dumps(portals, ensure_ascii=False), resolution.report_id])
        # The agency first, so the cells go in carrying its name and region, not rewritten after.
        _write_agency(db, page, resolution)
        if report is not None:
            _write_cells(db, page, resolution.report_id, provenance, _cell_subject(db, report))
            requests = _stored_requests(page.cells)
            refresh_carry_over(db, resolution.report_id, requests)
    if report is not None:
        write_group(db).remember(resolution.report_id, requests)


# A report's rows derived from its current version, replaced whole by a new one.
_PER_REPORT = ("cells", "checks", "repairs", "placements")


def _write_report(db, page, resolution: Resolution, provenance: dict) -> dict:
    """Upsert the report's row; returns what was written."""
    meta = page.meta
    existing = None
    if resolution.action == "new_version":
        found = db.execute("select agency_id, key_basis, portal, first_seen from reports where id = ?",
                           [resolution.report_id]).fetchone()
        existing = dict(zip(("agency_id", "key_basis", "portal", "first_seen"), found)) if found else None
    match = resolution.agency
    subject = ({"agency": meta.agency, "agency_id": match.id, "agency_from": meta.agency_from} if match
               else {"agency_id": existing["agency_id"]} if existing else {"agency": meta.agency})
    kind = None if match else db.execute("select kind from agencies where id = ?",
                                         [subject.get("agency_id")]).fetchone()
    row = {
        "id": resolution.report_id, **subject, "agency_code": meta.agency_code, "year": meta.year,
        "publisher": meta.publisher, "publisher_key": resolution.publisher_key,
        "scope": report_scope(page.text, match.form.kind if match else kind[0] if kind else None),
        "title": meta.title, "published": meta.published, "index_no": meta.index_no, "template": meta.template,
        "text": page.text, "key_basis": resolution.key_basis if match or not existing else existing["key_basis"],
        "portal": existing["portal"] if existing else page.portal,
        "versions": resolution.version,
        "first_seen": existing["first_seen"] if existing else page.fetched_at,
        **provenance,
    }
    insert_rows(db, "reports", [row], upsert=True)
    return row


def _write_agency(db, page, resolution: Resolution) -> None:
    """The report's agency with the name forms this page gives it; its cells carry its id, name, region, scope."""
    match, meta = resolution.agency, page.meta
    agency = match.id if match else db.execute("select agency_id from reports where id = ?",
                                               [resolution.report_id]).fetchone()[0]
    if match is not None:
        seen = {"portal": page.portal, "report_id": resolution.report_id, "seen_at": page.fetched_at}
        sightings = [{"name": squash(meta.agency), "source": meta.agency_from or "agency", **seen}]
        if meta.publisher and resolution.publisher_key == match.key:
            sightings.append({"name": squash(meta.publisher), "source": "publisher", **seen})
        changed = write_agency(db, match, sightings)
        refresh_agency(db, agency, None if changed else resolution.report_id)
    elif agency:
        refresh_agency(db, agency, resolution.report_id)
    if resolution.replaces and resolution.replaces != agency:
        # The publisher's names were taken for the report's subject until its title named the body.
        db.execute("delete from agency_names where report_id = ? and agency_id = ?",
                   [resolution.report_id, resolution.replaces])
        refresh_agency(db, resolution.replaces, None)


# What a report's cells carry of its agency and scope (see refresh_agency); none without an agency.
_SUBJECT_COLUMNS = ("agency_id", "agency_name", "province_code", "city_code", "county_code", "scope")


def _cell_subject(db, report: dict) -> dict:
    """The agency's id, name and region codes and the report's scope, as refresh_agency copies them onto cells."""
    agency = report.get("agency_id")
    found = agency and db.execute("select name, province_code, city_code, county_code from agencies where id = ?",
                                  [agency]).fetchone()
    if not found:
        return dict.fromkeys(_SUBJECT_COLUMNS)
    return dict(zip(_SUBJECT_COLUMNS, (agency, *found, report["scope"])))


def _stored_requests(cells: list[dict]) -> list[dict]:
    """A page's request cells as the archive gives them back: numbers in the REAL column read back as floats."""
    return [{"section": cell["section"], "row": cell["row"], "col": cell["col"],
             "value": float(cell["value"]) if isinstance(cell["value"], int) else cell["value"]}
            for cell in cells if cell["section"] == REQUESTS]


def numbered_cells(cells: list[dict]) -> list[dict]:
    """Cells with seq: 0, or the repeat count for a legacy label printed twice (被依法纠错数 under two headings)."""
    seen: dict[tuple, int] = {}
    numbered = []
    for cell in cells:
        key = (cell["section"], cell["row"], cell["col"])
        numbered.append({**cell, "seq": seen.get(key, 0)})
        seen[key] = seen.get(key, 0) + 1
    return numbered


# A cell as the parser gives it; the cells table adds its report, seq, subject and provenance.
_CELL_FIELDS = ("section", "row", "col", "value", "value_text", "value_note", "unit", "raw")
_CELL_KEYS = frozenset(_CELL_FIELDS)


def _cell_values(report_id: str, cells: list[dict], tail: tuple) -> list[tuple]:
    """The cells as rows of (report_id, *_CELL_FIELDS, seq, *tail), numbered as numbered_cells numbers them.

    Built as tuples here, not dicts: a report has hundreds of cells, and the dicts cost more than their insert.
    """
    seen: dict[tuple, int] = {}
    rows = []
    for cell in cells:
        if not cell.keys() <= _CELL_KEYS:
            raise ValueError(f"table cells has no column {', '.join(cell.keys() - _CELL_KEYS)}")
        key = (cell["section"], cell["row"], cell["col"])
        seq = seen.get(key, 0)
        seen[key] = seq + 1
        rows.append((report_id, *map(cell.get, _CELL_FIELDS), seq, *tail))
    return rows


def _write_cells(db, page, report_id: str, provenance: dict, subject: dict) -> None:
    """The page's cells, checks, repairs and placements, each table in one statement (the old rows are gone)."""
    insert_values(db, "cells", ("report_id", *_CELL_FIELDS, "seq", *subject, *provenance),
                  _cell_values(report_id, page.cells, (*subject.values(), *provenance.values())),
                  verb="INSERT OR REPLACE")
    details = {}
    for finding in page.findings:
        details.setdefault(finding["rule"], []).append(finding)
    insert_rows(db, "checks", ({"report_id": report_id, "rule": rule, "status": status,
                                "detail": json.dumps(details[rule], ensure_ascii=False) if rule in details else None,
                                **provenance} for rule, status in page.checks.items()), verb="INSERT OR REPLACE")
    insert_rows(db, "repairs", ({"report_id": report_id, **repair, **provenance} for repair in page.repairs),
                verb="INSERT OR REPLACE")
    insert_rows(db, "placements", ({"report_id": report_id, "sums": None, **placement, **provenance}
                                   for placement in page.placements), verb="INSERT OR REPLACE")


def is_report_file(attachment) -> bool:
    """True for an attached file that is (part of) the report: it names one, or states its numbers."""
    return attachment.meta is not None and (attachment.meta.is_report or any(
        cell["value"] is not None for cell in attachment.cells))


def _write_source(db, page, report_id: str) -> None:
    existing = db.execute("select first_seen from sources where url = ?", [page.url]).fetchone()
    insert_rows(db, "sources", [{
        "url": page.url, "report_id": report_id, "portal": page.portal,
        "first_seen": existing[0] if existing else page.fetched_at,
        "last_seen": page.fetched_at, "fetched_at": page.fetched_at,
        "content_hash": page.content_hash, "crawl_run": page.crawl_run, "encoding": page.encoding,
        "charset_mislabelled": int(page.mislabelled), "container": page.container, "etag": page.etag,
        "last_modified": page.last_modified, "checked_at": page.fetched_at, "gone": None, "gone_reason": None,
        "format": page.format, "parent_url": page.parent_url,
        "pages": page.document.pages if page.document else None,
        "needs_ocr": int(page.document.needs_ocr) if page.document else 0,
        "ocr": int(page.document.ocr) if page.document else 0,
    }], upsert=True)
