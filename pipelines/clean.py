"""Stage 3: decode the page and extract the report text without portal chrome."""

import logging

from crawler.items import Page
from extract.clean import clean_tree, parse_html
from extract.decode import decode_page

logger = logging.getLogger(__name__)


class CleanPipeline:
    """Fills html, tree, text, rendered, container and encoding; an unreadable page becomes a Failure."""

    def process_item(self, item):
        """Decode and clean a page."""
        if not isinstance(item, Page):
            return item
        decoded = decode_page(item.body, item.content_type)
        item.encoding, item.mislabelled = decoded.encoding, decoded.mislabelled
        try:
            tree = parse_html(decoded.text)
            cleaned = clean_tree(tree, decoded.text)
        except Exception as exc:  # lxml and trafilatura raise many types on junk input
            logger.warning("clean failed for %s: %s", item.url, exc)
            return item.failure(f"unreadable page: {type(exc).__name__}: {exc}")
        item.html, item.text, item.container = decoded.text, cleaned.text, cleaned.container
        item.tree, item.rendered = tree, cleaned.rendered
        return item
