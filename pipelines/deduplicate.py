"""Stage 5: decide which report a page is (one per agency and year) and whether it is a new version."""

from nianbao.archive.reports import resolve
from nianbao.crawler.items import Page
from nianbao.pipelines.archive_stage import ArchiveStage


class DeduplicatePipeline(ArchiveStage):
    """Sets page.resolution; pages that are not reports, or say their content was removed, get none."""

    def process_item(self, item):
        """Resolve a parsed report page against the archive."""
        if isinstance(item, Page) and item.meta.is_report and not item.removed:
            meta = item.meta
            item.resolution = resolve(self.db, item.url, item.text, meta.agency, meta.year, code=meta.agency_code,
                                      portal=item.portal, publisher=meta.publisher, agency_from=meta.agency_from)
        return item
