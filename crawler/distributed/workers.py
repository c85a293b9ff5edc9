"""The run's workers as Redis lists them: an id is checked before it names a key, and a bad one is dropped."""

import re

from nianbao.crawler.distributed.keys import Keys
from nianbao.crawler.distributed.rejections import WORKERS, Rejections
from nianbao.crawler.distributed.schema import Rejected

# host-pid by default, or the --id given: letters, digits and . _ - : @ +, at most this many characters.
WORKER_ID = re.compile(r"[\w.:@+-]{1,128}")


def check_worker_id(worker_id: str) -> str:
    """The id, or ValueError saying what an id may hold."""
    if not WORKER_ID.fullmatch(worker_id):
        raise ValueError(f"worker id {worker_id!r}: use at most 128 letters, digits and . _ - : @ +")
    return worker_id


def worker_ids(server, keys: Keys, rejections: Rejections) -> list[str]:
    """The ids in the workers set; a member that is no worker id is removed from it, counted and logged."""
    found = []
    for member in server.smembers(keys.workers):
        try:
            found.append(check_worker_id(member.decode("utf-8")))
        except (UnicodeDecodeError, ValueError) as exc:
            server.srem(keys.workers, member)
            rejections.reject(WORKERS, keys.workers, Rejected(f"workers: {exc}"), member)
    return sorted(found)
