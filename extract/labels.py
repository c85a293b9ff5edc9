"""Row labels as printed ("（三）1.属于国家秘密", "其中：主动公开规范性文件数") reduced to what they name."""

import re
from functools import lru_cache

from nianbao.extract.keys import ACTIVE_ALIASES, ACTIVE_ROWS, OTHER_MISC_AFTER, OTHER_MISC_LABEL, REQUEST_PATTERNS
from nianbao.extract.normalize import squash

# Ordinal prefixes: 一、 (一) 1. 1、 (1) ① 其中：, possibly stacked ("三、(一)").
_ORDINAL = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十\d]{1,3}\)|\d{1,2}[.、](?!\d)|[①-⑳]|其中:?)+"
)
# Circled numerals fold to bare digits under NFKC (① -> 1): they are written as (1) first, an ordinal still.
_CIRCLED = {chr(code): f"({code - 0x245F})" for code in range(0x2460, 0x2474)}
_CIRCLED_MARK = re.compile("[\u2460-\u2473]")
_NUMBERED_THREE = re.compile(r"^\(?3[.、)]")
_TRAILING_NOTE = re.compile(r"\([^()]*\)$")
# Longest label a row of the statistics tables carries; longer text is prose.
MAX_LABEL_CHARS = 90
_SUFFIX_LABELS = 3
_ACTIVE_NAMES = {template: {label: key for key, label, _ in rows} for template, rows in ACTIVE_ROWS.items()}


@lru_cache(maxsize=65536)
def strip_ordinals(label: str) -> str:
    """The label without whitespace, width differences and leading ordinals."""
    return _ORDINAL.sub("", squash(_CIRCLED_MARK.sub(lambda mark: _CIRCLED[mark.group()], label)))


def active_key(labels: list[str], template: str) -> str | None:
    """The active-disclosure row a run's last label names ("规章", "行政规范性文件（件）"), or None."""
    if not labels:
        return None
    name = _TRAILING_NOTE.sub("", strip_ordinals(labels[-1]))
    known = _ACTIVE_NAMES[template]
    key = known.get(name) or ACTIVE_ALIASES.get(name)
    return key if key in known.values() else None


def request_key(labels: list[str], previous: str | None) -> str | None:
    """The requests row named by a run's last labels (joined when a label wrapped), or None.

    A bare "其他" is 2021's （六）3 only when numbered 3 or right after its sibling rows. Pieces before the
    last numbered piece belong to rows above (a wrapped label's tail printed after its numbers).
    """
    numbered = [i for i, label in enumerate(labels) if _ORDINAL.match(squash(label))]
    labels = labels[numbered[-1]:] if numbered else labels
    for count in range(1, min(_SUFFIX_LABELS, len(labels)) + 1):
        raw = "".join(labels[-count:])
        name = strip_ordinals(raw)
        if not name or len(name) > MAX_LABEL_CHARS:
            continue
        if count == 1 and name == OTHER_MISC_LABEL:
            if _NUMBERED_THREE.match(squash(raw)) or previous in OTHER_MISC_AFTER:
                return "other_misc"
            return None
        for key, pattern in REQUEST_PATTERNS:
            if pattern.search(name):
                return key
    return None


def spaced_cells(text: str) -> list[str]:
    """Header cells OCR left one space apart (2014年度 历年累计), a letter-spaced word (统 计 指 标) one cell."""
    cells: list[list[str]] = []
    for word in text.split():
        if cells and len(word) == 1 and len(cells[-1][-1]) == 1:
            cells[-1].append(word)
        else:
            cells.append([word])
    return ["".join(cell) for cell in cells]


def legacy_key(label: str) -> str:
    """A legacy table row's key: its own label, ordinals and whitespace removed."""
    return strip_ordinals(label)
