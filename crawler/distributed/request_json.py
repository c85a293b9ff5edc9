"""The shared queue's serializer (SCHEDULER_SERIALIZER): Request.to_dict as schema-checked JSON, never a pickle."""

from functools import lru_cache

from nianbao.crawler.attachments import MAX_ATTACHMENTS
from nianbao.crawler.distributed.page_schema import LINK, STATUS_CODES, page_spec
from nianbao.crawler.distributed.schema import (
    FEW,
    LINE_CHARS,
    REDIS_VALUE_BYTES,
    URL_CHARS,
    Choice,
    Either,
    Fields,
    Flag,
    HttpUrl,
    Integer,
    Latin1,
    ListOf,
    MapOf,
    Nullable,
    Number,
    Spec,
    Text,
    decode,
    encode,
)
from nianbao.crawler.listings import gkmlpt, hanweb, jpaas, post, trs, trs_search
from nianbao.crawler.settings import DOWNLOAD_MAXSIZE
from nianbao.crawler.spiders.portals import FAMILY, PENDING, PORTAL, ROOT, SOURCE, WAITING
from nianbao.crawler.spiders.portals import LINK as LINK_META

CALLBACKS = ("parse_listing", "parse_detail", "parse_recheck", "parse_attachment")
ERRBACKS = ("listing_failed", "detail_failed", "recheck_failed", "attachment_failed")
# Request classes by the path to_dict writes; request_from_dict imports only these.
CLASSES = ("scrapy.http.request.form.FormRequest",)
METHODS = ("GET", "POST", "HEAD")
# Bytes of a request body: a form or a JSON query, never a page.
BODY_BYTES = 1024 * 1024
# Set again by Scrapy on every download: kept out of Redis (a proxy read from Redis would send requests anywhere).
TRANSIENT_META = ("download_latency", "proxy", "_auth_proxy", "_scheme_proxy")

SHORT = Nullable(Text())
PATH = Text(URL_CHARS)
FORM = MapOf(Text(LINE_CHARS), Text(LINE_CHARS))
SHOWN = ListOf(HttpUrl())
PAGE_NUMBER = Integer(0)
RECHECK_SOURCE = Fields({"url": HttpUrl(), "report_id": SHORT, "etag": SHORT, "last_modified": SHORT,
                         "listing_title": Nullable(Text(LINE_CHARS)), "listing_date": SHORT}, ("url",))
# What each listing family carries from one page of its list to the next (crawler/listings/*).
LISTING_META: dict[str, Spec] = {
    trs_search.API_META: Fields({"column": HttpUrl(), "path": PATH, "fields": FORM, "page": PAGE_NUMBER},
                                ("column", "path", "fields", "page")),
    trs.PAGER_META: PAGE_NUMBER,
    gkmlpt.API_META: Fields({"root": HttpUrl(), "category": Text(), "sid": Text(), "page": PAGE_NUMBER},
                            ("root", "category", "sid", "page")),
    jpaas.API_META: Fields({"column": HttpUrl(), "gateway": PATH, "fields": FORM, "size": PAGE_NUMBER,
                            "page": PAGE_NUMBER, "shown": SHOWN}, ("column", "gateway", "fields", "size", "page")),
    post.API_META: Fields({"column": HttpUrl(), "page": PAGE_NUMBER, "pages": Nullable(PAGE_NUMBER), "shown": SHOWN,
                           "call": Fields({"url": PATH, "fields": FORM, "page_field": SHORT, "first_page": PAGE_NUMBER,
                                           "json_body": Flag(), "method": Choice(METHODS)}, ("url",))},
                          ("column", "call", "page")),
    hanweb.GROUP_META: Either((Flag(), Fields({
        "column": HttpUrl(), "proxy": PATH, "fields": FORM, "per_page": PAGE_NUMBER, "size": PAGE_NUMBER,
        "total": Nullable(PAGE_NUMBER), "start": PAGE_NUMBER, "end": PAGE_NUMBER, "shown": SHOWN,
    }, ("column", "proxy", "fields", "per_page", "size", "start", "end")))),
}
# Scrapy's own meta that a retried or redirected request carries.
SCRAPY_META: dict[str, Spec] = {
    "handle_httpstatus_list": ListOf(STATUS_CODES, FEW), "redirect_urls": ListOf(HttpUrl(), FEW),
    "redirect_times": Integer(0), "redirect_ttl": Integer(), "redirect_reasons": ListOf(Either((STATUS_CODES, Text())),
                                                                                         FEW),
    "retry_times": Integer(0), "depth": Integer(0), "download_slot": Text(), "download_timeout": Number(),
}


@lru_cache
def request_spec(max_bytes: int) -> Fields:
    """A request dict as Request.to_dict writes it; a page waiting for its files rides in meta with its bodies."""
    meta = Fields({
        PORTAL: Text(), ROOT: Flag(), FAMILY: SHORT, SOURCE: RECHECK_SOURCE, LINK_META: LINK,
        WAITING: page_spec(max_bytes), PENDING: ListOf(HttpUrl(), MAX_ATTACHMENTS), **LISTING_META, **SCRAPY_META,
    })
    return Fields({
        "url": HttpUrl(), "callback": Nullable(Choice(CALLBACKS)), "errback": Nullable(Choice(ERRBACKS)),
        "headers": MapOf(Latin1(), ListOf(Latin1(), FEW)), "body": Latin1(BODY_BYTES),
        "cookies": MapOf(Text(), Text(LINE_CHARS)), "meta": meta, "encoding": Text(), "flags": ListOf(Text(), FEW),
        "cb_kwargs": MapOf(Text(), Text(), 0), "method": Choice(METHODS), "priority": Integer(),
        "dont_filter": Flag(), "_class": Choice(CLASSES),
    }, ("url", "method"))


class RequestJson:
    """dumps and loads for scrapy-redis's queue, with bodies bounded by the crawl's DOWNLOAD_MAXSIZE."""

    def __init__(self, max_bytes: int = DOWNLOAD_MAXSIZE):
        self.spec = request_spec(max_bytes)

    def dumps(self, request: dict) -> bytes:
        """A request dict as JSON (TypeError for a meta key or value with no schema: a bug to fix here)."""
        meta = {name: value for name, value in request.get("meta", {}).items() if name not in TRANSIENT_META}
        return encode(self.spec, {**request, "meta": meta})

    def loads(self, raw: bytes) -> dict:
        """The request dict in raw; Rejected unless it is one."""
        return decode(self.spec, raw, REDIS_VALUE_BYTES, "request")


_DEFAULT = RequestJson()
dumps, loads = _DEFAULT.dumps, _DEFAULT.loads
