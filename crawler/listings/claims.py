"""What a column says it holds: its item total or page count, wherever its page, script or answer writes it."""

import re
from dataclasses import dataclass, replace

from nianbao.crawler.listings.base import COUNT
from nianbao.crawler.listings.json_records import PAGES_KEYS, TOTAL_KEYS, load_json, number_at
from nianbao.crawler.listings.scripts import plain_name
from nianbao.crawler.listings.trs import pager_arguments

ITEMS, PAGES = "items", "pages"
# SQLite's largest integer: portal_runs.items_claimed holds a claim's bound, however large the column says it is.
MOST_CLAIMED = 2**63 - 1
# Script variables and object keys that hold a column's item total, page count or page size, compared
# lower-cased without '_' or '-' (Hanweb's jpage totalRecord, TRS's countPage, search front ends' recordCount…).
ITEM_NAMES = ("totalrecord", "totalrecords", "recordcount", "recordtotal", "totalcount", "totalnum", "totalnumber",
              "totalrows", "totalitems", "allcount", "rowcount")
PAGE_NAMES = ("totalpage", "totalpages", "pagetotal", "totalpagecount", "countpage", "pagesum", "maxpage")
PER_PAGE_NAMES = ("perpage", "prepage", "pagesize", "rowsperpage", "numperpage", "pagerows")
JSON_SIZE_KEYS = ("pagesize", "size", "perpage", "prepage", "limit")
# name = 3, name: '3', "name": 3 — never name == 3; a count of at most COUNT_DIGITS digits.
_NUMBER = re.compile(
    rf"""(?<![\w$.])(['"]?)([A-Za-z_$][\w$]*)\1\s*(?::|=(?!=))\s*(['"]?)({COUNT})(?!\d)\3(?![\w.])""")
_XML = re.compile(rf"<(totalrecord|totalpage|perpage)>\s*({COUNT})(?!\d)\s*</\1>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
# Pager text, and how a claim read from it is written back: 共 20 条, 共有20条记录, 总记录数：20; 共 2 页, 页次：1/2,
# 第1页/共2页, 1/2页; 每页 10 条.
TEXT_ITEMS = ((re.compile(rf"共\s*有?\s*({COUNT})(?!\d)\s*(?:条|篇)"), "共 {} 条"),
              (re.compile(rf"(?:总记录数|记录总数|总条数)\s*[:：]?\s*({COUNT})(?!\d)"), "总记录数 {}"))
TEXT_PAGES = ((re.compile(rf"共\s*({COUNT})(?!\d)\s*页"), "共 {} 页"),
              (re.compile(rf"总页数\s*[:：]?\s*({COUNT})(?!\d)"), "总页数 {}"),
              (re.compile(rf"页次\s*[:：]?\s*{COUNT}\s*/\s*({COUNT})(?!\d)"), "页次 …/{}"),
              (re.compile(rf"{COUNT}\s*/\s*({COUNT})(?!\d)\s*页"), "…/{} 页"))
TEXT_PER_PAGE = ((re.compile(rf"每页\s*(?:显示)?\s*({COUNT})(?!\d)\s*(?:条|篇)"), "每页 {} 条"),)


@dataclass(frozen=True)
class Claim:
    """A column's own statement of its size: a count of items or of pages (of per_page items), and where it was read."""

    kind: str
    count: int
    form: str
    url: str
    per_page: int | None = None

    def least(self) -> int:
        """The fewest items the column holds if the claim is true: a page count is a bound, its last page not full."""
        if self.kind == ITEMS:
            return self.count
        return min((self.count - 1) * self.per_page + 1, MOST_CLAIMED) if self.count and self.per_page else 0

    def describe(self) -> str:
        """The claim as the column wrote it, and where: 'totalRecord = 3 on URL', '共 2 页, pages of 10, on URL'."""
        written = self.form.replace("{}", str(self.count)) if "{}" in self.form else f"{self.form} = {self.count}"
        if self.kind == ITEMS:
            return f"{written} on {self.url}"
        return f"{written}, pages of {self.per_page}, on {self.url}"


def _script_numbers(text: str) -> dict[str, list[tuple[str, int]]]:
    """Numbers the page's scripts and XML set under item-total, page-count and page-size names, by kind."""
    found: dict[str, list[tuple[str, int]]] = {ITEMS: [], PAGES: [], "per_page": []}
    kinds = ((ITEM_NAMES, ITEMS), (PAGE_NAMES, PAGES), (PER_PAGE_NAMES, "per_page"))
    for tag, value in _XML.findall(text):
        kind = {"totalrecord": ITEMS, "totalpage": PAGES, "perpage": "per_page"}[tag.lower()]
        found[kind].append((f"<{tag.lower()}>{{}}</{tag.lower()}>", int(value)))
    for match in _NUMBER.finditer(text):
        name = plain_name(match.group(2))
        for names, kind in kinds:
            if name in names:
                found[kind].append((match.group(2), int(match.group(4))))
    return found


def _pager_text(text: str) -> dict[str, list[tuple[str, int]]]:
    """Totals printed in the pager: 共 N 条, 共 N 页, 每页 N 条."""
    plain = _TAG.sub(" ", text)
    return {kind: [(form, int(match.group(1))) for pattern, form in patterns for match in pattern.finditer(plain)]
            for kind, patterns in ((ITEMS, TEXT_ITEMS), (PAGES, TEXT_PAGES), ("per_page", TEXT_PER_PAGE))}


def _stated(text: str) -> tuple[list[Claim], list[int]]:
    """The totals a page's scripts, XML and pager text state (page counts without their size), and the sizes."""
    claims: list[Claim] = []
    sizes: list[int] = []
    for found in (_script_numbers(text), _pager_text(text)):
        claims += [Claim(kind, count, form, "") for kind in (ITEMS, PAGES) for form, count in found[kind]]
        sizes += [count for _, count in found["per_page"] if count > 0]
    return claims, sizes


def stated_per_page(text: str) -> int | None:
    """The page size a page's scripts, XML or pager text state (perPage: 20, 每页 20 条), None when none does."""
    sizes = _stated(text)[1]
    return sizes[0] if sizes else None


def text_claims(text: str, url: str, shown: int) -> list[Claim]:
    """Every size claim in a page's markup and scripts; page counts are of the stated page size, else of shown."""
    claims, sizes = _stated(text)
    pager = pager_arguments(text)
    if pager:
        numbers, _ = pager
        claims.append(Claim(PAGES, numbers[0], "createPageHTML({}, …)", url))
        # createPageHTML('page_div', pages, current, 'index', 'html', records): the last number counts the records.
        if len(numbers) > 2:
            claims.append(Claim(ITEMS, numbers[-1], "createPageHTML(…, {})", url))
    size = sizes[0] if sizes else shown
    return [replace(c, url=url, per_page=size if c.kind == PAGES else None) for c in claims]


def json_claims(data, url: str, shown: int) -> list[Claim]:
    """The item total and page count of a JSON list answer, whatever their field names."""
    claims = []
    total = number_at(data, TOTAL_KEYS)
    if total is not None:
        claims.append(Claim(ITEMS, total[1], total[0], url))
    pages = number_at(data, PAGES_KEYS)
    if pages is not None:
        size = number_at(data, JSON_SIZE_KEYS)
        claims.append(Claim(PAGES, pages[1], pages[0], url, size[1] if size and size[1] > 0 else shown))
    return claims


def claims_in(text: str, url: str, shown: int) -> list[Claim]:
    """Every size claim of one listing answer: a JSON answer's fields, and what its markup and scripts say."""
    data = load_json(text)
    claims = (json_claims(data, url, shown) if data is not None else []) + text_claims(text, url, shown)
    # A zero is a script's placeholder before its data comes, or an answer past the end: nothing to hold a column to.
    return [claim for claim in claims if claim.count > 0]


def strongest(claims) -> Claim | None:
    """The claim to hold a column to: the largest item total, else the largest page bound; of equals, the first read."""
    items = [c for c in claims if c.kind == ITEMS]
    return max(items or [c for c in claims if c.least()], key=Claim.least, default=None)


def item_total(claims) -> int | None:
    """The largest item total stated, None when none is."""
    return max((c.count for c in claims if c.kind == ITEMS), default=None)


def page_total(claims) -> int | None:
    """The largest page count stated, None when none is."""
    return max((c.count for c in claims if c.kind == PAGES), default=None)
