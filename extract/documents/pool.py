"""Report files, and during a crawl report pages too, read in child processes, each within a time and a memory
limit.

A file over a limit is refused with the reason (`too slow: …`, `too large: …`), its reader process is
replaced, and the next file is read by a fresh one; the process that asked (a crawl's reactor) never waits
on a reader except for the answer. pebble's pool is used rather than concurrent.futures': the standard
pool can neither stop one task that runs too long nor survive the death of one of its processes.
"""

import ctypes
import math
import multiprocessing
import os
import resource
import signal
import sys
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, replace
from importlib import import_module
from typing import TypeVar

from pebble import ProcessExpired, ProcessPool

from nianbao.extract.documents.layout import Document, UnreadableDocument
from nianbao.extract.documents.limits import MIB, out_of_memory, size_text

T = TypeVar("T")
# A reader that ran out of memory leaves with this status rather than read the next file on a ruined heap.
OUT_OF_MEMORY_EXIT = 86
# Readers start by spawning, not forking: the crawl process runs threads (the reactor's, Redis heartbeats).
START_METHOD = "spawn"
# File readers yield the CPU to the crawl (downloads, pages, heartbeats): OCR takes whatever is left. Page readers
# do the crawl's own work, at its priority.
READER_NICENESS = 10
PAGE_READER_NICENESS = 0
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


def _start_reader(memory_bytes: int, parent: int, niceness: int) -> None:
    """First thing in each reader: its own process group, death with its parent, its priority, limits."""
    # A group of its own, so that stopping it stops LibreOffice too. RLIMIT_DATA (heap and private mappings) rather
    # than RLIMIT_AS: OCR maps 1.8 GiB of address space (libraries, thread stacks, untouched arenas) to use 0.7 GiB.
    os.setpgrp()
    _die_with(parent)
    os.nice(niceness)
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


def read_bounded(cpu_seconds: int, reader: Callable[..., T], *args) -> T:
    """Runs in a reader process: what the reader returns, UnreadableDocument, or ReaderFailed; out of memory, exit."""
    _limit_cpu(cpu_seconds)
    try:
        return reader(*args)
    except Exception as exc:  # PDF, Office and OCR libraries raise many types on damaged files
        if out_of_memory(exc):
            os._exit(OUT_OF_MEMORY_EXIT)
        if isinstance(exc, UnreadableDocument):  # as its message: a subclass's own __init__ may not take it back
            raise UnreadableDocument(str(exc)) from None
        raise ReaderFailed(f"{type(exc).__name__}: {exc}") from None


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

    def __init__(self, limits: ReadLimits, reader: Callable[[bytes, str], Document] | None = None,
                 niceness: int = READER_NICENESS):
        from nianbao.extract.documents.read import read_document

        self.limits = limits
        self.reader = reader or read_document
        self.niceness = niceness
        self._pool: ProcessPool | None = None

    @classmethod
    def from_settings(cls, settings) -> "ReaderPool":
        """The limits and the reader (NIANBAO_FILE_READER) the settings give."""
        return cls(ReadLimits.from_settings(settings), named_reader(settings.get("NIANBAO_FILE_READER")))

    @classmethod
    def for_pages(cls, settings) -> "ReaderPool":
        """NIANBAO_PAGE_READERS processes for a crawl's report pages, within the files' time and memory limits."""
        return cls(replace(ReadLimits.from_settings(settings), processes=settings.getint("NIANBAO_PAGE_READERS")),
                   niceness=PAGE_READER_NICENESS)

    def submit(self, body: bytes, fmt: str) -> Future:
        """Start reading a file; the future's outcome() is its Document, or the reason it has none."""
        return self.submit_call(self.reader, body, fmt)

    def submit_call(self, reader: Callable, *args) -> Future:
        """Start reader(*args) in a reader process (reader a module-level function), within the limits."""
        if self._pool is None:
            self._pool = ProcessPool(max_workers=self.limits.processes, initializer=_start_reader,
                                     initargs=(self.limits.memory_bytes, os.getpid(), self.niceness),
                                     context=multiprocessing.get_context(START_METHOD))
        return self._pool.schedule(read_bounded, args=(self.limits.cpu_seconds, reader, *args),
                                   timeout=self.limits.seconds)

    def outcome(self, future: Future):
        """What a read gave (waiting for it); ReadLimitExceeded, UnreadableDocument or ReaderFailed if nothing."""
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
