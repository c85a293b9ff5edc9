"""Which text names a government body, and which of the bodies a page names is its agency."""

import re

from nianbao.extract.normalize import collapse_spaces, squash

# Endings of the bodies' names in tests/files/real-portals.yaml and the seed reports, and of their kin (街道, 中心…):
# evidence that a name is a body's (see choose_agency), never a condition.
ORGAN_SUFFIXES = (
    "人民政府", "政府", "管理委员会", "委员会", "管委会", "街道办事处", "办事处", "办公厅", "办公室", "总局", "局",
    "厅", "委", "办", "部", "署", "院", "中心", "街道", "镇", "乡", "苏木", "区", "县", "市", "省", "州", "盟", "旗",
    "公司", "集团", "银行", "海关", "联合会", "工会", "红十字会", "协会", "联", "协", "合作社", "研究所", "管理所",
    "事务所", "馆", "校", "大学", "中学", "小学", "幼儿园", "支队", "大队", "总队",
)
_ORGAN_END = re.compile("(?:" + "|".join(sorted(ORGAN_SUFFIXES, key=len, reverse=True)) + ")$")
MIN_AGENCY_CHARS = 2
MAX_AGENCY_CHARS = 30
# A sentence's punctuation, quotes and title marks never stand inside a body's name.
_SENTENCE_MARKS = re.compile(r"[、,，。.;；:：!！?？\"“”‘’《》<>…|/]")
_YEAR = re.compile(r"(?:19|20)\d\d")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# Words of prose and of report titles; "我局", "各科室", "本单位", which point at bodies without naming one
# (本溪市 and 全椒县 are names); and common nouns.
_NOT_NAME = re.compile(r"报告|年报|根据|按照|通过|进行|开展|负责|要求|^关于|^附件|^[我该各]|^本(?:单位|机关|部门|级)"
                       r"|^[本全][^\W\d_]$|^(?:社会|社区|城市|地区|辖区)$")
_TRAILING_NOTE = re.compile(r"\([^()]*\)$")
# An ending alone ("办公室", "人民政府") is a kind of body, not one body.
_BARE = frozenset(ORGAN_SUFFIXES)
_REGION_ENDS = "省市县区州盟旗镇乡"
_REGION_GOVERNMENT = re.compile(rf"(?<=[{_REGION_ENDS}])政府$")
# The office that publishes for a body: 兖州区人民政府办公室, 金安区政府办.
_OFFICE = re.compile(r"(?:办公室|办公厅|办)$")
# A region named bare ("长沙市岳麓区") means its people's government; zones are run by 管委会 instead.
_BARE_REGION = re.compile(r"[省市县区州旗镇乡]$")
_ZONE = re.compile(r"(?:开发区|新区|园区|试验区|示范区|合作区|高新区|保税区|景区|管理区)$")
GOVERNMENT = "人民政府"

# What each source's naming of the agency weighs; a name gains the weight of every source naming the same
# body or its office, and SUFFIX_WEIGHT when it ends like a body's name. A name needs MIN_SUPPORT: a labelled
# field or a title alone will do, a ContentSource or registry name only with a body's ending or a second
# source. Ties go to the claim given first.
WEIGHTS = {"field": 5, "title": 4, "index": 2, "listing_title": 2, "content_source": 1, "portal": 1}
SUFFIX_WEIGHT = 2
MIN_SUPPORT = 3
# Within the bodies that agree, the title names the report's own body; a field or ContentSource often its office.
NAMING_ORDER = ("title", "listing_title", "field", "index", "content_source", "portal")


def organisation_name(text: str | None) -> str | None:
    """The name a value gives, squashed, or None when it reads as prose, a date or a title."""
    value = collapse_spaces(text or "").strip(" |:：")
    for candidate in (value, value.split(" ")[0]):
        name = squash(candidate)
        if is_organisation(name):
            return name
    return None


def is_organisation(name: str) -> bool:
    """True for a short name with no sentence marks, year or words of prose in it, and more than an ending."""
    core = _TRAILING_NOTE.sub("", name)
    return (MIN_AGENCY_CHARS <= len(name) <= MAX_AGENCY_CHARS and bool(_CJK.search(core)) and core not in _BARE
            and not _SENTENCE_MARKS.search(name) and not _YEAR.search(name) and not _NOT_NAME.search(core))


def has_organ_suffix(name: str) -> bool:
    """True when a name ends the way the names of government bodies end (局, 委员会, 人民政府…)."""
    return bool(_ORGAN_END.search(_TRAILING_NOTE.sub("", name)))


def body_key(name: str) -> str:
    """A name with the forms of one body folded together: 句容市人民政府 = 句容市政府 = 句容市."""
    core = _TRAILING_NOTE.sub("", squash(name)).replace(GOVERNMENT, "政府").replace("街道办事处", "街道")
    return _REGION_GOVERNMENT.sub("", core)


def _within(full: str, part: str) -> bool:
    """True when the key part is the key full, or full with the regions above it left off (汇川区… of 遵义市汇川区…)."""
    if full == part:
        return True
    if not part or not full.endswith(part):
        return False
    head = full[:-len(part)]
    # "区农业农村局" is a relative name: its region's own name is left off too.
    return head[-1] in _REGION_ENDS or head.endswith("政府") or part[0] in _REGION_ENDS


def same_body(one: str, other: str) -> bool:
    """True when two names name one body, one perhaps without the regions above it."""
    first, second = body_key(one), body_key(other)
    return _within(first, second) or _within(second, first)


def _office_of(office: str, body: str) -> bool:
    """True when a name is the office of a body ("兖州区人民政府办公室" of "济宁市兖州区人民政府")."""
    parent = _OFFICE.sub("", office)
    return parent != office and bool(parent) and same_body(parent, body)


def related(one: str, other: str) -> bool:
    """True when two names name one body, or one names the office that publishes for the other."""
    return same_body(one, other) or _office_of(one, other) or _office_of(other, one)


def full_name(name: str, names: list[str]) -> str:
    """The longest form of a body's name among names, a bare region as its people's government."""
    fullest = max((other for other in names if same_body(name, other)), key=lambda other: len(body_key(other)),
                  default=name)
    if len(body_key(fullest)) == len(body_key(name)):
        fullest = name
    if _BARE_REGION.search(fullest) and not _ZONE.search(fullest):
        return fullest + GOVERNMENT
    return fullest


def choose_agency(claims: list[tuple[str, str | None]]) -> str | None:
    """The body best supported by (source, value) claims given in order of trust; None if none is enough."""
    return agency_claim(claims)[0]


def agency_claim(claims: list[tuple[str, str | None]]) -> tuple[str | None, str | None]:
    """The body best supported by (source, value) claims, and the source whose naming of it is kept.

    Claims support each other when they name one body or its office; of the winning body, the title's
    naming is kept, in its longest form. (None, None) when no body is supported enough.
    """
    named = [(source, name) for source, value in claims if (name := organisation_name(value))]
    groups = [[other for other in named if related(name, other[1])] for _, name in named]
    supports = [sum(WEIGHTS[source] for source, _ in group) + (SUFFIX_WEIGHT if has_organ_suffix(name) else 0)
                for (_, name), group in zip(named, groups)]
    best = max(range(len(named)), key=lambda number: (supports[number], -number), default=None)
    if best is None or supports[best] < MIN_SUPPORT:
        return None, None
    source, lead = min(groups[best], key=lambda claim: NAMING_ORDER.index(claim[0]))
    return full_name(lead, [name for _, name in groups[best]]), source
