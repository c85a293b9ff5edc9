"""Report files read in child processes, each within a time and a memory limit.

A file over a limit is refused with the reason (`too slow: …`, `too large: …`), its reader process is
replaced, and the next file is read by a fresh one; the process that asked (a crawl's reactor) never waits
on a reader except for the answer. pebble's pool is used rather than concurrent.futures': the standard
pool can neither stop one task that runs too long nor survive the death of one of its processes.
"""

import ctypes
import math
import multiprocessing
import os
import re
import resource
import signal
import sys
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from importlib import import_module

from pebble import ProcessExpired, ProcessPool

from nianbao.extract.documents.layout import Document, UnreadableDocument
from nianbao.extract.documents.limits import MIB, size_text

# A reader that ran out of memory leaves with this status rather than read the next file on a ruined heap.
OUT_OF_MEMORY_EXIT = 86
# Allocation failures that C libraries report as errors of their own rather than as MemoryError
# (onnxruntime: "Failed to allocate memory for requested buffer"; OpenCV: "Insufficient memory").
_ALLOCATION_FAILED = re.compile(r"failed to allocate memory|insufficient memory|bad_alloc|out of memory", re.I)
# Readers start by spawning, not forking: the crawl process runs threads (the reactor's, Redis heartbeats).
START_METHOD = "spawn"
# Readers yield the CPU to the crawl (downloads, parsing, heartbeats): OCR takes whatever is left.
READER_NICENESS = 10
# prctl(2) option: the signal a process gets when its parent dies (Linux).
PR_SET_PDEATHSIG = 1


class ReadLimitExceeded(UnreadableDocument):
    """A file that took longer or needed more memory to read than a file may."""


class ReaderFailed(Exception):
    """A reader raised: the library's exception type and message (its own exception may not cross processes)."""


@dataclass(frozen=True)
class ReadLimits:
    """How many reader processes, and how long and how much memory one file may take."""

    seconds: float
    memory_bytes: int
    processes: int

    def __post_init__(self):
        if self.seconds <= 0 or self.memory_bytes <= 0 or self.processes < 1:
            raise ValueError(f"read limits need a time, a memory and at least one reader process: {self}")

    @classmethod
    def from_settings(cls, settings) -> "ReadLimits":
        """NIANBAO_READ_SECONDS, NIANBAO_READ_MEMORY_MB and NIANBAO_READERS."""
        return cls(settings.getfloat("NIANBAO_READ_SECONDS"), settings.getint("NIANBAO_READ_MEMORY_MB") * MIB,
                   settings.getint("NIANBAO_READERS"))

    @property
    def cpu_seconds(self) -> int:
        """CPU time one file may use: every core busy for the whole time limit (reached only by an orphan reader)."""
        return math.ceil(self.seconds * (os.cpu_count() or 1))

    @property
    def memory(self) -> str:
        """The memory limit as people write it: 1 GiB, 300 MiB."""
        return size_text(self.memory_bytes)


def _start_reader(memory_bytes: int, parent: int) -> None:
    """First thing in each reader: its own process group, death with its parent, lower priority, limits."""
    # A group of its own, so that stopping it stops LibreOffice too. RLIMIT_DATA (heap and private mappings) rather
    # than RLIMIT_AS: OCR maps 1.8 GiB of address space (libraries, thread stacks, untouched arenas) to use 0.7 GiB.
    os.setpgrp()
    _die_with(parent)
    os.nice(READER_NICENESS)
    limit = _within_hard_limit(resource.RLIMIT_DATA, memory_bytes)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    signal.signal(signal.SIGTERM, _stop_group)


def _die_with(parent: int) -> None:
    """A crawl killed outright takes its readers along (in groups of their own, they would read on otherwise)."""
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(0)


def _within_hard_limit(kind: int, value: int) -> int:
    """The value, or the lower hard limit this process inherited (a limit can be lowered, never raised)."""
    _, hard = resource.getrlimit(kind)
    return value if hard == resource.RLIM_INFINITY else min(value, hard)


def _stop_group(signum, frame) -> None:
    """The pool stops this reader (too slow, or shutting down): LibreOffice, started in its group, goes with it."""
    os.killpg(os.getpgrp(), signal.SIGKILL)


def _limit_cpu(seconds: int) -> None:
    """RLIMIT_CPU counts the process's whole life: allow this many seconds more than it has used so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = _within_hard_limit(resource.RLIMIT_CPU, math.ceil(usage.ru_utime + usage.ru_stime) + seconds)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def read_bounded(reader: Callable[[bytes, str], Document], body: bytes, fmt: str, cpu_seconds: int) -> Document:
    """Runs in a reader process: the reader's document, UnreadableDocument, or ReaderFailed; out of memory, exit."""
    _limit_cpu(cpu_seconds)
    try:
        return reader(body, fmt)
    except Exception as exc:  # PDF, Office and OCR libraries raise many types on damaged files
        if _out_of_memory(exc):
            os._exit(OUT_OF_MEMORY_EXIT)
        if isinstance(exc, UnreadableDocument):  # as its message: a subclass's own __init__ may not take it back
            raise UnreadableDocument(str(exc)) from None
        raise ReaderFailed(f"{type(exc).__name__}: {exc}") from None


def _out_of_memory(exc: BaseException | None) -> bool:
    """MemoryError or a library's allocation failure, raised as such or as the cause of a reader's error."""
    while exc is not None:
        if isinstance(exc, MemoryError) or _ALLOCATION_FAILED.search(str(exc)):
            return True
        exc = exc.__cause__
    return False


def _signal_name(number: int) -> str:
    """SIGSEGV, or the number of a signal Python has no name for."""
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def named_reader(path: str) -> Callable[[bytes, str], Document]:
    """The reader function a dotted path names (module.function)."""
    module, name = path.rsplit(".", 1)
    return getattr(import_module(module), name)


class ReaderPool:
    """Reader processes started on the first file; each file read within the limits, or refused with the reason."""

    def __init__(self, limits: ReadLimits, reader: Callable[[bytes, str], Document] | None = None):
        from nianbao.extract.documents.read import read_document

        self.limits = limits
        self.reader = reader or read_document
        self._pool: ProcessPool | None = None

    @classmethod
    def from_settings(cls, settings) -> "ReaderPool":
        """The limits and the reader (NIANBAO_FILE_READER) the settings give."""
        return cls(ReadLimits.from_settings(settings), named_reader(settings.get("NIANBAO_FILE_READER")))

    def submit(self, body: bytes, fmt: str) -> Future:
        """Start reading a file; the future's outcome() is its Document, or the reason it has none."""
        if self._pool is None:
            self._pool = ProcessPool(max_workers=self.limits.processes, initializer=_start_reader,
                                     initargs=(self.limits.memory_bytes, os.getpid()),
                                     context=multiprocessing.get_context(START_METHOD))
        return self._pool.schedule(read_bounded, args=(self.reader, body, fmt, self.limits.cpu_seconds),
                                   timeout=self.limits.seconds)

    def outcome(self, future: Future) -> Document:
        """The document a read gave (waiting for it); ReadLimitExceeded, UnreadableDocument or ReaderFailed if none."""
        try:
            return future.result()
        except TimeoutError:
            raise ReadLimitExceeded(f"too slow: reading took over {self.limits.seconds:g} s") from None
        except ProcessExpired as exc:
            raise self._expired(exc.exitcode) from None

    def read(self, body: bytes, fmt: str) -> Document:
        """Read one file and wait for it."""
        return self.outcome(self.submit(body, fmt))

    def _expired(self, exitcode: int) -> UnreadableDocument:
        """Why a reader process ended in the middle of a file."""
        if exitcode == OUT_OF_MEMORY_EXIT:
            return ReadLimitExceeded(f"too large: reading needed over {self.limits.memory}")
        if exitcode == -signal.SIGXCPU:
            return ReadLimitExceeded(f"too slow: reading used over {self.limits.cpu_seconds} s of CPU")
        how = f"killed by {_signal_name(-exitcode)}" if exitcode < 0 else f"exit status {exitcode}"
        return UnreadableDocument(f"the reader crashed ({how}) within limits of {self.limits.seconds:g} s and "
                                  f"{self.limits.memory}")

    def close(self) -> None:
        """Stop the reader processes, and any file they are reading."""
        if self._pool is not None:
            self._pool.stop()
            self._pool.join()
            self._pool = None

    def __enter__(self) -> "ReaderPool":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
