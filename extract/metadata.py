"""Report metadata: title, agency, year, publish date, 索引号 (the template is decided by extract.report)."""

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from lxml import etree

from nianbao.extract.agency import agency_claim, has_organ_suffix, organisation_name
from nianbao.extract.clean import render_text, text_of
from nianbao.extract.normalize import collapse_spaces, fold_width, squash
from nianbao.extract.titles import YEAR, arabic_years, is_report_title, title_year, uncut


@dataclass
class Metadata:
    """What a report page says about itself."""

    title: str | None
    agency: str | None
    agency_code: str | None
    year: int | None
    published: str | None
    index_no: str | None
    # Decided from the tables' structure once they are read (extract.report); 'none' until then.
    template: str
    is_report: bool
    # What the listing said where the page says otherwise ("title", "published"): the page's is kept.
    listing_differs: dict[str, str] = field(default_factory=dict)
    # Who put the report online (发布机构, else ContentSource or the 索引号's name), beside the body it is about.
    publisher: str | None = None
    # Which claim named the agency: title, listing_title, field, index, content_source or portal.
    agency_from: str | None = None


def _spaced(label: str) -> str:
    return r"\s*".join(map(re.escape, label))


# Labels of the 信息公开 metadata block (docs/portals.md, "Detail pages"); province-specific variants.
LABELS = {
    "index_no": ("索引号",),
    "agency": ("发布机构", "发文机关", "发文机构", "发布单位", "公开主体", "发文单位"),
    "published": ("发布日期", "发布时间", "公开日期"),
    "written": ("成文日期", "生成日期", "发文日期", "制发日期"),
}
_ALL_LABELS = "|".join(_spaced(label) for labels in LABELS.values() for label in labels)
_OTHER_LABELS = r"主题分类|组配分类|分类|公开方式|文号|有效性|来源|信息来源|浏览次数|字号"
_VALUE_END = rf"(?=\s*\|| {{2,}}|\t|\n|$|(?:{_ALL_LABELS}|{_OTHER_LABELS})\s*[:：])"

_DATE = re.compile(rf"(?<![\d/])({YEAR})\s*[-年/.]\s*(\d{{1,2}})\s*[-月/.]\s*(\d{{1,2}})(?!\d)")
_URL_DATES = (
    re.compile(rf"/t({YEAR})(\d{{2}})(\d{{2}})_\d+"),
    re.compile(rf"/art/({YEAR})/(\d{{1,2}})/(\d{{1,2}})/"),
    re.compile(rf"/({YEAR})(\d{{2}})(\d{{2}})/"),
)
_INDEX_NO = re.compile(r"[0-9A-Za-z\u4e00-\u9fff_-]{2,40}\s*/\s*\d{4}\s*-\s*\d+|[0-9A-Za-z][0-9A-Za-z./_-]{5,40}")
_PERIOD = re.compile(rf"(?:统计|时限|期限|时间|范围).{{0,20}}?({YEAR})年\s*1\s*月\s*1\s*日")
_TABLE_YEAR = re.compile(rf"\(({YEAR})年度\)")
_TEXT_TITLE_YEAR = re.compile(rf"({YEAR})年度?(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?(?:报告|年报)")
_AGENCY_BEFORE = re.compile(rf"^(?!\d)(.{{2,40}}?)(?:关于)?(?:{YEAR}|\(|政府信息公开|政务公开|信息公开)")
_AGENCY_AFTER = re.compile(rf"^(?:{YEAR})年度?(.{{2,40}}?)(?:政府信息公开|政务公开|信息公开)")
_NOT_AGENCY = ("政府信息公开", "政务公开", "信息公开")
_ABOUT = re.compile(r"^关于")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# A title is no sentence: a line with clause marks ("现将…报告公布如下：") only speaks of one.
_CLAUSE_MARK = re.compile(r"[。；;！!？?，,：:]")
_REPORT_WORD = re.compile(r"年报|报告")
_ATTACHMENT_MARK = re.compile(r"^附件\s*\d*\s*[:：]\s*")
# Letter-spaced titles ("2 0 1 7 年 政 府…"), as PDF converters print centred headings: most words one letter.
_LETTER_SPACED_SHARE = 0.8
# Markup typed into a title as text (pasted or injected) names no body: read the agency around it.
_TYPED_MARKUP = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^<>]{1,200}>", re.S | re.I)
_TITLE_LINES = 5
# A label with the colon that closes it, if one does.
_LABEL_TEXT = re.compile(rf"({_ALL_LABELS})(\s*[:：])?")
# A label as a label in one text node: closed by a colon, or ending the node (the colon or value in the next).
_LABEL_AS_LABEL = re.compile(rf"({_ALL_LABELS})\s*(?:[:：]|$)")
_XPATH_SPACES = " \t\r\n\u00a0\u3000"
# A label in a table cell, styled or not, belongs to the table's block; elsewhere to its element's parent.
_BLOCK_ROOTS = ("table", "ul", "dl", "ol")
# A block longer than this is the page layout, not the metadata block: take the label's row or element.
_MAX_BLOCK_CHARS = 600
_MAX_TITLE_CHARS = 80
# Title blocks of CMS templates that use no heading tag (div.title, td.dtitle, #ArticleTitle…).
_TITLE_BLOCKS = etree.XPath(
    "//*[@class or @id][self::div or self::td or self::p or self::span]"
    "[contains(translate(concat(@class, ' ', @id), 'TITLE', 'title'), 'title')]")
_TITLE_SEPARATORS = re.compile(r"\s*[_|]\s*|\s+-\s+")


def meta_tags(root: etree._Element) -> dict[str, str]:
    """CMS-independent <meta name=…> tags (ArticleTitle, PubDate, ContentSource…), keys lower-cased."""
    tags = {}
    for meta in root.iter("meta"):
        name, content = meta.get("name"), meta.get("content")
        if name and content and content.strip():
            tags.setdefault(name.strip().lower(), collapse_spaces(content))
    return tags


# A label opens a line or a cell and is closed by a colon or the cell's border; inside a sentence it is a word.
# A date or 索引号 label right after another value ("来源：本站发布日期：…") counts when a colon closes it.
_CELL_OPENERS = frozenset(" \t\r\n\u3000\u00a0|｜")
_LABEL_CLOSE = r"(?:\s*(?P<colon>[:：])\s*[|｜]?|\s*[|｜])"
_FIELD_PATTERNS = {
    field_name: re.compile(rf"(?:{'|'.join(map(_spaced, labels))}){_LABEL_CLOSE}\s*([^|｜\n]*?){_VALUE_END}", re.M)
    for field_name, labels in LABELS.items()
}
_GLUED_FIELDS = ("index_no", "published", "written")


def _field_value(field_name: str, raw: str) -> str | None:
    """A label's value when it is what the label asks for: a body's name, a date, an 索引号."""
    value = collapse_spaces(raw.strip(" |:："))
    if field_name == "agency":
        return organisation_name(value)
    if field_name == "index_no":
        return value if _INDEX_NO.search(value) else None
    return value if parse_date(value) else None


def labelled_fields(page_text: str) -> dict[str, str]:
    """Values of the metadata block's labels, keyed by field ('index_no', 'agency', …): the first valid of each."""
    found: dict[str, str] = {}
    for field_name, pattern in _FIELD_PATTERNS.items():
        for match in pattern.finditer(page_text):
            opens = not match.start() or page_text[match.start() - 1] in _CELL_OPENERS
            if not opens and not (match.group("colon") and field_name in _GLUED_FIELDS):
                continue
            value = _field_value(field_name, match.group(2))
            if value:
                found[field_name] = value
                break
    return found


def parse_date(text: str | None) -> str | None:
    """The first valid calendar date in text, as YYYY-MM-DD."""
    for match in _DATE.finditer(fold_width(text or "")):
        try:
            return date(*map(int, match.groups())).isoformat()
        except ValueError:
            continue
    return None


def url_date(url: str) -> str | None:
    """A publish date encoded in a CMS URL (t20210129_, /art/2021/1/18/, /20230331/)."""
    for pattern in _URL_DATES:
        match = pattern.search(url)
        if match:
            try:
                return date(*map(int, match.groups())).isoformat()
            except ValueError:
                continue
    return None


def page_title(root: etree._Element, tags: dict[str, str], fallback: str | None) -> str | None:
    """ArticleTitle meta, else the <title> part that names the report, else the listing's title."""
    if tags.get("articletitle"):
        return tags["articletitle"]
    for element in root.iter("h1", "h2", "h3"):
        head = collapse_spaces(text_of(element))
        if is_report_title(head):
            return head
    titles = [collapse_spaces(text_of(t)) for t in root.iter("title")]
    for title in titles:
        for part in _TITLE_SEPARATORS.split(title):
            if is_report_title(part):
                return part
    for element in _TITLE_BLOCKS(root):
        head = collapse_spaces(text_of(element))
        if is_report_title(head):
            return head
    return fallback or (titles[0] if titles and titles[0] else None)


def title_agency(title: str | None) -> str | None:
    """The body a title names before or after its year ("衢州市经信局2020年度…"), if that reads as a body's name."""
    text = _ABOUT.sub("", arabic_years(squash(_TYPED_MARKUP.sub("", title or ""))))
    for pattern in (_AGENCY_AFTER, _AGENCY_BEFORE):
        match = pattern.search(text)
        if match and not text[match.start(1):].startswith(_NOT_AGENCY):
            name = organisation_name(match.group(1))
            if name:
                return name
    return None


def report_year(title: str | None, text: str) -> int | None:
    """The year the statistics cover: from the title, else the statistics period or table header."""
    year = title_year(title or "")
    if year:
        return year
    flat = squash(text)
    for pattern in (_PERIOD, _TABLE_YEAR, _TEXT_TITLE_YEAR):
        match = pattern.search(flat)
        if match:
            return int(match.group(1))
    return None


def _unspaced(line: str) -> str:
    """A letter-spaced line with its spaces removed; any other line as it is."""
    words = line.split(" ")
    letters = sum(len(word) == 1 for word in words)
    return line.replace(" ", "") if len(words) > 1 and letters >= _LETTER_SPACED_SHARE * len(words) else line


def _title_head(line: str) -> str | None:
    """A line that is a report title, or the title a line opens with before a space and its first sentence."""
    end = _REPORT_WORD.search(line)
    head = line[:end.end()] if end and line[end.end():end.end() + 1] == " " else line
    if len(squash(head)) <= _MAX_TITLE_CHARS and is_report_title(head) and not _CLAUSE_MARK.search(head):
        return head
    return None


def text_title(text: str) -> str | None:
    """The report title a plain text opens with, joined to the line above when that line names its body."""
    lines = []
    for raw in text.splitlines():
        line = _ATTACHMENT_MARK.sub("", _unspaced(collapse_spaces(raw.strip(" |｜"))))
        if line:
            lines.append(line)
        if len(lines) == _TITLE_LINES:
            break
    for number, line in enumerate(lines):
        head = _title_head(line)
        if head is None:
            continue
        joined = lines[number - 1] + head if number else ""
        if not title_agency(head) and len(joined) <= _MAX_TITLE_CHARS and has_organ_suffix(title_agency(joined) or ""):
            return joined
        return head
    return None


def index_agency(index_no: str | None) -> str | None:
    """The agency an 索引号 names in its prefix ("衢州市经信局/2021-00012"), when the prefix is a name."""
    prefix = (index_no or "").split("/")[0]
    return prefix if _CJK.search(prefix) else None


def assemble_metadata(fields: dict[str, str], title: str | None, text: str, url: str = "",
                      tags: dict[str, str] | None = None, listing_title: str | None = None,
                      listing_date: str | None = None, portal_agency: str | None = None) -> Metadata:
    """Metadata from what a page or text states, in order of trust.

    The registry row's agency is the last resort for a page that names no publisher; the
    year comes from the title or statistics period, never from the publish date.
    """
    tags = tags or {}
    index_match = _INDEX_NO.search(fields.get("index_no", ""))
    index_no = re.sub(r"\s+", "", index_match.group(0)) if index_match else None
    agency_code = index_no.split("/")[0] if index_no and "/" in index_no and not index_agency(index_no) else None
    named_in_title = title_agency(title)
    publisher = next(filter(None, (organisation_name(value) for value in (
        fields.get("agency"), tags.get("contentsource"), index_agency(index_no)))), None)
    agency, agency_from = agency_claim([
        ("field", fields.get("agency")),
        ("title", named_in_title),
        # The listing's title is a copy of the page's: evidence only where the page's names no body.
        ("listing_title", None if named_in_title else title_agency(listing_title)),
        ("index", index_agency(index_no)),
        ("content_source", tags.get("contentsource")),
        ("portal", portal_agency),
    ])
    year = report_year(title, text) or report_year(listing_title, "")
    page_published = (
        parse_date(tags.get("pubdate"))
        or parse_date(fields.get("published"))
        or parse_date(fields.get("written"))
        or url_date(url)
    )
    listed = parse_date(listing_date)
    is_report = is_report_title(title or "") or is_report_title(listing_title or "")
    return Metadata(
        title=title,
        agency=agency,
        agency_code=agency_code,
        year=year,
        published=page_published or listed,
        index_no=index_no,
        template="none",
        is_report=is_report,
        listing_differs=listing_differences(title, page_published, listing_title, listed),
        publisher=publisher,
        agency_from=agency_from,
    )


def listing_differences(title: str | None, published: str | None, listing_title: str | None,
                        listing_published: str | None) -> dict[str, str]:
    """What the listing says that the page contradicts: a title that is no cut of the page's, another date."""
    differs = {}
    if title and listing_title:
        page, listed = squash(title), squash(uncut(listing_title))
        if listed and not page.startswith(listed):
            differs["title"] = listing_title
    if published and listing_published and published != listing_published:
        differs["published"] = listing_published
    return differs


@lru_cache(maxsize=256)
def _label_xpath(labels: tuple[str, ...]) -> etree.XPath:
    return etree.XPath("//text()[" + " or ".join(f"contains(., '{label}')" for label in labels) + "]")


@lru_cache(maxsize=256)
def _split_label_xpath(labels: tuple[str, ...]) -> etree.XPath:
    """Cells and paragraphs whose text, spaces removed, holds a label no single text node holds."""
    unspaced = f"translate(., '{_XPATH_SPACES}', '')"
    return etree.XPath("//*[self::td or self::th or self::p or self::li][not(.//td)]["
                       + " or ".join(f"contains({unspaced}, '{label}')" for label in labels) + "]")


def metadata_block_text(root: etree._Element) -> str:
    """The rendered text of the blocks that hold the 信息公开 labels (索引号, 发布机构…), not the whole page."""
    # libxml2 then looks only for the labels, as spaced, that the page's text holds: one regex pass over
    # the text is cheaper than libxml2 testing every text node for a label's first character.
    found = _LABEL_TEXT.findall(text_of(root))
    present = tuple(sorted({label for label, _ in found}))
    if not present:
        return ""
    blocks: list[etree._Element] = []
    small: dict[etree._Element, bool] = {}

    def fits(element) -> bool:
        if element not in small:
            small[element] = len(text_of(element)) <= _MAX_BLOCK_CHARS
        return small[element]

    def place(parent) -> None:
        if any(parent is seen or seen in parent.iterancestors() for seen in blocks):
            return
        # Word pastes cells as <td><p><span>索引号：</span></p></td>: a small cell around the label is its cell.
        cell = parent if parent.tag in ("td", "th", "tr") else next(parent.iterancestors("td", "th"), None)
        if cell is not None and (cell is parent or fits(cell)):
            candidates = [next((a for a in cell.iterancestors(*_BLOCK_ROOTS)), None),
                          cell if cell.tag == "tr" else next(cell.iterancestors("tr"), None), cell]
        else:
            candidates = [parent.getparent()]
        block = next((c for c in candidates if c is not None and c.tag not in ("html", "body") and fits(c)), parent)
        if not any(block is seen for seen in blocks):
            blocks.append(block)

    held = set()
    for node in _label_xpath(present)(root):
        if _LABEL_TEXT.search(node):
            held.update(squash(label) for label in _LABEL_AS_LABEL.findall(node))
            place(node.getparent())
    # A label broken over elements (<p>发布</p><p>机构：</p>) is in the page's text, but no text node holds it.
    split = tuple(sorted({squash(label) for label, colon in found if colon} - held))
    if split:
        for element in _split_label_xpath(split)(root):
            place(element)
    return "\n".join(render_text(block) for block in blocks)


def parse_metadata(root: etree._Element, text: str, url: str, listing_title: str | None = None,
                   listing_date: str | None = None, portal_agency: str | None = None) -> Metadata:
    """Read a report page's metadata from meta tags, the 信息公开 block, title, text and URL."""
    tags = meta_tags(root)
    fields = labelled_fields(metadata_block_text(root))
    title = page_title(root, tags, listing_title)
    return assemble_metadata(fields, title, text, url, tags, listing_title, listing_date, portal_agency)


def parse_text_metadata(text: str) -> Metadata:
    """Read a plain text's metadata: its labelled fields, its opening title, its statistics period."""
    return assemble_metadata(labelled_fields(text), text_title(text), text)
