"""Stage 3: decode the page and extract the report text without portal chrome; read report files' text."""

import logging

from crawler.items import Page
from extract.clean import clean_tree, parse_html
from extract.decode import decode_page
from extract.documents.formats import sniff
from extract.documents.layout import UnreadableDocument
from extract.documents.read import read_document

logger = logging.getLogger(__name__)


def read_file(page: Page, fmt: str | None) -> str | None:
    """Fill a report file's format, document and text; the reason it cannot be read, if so."""
    if fmt is None:
        return f"not a report file: {page.content_type or 'no Content-Type'}"
    page.format = fmt
    try:
        page.document = read_document(page.body, page.format)
    except UnreadableDocument as exc:
        return str(exc)
    except Exception as exc:  # PDF and Office libraries raise many types on damaged files
        logger.warning("reading %s failed: %s", page.url, exc)
        return f"unreadable {page.format.upper()}: {type(exc).__name__}: {exc}"
    page.text = page.rendered = page.document.text
    return None


class CleanPipeline:
    """Fills tree, text, rendered, container and encoding, or a file's document; unreadable → Failure."""

    def process_item(self, item):
        """Decode and clean a page, or read a report file; read the page's attached files."""
        if not isinstance(item, Page):
            return item
        for attachment in item.attachments:
            attachment.error = attachment.error or read_file(attachment, sniff(attachment.body, attachment.url))
        fmt = sniff(item.body, item.url)
        if fmt:
            reason = read_file(item, fmt)
            return item.failure(reason) if reason else item
        decoded = decode_page(item.body, item.content_type)
        item.encoding, item.mislabelled = decoded.encoding, decoded.mislabelled
        try:
            tree = parse_html(decoded.text)
            cleaned = clean_tree(tree)
        except Exception as exc:  # lxml and trafilatura raise many types on junk input
            logger.warning("clean failed for %s: %s", item.url, exc)
            return item.failure(f"unreadable page: {type(exc).__name__}: {exc}")
        item.text, item.container = cleaned.text, cleaned.container
        item.tree, item.rendered = tree, cleaned.rendered
        return item
