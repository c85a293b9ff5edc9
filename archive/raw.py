"""Raw responses stored once each, zlib-compressed, addressed by the SHA-256 of their bytes."""

import hashlib
import zlib

import sqlite_utils

from nianbao.archive.db import insert_rows


def content_hash(body: bytes) -> str:
    """The SHA-256 hex digest that addresses a response body."""
    return hashlib.sha256(body).hexdigest()


def put_raw(db: sqlite_utils.Database, body: bytes, content_type: str | None) -> str:
    """Store a body unless already stored; returns its hash (compressed only when not stored yet)."""
    digest = content_hash(body)
    if db.execute("select 1 from raw_pages where hash = ?", [digest]).fetchone() is None:
        insert_rows(db, "raw_pages", [{"hash": digest, "size": len(body), "content_type": content_type,
                                       "body": zlib.compress(body)}], verb="INSERT OR IGNORE")
    return digest


def get_raw(db: sqlite_utils.Database, digest: str) -> bytes:
    """The original bytes stored under a hash; KeyError if absent."""
    rows = list(db.query("select body from raw_pages where hash = ?", [digest]))
    if not rows:
        raise KeyError(f"no raw page with hash {digest}")
    return zlib.decompress(rows[0]["body"])
