"""A body's name read as place + organ: the known forms folded together, with its kind, level and identity key."""

import re
from dataclasses import dataclass, field

from nianbao.extract.divisions import CITY, COUNTY, PROVINCE, Division, longest_name, named, within
from nianbao.extract.normalize import squash

GOVERNMENT = "人民政府"
# Kinds and levels of issue 23: a body is a government, a department, a township or street, a zone's
# administrative committee, or something else (a school, a company); it sits at 中央, 省, 市, 县 or 乡.
KIND_GOVERNMENT, KIND_DEPARTMENT, KIND_TOWNSHIP, KIND_ZONE, KIND_OTHER = "人民政府", "部门", "乡镇/街道", "开发区/管委会", "其他"
CENTRAL, TOWNSHIP = "中央", "乡"
COMMITTEE = "管理委员会"
STREET = "街道"

# Standard short forms of departments' names, as portals and 索引号 write them (发改局 for 发展和改革局).
ABBREVIATIONS = {
    "发改委": "发展和改革委员会", "发改局": "发展和改革局", "经信委": "经济和信息化委员会", "经信局": "经济和信息化局",
    "工信厅": "工业和信息化厅", "工信局": "工业和信息化局", "人社厅": "人力资源和社会保障厅",
    "人社局": "人力资源和社会保障局", "住建厅": "住房和城乡建设厅", "住建局": "住房和城乡建设局",
    "住建委": "住房和城乡建设委员会", "卫健委": "卫生健康委员会", "卫健局": "卫生健康局", "市监局": "市场监督管理局",
    "市场监管局": "市场监督管理局", "文旅厅": "文化和旅游厅", "文旅局": "文化和旅游局", "教体局": "教育和体育局",
    "科技局": "科学技术局", "科技厅": "科学技术厅", "交通局": "交通运输局", "应急局": "应急管理局",
    "医保局": "医疗保障局", "退役军人局": "退役军人事务局", "民宗局": "民族宗教事务局", "国资委": "国有资产监督管理委员会",
    "机关事务局": "机关事务管理局", "中医药局": "中医药管理局", "审批局": "行政审批局", "环保局": "环境保护局",
    "人防办": "人民防空办公室", "外办": "外事办公室", "侨办": "侨务办公室",
    "管委会": COMMITTEE, "街道办": "街道办事处",
}
_ABBREVIATED = sorted(ABBREVIATIONS, key=len, reverse=True)
# Names' endings that make a body a department of a government.
_DEPARTMENT_END = re.compile(r"(?:局|厅|委员会|委|办公室|办公厅|部|署|行|海关)$")
# A zone is run by its administrative committee: 临汾经济开发区 = 临汾经济开发区管理委员会.
_ZONE_END = re.compile(r"(?:开发区|新区|园区|产业园|试验区|实验区|示范区|合作区|高新区|保税区|管理区)$")
_TOWN = re.compile(r"^([\u4e00-\u9fff]{1,10}?(?:镇|乡|街道|苏木))(?:人民政府|政府|街道办事处|办事处|办)?$")
# A place the division data does not know (a renamed county, the demo's 云溪市): its name up to its ending.
_UNKNOWN_PLACE = re.compile(r"^([\u4e00-\u9fff]{2,4}?(?:自治区|自治州|自治县|省|市|州|盟|旗|县|区))")
_UNKNOWN_LEVEL = {"省": PROVINCE, "区": COUNTY, "县": COUNTY, "旗": COUNTY, "州": CITY, "盟": CITY, "市": CITY}
# A relative name ("区农业农村局", "市财政局") leaves its own place off; 市场监督管理局 is no such name.
_RELATIVE = re.compile(r"^[省市县区](?![场域级])(?=[\u4e00-\u9fff]{2})")
# National bodies name no place: 国家税务总局, 中国人民银行, 水利部.
_CENTRAL_START = re.compile(r"^(?:国家|中国|中华人民共和国|国务院|全国)")
_CENTRAL = re.compile(_CENTRAL_START.pattern + r"|部$")
# The office of a government, however written: 政府办, 人民政府办, 政府办公室.
_GOVERNMENT_OFFICE = re.compile(r"^(?:人民)?政府办(?:公室)?$")
_GOVERNMENT_GENERAL_OFFICE = re.compile(r"^(?:人民)?政府办公厅$")
_NOTE = re.compile(r"\([^()]*\)$")


@dataclass(frozen=True)
class NameForm:
    """What a name says of a body: where (divisions, or a place text), which organ, and the key of the body."""

    name: str
    place: str
    division: Division | None
    organ: str
    kind: str
    level: str | None
    key: str
    steps: tuple[str, ...] = field(default_factory=tuple)

    @property
    def full(self) -> str:
        """The name with its organ written out: 上虞区发展和改革局 for 上虞区发改局, 句容市人民政府 for 句容市."""
        return self.place + self.organ


def _division_at(name: str, start: int, chain: list[Division], context: Division | None,
                 short: bool) -> tuple[int, tuple[Division, ...]]:
    """The longest division name at start (and its matches inside the chain so far, or all), or (0, ())."""
    for length in range(min(longest_name(), len(name) - start), 1, -1):
        found = named(name[start:start + length], short)
        if not found:
            continue
        if chain:
            found = tuple(one for one in found if within(one, chain[-1]))
        elif len(found) > 1 and context is not None:
            found = tuple(one for one in found if within(one, context) or within(context, one)) or found
        return (length, found) if found else (0, ())
    return 0, ()


def _zone(rest: str) -> bool:
    return bool(_ZONE_END.search(rest.removesuffix(COMMITTEE).removesuffix("管委会")))


def split_place(name: str, context: Division | None = None) -> tuple[str, Division | None, bool, str, list[str]]:
    """(place text, its division, whether the text is ambiguous, the rest, steps) of a name's leading places."""
    chain: list[Division] = []
    position, ambiguous, steps = 0, False, []
    while position < len(name):
        length, found = _division_at(name, position, chain, context, short=False)
        if not length and _zone(name[position:]):
            length, found = _division_at(name, position, chain, context, short=True)
            found = found if length and _zone(name[position + length:]) else ()
        if not length or not found:
            break
        if len(found) > 1:
            ambiguous = True
            steps.append(f"{name[position:position + length]}: {len(found)} divisions of that name")
        else:
            chain.append(found[0])
            steps.append(f"{name[position:position + length]} → {found[0].code} {found[0].name}")
        position += length
        if ambiguous:
            break
    if position:
        return name[:position], None if ambiguous else chain[-1], ambiguous, name[position:], steps
    unknown = _UNKNOWN_PLACE.match(name)
    if unknown and not _CENTRAL_START.search(name):
        steps.append(f"{unknown.group(1)}: not in the division data")
        return unknown.group(1), None, True, name[unknown.end():], steps
    return "", None, False, name, steps


def _expand(organ: str, steps: list[str]) -> str:
    for short in _ABBREVIATED:
        full = ABBREVIATIONS[short]
        if organ.endswith(short) and not organ.endswith(full):
            steps.append(f"{short} → {full}")
            return organ[:-len(short)] + full
    return organ


def _organ(rest: str, has_place: bool, steps: list[str]) -> tuple[str, str, bool]:
    """(normalised organ, kind, township) of the part of a name after its places."""
    if rest in ("", "政府", GOVERNMENT) and has_place:
        if rest != GOVERNMENT:
            steps.append(f"{rest or 'the place alone'} → {GOVERNMENT}")
        return GOVERNMENT, KIND_GOVERNMENT, False
    # A street named under its government: 北京市朝阳区人民政府望京街道办事处.
    if rest.startswith(GOVERNMENT) and _TOWN.match(rest[len(GOVERNMENT):]):
        rest = rest[len(GOVERNMENT):]
    town = _TOWN.match(rest)
    if town:
        place = town.group(1)
        organ = place.removesuffix(STREET) + "街道办事处" if place.endswith(STREET) else place + GOVERNMENT
        if organ != rest:
            steps.append(f"{rest} → {organ}")
        return organ, KIND_TOWNSHIP, True
    for pattern, office in ((_GOVERNMENT_OFFICE, "人民政府办公室"), (_GOVERNMENT_GENERAL_OFFICE, "人民政府办公厅")):
        if pattern.match(rest) and rest != office:
            steps.append(f"{rest} → {office}")
            rest = office
    organ = _expand(rest, steps)
    if _ZONE_END.search(organ):
        steps.append(f"{organ} → {organ}{COMMITTEE}")
        return organ + COMMITTEE, KIND_ZONE, False
    if organ.endswith(COMMITTEE) and _zone(organ):
        return organ, KIND_ZONE, False
    return organ, KIND_DEPARTMENT if _DEPARTMENT_END.search(organ) else KIND_OTHER, False


def read_name(name: str, context: Division | None = None) -> NameForm:
    """A body's name as place + organ, with its key: the same key for the forms of one body.

    context: the division the name is read in (the portal's, or the one its 统一社会信用代码 names), used
    for a place the name does not say or says ambiguously (向阳区 is in 佳木斯市 and in 鹤岗市).
    """
    text = squash(name)
    core = _NOTE.sub("", text)
    steps = [f"{text} → {core} (note left off)"] if core != text else []
    relative = _RELATIVE.match(core)
    if relative:
        steps.append(f"{core[0]}: a relative name, read in its portal's place")
        core = core[1:]
    place, found, ambiguous, rest, place_steps = split_place(core, context)
    steps += place_steps
    organ, kind, township = _organ(rest, bool(place), steps)
    central = not place and bool(_CENTRAL.search(core))
    if found is not None:
        place_key, level = found.code, found.level
    elif place:
        place_key, level = "?" + place, _UNKNOWN_LEVEL.get(place[-1])
    elif context is not None and not central:
        place_key, level = context.code, context.level
        steps.append(f"no place in the name: read in {context.code} {context.name}")
    else:
        place_key, level = "", CENTRAL if central else None
    if township:
        level = TOWNSHIP
    return NameForm(name=text, place=place, division=found, organ=organ, kind=kind, level=level,
                    key=f"{place_key}|{organ}", steps=tuple(steps))
