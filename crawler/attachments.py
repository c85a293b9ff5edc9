"""The report files a detail page links: 全文 PDFs, Word and WPS versions, statistics spreadsheets, OFD."""

from lxml import etree
from scrapy.http import TextResponse
from scrapy.selector import Selector

from nianbao.extract.documents.formats import suffix_format

# A report page links its own files; more than this many are a download centre, not attachments.
MAX_ATTACHMENTS = 6
_STRING = etree.XPath("string(.)")


def attachment_links(response: TextResponse) -> list[str]:
    """Absolute URLs of the files a page links, in page order, once each: by the link's path or its text.

    Download scripts (/download.jsp?id=…) hide the file name in the link text ("年报全文.pdf").
    """
    found: list[str] = []
    # A tree of our own, let go on return: response.selector would keep one alive with each response while its page
    # waits for its reader, a hundred MiB in all. lxml's own elements, not a parsel Selector per anchor.
    for anchor in Selector(text=response.text, type="html").root.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "mailto:", "#")):
            continue
        if suffix_format(href) or suffix_format(anchor.get("title", "")) or suffix_format(_text(anchor)):
            url = response.urljoin(href)
            if url not in found and url != response.url:
                found.append(url)
    return found[:MAX_ATTACHMENTS]


def _text(anchor) -> str:
    return " ".join(_STRING(anchor).split())
