"""Listing families (one per CMS platform) and detection of a portal's family from its page."""

from crawler.listings.base import Link, ListingError
from crawler.listings.generic import GenericListing
from crawler.listings.hanweb import HanwebListing
from crawler.listings.trs import TrsListing

LISTINGS = {listing.name: listing for listing in (TrsListing(), HanwebListing(), GenericListing())}

# Page fingerprints of each platform (portals.md, "Portal families"); first match wins.
FINGERPRINTS = (
    ("hanweb", ("dataproxy.jsp", "<datastore>")),
    ("trs", ("createPageHTML", "TRS_Editor")),
    ("gkmlpt", ("gkmlpt",)),
    ("kaipuyun", ("UCAP",)),
)


def detect_family(text: str) -> str:
    """The platform a listing page was built with, 'generic' when no fingerprint matches."""
    for family, marks in FINGERPRINTS:
        if any(mark in text for mark in marks):
            return family
    return "generic"


__all__ = ["LISTINGS", "Link", "ListingError", "detect_family"]
