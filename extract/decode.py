"""Decode page bytes to text, trusting declared charsets only when the bytes agree."""

import re
from dataclasses import dataclass

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w-]+)", re.I)
# GB2312 and GBK pages often use characters only GB18030 (their superset) names.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "ascii": "utf-8", "iso-8859-1": "utf-8"}
# Strict UTF-8 first: GBK text is almost never valid UTF-8, but GB18030 decodes nearly any bytes.
_FIRST = "utf-8"
_LAST = "gb18030"
_SNIFF_BYTES = 4096


@dataclass(frozen=True)
class Decoded:
    """Page text with the charset used and whether the declared charset was wrong."""

    text: str
    encoding: str
    declared: str | None
    mislabelled: bool


def _canonical(name: str | None) -> str | None:
    if not name:
        return None
    name = name.lower().strip()
    return _SUPERSETS.get(name, name)


def declared_charset(body: bytes, content_type: str | None) -> str | None:
    """The charset named by the Content-Type header, else by a <meta> tag."""
    if content_type:
        found = _HEADER_CHARSET.search(content_type)
        if found:
            return found.group(1).lower()
    found = _META_CHARSET.search(body[:_SNIFF_BYTES])
    return found.group(1).decode("ascii", "ignore").lower() if found else None


def decode_page(body: bytes, content_type: str | None = None) -> Decoded:
    """Decode as strict UTF-8 if the bytes are UTF-8, else the declared charset, else GB18030."""
    declared = declared_charset(body, content_type)
    candidates = [c for c in (_FIRST, _canonical(declared), _LAST) if c]
    for encoding in dict.fromkeys(candidates):
        try:
            text = body.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        mislabelled = declared is not None and encoding != _canonical(declared) and not body.isascii()
        return Decoded(text, encoding, declared, mislabelled)
    return Decoded(body.decode("gb18030", errors="replace"), "gb18030", declared, True)
