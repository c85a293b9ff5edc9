"""Per-portal counters kept during a crawl and written to portal_runs at its end."""

from dataclasses import dataclass


@dataclass
class PortalStats:
    """What one crawl did on one portal."""

    portal: str
    family: str | None = None
    status: str = "ok"
    listing_pages: int = 0
    links_found: int = 0
    reports_listed: int = 0
    details_fetched: int = 0
    known_skipped: int = 0
    errors: int = 0
    message: str | None = None

    def fail(self, message: str) -> None:
        """Mark the portal failed for this run, keeping the first reason and counting the rest."""
        self.errors += 1
        self.status = "error"
        self.message = self.message or message

    def close(self) -> None:
        """Apply the end-of-crawl rule: a portal whose listing yielded no report failed."""
        if self.status == "ok" and self.reports_listed == 0:
            self.fail("listing yielded no reports")
