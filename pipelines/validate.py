"""Stage 1: a page must be a non-empty HTML answer of its own URL, else it becomes a recorded failure."""

import logging
from collections import Counter

from crawler.items import Failure, Page

logger = logging.getLogger(__name__)
HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
OK_STATUS = 200


def problems(page: Page) -> list[str]:
    """Every rule a fetched page breaks, as readable reasons."""
    found = []
    if not page.url.startswith(("http://", "https://")):
        found.append(f"url is not http(s): {page.url}")
    if page.status != OK_STATUS:
        found.append(f"status {page.status}")
    if not page.body or not page.body.strip():
        found.append("empty body")
    if page.content_type and not page.content_type.split(";")[0].strip().lower().startswith(HTML_TYPES):
        found.append(f"not an HTML page: {page.content_type}")
    if not page.crawl_run or not page.fetched_at:
        found.append("no crawl run or fetch time")
    return found


class ValidatePipeline:
    """Checks every page against the Page rules and reports the pass rate per rule at the end."""

    def __init__(self):
        self.checked = 0
        self.failed: Counter[str] = Counter()

    def process_item(self, item):
        """Pass valid pages on; turn invalid ones into Failures that keep their body."""
        if not isinstance(item, Page):
            return item
        self.checked += 1
        found = problems(item)
        if not found:
            return item
        for reason in found:
            self.failed[reason.split(":")[0]] += 1
        return Failure(portal=item.portal, url=item.url, crawl_run=item.crawl_run, at=item.fetched_at,
                       reason="; ".join(found), status=item.status, body=item.body, content_type=item.content_type)

    def close_spider(self):
        """Log how many pages passed each rule."""
        for rule, count in sorted(self.failed.items()):
            logger.warning("validation: %d of %d pages failed '%s'", count, self.checked, rule)
        logger.info("validation: %d pages checked, %d failed", self.checked, sum(self.failed.values()))
