"""The items a worker sends the ingest, as checked JSON: a page (with its files), a failure, or a re-check answer."""

from nianbao.crawler.distributed.page_schema import RECHECK_ANSWER, failure_spec, page_spec
from nianbao.crawler.distributed.schema import REDIS_VALUE_BYTES, Tagged, decode, encode


class ItemJson:
    """dumps and loads for the items list, with bodies and texts bounded by the crawl's DOWNLOAD_MAXSIZE."""

    def __init__(self, max_bytes: int):
        self.spec = Tagged({"page": page_spec(max_bytes), "failure": failure_spec(max_bytes),
                            "recheck": RECHECK_ANSWER})

    def dumps(self, item) -> bytes:
        """{"kind": "page" | "failure" | "recheck", "value": {…}} as JSON."""
        return encode(self.spec, item)

    def loads(self, raw: bytes):
        """The Page, Failure or Recheck in raw; Rejected unless it is one."""
        return decode(self.spec, raw, REDIS_VALUE_BYTES, "item")
