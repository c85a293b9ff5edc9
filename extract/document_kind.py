"""Whether a parsed file is a report, and what it is when it is not, judged by its structure."""

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from nianbao.extract.decode import decode_page
from nianbao.extract.documents.formats import SUFFIXES as DOCUMENT_SUFFIXES
from nianbao.extract.files import HTML_SUFFIXES, TEXT_SUFFIXES
from nianbao.extract.titles import is_report_title

# Fewer visible characters than this is no report: the shortest report among tests/files shows about 600
# (a title and its tables), the column pages whose listing a script fills show under 100.
TINY_TEXT_CHARS = 200
QUOTED_CHARS = 40
# Share of a page's visible text that is link text: listing pages among tests/files show 0.32 to 0.66, report
# pages 0.01 to 0.10 (their menus are short next to the report).
LISTING_LINK_SHARE = 0.3
MIN_LISTING_LINKS = 5
# A page with this many links naming a year lists documents (titles are often cut: 2023年政府信息公开工作…); a
# report page links its own file and perhaps last year's report.
MIN_LISTED_YEARS = 3
_YEAR = re.compile(r"(?:19|20)\d\d")
# Every note starts so, in both languages: a reader (or grep) finds the files that are not reports.
NOT_A_REPORT_ZH, NOT_A_REPORT_EN = "不是年报：", "not a report: "
_INVISIBLE = ("script", "style", "noscript", "template", "head")


@dataclass(frozen=True)
class Shape:
    """What a file shows a reader: its visible text, and how much of it is link text."""

    text: str
    links: int = 0
    link_chars: int = 0
    empty: bool = False
    documents: int = 0
    dated_links: int = 0

    @property
    def chars(self) -> int:
        """Visible characters, whitespace not counted."""
        return len(self.text)


def _squeezed(text: str) -> str:
    return "".join(text.split())


def html_shape(html: str) -> Shape:
    """The visible text of a page and its links' text, scripts and styles left out."""
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return Shape(_squeezed(html))
    for hidden in root.xpath("|".join(f"//{tag}" for tag in _INVISIBLE)):
        hidden.drop_tree()
    links = root.xpath("//a")
    texts = [_squeezed(a.text_content()) for a in links]
    return Shape(_squeezed(root.text_content()), len(links), sum(map(len, texts)),
                 documents=sum(_links_document(a.get("href") or "") for a in links),
                 dated_links=sum(bool(_YEAR.search(text)) for text in texts))


def _links_document(href: str) -> bool:
    return PurePosixPath(urlsplit(href.strip()).path).suffix.lower() in DOCUMENT_SUFFIXES


def file_shape(path: str | Path, parsed: dict) -> Shape:
    """A parsed file's shape: pages and text files from their bytes, documents from the text their reader gave."""
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix not in HTML_SUFFIXES | TEXT_SUFFIXES:
        return Shape(_squeezed(parsed.get("text") or ""))
    body = file.read_bytes()
    if not body.strip():
        return Shape("", empty=True)
    decoded = decode_page(body, "text/html" if suffix in HTML_SUFFIXES else "text/plain").text
    return html_shape(decoded) if suffix in HTML_SUFFIXES else Shape(_squeezed(decoded))


def not_report_note(parsed: dict, shape: Shape) -> str | None:
    """What a parsed file is when it is not a report (Chinese, then English), or None for a report.

    A file with statistics cells is a report whatever else it shows; one without is judged by its shape: empty,
    a few characters, mostly links, or neither a report title nor tables.
    """
    if "error" in parsed or parsed.get("cells"):
        return None
    if shape.empty:
        return _note("空文件", "an empty file")
    if not shape.chars:
        return _note("没有可见文字", "no visible text")
    if shape.chars < TINY_TEXT_CHARS:
        quoted = shape.text[:QUOTED_CHARS] + ("…" if shape.chars > QUOTED_CHARS else "")
        return _note(f"只有 {shape.chars} 个字符的短文本「{quoted}」，没有统计表",
                     f"a short text of {shape.chars} characters (\"{quoted}\"), no statistics tables")
    title = parsed.get("title") or ""
    if shape.documents and is_report_title(title) and shape.dated_links < MIN_LISTED_YEARS:
        # A 详见附件 page: the report's title and a link to the file that holds its tables, among the site's menus.
        return (f"年报的统计表在附件中（{shape.documents} 个文件链接），本页没有统计表 / the report's tables are in an "
                f"attached file ({shape.documents} document links); this page has none")
    share = shape.link_chars / shape.chars
    if shape.links >= MIN_LISTING_LINKS and share >= LISTING_LINK_SHARE:
        return _note(f"链接列表页（{shape.links} 个链接，占文字的 {share:.0%}），没有统计表",
                     f"a page of links, a listing or navigation page ({shape.links} links, {share:.0%} of its "
                     "text), no statistics tables")
    if not is_report_title(title):
        return _note("没有年报标题，也没有统计表", "no annual-report title and no statistics tables")
    return None


def is_not_a_report(note: str) -> bool:
    """True for a note saying the file is not a report (not for one saying where a report's tables are)."""
    return note.startswith(NOT_A_REPORT_ZH)


def _note(chinese: str, english: str) -> str:
    return f"{NOT_A_REPORT_ZH}{chinese} / {NOT_A_REPORT_EN}{english}"


def describe(path: str | Path, parsed: dict) -> str | None:
    """The not-a-report note of a parsed file, or None when it reads as a report (or failed to parse)."""
    if "error" in parsed or parsed.get("cells"):
        return None
    return not_report_note(parsed, file_shape(path, parsed))
