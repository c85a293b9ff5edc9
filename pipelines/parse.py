"""Stage 4: read the report's metadata (title, agency, year, date, 索引号, template) and table cells."""

from crawler.items import Page
from extract.clean import parse_html
from extract.metadata import parse_metadata
from extract.tables import parse_cells
from extract.checks import run_checks


class ParsePipeline:
    """Fills meta, cells and checks of a cleaned page."""

    def process_item(self, item):
        """Parse a cleaned page."""
        if not isinstance(item, Page):
            return item
        root = parse_html(item.body_html)
        item.meta = parse_metadata(root, item.text, item.url, item.listing_title, item.listing_date)
        item.cells = parse_cells(root, item.meta.template)
        item.checks = run_checks(item.cells, item.meta.template)
        return item
