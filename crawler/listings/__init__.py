"""Listing families (one per CMS platform) and detection of a portal's family from its page."""

from nianbao.crawler.listings.base import Link, ListingError
from nianbao.crawler.listings.generic import GenericListing
from nianbao.crawler.listings.gkmlpt import GkmlptListing
from nianbao.crawler.listings.hanweb import HanwebListing
from nianbao.crawler.listings.jpaas import JpaasListing
from nianbao.crawler.listings.post import PostListing
from nianbao.crawler.listings.scripts import post_calls
from nianbao.crawler.listings.trs import TrsListing

LISTINGS = {listing.name: listing for listing in
            (TrsListing(), HanwebListing(), JpaasListing(), GkmlptListing(), PostListing(), GenericListing())}

# Page fingerprints of each platform (docs/portals.md, "Portal families"); first match wins. jpaas pages are
# Hanweb's too, so they are told apart first.
FINGERPRINTS = (
    ("jpaas", ("jpaas-publish-server", "unitbuild.js")),
    ("hanweb", ("dataproxy.jsp", "<datastore>")),
    ("trs", ("createPageHTML", "TRS_Editor", "igs/front/search/list.html")),
    ("gkmlpt", ("gkmlpt",)),
    ("kaipuyun", ("UCAP",)),
)
# Families whose page shows no platform mark of its own: a row naming them is not contradicted by the page.
UNMARKED = ("generic", "post")


def detect_family(text: str) -> str:
    """The platform a listing page was built with: a fingerprint, else 'post' for a POSTed list, else 'generic'."""
    for family, marks in FINGERPRINTS:
        if any(mark in text for mark in marks):
            return family
    return "post" if post_calls(text) else "generic"


def mismatch(declared: str | None, detected: str) -> bool:
    """True when the page's platform mark contradicts the family a registry row declares."""
    return declared is not None and detected != declared and detected not in UNMARKED


__all__ = ["LISTINGS", "Link", "ListingError", "detect_family", "mismatch"]
