"""Clean a report page: pick the body container, extract its text with trafilatura, trim chrome."""

import re
from dataclasses import dataclass

import lxml.html
from lxml.cssselect import CSSSelector
import trafilatura
from lxml import etree

from extract.chrome import trim_chrome
from extract.normalize import squash

# Body containers of the common CMSs (portals.md, "Detail pages"), most specific first.
BODY_SELECTORS = (
    "div.TRS_Editor",
    ".Custom_UnionStyle",
    "#UCAP-CONTENT",
    "#zoom",
    "#Zoom",
    ".article_content",
    ".xxgk_content",
    ".article-content",
    ".pages_content",
    "#content",
)
_COMPILED_SELECTORS = tuple((selector, CSSSelector(selector, translator="html")) for selector in BODY_SELECTORS)
_MIN_BODY_CHARS = 50
# Evidence of report content on pages without a known container: sentences and data tables.
_SENTENCE_MIN_CHARS = 20
_SENTENCE_END = "。"
_DATA_TABLE_MIN_NUMBERS = 6
_NUMBER_CELL = re.compile(r"^\s*[增减+-]?\d[\d,.]*\s*$")
INFERRED = "inferred"
_EMPTY_DOCUMENT = "<html><body></body></html>"
_DROP_TAGS = ("script", "style", "noscript", "iframe")
_BLOCK_TAGS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article"}


@dataclass(frozen=True)
class Cleaned:
    """The report text and the selector of the container it came from (None: the whole page)."""

    text: str
    container: str | None


def parse_html(html: str) -> etree._Element:
    """Parse page text into an lxml tree, scripts and styles removed."""
    try:
        root = lxml.html.fromstring(html.replace("\x00", "")) if html and html.strip() else None
    except etree.ParserError:  # markup with no element at all ("</table>")
        root = None
    if root is None:
        root = lxml.html.fromstring(_EMPTY_DOCUMENT)
    for bad in root.iter(*_DROP_TAGS):
        bad.drop_tree()
    etree.strip_tags(root, etree.Comment, etree.ProcessingInstruction)
    return root


def select_body(root: etree._Element) -> tuple[etree._Element | None, str | None]:
    """The first recognised body container holding real text, with the selector that found it."""
    for selector, compiled in _COMPILED_SELECTORS:
        matches = [el for el in compiled(root) if len(squash(el.text_content())) >= _MIN_BODY_CHARS]
        if matches:
            return max(matches, key=lambda el: len(el.text_content())), selector
    return None, None


def _evidence(root: etree._Element) -> list[etree._Element]:
    sentences = [p for p in root.iter("p")
                 if len(squash(p.text_content())) >= _SENTENCE_MIN_CHARS and _SENTENCE_END in p.text_content()]
    tables = [t for t in root.iter("table") if t.find(".//table") is None and sum(
        bool(_NUMBER_CELL.match(c.text_content())) for c in t.iter("td", "th")) >= _DATA_TABLE_MIN_NUMBERS]
    return sentences + tables


def infer_body(root: etree._Element) -> etree._Element | None:
    """The smallest element holding every report sentence and data table (layout-table pages)."""
    evidence = _evidence(root)
    if not evidence:
        return None
    paths = [list(node.iterancestors())[::-1] + [node] for node in evidence]
    common = None
    for level in zip(*paths):
        if any(node is not level[0] for node in level):
            break
        common = level[0]
    if common is None or common.tag in ("html", "body") or common in evidence[:1] and len(evidence) == 1:
        return None
    return common


def render_text(element: etree._Element) -> str:
    """Plain text of an element: blocks on their own lines, table cells joined by ' | '."""
    parts: list[str] = []

    def walk(node):
        if not isinstance(node.tag, str):
            return
        tag = node.tag.lower()
        if tag in ("td", "th"):
            parts.append(" ".join(node.text_content().split()) + " | ")
        else:
            if tag in _BLOCK_TAGS:
                parts.append("\n")
            parts.append(node.text or "")
            for child in node:
                walk(child)
                parts.append(child.tail or "")
            if tag in _BLOCK_TAGS:
                parts.append("\n")

    walk(element)
    lines = (" ".join(line.replace("\u3000", " ").split()) for line in "".join(parts).splitlines())
    return "\n".join(line for line in lines if line)


def _trafilatura_text(html: str) -> str:
    return trafilatura.extract(
        html, include_tables=True, include_comments=False, favor_recall=True, deduplicate=False
    ) or ""


def body_of(root: etree._Element) -> tuple[etree._Element | None, str | None]:
    """The report's container and how it was found: a known selector, 'inferred', or (None, None)."""
    container, selector = select_body(root)
    if container is None:
        container = infer_body(root)
        selector = INFERRED if container is not None else None
    return container, selector


def clean_tree(root: etree._Element) -> Cleaned:
    """The report text of a parsed page without chrome.

    With a container found, we render it ourselves (tables as ' | ' rows), which is fast and
    exact; trafilatura, much slower, is kept for pages whose body we cannot locate.
    """
    container, selector = body_of(root)
    if container is not None:
        return Cleaned(text=trim_chrome(render_text(container))[0], container=selector)
    text = _trafilatura_text(lxml.html.tostring(root, encoding="unicode")) or render_text(root)
    return Cleaned(text=trim_chrome(text)[0], container=None)


def clean_page(html: str) -> Cleaned:
    """Extract the report text of a detail page without portal chrome."""
    return clean_tree(parse_html(html))
