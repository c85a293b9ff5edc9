"""Test-only readers for the reader pool, standing in for read_document in the reader processes.

They go the pool's own way (its processes, limits and outcomes); only what reading a file does differs.
"""

import os
import resource
import signal
import threading
import time
from pathlib import Path

from nianbao.extract.documents.layout import Document
from nianbao.extract.documents.read import read_document

# Bodies that make `misbehaving` take forever, allocate without end, or crash; any other body is read.
SLOW, HUNGRY, CRASH = b"%slow", b"%hungry", b"%crash"
# The file whose appearance lets `gated` read, named by the environment (reader processes inherit it);
# `gated` makes the same path with WAITING added once it waits.
GATE_ENV = "NIANBAO_TEST_GATE"
WAITING = ".waiting"
GATE_POLL_SECONDS = 0.05
HUNGRY_CHUNK = 16 * 2**20


def _hungry() -> None:
    """Allocate up to twice the reader's memory limit, never without one."""
    limit, _ = resource.getrlimit(resource.RLIMIT_DATA)
    if limit == resource.RLIM_INFINITY:
        raise AssertionError("the reader process has no memory limit")
    held = [bytearray(HUNGRY_CHUNK) for _ in range(2 * limit // HUNGRY_CHUNK)]
    raise AssertionError(f"allocated {len(held) * HUNGRY_CHUNK} bytes past a limit of {limit}")


def misbehaving(body: bytes, fmt: str) -> Document:
    """A file whose reading never ends (SLOW), keeps allocating (HUNGRY) or crashes (CRASH); else read_document."""
    if body == SLOW:
        threading.Event().wait()
    elif body == HUNGRY:
        _hungry()
    elif body == CRASH:
        os.kill(os.getpid(), signal.SIGSEGV)
    return read_document(body, fmt)


def gated(body: bytes, fmt: str) -> Document:
    """read_document once the gate file exists: a test opens it when the portal has served every other page."""
    gate = Path(os.environ[GATE_ENV])
    gate.with_name(gate.name + WAITING).touch()
    while not gate.exists():
        time.sleep(GATE_POLL_SECONDS)
    return read_document(body, fmt)


def endless_ocr(body: bytes, fmt: str) -> Document:
    """read_document, except that a file it had to OCR then never finishes: a scan too slow on any machine."""
    document = read_document(body, fmt)
    if document.ocr:
        threading.Event().wait()
    return document
