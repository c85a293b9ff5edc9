"""Read one table cell as a number: signs, 增/减, units, thousands separators; null markers stay null."""

import re
from dataclasses import dataclass

from extract.normalize import fold_width

NULL_MARKERS = {"", "/", "-", "—", "–", "--", "——", "无", "N/A", "n/a", "NA"}
UNITS = ("万元", "元", "件", "条", "个", "次", "人次", "人", "篇", "项")
_NUMBER = re.compile(r"^(增|减|\+|-|−)?\s*(\d+(?:,\d{3})*(?:\.\d+)?)\s*(" + "|".join(UNITS) + r")?$")


@dataclass(frozen=True)
class Number:
    """A cell's value and the unit written in the cell (None when it states none)."""

    value: float | int
    unit: str | None


def is_null(raw: str) -> bool:
    """True for the markers reports use for 'no number' (empty, /, -, —, 无)."""
    return fold_width(raw).strip() in NULL_MARKERS


def parse_number(raw: str) -> Number | None:
    """The number a cell states, or None when it states none (null markers, words)."""
    text = fold_width(raw).replace("\u00a0", " ").strip()
    if text in NULL_MARKERS:
        return None
    match = _NUMBER.match(text)
    if not match:
        return None
    sign, digits, unit = match.groups()
    number = float(digits.replace(",", ""))
    if sign in ("减", "-", "−"):
        number = -number
    return Number(int(number) if number.is_integer() and "." not in digits else number, unit)
