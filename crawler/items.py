"""What the spider hands to the pipelines: fetched pages, re-check answers and failures."""

from dataclasses import dataclass, field
from typing import Any

from nianbao.extract.documents.formats import HTML

DETAIL, RECHECK, ATTACHMENT = "detail", "recheck", "attachment"


@dataclass
class Page:
    """A fetched detail page or file, filled in stage by stage by the pipelines.

    A page's attachments (kind ATTACHMENT, fetched before the page is handed on) go through the same
    stages; one that fails a stage keeps its reason in `error` and is recorded as a failure.
    """

    portal: str
    url: str
    status: int
    body: bytes
    fetched_at: str
    crawl_run: str
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    listing_title: str | None = None
    listing_date: str | None = None
    portal_agency: str | None = None
    kind: str = DETAIL
    listed_url: str | None = None
    content_hash: str | None = None
    encoding: str | None = None
    mislabelled: bool = False
    text: str | None = None
    container: str | None = None
    rendered: str | None = None
    # The page read whole in the clean stage (extract.page_reading.PageReading), its report for the parse stage.
    reading: Any = None
    meta: Any = None
    removed: str | None = None
    cells: list = field(default_factory=list)
    checks: dict = field(default_factory=dict)
    findings: list = field(default_factory=list)
    repairs: list = field(default_factory=list)
    placements: list = field(default_factory=list)
    resolution: Any = None
    format: str = HTML
    document: Any = None
    parent_url: str | None = None
    attachments: list["Page"] = field(default_factory=list)
    error: str | None = None

    def failure(self, reason: str) -> "Failure":
        """This page as a recorded failure that keeps its body."""
        return Failure(portal=self.portal, url=self.url, crawl_run=self.crawl_run, at=self.fetched_at, reason=reason,
                       status=self.status, body=self.body, content_type=self.content_type,
                       content_hash=self.content_hash, kind=self.kind)


@dataclass
class Failure:
    """A URL that could not be fetched or read, with the reason; the crawl goes on."""

    portal: str
    url: str
    crawl_run: str
    at: str
    reason: str
    status: int | None = None
    permanent: bool = False
    body: bytes | None = None
    content_type: str | None = None
    content_hash: str | None = None
    kind: str = DETAIL

    def as_recheck(self, outcome: str) -> "Recheck":
        """The re-check answer this failure gives for a known page: the reason as its detail."""
        return Recheck(portal=self.portal, url=self.url, crawl_run=self.crawl_run, at=self.at, outcome=outcome,
                       status=self.status, detail=self.reason)


@dataclass
class Recheck:
    """The answer to a scheduled re-check of a known report page that carries no page to parse."""

    portal: str
    url: str
    crawl_run: str
    at: str
    outcome: str
    status: int | None = None
    detail: str | None = None
