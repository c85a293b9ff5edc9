"""Raw responses stored once each, zlib-compressed, addressed by the SHA-256 of their bytes."""

import hashlib
import zlib

import sqlite_utils


def content_hash(body: bytes) -> str:
    """The SHA-256 hex digest that addresses a response body."""
    return hashlib.sha256(body).hexdigest()


def put_raw(db: sqlite_utils.Database, body: bytes, content_type: str | None) -> str:
    """Store a body unless already stored; returns its hash."""
    digest = content_hash(body)
    db["raw_pages"].insert(
        {"hash": digest, "size": len(body), "content_type": content_type, "body": zlib.compress(body)},
        ignore=True,
    )
    return digest


def get_raw(db: sqlite_utils.Database, digest: str) -> bytes:
    """The original bytes stored under a hash; KeyError if absent."""
    rows = list(db.query("select body from raw_pages where hash = ?", [digest]))
    if not rows:
        raise KeyError(f"no raw page with hash {digest}")
    return zlib.decompress(rows[0]["body"])
