"""Per-portal counters kept during a crawl and written to portal_runs at its end."""

import time
from dataclasses import dataclass, field

from nianbao.archive.health import BLOCKED, ERROR, MOVED, OK, SKIPPED
from nianbao.archive.runs import utc_now
from nianbao.crawler.listings.claims import ITEMS, Claim, strongest


@dataclass
class PortalStats:
    """What one crawl did on one portal."""

    portal: str
    family: str | None = None
    status: str = OK
    started: str = field(default_factory=utc_now)
    finished: str | None = None
    seconds: float = 0.0
    listing_pages: int = 0
    links_found: int = 0
    reports_listed: int = 0
    details_fetched: int = 0
    known_skipped: int = 0
    rechecked: int = 0
    not_modified: int = 0
    pages_fetched: int = 0
    blocked: int = 0
    errors: int = 0
    items_listed: int = 0
    items_claimed: int | None = None
    message: str | None = None
    _clock: float = field(default_factory=time.monotonic, repr=False)
    _items: set[str] = field(default_factory=set, repr=False)
    _claims: dict[Claim, None] = field(default_factory=dict, repr=False)
    _cap: str | None = field(default=None, repr=False)

    def fail(self, message: str) -> None:
        """Mark the portal failed for this run, keeping the first reason and counting the rest."""
        self.errors += 1
        if self.status == OK:
            self.status = ERROR
        self.message = self.message or message

    def block(self, message: str) -> None:
        """The server refused us (403/412): the portal is blocked this run; its reports are not gone."""
        self.blocked += 1
        if self.status != BLOCKED:
            self.status, self.message = BLOCKED, message

    def move(self, message: str) -> None:
        """The listing is gone from its address (404, or sent to the home page): the row needs a new start_url."""
        self.errors += 1
        if self.status in (OK, ERROR):
            self.status, self.message = MOVED, message

    def skip(self, message: str) -> None:
        """The row is not crawled this run (its family has no listing parser yet); not a failure."""
        self.status, self.message = SKIPPED, message

    def note(self, message: str) -> None:
        """Say something the operator should know (a pager trap, a page cap) without failing the portal."""
        self.message = self.message or message

    def capped(self, message: str) -> None:
        """A cap cut the listing short: noted, and named again if the column then lists fewer items than it claims."""
        self._cap = self._cap or message
        self.note(message)

    def listed(self, items: set[str], claims: list[Claim]) -> None:
        """Count the items a listing answer shows (each once over the column's pages) and keep what it claims."""
        self._items |= items
        self._claims.update(dict.fromkeys(claims))
        self.items_listed = len(self._items)
        claim = strongest(self._claims)
        self.items_claimed = claim.least() if claim else None

    def answered(self, with_page: bool = True) -> None:
        """Note a response from the portal (a page, or a 304/404 without one)."""
        self.pages_fetched += with_page
        self.seconds = round(time.monotonic() - self._clock, 3)
        self.finished = utc_now()

    def close(self) -> None:
        """Apply the end-of-crawl rules: a portal that listed fewer items than its column claims, or no report, fails."""
        if self.status == OK:
            self._hold_to_claim()
        if self.status == OK and self.reports_listed == 0:
            self.fail("listing yielded no reports")
        self.finished = self.finished or utc_now()

    def _hold_to_claim(self) -> None:
        claim = strongest(self._claims)
        if claim is None:
            return
        listed, least = len(self._items), claim.least()
        if listed < least:
            claimed = f"{least}" if claim.kind == ITEMS else f"at least {least}"
            how = ("no further page or list request was found to follow" if self.listing_pages <= 1
                   else f"over {self.listing_pages} listing pages")
            earlier = "".join(f"; {m}" for m in dict.fromkeys((self._cap, self.message)) if m)
            self.errors += 1
            self.status = ERROR
            self.message = f"listed {listed} of {claimed} claimed ({claim.describe()}); {how}{earlier}"
        elif claim.kind == ITEMS and listed > least:
            self.note(f"listed {listed}, more than the {least} claimed ({claim.describe()})")

    def row(self) -> dict:
        """The portal_runs columns this run knows by itself."""
        return {name: value for name, value in vars(self).items() if not name.startswith("_")}


# When workers disagree, the worse outcome stands: a refusal outranks a move, a move an error, an error a skip.
# A skip outranks success: the other parts of a skipped row are only the empty counters of idle workers.
_SEVERITY = {OK: 0, SKIPPED: 1, ERROR: 2, MOVED: 3, BLOCKED: 4}
_COUNTERS = ("listing_pages", "links_found", "reports_listed", "details_fetched", "known_skipped", "rechecked",
             "not_modified", "pages_fetched", "blocked", "errors")


def merge_stats(parts: list[PortalStats]) -> PortalStats:
    """One portal's counters summed over the workers that crawled it, its worst status and that status's reason."""
    worst = max(parts, key=lambda part: _SEVERITY[part.status])
    merged = PortalStats(worst.portal, family=next((p.family for p in parts if p.family), None),
                         status=worst.status, message=worst.message,
                         started=min(p.started for p in parts),
                         finished=max((p.finished for p in parts if p.finished), default=None),
                         seconds=max(p.seconds for p in parts))
    for name in _COUNTERS:
        setattr(merged, name, sum(getattr(part, name) for part in parts))
    for part in parts:
        merged.listed(part._items, list(part._claims))
        merged._cap = merged._cap or part._cap
    return merged
