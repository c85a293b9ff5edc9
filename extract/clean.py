"""Clean a report page: pick the body container, extract its text with trafilatura, trim chrome."""

import re
from dataclasses import dataclass

import trafilatura
from lxml import etree

from nianbao.extract.chrome import trim_chrome

# Body containers of the common CMSs (docs/portals.md, "Detail pages"), most specific first.
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

def _parse_selector(selector: str) -> tuple[str, str, str | None]:
    """('id' or 'class', name, required tag) of a simple selector: div.TRS_Editor, .x, #x."""
    tag, mark, name = re.match(r"^(\w*)([.#])(.+)$", selector).groups()
    return ("id" if mark == "#" else "class"), name, tag or None


_SELECTOR_PARTS = {selector: _parse_selector(selector) for selector in BODY_SELECTORS}


def _selector_xpath(selector: str) -> etree.XPath:
    kind, name, tag = _SELECTOR_PARTS[selector]
    test = f"@id='{name}'" if kind == "id" else f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"
    return etree.XPath(f"//{tag or '*'}[{test}]")


_SELECTOR_XPATHS = {selector: _selector_xpath(selector) for selector in BODY_SELECTORS}
_MIN_BODY_CHARS = 50
# Evidence of report content on pages without a known container: sentences and data tables.
_SENTENCE_MIN_CHARS = 20
_SENTENCE_END = "。"
_DATA_TABLE_MIN_NUMBERS = 6
# Evaluated by libxml2: sentence paragraphs, and innermost tables with enough number-only cells.
_SENTENCES = etree.XPath(f"//p[contains(., '{_SENTENCE_END}') and string-length(translate(normalize-space(.), ' ', ''))"
                         f" >= {_SENTENCE_MIN_CHARS}]")
_DATA_TABLES = etree.XPath(
    "//table[not(.//table)][count(.//td[normalize-space(.) != '' and "
    "translate(normalize-space(.), '0123456789,.+-增减 ', '') = '']) >= " + str(_DATA_TABLE_MIN_NUMBERS) + "]")
INFERRED = "inferred"
_EMPTY_DOCUMENT = "<html><body></body></html>"
# Plain lxml elements: lxml.html's Python-level class lookup costs more than the parse itself. Comments and
# processing instructions are dropped while parsing; no lookup by ID is made, so none are collected.
_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_DROP_TAGS = ("script", "style", "noscript", "iframe")
_CELL_TAGS = {"td", "th"}
CELL_BAR = "\u00a6"
# Whitespace that str.splitlines() does not break lines at (spaces, tabs, &nbsp;, U+3000…).
_INLINE_SPACE = re.compile(r"[^\S\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")
_BLOCK_TAGS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article"}


@dataclass(frozen=True)
class Cleaned:
    """The report text, the selector of its container (None: the whole page), and that container
    rendered with its chrome, which is what the tables are read from."""

    text: str
    container: str | None
    rendered: str


def parse_html(html: str) -> etree._Element:
    """Parse page text into an lxml tree, scripts and styles removed."""
    source = _XML_DECLARATION.sub("", html.replace("\x00", "")) if html else ""
    try:
        root = etree.fromstring(source, _PARSER) if source.strip() else None
    except (etree.ParserError, etree.XMLSyntaxError):  # markup with no element at all ("</table>")
        root = None
    if root is None:
        root = etree.fromstring(_EMPTY_DOCUMENT, _PARSER)
    etree.strip_elements(root, *_DROP_TAGS, with_tail=False)
    return root


def text_of(element: etree._Element) -> str:
    """All the text inside an element (libxml2 serialises it; no Python walk)."""
    return etree.tostring(element, method="text", encoding="unicode", with_tail=False)


def _visible_chars(element: etree._Element) -> int:
    return len("".join(text_of(element).split()))


# Class and id values as plain strings, by libxml2; one path each, as their union "//@class | //@id" costs libxml2
# time quadratic in the number of attributes (its node-set merge), 57 s for 200,000 of them.
_NAME_VALUES = (etree.XPath("//@class", smart_strings=False), etree.XPath("//@id", smart_strings=False))


def _names(root: etree._Element) -> set[str]:
    return {name for values in _NAME_VALUES for value in values(root) for name in value.split()}


def select_body(root: etree._Element) -> tuple[etree._Element | None, str | None]:
    """The first recognised body container holding real text, with the selector that found it."""
    names = _names(root)
    for selector in BODY_SELECTORS:
        # A set lookup is far cheaper than libxml2 testing every element against the selector.
        if _SELECTOR_PARTS[selector][1] not in names:
            continue
        matches = [el for el in _SELECTOR_XPATHS[selector](root) if _visible_chars(el) >= _MIN_BODY_CHARS]
        if matches:
            return max(matches, key=lambda el: len(text_of(el))), selector
    return None, None


def _evidence(root: etree._Element) -> list[etree._Element]:
    return _SENTENCES(root) + _DATA_TABLES(root)


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
    # Cells holding a table are walked into; asking each cell for a table costs more than the whole walk.
    holders = {cell for table in element.iter("table") for cell in table.iterancestors(*_CELL_TAGS)}
    walker = etree.iterwalk(element, events=("start", "end"))
    for event, node in walker:
        tag = node.tag
        if event == "start":
            if tag in _CELL_TAGS and node is not element and node not in holders:
                # A bar inside a cell would read as a cell border.
                text = text_of(node) if len(node) else node.text or ""
                parts.append(" ".join(text.replace("|", CELL_BAR).split()) + " | ")
                walker.skip_subtree()
                continue
            if tag in _BLOCK_TAGS:
                parts.append("\n")
            if node.text:
                parts.append(node.text)
            continue
        if tag in _BLOCK_TAGS:
            parts.append("\n")
        if node is not element and node.tail:
            parts.append(node.tail)
    lines = _INLINE_SPACE.sub(" ", "".join(parts)).splitlines()
    return "\n".join(filter(None, map(str.strip, lines)))


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
    rendered = render_text(container if container is not None else root)
    if container is not None:
        return Cleaned(trim_chrome(rendered)[0], selector, rendered)
    text = _trafilatura_text(etree.tostring(root, method="html", encoding="unicode")) or rendered
    return Cleaned(trim_chrome(text)[0], None, rendered)
