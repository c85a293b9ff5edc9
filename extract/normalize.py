"""Text normalisation for matching labels and reading numbers in Chinese reports."""

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")
# Pairs, not a str.translate table: translate through a dict costs 100× more on a long text.
_BRACKETS = (("（", "("), ("）", ")"), ("【", "["), ("】", "]"), ("：", ":"), ("，", ","), ("；", ";"))


def fold_width(text: str) -> str:
    """Turn full-width ASCII (digits, letters, punctuation) into half-width; keep CJK as is."""
    return unicodedata.normalize("NFKC", text)


def squash(text: str) -> str:
    """Fold width and brackets and drop all whitespace: the form labels are matched in."""
    return squash_short(text) if len(text) <= _CACHED_CHARS else squash_long(text)


def _squash(text: str) -> str:
    text = fold_width(text)
    for wide, narrow in _BRACKETS:
        text = text.replace(wide, narrow)
    return _SPACES.sub("", text)


# Labels and table lines repeat across rows and reports.
_CACHED_CHARS = 120
squash_short = lru_cache(maxsize=65536)(_squash)
# A report's whole text is squashed by several readers (template, year): keep the last few.
squash_long = lru_cache(maxsize=8)(_squash)


def collapse_spaces(text: str) -> str:
    """Fold runs of whitespace (including &nbsp; and ideographic space) into one space."""
    return _SPACES.sub(" ", text).strip()
