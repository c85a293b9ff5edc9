"""Stage 1: a page must be a non-empty HTML answer or report file of its own URL, else it becomes a recorded failure."""

import logging
from collections import Counter

from nianbao.crawler.items import ATTACHMENT, Page
from nianbao.extract.documents.formats import sniff

logger = logging.getLogger(__name__)
HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
OK_STATUS = 200
# Text never holds NUL or C0 control bytes other than these whitespace ones; images and archives are full of them.
TEXT_CONTROLS = frozenset(b"\t\n\r\f\x1b")
SNIFF_BYTES = 4096
MAX_CONTROL_SHARE = 0.01
C0_END = 0x20
CONTROL_BYTES = bytes(byte for byte in range(C0_END) if byte not in TEXT_CONTROLS)


def problems(page: Page) -> list[str]:
    """Every rule a fetched page breaks, as readable reasons."""
    found = []
    if not page.url.startswith(("http://", "https://")):
        found.append(f"url is not http(s): {page.url}")
    if page.status != OK_STATUS:
        found.append(f"status {page.status}")
    if not page.body or not page.body.strip():
        found.append("empty body")
    elif sniff(page.body, page.url):
        pass  # a report file (PDF, Word, spreadsheet): its bytes said so, whatever the Content-Type
    elif page.kind == ATTACHMENT:
        found.append(f"not a report file: {page.content_type or 'no Content-Type'}")
    elif page.content_type and not page.content_type.split(";")[0].strip().lower().startswith(HTML_TYPES):
        found.append(f"not an HTML page: {page.content_type}")
    elif page.body and is_binary(page.body):
        found.append(f"binary content, not text: {page.content_type or 'no Content-Type'}")
    if not page.crawl_run or not page.fetched_at:
        found.append("no crawl run or fetch time")
    return found


def is_binary(body: bytes) -> bool:
    """True when the first bytes hold a NUL or more control bytes than any text page has."""
    head = body[:SNIFF_BYTES]
    controls = len(head) - len(head.translate(None, CONTROL_BYTES))
    return b"\x00" in head or controls > MAX_CONTROL_SHARE * len(head)


class ValidatePipeline:
    """Checks every page against the Page rules and reports the pass rate per rule at the end."""

    def __init__(self):
        self.checked = 0
        self.failed: Counter[str] = Counter()

    def process_item(self, item):
        """Pass valid pages on; turn invalid ones into Failures that keep their body, mark invalid attachments."""
        if not isinstance(item, Page):
            return item
        for attachment in item.attachments:
            attachment.error = self._check(attachment)
        reason = self._check(item)
        return item.failure(reason) if reason else item

    def _check(self, page: Page) -> str | None:
        self.checked += 1
        found = problems(page)
        for reason in found:
            self.failed[reason.split(":")[0]] += 1
        return "; ".join(found) or None

    def close_spider(self):
        """Log how many pages passed each rule."""
        for rule, count in sorted(self.failed.items()):
            logger.warning("validation: %d of %d pages failed '%s'", count, self.checked, rule)
        logger.info("validation: %d pages checked, %d failed", self.checked, sum(self.failed.values()))
