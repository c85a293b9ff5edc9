"""scrapy-redis's priority queue with leases: a popped request stays in Redis until its worker finishes it.

scrapy-redis pops a request out of Redis for good; a worker killed with requests in flight loses them,
and the duplicate filter then keeps them from ever being queued again. Here a pop moves the request
into the worker's in-flight hash under a lease number, the worker acknowledges the lease once every
item and request its callback produced is safely in Redis, and the in-flight hash of a worker whose
heartbeat stopped goes back to the queue.
"""

import logging

from scrapy_redis.queue import PriorityQueue

from crawler.distributed.keys import Keys

logger = logging.getLogger(__name__)
LEASE = "nianbao_lease"

# KEYS: queue, in-flight hash, lease counter, workers set; ARGV: worker. Returns {lease, request} or nil.
# The worker joins the workers set in the same step, so no in-flight request ever sits outside the count.
_POP = """
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #first == 0 then return nil end
redis.call('ZREM', KEYS[1], first[1])
redis.call('SADD', KEYS[4], ARGV[1])
local lease = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[2], lease, first[2] .. ':' .. first[1])
return {lease, first[1]}
"""
# KEYS: queue, in-flight hash. Puts every in-flight request back with its score; returns how many.
_RETURN = """
local held = redis.call('HGETALL', KEYS[2])
for i = 2, #held, 2 do
  local cut = string.find(held[i], ':', 1, true)
  redis.call('ZADD', KEYS[1], string.sub(held[i], 1, cut - 1), string.sub(held[i], cut + 1))
end
redis.call('DEL', KEYS[2])
return #held / 2
"""
# KEYS: queue, workers set; ARGV: key prefix. Requests queued plus requests in flight on any worker.
_PENDING = """
local total = redis.call('ZCARD', KEYS[1])
for _, worker in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  total = total + redis.call('HLEN', ARGV[1] .. ':inflight:' .. worker)
end
return total
"""


class LeasedPriorityQueue(PriorityQueue):
    """Pops under a lease in the worker's in-flight hash; the queue's own interface is unchanged."""

    def __init__(self, server, spider, key, serializer=None, keys: Keys | None = None, worker: str = ""):
        super().__init__(server, spider, key, serializer)
        self.keys = keys or Keys()
        self.worker = worker
        self._pop = server.register_script(_POP)
        self._return = server.register_script(_RETURN)
        self._pending = server.register_script(_PENDING)

    def pop(self, timeout=0):
        """The most urgent request, leased to this worker (its lease number in request.meta)."""
        taken = self._pop(keys=[self.key, self.keys.inflight(self.worker), self.keys.lease_counter,
                                self.keys.workers], args=[self.worker])
        if not taken:
            return None
        lease, data = taken
        request = self._decode_request(data)
        request.meta[LEASE] = int(lease)
        return request

    def push(self, request):
        """Queue a request without the lease it may have inherited (a retry or redirect copies meta)."""
        request.meta.pop(LEASE, None)
        super().push(request)

    def ack(self, lease: int) -> None:
        """The leased request is finished: everything it produced is in Redis."""
        self.server.hdel(self.keys.inflight(self.worker), lease)

    def return_leases(self, worker: str) -> int:
        """Put a worker's unfinished requests back on the queue; returns how many."""
        return int(self._return(keys=[self.key, self.keys.inflight(worker)]))

    def return_dead_leases(self) -> int:
        """Put the unfinished requests of every worker whose heartbeat expired back on the queue."""
        returned = 0
        for member in self.server.smembers(self.keys.workers):
            worker = member.decode()
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
