"""Rows of the 2019/2021 tables placed by order and label similarity together.

The forms print their rows in a fixed order. Rows whose label a keyword names are anchors; a row between two
anchors whose label is wrapped, cut short, split or garbled by OCR takes one of the template rows between
them, chosen by order and by how much its label shares with the official one.
"""

from functools import cache

from nianbao.extract.keys import ACTIVE_ROWS, OUTCOME_ROWS, REQUEST_ROW_LABELS
from nianbao.extract.labels import strip_ordinals

# A placed row scores this much before its label's likeness is added, so order alone can place rows.
_ORDER_SCORE = 1.0
# Before the first named row or after the last one, order proves nothing (prose and other tables stand
# there): a row is placed there only when its label shares at least this much with the official one.
MIN_OPEN_LIKENESS = 0.3
BY_LABEL, BY_POSITION = "label", "position"


@cache
def request_order(template: str) -> dict[str, str]:
    """The requests rows of a template in printed order, with their official labels."""
    keys = ("new", "carried_in", *OUTCOME_ROWS[template], "total", "carried_forward")
    return {key: REQUEST_ROW_LABELS[key] for key in keys}


@cache
def active_order(template: str) -> dict[str, str]:
    """The active-disclosure rows of a template in printed order, with their official labels."""
    return {key: label for key, label, _ in ACTIVE_ROWS[template]}


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)} or {text}


def likeness(labels: tuple[str, ...], official: str) -> float:
    """Share of character pairs a printed label has in common with the official label (Dice, 0 to 1).

    A row's label may be its last piece or several pieces joined (wrapped): the likest one counts.
    """
    theirs = _bigrams(strip_ordinals(official))
    best = 0.0
    for label in labels:
        mine = _bigrams(strip_ordinals(label))
        best = max(best, 2 * len(mine & theirs) / (len(mine) + len(theirs)))
    return best


def _best(labels: list[tuple[str, ...]], keys: list[str], official: dict[str, str]) -> list[tuple[int, str]]:
    """The order-keeping pairing of rows to keys with the highest score (rows and keys may be left over)."""
    rows, width = len(labels), len(keys)
    score = [[0.0] * (width + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        for j in range(width - 1, -1, -1):
            pair = _ORDER_SCORE + likeness(labels[i], official[keys[j]]) + score[i + 1][j + 1]
            score[i][j] = max(pair, score[i + 1][j], score[i][j + 1])
    pairs, i, j = [], 0, 0
    while i < rows and j < width:
        if score[i][j] == _ORDER_SCORE + likeness(labels[i], official[keys[j]]) + score[i + 1][j + 1]:
            pairs.append((i, keys[j]))
            i, j = i + 1, j + 1
        elif score[i][j] == score[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def align(sequence: list[tuple[str | None, tuple[str, ...]]], official: dict[str, str],
          filled: set[str]) -> dict[int, str]:
    """Keys for the unnamed rows of a sequence of (key or None, its label read ways), by the gaps between named rows.

    official holds the table's rows in printed order with their labels; filled, the rows already read.
    """
    order = list(official)
    position = {key: index for index, key in enumerate(order)}
    anchors: list[tuple[int, int]] = [(-1, -1)]
    for index, (key, _) in enumerate(sequence):
        if key in position and position[key] > anchors[-1][1]:
            anchors.append((index, position[key]))
    anchors.append((len(sequence), len(order)))
    placed: dict[int, str] = {}
    for (start, low), (end, high) in zip(anchors, anchors[1:]):
        rows = [i for i in range(start + 1, end) if sequence[i][0] is None]
        keys = [key for key in order[low + 1:high] if key not in filled]
        if not (rows and keys):
            continue
        open_ended = start < 0 or end == len(sequence)
        for i, key in _best([sequence[r][1] for r in rows], keys, official):
            if not open_ended or likeness(sequence[rows[i]][1], official[key]) >= MIN_OPEN_LIKENESS:
                placed[rows[i]] = key
    return placed
