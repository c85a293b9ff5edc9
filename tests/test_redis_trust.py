"""Redis is a shared service, not a trusted one: whatever another client writes to a key the scale-out reads, a
pickle that would create a file or a value of the wrong shape, is rejected, logged and counted, never run, and the
run goes on (or stops saying why)."""

import json
import pickle
import re
from dataclasses import replace

import pytest
import redis
from scrapy import Request
from scrapy.utils.request import request_from_dict

from nianbao.crawler.distributed import request_json
from nianbao.crawler.distributed.item_json import ItemJson
from nianbao.crawler.distributed.keys import Keys
from nianbao.crawler.distributed.plan import PORTALS, read_plan
from nianbao.crawler.distributed.queue import LeasedPriorityQueue, json_serializer
from nianbao.crawler.distributed.rejections import ITEMS, LEASES, PLAN, REQUESTS, STATS, WORKERS
from nianbao.crawler.distributed.run_worker import worker_settings
from nianbao.crawler.distributed.scheduler import LeasedScheduler
from nianbao.crawler.distributed.schema import Rejected, encode
from nianbao.crawler.distributed.stats_json import dumps_stats, loads_stats
from nianbao.crawler.items import ATTACHMENT, Recheck
from nianbao.crawler.listings.claims import ITEMS as CLAIM_ITEMS
from nianbao.crawler.listings.claims import Claim
from nianbao.crawler.portal_stats import PortalStats
from nianbao.crawler.registry import load_portals
from nianbao.crawler.spiders.portals import ROOT
from nianbao.extract.documents.layout import Document
from tests.cluster import Cluster, assert_same_archive, crawl_reference, wait_until
from tests.conftest import installed, nianbao
from tests.redis_server import RedisServer, make_certificates, speaks_tls
from tests.saved_pages import BUNDLED, answered, listed, parsed_page, spider_for

KEYS = Keys()
# A port nothing listens on: the queue below never talks to Redis.
UNUSED_PORT = 9
MAX_BYTES = 32 * 1024 * 1024
ITEM_JSON = ItemJson(MAX_BYTES)
PASSWORD = "s3cret:@/pass"
# Queue score of the hostile requests: popped before any real one.
URGENT = -100
# Seconds a ghost worker's alive key lasts.
GHOST_SECONDS = 5
# The ingest's closing line: "run R: values read from Redis rejected (…): N (items 2, plan 1, …)".
SUMMARY = re.compile(r"values read from Redis rejected \(.*?\): \d+ \((?P<parts>[^)]*)\)")


class Canary:
    """Unpickled, it creates its file: what a hostile client would write to Redis, made harmless but visible."""

    def __init__(self, path):
        self.path = str(path)

    def __reduce__(self):
        return open, (self.path, "w")


@pytest.fixture
def canary(tmp_path):
    """The file no value read from Redis may ever create."""
    path = tmp_path / "canary"
    probe = tmp_path / "probe"
    pickle.loads(pickle.dumps(Canary(probe))).close()
    assert probe.exists(), "the hostile pickle must really run when unpickled"
    yield path
    assert not path.exists(), "a value read from Redis was unpickled"


def hostile(canary) -> bytes:
    """A pickle that creates the canary when unpickled."""
    return pickle.dumps(Canary(canary))


def junk_values(canary) -> dict[str, bytes]:
    """Values of no key: the pickle (also as ASCII, protocol 0), text that is not JSON, JSON nested past any parser."""
    return {"pickle": hostile(canary), "ascii pickle": pickle.dumps(Canary(canary), protocol=0),
            "not json": b"{'url': 'http://x/'", "binary": b"\x80\x04\x95\xff\x00",
            "nested": b"[" * 100_000 + b"]" * 100_000, "nan": b"NaN", "empty": b""}


# ---- what crosses Redis comes back as it went -------------------------------------------------------------------


def round_trip(spider, request: Request) -> None:
    """The request through the queue's JSON equals the one that went in."""
    sent = request.to_dict(spider=spider)
    back = request_from_dict(request_json.loads(request_json.dumps(sent)), spider=spider)
    assert back.to_dict(spider=spider) == sent
    assert type(back) is type(request)


def family_requests() -> list:
    """Requests of every listing family, from saved pages: (spider, request)."""
    found = []
    for portal, page, answer, content_type in (
            ("gd-whly", "annualreport.html", "api-2629-page1.json", "application/json"),
            ("chinatax", "index.html", "list-page1.json", "application/json"),
            ("wh-hongshan", "index.html", "igs-page1.json", "application/json"),
            ("zj-slt", "column.html", "unit-page1.json", "application/json"),
            ("js-mzt", "column.html", "dataproxy.xml", "text/xml"),
            ("sd-gov", "column.html", None, None)):
        first = listed(portal, page, meta={ROOT: True})
        found += [(first.spider, r) for r in first.requests if isinstance(r, Request)]
        api = next((r for r in first.requests if isinstance(r, Request) and r.callback == first.spider.parse_listing),
                   None)
        if answer and api is not None:
            then = answered(first, api, portal, answer, content_type)
            found += [(then.spider, r) for r in then.requests if isinstance(r, Request)]
    return found


def test_requests_of_every_listing_family_cross_as_json_unchanged():
    requests = family_requests()
    metas = {name for _, request in requests for name in request.meta}
    assert {"gkmlpt_api", "post_api", "trs_search_api", "jpaas_api", "hanweb_group", "link"} <= metas
    assert any(request.method == "POST" and type(request).__name__ == "FormRequest" for _, request in requests)
    for spider, request in requests:
        round_trip(spider, request)


def test_recheck_attachment_and_retried_requests_cross_unchanged():
    spider = spider_for("js-mzt")
    portal = BUNDLED["js-mzt"]
    source = {"url": "http://mzt.jiangsu.gov.cn/art/1.html", "report_id": "r1", "etag": '"e1"',
              "last_modified": "Mon, 01 Jan 2024 00:00:00 GMT", "listing_title": "2023年年度报告",
              "listing_date": None}
    round_trip(spider, spider.recheck_request(portal, source))
    page = parsed_page("js-mzt", "art_90135_10312345.html")
    page = replace(page, meta=None, cells=[], checks={}, text=None, rendered=None)
    (waiting,) = spider.next_attachment(page, ["http://mzt.jiangsu.gov.cn/a.pdf", "http://mzt.jiangsu.gov.cn/b.doc"])
    round_trip(spider, waiting)
    retried = spider.recheck_request(portal, source).replace(meta={
        **spider.recheck_request(portal, source).meta, "retry_times": 2, "redirect_urls": ["http://x.gov.cn/a"],
        "redirect_times": 1, "redirect_ttl": 19, "redirect_reasons": [302, "meta refresh"], "depth": 1,
        "download_slot": "x.gov.cn", "download_timeout": 180.0})
    round_trip(spider, retried)


def test_meta_scrapy_sets_again_on_every_download_never_reaches_redis():
    spider = spider_for("js-mzt")
    request = Request("http://mzt.jiangsu.gov.cn/a.html", callback=spider.parse_detail,
                      meta={"portal": "js-mzt", "proxy": "http://user:pw@proxy:3128", "_auth_proxy": "x",
                            "_scheme_proxy": True, "download_latency": 0.2})
    sent = json.loads(request_json.dumps(request.to_dict(spider=spider)))
    assert sent["meta"] == {"portal": "js-mzt"}


def test_a_parsed_page_with_its_files_crosses_whole_but_for_what_stays_on_the_worker():
    page = parsed_page("js-mzt", "art_90135_10312345.html")
    assert page.cells and page.meta.is_report
    attachment = replace(parsed_page("js-mzt", "art_90135_10312345.html"), kind=ATTACHMENT, parent_url=page.url,
                         format="pdf", error="unreadable PDF: x",
                         document=Document(format="pdf", text="表", pages=2, needs_ocr=True, ocr=True,
                                           notes=["page 2 scanned"], grids=[["a", "b"]]))
    page.attachments.append(attachment)
    back = ITEM_JSON.loads(ITEM_JSON.dumps(page))
    assert back.attachments[0].document == replace(attachment.document, grids=[])
    assert replace(back, attachments=[]) == replace(page, attachments=[])
    assert replace(back.attachments[0], document=None) == replace(attachment, document=None)


def test_failures_rechecks_and_counters_cross_unchanged():
    page = parsed_page("js-mzt", "art_90135_10312345.html")
    failure = page.failure("status 500")
    answer = Recheck(portal="js-mzt", url=page.url, crawl_run="r", at="t", outcome="gone", status=404, detail="x")
    for item in (failure, answer):
        assert ITEM_JSON.loads(ITEM_JSON.dumps(item)) == item
    stats = PortalStats("js-mzt", family="hanweb", listing_pages=2, errors=1, message="listing x: HTTP 500")
    stats.listed({"http://a/1", "http://a/2"}, [Claim(CLAIM_ITEMS, 3, "totalRecord", "http://a/")])
    (portals, rejected) = loads_stats(dumps_stats({"js-mzt": stats}, {REQUESTS: 2}))
    back = portals["js-mzt"]
    assert (back.row(), back._items, back._claims) == (stats.row(), stats._items, stats._claims)
    assert rejected == {REQUESTS: 2}


# ---- what is not what its key holds is rejected, never run ------------------------------------------------------


def wrong_items(tmp) -> dict[str, bytes]:
    """JSON items of the wrong shape."""
    page = json.loads(ITEM_JSON.dumps(parsed_page("js-mzt", "art_90135_10312345.html")))
    return {
        "unknown kind": json.dumps({"kind": "evil", "value": {}}).encode(),
        "no envelope": json.dumps(page["value"]).encode(),
        "missing field": json.dumps({"kind": "page", "value": {"portal": "js-mzt"}}).encode(),
        "unknown field": json.dumps({**page, "value": {**page["value"], "__reduce__": ["os.system", "id"]}}).encode(),
        "wrong type": json.dumps({**page, "value": {**page["value"], "status": "200"}}).encode(),
        "not base64": json.dumps({**page, "value": {**page["value"], "body": "<html>"}}).encode(),
        "unknown cell column": json.dumps({**page, "value": {**page["value"], "cells": [
            {"section": "a", "row": "b", "col": "c", "value": 1, "evil": 1}]}}).encode(),
        "attachment of an attachment": json.dumps({**page, "value": {**page["value"], "attachments": [
            {**page["value"], "attachments": [page["value"]]}]}}).encode(),
        "boolean as number": json.dumps({**page, "value": {**page["value"], "status": True}}).encode(),
    }


def wrong_requests() -> dict[str, bytes]:
    """JSON requests that must never be fetched or called back."""
    ok = {"url": "http://127.0.0.1:9/a.html", "callback": "parse_detail", "errback": "detail_failed", "method": "GET",
          "meta": {"portal": "demo-trs"}}
    return {
        "file url": json.dumps({**ok, "url": "file:///etc/passwd"}).encode(),
        "data url": json.dumps({**ok, "url": "data:text/html,x"}).encode(),
        "foreign callback": json.dumps({**ok, "callback": "close"}).encode(),
        "foreign class": json.dumps({**ok, "_class": "subprocess.Popen"}).encode(),
        "proxy in meta": json.dumps({**ok, "meta": {"portal": "demo-trs", "proxy": "http://evil:3128"}}).encode(),
        "unknown meta": json.dumps({**ok, "meta": {"portal": "demo-trs", "evil": 1}}).encode(),
        "link of the wrong shape": json.dumps({**ok, "meta": {"portal": "demo-trs", "link": {"url": 1}}}).encode(),
        "cb_kwargs": json.dumps({**ok, "cb_kwargs": {"a": "b"}}).encode(),
    }


def wrong_stats() -> dict[str, bytes]:
    """JSON counters of the wrong shape."""
    row = json.loads(dumps_stats({"p": PortalStats("p")}, {}))
    stats = row["portals"]["p"]
    return {
        "unknown status": json.dumps({"portals": {"p": {**stats, "status": "pwned"}}}).encode(),
        "negative counter": json.dumps({"portals": {"p": {**stats, "errors": -1}}}).encode(),
        "no portals": json.dumps({"rejected": {}}).encode(),
        "a bare dict": json.dumps({"p": stats}).encode(),
    }


def test_every_codec_rejects_pickles_junk_and_wrong_shapes(canary, tmp_path):
    codecs = {"item": (ITEM_JSON.loads, wrong_items(tmp_path)), "request": (request_json.loads, wrong_requests()),
              "stats": (loads_stats, wrong_stats())}
    for name, (loads, wrong) in codecs.items():
        for what, raw in {**junk_values(canary), **wrong}.items():
            with pytest.raises(Rejected):
                loads(raw)
                pytest.fail(f"{name}: {what} was accepted")


def test_a_request_scrapy_would_not_build_is_rejected_too():
    queue = LeasedPriorityQueue(redis.Redis(port=UNUSED_PORT), spider_for("js-mzt"), KEYS.requests)
    raw = json.dumps({"url": "http://x.gov.cn/", "method": "GET", "encoding": "no-such-codec", "meta": {}}).encode()
    with pytest.raises(Rejected, match="LookupError"):
        queue._decode_request(raw)


def test_a_worker_refuses_scrapy_redis_pickle_serializer(redis_server):
    assert worker_settings(redis_server.url).get("SCHEDULER_SERIALIZER") == request_json.__name__
    pickled = worker_settings(redis_server.url, overrides={"SCHEDULER_SERIALIZER": "scrapy_redis.picklecompat"})
    with pytest.raises(ValueError, match="must never hold pickles"):
        LeasedScheduler.from_settings(pickled)
    assert json_serializer(None) is request_json


def test_plan_rows_of_the_wrong_shape_are_rejected(canary, redis_server):
    client = redis_server.client()
    rows = json.loads(encode(PORTALS, load_portals()[:1]))
    bad_rows = {"browser row": [{**rows[0], "browser": True}], "ftp start": [{**rows[0], "start_url": "ftp://x/"}],
                "unknown field": [{**rows[0], "eval": "1"}], "not a list": rows[0]}
    values = {what: {"portals": raw} for what, raw in junk_values(canary).items()}
    values.update({what: {"portals": json.dumps(row).encode()} for what, row in bad_rows.items()})
    values["unknown status"] = {"status": b"pwned"}
    values["binary run id"] = {"run_id": hostile(canary)}
    for what, fields in values.items():
        client.delete(KEYS.plan)
        client.hset(KEYS.plan, mapping={"run_id": "r1", "status": "running", "portals": json.dumps(rows), **fields})
        with pytest.raises(Rejected):
            read_plan(client, KEYS)
            pytest.fail(f"plan: {what} was accepted")
    client.hset(KEYS.plan, "extra", "1")
    with pytest.raises(Rejected, match="expected fields"):
        read_plan(client, KEYS)


# ---- against a real Redis: another client writes to every key a run reads -------------------------------------


@pytest.fixture(scope="module")
def reference(demo_site, tmp_path_factory):
    """The demo crawled by one process."""
    return crawl_reference(demo_site, tmp_path_factory.mktemp("reference"))


@pytest.fixture
def redis_server(tmp_path):
    """A Redis of this test's own."""
    server = RedisServer(tmp_path / "redis", persistent=False).start()
    yield server
    server.stop()


def rejected_counts(log: str) -> dict[str, int]:
    """The ingest's closing count of rejected values, by what they were meant to be."""
    found = SUMMARY.search(log)
    assert found, f"no rejection summary in the ingest's log:\n{log[-3000:]}"
    return {what: int(count) for what, count in (part.rsplit(" ", 1) for part in found["parts"].split(", "))}


def poison_before_the_run(client, canary, tmp) -> int:
    """A plan and items an 'earlier ingest' left, that no ingest wrote; returns how many items."""
    client.hset(KEYS.plan, mapping={"run_id": "r0", "status": "running", "portals": hostile(canary)})
    items = [*junk_values(canary).values(), *wrong_items(tmp).values()]
    client.rpush(KEYS.ingesting, *items)
    return len(items)


def poison_during_the_run(client, canary, tmp, run_id: str) -> dict[str, int]:
    """Hostile values in every key the workers and the ingest read; returns the least each count must reach."""
    pickled = hostile(canary)
    requests = [*junk_values(canary).values(), *wrong_requests().values()]
    client.zadd(KEYS.requests, {raw: URGENT for raw in requests})
    items = [*junk_values(canary).values(), *wrong_items(tmp).values()]
    client.rpush(KEYS.items, *items)
    stats = {b"evil": pickled, b"junk": b"{", **{what.encode(): raw for what, raw in wrong_stats().items()}}
    client.hset(KEYS.stats(run_id), mapping=stats)
    # A worker nobody started: its leases return to the queue; only 'score:request' ones are requests at all.
    client.sadd(KEYS.workers, "ghost", "ghost-alive", pickled, '{"a": 1}')
    # The returned lease's pickle has bytes of its own: one equal to a queued junk value would merge with it in the
    # sorted set, and the count would then depend on which the workers took first.
    returned = pickle.dumps(Canary(canary), protocol=2)
    client.hset(KEYS.inflight("ghost"), mapping={1: pickled, 2: b"0:" + returned, 3: b"nan:x", 4: b"5:"})
    client.set(KEYS.alive("ghost-alive"), pickled, ex=GHOST_SECONDS)
    for key in (KEYS.known, KEYS.blocked, KEYS.dupefilter):
        client.sadd(key, pickled)
    client.hset(KEYS.plan, "portals", pickled)
    return {REQUESTS: len(requests) + 1, ITEMS: len(items), STATS: len(stats), WORKERS: 2, LEASES: 3, PLAN: 2}


def test_hostile_values_in_every_key_are_rejected_and_the_run_builds_the_archive(tmp_path, reference, redis_server,
                                                                                  canary):
    client = redis_server.client()
    earlier_items = poison_before_the_run(client, canary, tmp_path)
    cluster = Cluster(tmp_path, reference["registry"], redis_server, tmp_path / "many.db")
    try:
        cluster.ingest()
        wait_until(lambda: client.hget(KEYS.plan, "run_id") not in (None, b"r0"), "the ingest planned its run")
        least = poison_during_the_run(client, canary, tmp_path, client.hget(KEYS.plan, "run_id").decode())
        least[ITEMS] += earlier_items
        cluster.worker("w1")
        cluster.worker("w2")
        cluster.finish()
    finally:
        cluster.stop()
    assert_same_archive(cluster.db_path, reference)
    counts = rejected_counts(cluster.log("ingest"))
    for what, count in least.items():
        assert counts.get(what, 0) >= count, f"{what}: {counts}"
    workers = cluster.log("w1") + cluster.log("w2")
    assert "rejected requests read from Redis key nianbao:requests" in workers
    assert "'nianbao/redis_rejected/requests'" in workers
    assert "never unpickled or run" in cluster.log("ingest")


def test_a_worker_waiting_for_a_plan_rejects_one_that_is_not_and_says_so(canary, redis_server):
    client = redis_server.client()
    client.hset(KEYS.plan, mapping={"run_id": "r1", "status": "running", "portals": hostile(canary)})
    result = nianbao("worker", "--redis", redis_server.url, "--wait", "1",
                     env={"NIANBAO_LOG_LEVEL": "INFO", "NIANBAO_REDIS_RETRY_SECONDS": "2"})
    assert result.returncode == 1
    assert "rejected plan read from Redis key nianbao:plan: plan.portals: not JSON" in result.stderr
    assert "worker stopped: no_plan" in result.stderr


def test_a_spoiled_lease_counter_stops_the_worker_with_a_clear_error(tmp_path, reference, redis_server, canary):
    client = redis_server.client()
    cluster = Cluster(tmp_path, reference["registry"], redis_server, tmp_path / "a.db")
    try:
        cluster.ingest()
        wait_until(lambda: client.hget(KEYS.plan, "status") == b"running", "the ingest planned its run")
        queued = client.zcard(KEYS.requests)
        client.set(KEYS.lease_counter, hostile(canary))
        cluster.worker("w1")
        assert cluster.wait(cluster.workers["w1"], "w1") == 1
    finally:
        cluster.stop()
    assert f"lease counter {KEYS.lease_counter} holds no integer" in cluster.log("w1")
    assert "worker stopped: redis_lost" in cluster.log("w1")
    assert client.zcard(KEYS.requests) == queued, "a failed pop must leave the request queued"


def test_a_run_over_tls_with_a_password_builds_the_archive_and_never_logs_the_password(tmp_path, reference):
    installed(speaks_tls(tmp_path / "probe") or None, "redis-server built with TLS", "apt-get install redis-server")
    server = RedisServer(tmp_path / "tls", persistent=False, password=PASSWORD,
                         tls=make_certificates(tmp_path / "certificates")).start()
    cluster = Cluster(tmp_path, reference["registry"], server, tmp_path / "tls.db")
    try:
        assert server.url.startswith("rediss://")
        cluster.ingest()
        cluster.worker("w1")
        cluster.finish()
    finally:
        cluster.stop()
        server.stop()
    assert_same_archive(cluster.db_path, reference)
    for name in ("ingest", "w1"):
        assert PASSWORD not in cluster.log(name)
