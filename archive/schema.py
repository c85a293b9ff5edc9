"""Tables of the archive, with one-line descriptions in Chinese and English (see docs/schema.md)."""

import sqlite_utils

from nianbao.extract.keys import key_labels
from nianbao.publish.views import create_views

PROVENANCE = {"source_url": str, "fetched_at": str, "content_hash": str, "crawl_run": str}

TABLES: dict[str, dict] = {
    "crawl_runs": {
        "columns": {"id": str, "command": str, "started": str, "finished": str, "status": str, "portals": int,
                    "pages_fetched": int, "reports_new": int, "versions_new": int, "sources_new": int,
                    "rechecked": int, "gone": int, "errors": int},
        "pk": "id",
        "description": "抓取批次 / One row per crawl or reparse run",
    },
    "portal_runs": {
        "columns": {"crawl_run": str, "portal": str, "family": str, "status": str, "started": str, "finished": str,
                    "seconds": float, "listing_pages": int, "links_found": int, "reports_listed": int,
                    "details_fetched": int, "known_skipped": int, "rechecked": int, "not_modified": int,
                    "pages_fetched": int, "reports_new": int, "versions_new": int, "gone": int, "blocked": int,
                    "errors": int, "items_listed": int, "items_claimed": int, "message": str},
        "pk": ("crawl_run", "portal"),
        "description": "各门户每次抓取结果 / What each crawl run did on each portal",
    },
    "portal_health": {
        "columns": {"portal": str, "status": str, "last_run": str, "last_attempt": str, "last_success": str,
                    "consecutive_failures": int, "reports_found": int, "reports_archived": int, "reports_gone": int,
                    "blocked_since": str, "message": str},
        "pk": "portal",
        "description": "各门户健康状况：最近成功、连续失败次数、找到的年报 / Each portal's health: last success, "
                       "consecutive failures, reports found",
    },
    "archive_state": {
        "columns": {"key": str, "value": str, "updated": str},
        "pk": "key",
        "description": "归档状态（如生成派生表的解析器版本）/ Archive state, such as the parser version of the derived tables",
    },
    "portals": {
        "columns": {"id": str, "name": str, "start_url": str, "family": str, "detected_family": str,
                    "agency": str, "region": str, "division": str, "aliases": str},
        "pk": "id",
        "description": "门户登记表（division：所在行政区划代码；aliases：机关名称的人工归并或拆分）/ The portals crawled, "
                       "as registered: division is the code of where the portal's body sits, aliases the registry's "
                       "corrections of name resolution",
    },
    "raw_pages": {
        "columns": {"hash": str, "size": int, "content_type": str, "body": bytes},
        "pk": "hash",
        "description": "原始页面（zlib 压缩，按 SHA-256 寻址）/ Every raw response, zlib-compressed, by SHA-256",
    },
    "fetches": {
        "columns": {"id": int, "url": str, "portal": str, "crawl_run": str, "fetched_at": str, "status": int,
                    "content_hash": str, "content_type": str, "etag": str, "last_modified": str,
                    "listing_title": str, "listing_date": str, "kind": str, "listed_url": str,
                    "parent_url": str},
        "pk": "id",
        "description": "每次抓取的详情页和附件 / Every detail page and attached file fetched, replayed by reparse",
    },
    "reports": {
        "columns": {"id": str, "agency": str, "agency_code": str, "year": int, "title": str, "published": str,
                    "index_no": str, "template": str, "text": str, "key_basis": str, "portal": str,
                    "portals": str, "versions": int, "first_seen": str, "gone": str, "agency_id": str,
                    "agency_from": str, "publisher": str, "publisher_key": str, "scope": str, **PROVENANCE},
        "pk": "id",
        "description": "年报（每机关每年一份，当前版本）/ One report per agency and year, current version",
    },
    "versions": {
        "columns": {"report_id": str, "version": int, "text_hash": str, "title": str, "published": str,
                    "index_no": str, "template": str, "text": str, **PROVENANCE},
        "pk": ("report_id", "version"),
        "description": "年报的各个版本（内容变化即新版本）/ Every distinct content of a report, with capture time",
    },
    "sources": {
        "columns": {"url": str, "report_id": str, "portal": str, "first_seen": str, "last_seen": str,
                    "fetched_at": str, "content_hash": str, "crawl_run": str, "encoding": str,
                    "charset_mislabelled": int, "container": str, "etag": str, "last_modified": str,
                    "checked_at": str, "gone": str, "gone_reason": str, "format": str, "parent_url": str,
                    "pages": int, "needs_ocr": int, "ocr": int},
        "pk": "url",
        "description": "年报出现过的网址（网页与附件：PDF、Word、WPS、表格、扫描件）/ Every URL a report was found at: "
                       "pages and their attached files, with the file format and whether its text was OCR'd",
    },
    "rechecks": {
        "columns": {"url": str, "crawl_run": str, "portal": str, "report_id": str, "at": str, "status": int,
                    "outcome": str, "detail": str},
        "pk": ("url", "crawl_run"),
        "description": "已知年报的定期复查（条件请求）/ Scheduled re-checks of known report pages, with conditional "
                       "requests: not_modified, same, new_version, gone, blocked or error",
    },
    "cells": {
        "columns": {"report_id": str, "section": str, "row": str, "col": str, "seq": int, "value": float,
                    "value_text": str, "value_note": str, "unit": str, "raw": str, "agency_id": str,
                    "agency_name": str, "province_code": str, "city_code": str, "county_code": str, "scope": str,
                    **PROVENANCE},
        "pk": ("report_id", "section", "row", "col", "seq"),
        "description": "统计表单元格（键见 docs/keys.md；位数过多的数字以文本存于 value_text）/ Statistics table cells, "
                       "keyed as in docs/keys.md; a number of more digits than value keeps is in value_text",
    },
    "agencies": {
        "columns": {"id": str, "name": str, "key": str, "kind": str, "level": str, "province_code": str,
                    "province_name": str, "city_code": str, "city_name": str, "county_code": str, "county_name": str,
                    "region_basis": str, "credit_code": str, "org_code": str, "names": str, "portals": str,
                    "reports": int, "reason": str, "division_data": str},
        "pk": "id",
        "description": "机关（年报所述主体）：名称、类别、层级、行政区划代码 / One row per body the reports are about: "
                       "its name, kind, level and region codes",
    },
    "agency_names": {
        "columns": {"name": str, "source": str, "report_id": str, "agency_id": str, "portal": str, "seen_at": str,
                    "reason": str},
        "pk": ("name", "source", "report_id"),
        "description": "机关名称的各种写法及出处、归并理由 / Every name form seen for an agency, where, and why it was "
                       "resolved to that agency",
    },
    "checks": {
        "columns": {"report_id": str, "rule": str, "status": str, "detail": str, **PROVENANCE},
        "pk": ("report_id", "rule"),
        "description": "勾稽关系检查结果 / Consistency checks: ok, failed or unknown, with the sums that disagree",
    },
    "repairs": {
        "columns": {"report_id": str, "section": str, "row": str, "col": str, "raw": str, "value": float,
                    "repair": str, "confirmed_by": str, **PROVENANCE},
        "pk": ("report_id", "section", "row", "col"),
        "description": "解析时修复的单元格（如被空格拆开的数字）/ Cells the parser repaired, with the raw text and the proof",
    },
    "placements": {
        "columns": {"report_id": str, "section": str, "row": str, "by": str, "label": str, "sums": str,
                    **PROVENANCE},
        "pk": ("report_id", "section", "row"),
        "description": "统计表各行如何定位：按行名或按顺序，及勾稽核对结果 / How each table row was placed: by its "
                       "label, or by its position between named rows, with what the sums say of a placement by position",
    },
    "key_labels": {
        "columns": {"section": str, "kind": str, "key": str, "label": str, "position": int},
        "pk": ("section", "kind", "key"),
        "description": "统计表键名与官方中文名称 / The cell keys of docs/keys.md with their official Chinese labels",
    },
    "fetch_errors": {
        "columns": {"id": int, "url": str, "portal": str, "crawl_run": str, "at": str, "status": int,
                    "reason": str, "permanent": int, "content_hash": str},
        "pk": "id",
        "description": "抓取或解析失败 / Fetches and pages that failed, with the reason",
    },
    "skipped": {
        "columns": {"url": str, "portal": str, "title": str, "reason": str, **PROVENANCE},
        "pk": "url",
        "description": "已抓取但不是年报的页面 / Pages fetched that turned out not to be reports",
    },
}

INDEXES = (
    ("fetches", ["url"]),
    ("fetches", ["fetched_at"]),
    ("versions", ["text_hash"]),
    ("sources", ["report_id"]),
    ("reports", ["agency", "year"]),
    ("reports", ["agency_id", "year"]),
    ("agencies", ["key"]),
    ("agencies", ["credit_code"]),
    ("agencies", ["org_code"]),
    ("agency_names", ["agency_id"]),
    # A year's reports in rowid order: in a snapshot, the facet page's first rows without a sort.
    ("reports", ["year"]),
    ("fetch_errors", ["url"]),
    ("cells", ["section", "row", "col"]),
    ("sources", ["portal", "checked_at"]),
    ("rechecks", ["crawl_run"]),
    # The crawl's progress line counts the run's pages and failures every few seconds.
    ("fetches", ["crawl_run"]),
    ("fetch_errors", ["crawl_run"]),
)


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create every table and index that is missing."""
    for name, spec in TABLES.items():
        table = db[name]
        table.create(spec["columns"], pk=spec["pk"], if_not_exists=True)
        # Archives made by an older nianbao gain the columns added since.
        existing = table.columns_dict
        for column, kind in spec["columns"].items():
            if column not in existing:
                table.add_column(column, kind)
    for table, columns in INDEXES:
        db[table].create_index(columns, if_not_exists=True)
    db["key_labels"].upsert_all(key_labels(), pk=TABLES["key_labels"]["pk"], alter=True)
    create_views(db)
