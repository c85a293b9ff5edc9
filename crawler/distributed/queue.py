"""scrapy-redis's priority queue with leases: a popped request stays in Redis until its worker finishes it.

scrapy-redis pops a request out of Redis for good; a worker killed with requests in flight loses them,
and the duplicate filter then keeps them from ever being queued again. Here a pop moves the request
into the worker's in-flight hash under a lease number, the worker acknowledges the lease once every
item and request its callback produced is safely in Redis, and the in-flight hash of a worker whose
heartbeat stopped goes back to the queue.
"""

import logging

from scrapy.utils.request import request_from_dict
from scrapy_redis.queue import PriorityQueue

from nianbao.crawler.distributed import request_json
from nianbao.crawler.distributed.keys import Keys
from nianbao.crawler.distributed.rejections import LEASES, REQUESTS, Rejections
from nianbao.crawler.distributed.request_json import RequestJson
from nianbao.crawler.distributed.schema import Rejected
from nianbao.crawler.distributed.workers import worker_ids

logger = logging.getLogger(__name__)
LEASE = "nianbao_lease"

# KEYS: queue, in-flight hash, lease counter, workers set; ARGV: worker. Returns {lease, request} or nil.
# The worker joins the workers set in the same step, so no in-flight request ever sits outside the count.
# The lease is numbered first: a counter another client spoiled fails the pop before the request leaves the queue.
_POP = """
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #first == 0 then return nil end
local lease = redis.pcall('INCR', KEYS[3])
if type(lease) == 'table' then
  return redis.error_reply('lease counter ' .. KEYS[3] .. ' holds no integer (written by another client?): ' ..
                           tostring(lease.err))
end
redis.call('ZREM', KEYS[1], first[1])
redis.call('SADD', KEYS[4], ARGV[1])
redis.call('HSET', KEYS[2], lease, first[2] .. ':' .. first[1])
return {lease, first[1]}
"""
# KEYS: queue, in-flight hash. Puts every in-flight request back with its score; returns {returned, dropped}:
# an entry that is not 'score:request', or a key that is no hash, is dropped (another client wrote it).
_RETURN = """
if redis.call('TYPE', KEYS[2]).ok ~= 'hash' then
  return {0, redis.call('DEL', KEYS[2])}
end
local held = redis.call('HGETALL', KEYS[2])
local returned, dropped = 0, 0
for i = 2, #held, 2 do
  local cut = string.find(held[i], ':', 1, true)
  local score = cut and tonumber(string.sub(held[i], 1, cut - 1))
  if score and score == score and cut < #held[i] then
    redis.call('ZADD', KEYS[1], score, string.sub(held[i], cut + 1))
    returned = returned + 1
  else
    dropped = dropped + 1
  end
end
redis.call('DEL', KEYS[2])
return {returned, dropped}
"""
# KEYS: queue, workers set; ARGV: key prefix. Requests queued plus requests in flight on any worker.
_PENDING = """
local total = redis.call('ZCARD', KEYS[1])
for _, worker in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  local held = ARGV[1] .. ':inflight:' .. worker
  if redis.call('TYPE', held).ok == 'hash' then
    total = total + redis.call('HLEN', held)
  end
end
return total
"""


class LeasedPriorityQueue(PriorityQueue):
    """Pops under a lease in the worker's in-flight hash, requests as checked JSON; the interface is unchanged."""

    def __init__(self, server, spider, key, serializer=None, keys: Keys | None = None, worker: str = "",
                 rejections: Rejections | None = None):
        super().__init__(server, spider, key, json_serializer(serializer))
        self.keys = keys or Keys()
        self.worker = worker
        self.rejections = rejections or Rejections()
        self._pop = server.register_script(_POP)
        self._return = server.register_script(_RETURN)
        self._pending = server.register_script(_PENDING)

    def pop(self, timeout=0):
        """The most urgent request, leased (the lease in request.meta); values that are no request are rejected."""
        while True:
            taken = self._pop(keys=[self.key, self.keys.inflight(self.worker), self.keys.lease_counter,
                                    self.keys.workers], args=[self.worker])
            if not taken:
                return None
            lease, data = taken
            try:
                request = self._decode_request(data)
            except Rejected as exc:
                self.ack(lease)
                self.rejections.reject(REQUESTS, self.key, exc, data)
                continue
            request.meta[LEASE] = int(lease)
            return request

    def _decode_request(self, encoded_request):
        """The checked request dict as a Request of the spider (Rejected if Scrapy will not build it either)."""
        obj = self.serializer.loads(encoded_request)
        try:
            return request_from_dict(obj, spider=self.spider)
        except (ValueError, TypeError, LookupError) as exc:
            raise Rejected(f"request: {type(exc).__name__}: {exc}") from None

    def push(self, request):
        """Queue a request without the lease it may have inherited (a retry or redirect copies meta)."""
        request.meta.pop(LEASE, None)
        super().push(request)

    def ack(self, lease: int, counters: tuple[str, dict[str, bytes]] | None = None) -> None:
        """The leased request is finished (all it produced is in Redis); counters (hash, fields) land in one step."""
        if counters is None:
            self.server.hdel(self.keys.inflight(self.worker), lease)
            return
        key, fields = counters
        with self.server.pipeline(transaction=True) as step:
            step.hset(key, mapping=fields)
            step.hdel(self.keys.inflight(self.worker), lease)
            step.execute()

    def return_leases(self, worker: str) -> int:
        """Put a worker's unfinished requests back on the queue; returns how many."""
        held = self.keys.inflight(worker)
        returned, dropped = self._return(keys=[self.key, held])
        self.rejections.dropped(LEASES, held, int(dropped), "not a 'score:request' lease")
        return int(returned)

    def return_dead_leases(self) -> int:
        """Put the unfinished requests of every worker whose heartbeat expired back on the queue."""
        returned = 0
        for worker in worker_ids(self.server, self.keys, self.rejections):
            if not self.server.exists(self.keys.alive(worker)) and self.server.exists(self.keys.inflight(worker)):
                # The ingest and every worker look; the Lua return is atomic, so only one finds anything.
                count = self.return_leases(worker)
                if count:
                    logger.warning("worker %s stopped answering: %d of its requests returned to the queue", worker,
                                   count)
                returned += count
        return returned

    def pending(self) -> int:
        """Requests queued or in flight on any worker: zero means the crawl has nothing left to do."""
        return int(self._pending(keys=[self.key, self.keys.workers], args=[self.keys.prefix]))


def json_serializer(serializer=None, max_bytes: int | None = None):
    """request_json (bodies bounded by max_bytes if given) or a RequestJson; refuses anything else (a pickle)."""
    if isinstance(serializer, RequestJson):
        return serializer
    if serializer is not None and serializer is not request_json:
        raise ValueError(f"SCHEDULER_SERIALIZER must be {request_json.__name__}: the shared queue is read by every "
                         f"worker and must never hold pickles (got {getattr(serializer, '__name__', serializer)!r})")
    return RequestJson(max_bytes) if max_bytes else request_json
