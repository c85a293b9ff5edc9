"""What every listing family yields: candidate report links, plus shared anchor helpers."""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urljoin

from parsel import Selector

from nianbao.crawler.settings import NIANBAO_MAX_LISTING_LINKS, NIANBAO_MAX_LISTING_PAGES
from nianbao.extract.metadata import parse_date
from nianbao.extract.normalize import collapse_spaces
from nianbao.extract.titles import has_year

# Anchor text that may name a report; the spider decides with is_report_title.
# No count on a listing has more digits: int() refuses a string of 4,300, and unbounded digit runs make the pager
# patterns backtrack over a page of digits. COUNT is the pattern of one count.
COUNT_DIGITS = 18
COUNT = rf"\d{{1,{COUNT_DIGITS}}}"
_CANDIDATE = re.compile(r"年报|年度报告|信息公开.{0,12}报告|政务公开.{0,12}报告")
_ROW_TAGS = ("li", "tr", "dd", "p", "div")
# hrefs that lead to no page: scripts, mail, phone, in-page anchors.
_NOT_A_PAGE = re.compile(r"^(javascript|mailto|tel):|^#", re.IGNORECASE)
_CUT = re.compile(r"(?:…|\.\.\.|。。。)+$")
T = TypeVar("T")


class ListingError(Exception):
    """A listing page that does not look the way its family's selectors expect."""


@dataclass(frozen=True)
class Limits:
    """How much one listing answer may make a crawl do: listing pages to ask for, links to follow."""

    pages: int = NIANBAO_MAX_LISTING_PAGES
    links: int = NIANBAO_MAX_LISTING_LINKS

    @classmethod
    def from_settings(cls, settings) -> "Limits":
        """The limits a crawl's settings set (NIANBAO_MAX_LISTING_PAGES, NIANBAO_MAX_LISTING_LINKS)."""
        return cls(settings.getint("NIANBAO_MAX_LISTING_PAGES", NIANBAO_MAX_LISTING_PAGES),
                   settings.getint("NIANBAO_MAX_LISTING_LINKS", NIANBAO_MAX_LISTING_LINKS))


PAGES, LINKS = "listing pages", "links"
_SETTING = {PAGES: "NIANBAO_MAX_LISTING_PAGES", LINKS: "NIANBAO_MAX_LISTING_LINKS"}


@dataclass(frozen=True)
class Cut:
    """A listing answer that names more pages or links than a crawl follows: how many it names, how many are kept."""

    what: str
    named: int | None
    kept: int
    url: str

    def describe(self) -> str:
        """'listing cut: URL names 999999 listing pages, at most 300 followed (NIANBAO_MAX_LISTING_PAGES)'."""
        named = f"more than {self.kept}" if self.named is None else str(self.named)
        return (f"listing cut: {self.url} names {named} {self.what}, at most {self.kept} followed "
                f"({_SETTING[self.what]})")


def page_numbers(first: int, last: int, limits: Limits, url: str) -> tuple[range, list[Cut]]:
    """The page numbers first…last a pager names, no more than the limit, and the Cut when it names more."""
    named = max(last - first + 1, 0)
    if named <= limits.pages:
        return range(first, last + 1), []
    return range(first, first + limits.pages), [Cut(PAGES, named, limits.pages, url)]


def capped(found: Iterable[T], limits: Limits, url: str) -> Iterator[T | Cut]:
    """The links found, up to the limit, then a Cut (their number unknown: the rest is never read)."""
    for count, item in enumerate(found):
        if count == limits.links:
            yield Cut(LINKS, None, limits.links, url)
            return
        yield item


@dataclass(frozen=True)
class Link:
    """A detail link found on a listing page, with the title and date shown beside it."""

    url: str
    title: str
    date: str | None = None


def leads_to_page(href: str) -> bool:
    """False for javascript:, mailto:, tel: and #fragment hrefs."""
    return not _NOT_A_PAGE.match(href.strip())


def anchor_text(anchor: Selector) -> str:
    """All the text inside an anchor, nested <font>/<span> included."""
    return collapse_spaces(anchor.xpath("string(.)").get() or "")


def anchor_title(anchor: Selector) -> str:
    """The full title of a list anchor: its title attribute (text is often cut with …), else its text."""
    title = collapse_spaces(anchor.attrib.get("title") or "")
    text = anchor_text(anchor)
    # A cut text ("…工作..." ) may be longer than the whole title it was cut from.
    return title if title and len(title) >= len(_CUT.sub("", text)) else text


def anchor_date(anchor: Selector) -> str | None:
    """The date printed in the list row around an anchor, as YYYY-MM-DD."""
    for tag in _ROW_TAGS:
        row = anchor.xpath(f"ancestor::{tag}[1]")
        if row:
            found = parse_date(row[0].xpath("string(.)").get() or "")
            if found:
                return found
    return None


def names_a_report(title: str) -> bool:
    """True for anchor text that may name a yearly report (notices included; the spider filters)."""
    return bool(_CANDIDATE.search(title)) and has_year(title)


def link_from(anchor: Selector, base_url: str) -> Link:
    """A Link from a list anchor, its URL made absolute."""
    url = urljoin(base_url, anchor.attrib["href"].strip())
    return Link(url=url, title=anchor_title(anchor), date=anchor_date(anchor))
