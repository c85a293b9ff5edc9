"""Read one table cell as a number: signs, 增/减, units, thousands separators; null markers stay null."""

import re
from dataclasses import dataclass
from functools import lru_cache

from nianbao.extract.normalize import fold_width

NULL_MARKERS = {"", "/", "\\", "-", "—", "–", "--", "——", "―", "无", "N/A", "n/a", "NA", "na", "空"}
MONEY_UNITS = ("万元", "元", "亿元")
COUNT_UNITS = ("人次", "件", "条", "个", "次", "人", "篇", "项", "家", "期", "份", "场", "批", "册")
UNITS = MONEY_UNITS + COUNT_UNITS
_UNIT = "|".join(sorted(UNITS, key=len, reverse=True))
_SIGN = r"增加|减少|增|减|\+|-|−|－"
# The unit may follow bare or bracketed: 5件, 3（件）.
_NUMBER = re.compile(
    rf"^({_SIGN})?\s*(\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?:({_UNIT})|\(\s*({_UNIT})\s*\))?$")
# Digits a stray space split apart ("1 0"): maybe one number, maybe two cells.
_SPLIT = re.compile(r"^\d+(?: \d+)+$")
_NEGATIVE = ("减少", "减", "-", "−", "－")
# Characters OCR reads in place of digits, and the digits each may stand for.
LOOKALIKES = {"O": "0", "o": "0", "U": "0", "D": "0", "Q": "0", "l": "1", "I": "1", "i": "1", "!": "1",
              "(": "1", ")": "1", "S": "5", "s": "5", "B": "8", "E": "8", "Z": "2", "z": "2", "g": "9", "q": "9",
              "〇": "0", "。": "0", "丨": "1", "З": "3"}
# A cell of digits and look-alikes with at least one look-alike, short enough to be one number, maybe signed.
_LOOK = "[0-9" + re.escape("".join(LOOKALIKES)) + "]"
_LOOKALIKE_CELL = re.compile(rf"^(增|减|\+|-)?({_LOOK}{{1,3}}(?:,?{_LOOK}{{3}})?(?:\.{_LOOK}{{1,4}})?)$")
# Brackets alone are punctuation, not a misread number.
_BRACKETS_ONLY = re.compile(r"^[()]+$")


# More significant digits than this and a number is kept as the text of its digits, its value null: a REAL
# column keeps every decimal of up to 15 digits exactly (IEEE double, sys.float_info.dig) and SQLite's INTEGER
# stops at 19, while no count or amount a report prints comes near 10^15 (China's yearly GDP is about 10^10 万元).
MAX_DIGITS = 15


@dataclass(frozen=True)
class Number:
    """A cell's value and the unit written in the cell (None when it states none).

    A number of more than MAX_DIGITS digits has no value; `text` holds it as written (sign, digits, point).
    """

    value: float | int | None
    unit: str | None
    text: str | None = None

    @property
    def note(self) -> str | None:
        """Why the value is null though the cell states a number, or None."""
        if self.text is None:
            return None
        return f"{significant_digits(self.text)} digits, more than the {MAX_DIGITS} a value keeps: kept as text"


def significant_digits(digits: str) -> int:
    """How many digits a number written as sign, digits and point has, leading zeros aside."""
    return len(digits.lstrip("+-").replace(".", "").lstrip("0"))


def _plain(raw: str) -> str:
    return " ".join(fold_width(raw).split())


def is_null(raw: str) -> bool:
    """True for the markers reports use for 'no number' (empty, /, -, —, 无)."""
    return _plain(raw) in NULL_MARKERS


def is_unit(raw: str) -> bool:
    """True for a cell that holds only a unit (条, 件, 万元…), as the legacy 单位 column does."""
    return _plain(raw) in UNITS


# Cell texts repeat across rows and reports, and a value token asks both readings whether it is empty.
CACHED_TEXTS = 65536


@lru_cache(maxsize=CACHED_TEXTS)
def is_split(raw: str) -> bool:
    """True for digits split by a stray space ("1 0"), joinable or too long to join."""
    return bool(_SPLIT.match(_plain(raw)))


@lru_cache(maxsize=CACHED_TEXTS)
def split_digits(raw: str) -> int | None:
    """The number digits split by a stray space would make if joined ("1 0" -> 10), else None."""
    text = _plain(raw)
    if not _SPLIT.match(text):
        return None
    digits = text.replace(" ", "")
    # Joined past MAX_DIGITS it is no number a report holds: the cell stays null with its raw text.
    return _bounded(digits) if significant_digits(digits) <= MAX_DIGITS else None


@lru_cache(maxsize=CACHED_TEXTS)
def lookalike_digits(raw: str) -> str | None:
    """The digits a cell OCR misread would read as ("1O" -> "10"), or None for a cell that is not such a misread."""
    match = _LOOKALIKE_CELL.match(_plain(raw).replace(" ", ""))
    digits = match.group(2).replace(",", "") if match else ""
    if not match or digits.replace(".", "").isdigit() or _BRACKETS_ONLY.match(digits):
        return None
    sign = "-" if match.group(1) in _NEGATIVE else ""
    return sign + "".join(LOOKALIKES.get(char, char) for char in digits)


def parse_number(raw: str) -> Number | None:
    """The number a cell states, or None when it states none (null markers, words, split digits)."""
    text = _plain(raw)
    if text in NULL_MARKERS:
        return None
    match = _NUMBER.match(text)
    if not match:
        return None
    sign, digits, unit, bracketed = match.groups()
    unit = unit or bracketed
    digits = digits.replace(",", "")
    negative = sign in _NEGATIVE
    if significant_digits(digits) > MAX_DIGITS:  # never int() of it: Python refuses past 4300 digits
        return Number(None, unit, ("-" if negative else "") + digits)
    number = _bounded(digits)
    return Number(-number if negative else number, unit)


def _bounded(digits: str) -> float | int:
    """The number of at most MAX_DIGITS significant digits, however many zeros lead them."""
    return float(digits) if "." in digits else int(digits.lstrip("0") or "0")


def cell_value(number: Number | None) -> dict:
    """A cell's value columns: its value, and the digits as text with a note when they are too many for one."""
    return {"value": number.value if number else None, "value_text": number.text if number else None,
            "value_note": number.note if number else None}
