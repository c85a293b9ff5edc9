"""Deduplicate pages into reports (one per agency and year) and write reports, versions and sources."""

import hashlib
import json
from dataclasses import dataclass

import sqlite_utils

from archive.carry_over import refresh_carry_over
from archive.rechecks import refresh_report_gone
from archive.schema import TABLES
from extract.normalize import squash

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


def text_hash(text: str) -> str:
    """Hash of the report text with whitespace and width differences folded away."""
    return hashlib.sha256(squash(text).encode("utf-8")).hexdigest()


def report_key(agency: str | None, year: int | None, url: str) -> tuple[str, str]:
    """The report id for (agency, year), or for the URL when either is unknown; with the basis used."""
    key, basis = (f"{agency}|{year}", "agency_year") if agency and year else (url, "url")
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:_ID_LENGTH], basis


def resolve(db: sqlite_utils.Database, url: str, text: str, agency: str | None, year: int | None) -> Resolution:
    """Place a page: same text as a stored version, a new version of its report, or a new report."""
    digest = text_hash(text)
    report_id, basis = report_key(agency, year, url)
    if len(squash(text)) >= MIN_IDENTITY_CHARS:
        same = db.execute(
            "select v.report_id, v.version, r.year, r.key_basis from versions v join reports r on r.id = v.report_id"
            " where v.text_hash = ? order by v.version limit 1", [digest]
        ).fetchone()
        if same and (year is None or same[2] == year):
            return Resolution(same[0], same[1], "same", same[3], digest)
    last = db.execute("select max(version) from versions where report_id = ?", [report_id]).fetchone()[0]
    if last is None:
        return Resolution(report_id, 1, "new_report", basis, digest)
    latest = db.execute("select text_hash from versions where report_id = ? and version = ?",
                        [report_id, last]).fetchone()[0]
    if latest == digest:
        return Resolution(report_id, last, "same", basis, digest)
    return Resolution(report_id, last + 1, "new_version", basis, digest)


def write_page(db: sqlite_utils.Database, page, resolution: Resolution) -> None:
    """Write a resolved page: its version and report when new, its source always, in one transaction."""
    meta = page.meta
    provenance = {"source_url": page.url, "fetched_at": page.fetched_at, "content_hash": page.content_hash,
                  "crawl_run": page.crawl_run}
    with db.atomic():
        if resolution.action != "same":
            db["versions"].insert({
                "report_id": resolution.report_id, "version": resolution.version, "text_hash": resolution.text_hash,
                "title": meta.title, "published": meta.published, "index_no": meta.index_no,
                "template": meta.template, "text": page.text, **provenance,
            })
            _write_report(db, page, resolution, provenance)
            _write_cells(db, page, resolution.report_id, provenance)
            refresh_carry_over(db, resolution.report_id)
        _write_source(db, page, resolution.report_id)
        for attachment in page.attachments:
            if not attachment.error and is_report_file(attachment):
                _write_source(db, attachment, resolution.report_id)
        refresh_report_gone(db, resolution.report_id)
        portals = [row[0] for row in db.execute(
            "select distinct portal from sources where report_id = ? order by first_seen, portal",
            [resolution.report_id])]
        db["reports"].update(resolution.report_id, {"portals": json.dumps(portals, ensure_ascii=False)})


def _write_report(db, page, resolution: Resolution, provenance: dict) -> None:
    meta = page.meta
    existing = db["reports"].get(resolution.report_id) if resolution.action == "new_version" else None
    db["reports"].upsert({
        "id": resolution.report_id, "agency": meta.agency, "agency_code": meta.agency_code, "year": meta.year,
        "title": meta.title, "published": meta.published, "index_no": meta.index_no, "template": meta.template,
        "text": page.text, "key_basis": resolution.key_basis,
        "portal": existing["portal"] if existing else page.portal,
        "versions": resolution.version,
        "first_seen": existing["first_seen"] if existing else page.fetched_at,
        **provenance,
    }, pk="id")


def numbered_cells(cells: list[dict]) -> list[dict]:
    """Cells with seq: 0, or the repeat count for a legacy label printed twice (被依法纠错数 under two headings)."""
    seen: dict[tuple, int] = {}
    numbered = []
    for cell in cells:
        key = (cell["section"], cell["row"], cell["col"])
        numbered.append({**cell, "seq": seen.get(key, 0)})
        seen[key] = seen.get(key, 0) + 1
    return numbered


def _write_cells(db, page, report_id: str, provenance: dict) -> None:
    for table in ("cells", "checks", "repairs", "placements"):
        db.execute(f"delete from {table} where report_id = ?", [report_id])
    db["cells"].insert_all(
        ({"report_id": report_id, **cell, **provenance} for cell in numbered_cells(page.cells)),
        pk=TABLES["cells"]["pk"], replace=True,
    )
    details = {}
    for finding in page.findings:
        details.setdefault(finding["rule"], []).append(finding)
    db["checks"].insert_all(
        ({"report_id": report_id, "rule": rule, "status": status,
          "detail": json.dumps(details[rule], ensure_ascii=False) if rule in details else None, **provenance}
         for rule, status in page.checks.items()),
        pk=TABLES["checks"]["pk"], replace=True,
    )
    db["repairs"].insert_all(
        ({"report_id": report_id, **repair, **provenance} for repair in page.repairs),
        pk=TABLES["repairs"]["pk"], replace=True,
    )
    db["placements"].insert_all(
        ({"report_id": report_id, "sums": None, **placement, **provenance} for placement in page.placements),
        pk=TABLES["placements"]["pk"], replace=True,
    )


def is_report_file(attachment) -> bool:
    """True for an attached file that is (part of) the report: it names one, or states its numbers."""
    return attachment.meta is not None and (attachment.meta.is_report or any(
        cell["value"] is not None for cell in attachment.cells))


def _write_source(db, page, report_id: str) -> None:
    existing = list(db.query("select first_seen from sources where url = ?", [page.url]))
    db["sources"].upsert({
        "url": page.url, "report_id": report_id, "portal": page.portal,
        "first_seen": existing[0]["first_seen"] if existing else page.fetched_at,
        "last_seen": page.fetched_at, "fetched_at": page.fetched_at,
        "content_hash": page.content_hash, "crawl_run": page.crawl_run, "encoding": page.encoding,
        "charset_mislabelled": int(page.mislabelled), "container": page.container, "etag": page.etag,
        "last_modified": page.last_modified, "checked_at": page.fetched_at, "gone": None, "gone_reason": None,
        "format": page.format, "parent_url": page.parent_url,
        "pages": page.document.pages if page.document else None,
        "needs_ocr": int(page.document.needs_ocr) if page.document else 0,
        "ocr": int(page.document.ocr) if page.document else 0,
    }, pk="url")
