"""Text normalisation for matching labels and reading numbers in Chinese reports."""

import re
import unicodedata

_SPACES = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")
_BRACKETS = str.maketrans({"（": "(", "）": ")", "【": "[", "】": "]", "：": ":", "，": ",", "；": ";"})


def fold_width(text: str) -> str:
    """Turn full-width ASCII (digits, letters, punctuation) into half-width; keep CJK as is."""
    return unicodedata.normalize("NFKC", text)


def squash(text: str) -> str:
    """Fold width and brackets and drop all whitespace: the form labels are matched in."""
    return _SPACES.sub("", fold_width(text).translate(_BRACKETS))


def collapse_spaces(text: str) -> str:
    """Fold runs of whitespace (including &nbsp; and ideographic space) into one space."""
    return _SPACES.sub(" ", text).strip()
