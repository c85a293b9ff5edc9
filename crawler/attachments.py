"""The report files a detail page links: 全文 PDFs, Word and WPS versions, statistics spreadsheets, OFD."""

from scrapy.http import TextResponse

from nianbao.extract.documents.formats import suffix_format

# A report page links its own files; more than this many are a download centre, not attachments.
MAX_ATTACHMENTS = 6


def attachment_links(response: TextResponse) -> list[str]:
    """Absolute URLs of the files a page links, in page order, once each: by the link's path or its text.

    Download scripts (/download.jsp?id=…) hide the file name in the link text ("年报全文.pdf").
    """
    found: list[str] = []
    for anchor in response.xpath("//a[@href]"):
        href = anchor.attrib["href"].strip()
        if href.startswith(("javascript:", "mailto:", "#")):
            continue
        text = " ".join(anchor.xpath("string(.)").get("").split())
        if suffix_format(href) or suffix_format(text) or suffix_format(anchor.attrib.get("title", "")):
            url = response.urljoin(href)
            if url not in found and url != response.url:
                found.append(url)
    return found[:MAX_ATTACHMENTS]
