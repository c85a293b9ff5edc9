"""What every listing family yields: candidate report links, plus shared anchor helpers."""

import re
from dataclasses import dataclass
from urllib.parse import urljoin

from parsel import Selector

from extract.metadata import parse_date
from extract.normalize import collapse_spaces
from extract.titles import has_year

# Anchor text that may name a report; the spider decides with is_report_title.
_CANDIDATE = re.compile(r"年报|年度报告|信息公开.{0,12}报告|政务公开.{0,12}报告")
_ROW_TAGS = ("li", "tr", "dd", "p", "div")
# hrefs that lead to no page: scripts, mail, phone, in-page anchors.
_NOT_A_PAGE = re.compile(r"^(javascript|mailto|tel):|^#", re.IGNORECASE)
_CUT = re.compile(r"(?:…|\.\.\.|。。。)+$")


class ListingError(Exception):
    """A listing page that does not look the way its family's selectors expect."""


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
