"""Peak resident memory of a command and every process it starts, sampled while it runs."""

import os
import signal
import subprocess
import tempfile
import threading

import psutil

SAMPLE_SECONDS = 0.05
MIB = 1 << 20


def _tree_rss(process: psutil.Process) -> int:
    total = 0
    for member in (process, *process.children(recursive=True)):
        try:
            total += member.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return total


def run_measured(argv: list[str], env: dict | None, timeout: float) -> tuple[subprocess.CompletedProcess, float]:
    """Run argv to its end; its result and the peak summed RSS of its process tree, in MiB."""
    # Sampled, not read from getrusage: a child's ru_maxrss counts the test process it was forked from (Linux keeps
    # the high-water mark across exec), and it is one process's, not the sum over the readers it starts.
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        child = subprocess.Popen(argv, stdout=out, stderr=err, text=True, env=env, start_new_session=True)
        watched, peak, done = psutil.Process(child.pid), [0], threading.Event()

        def sample():
            while not done.wait(SAMPLE_SECONDS):
                try:
                    peak[0] = max(peak[0], _tree_rss(watched))
                except psutil.NoSuchProcess:
                    return

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        try:
            child.wait(timeout=timeout)
        finally:
            if child.poll() is None:
                os.killpg(child.pid, signal.SIGKILL)
                child.wait()
            done.set()
            sampler.join()
        out.seek(0)
        err.seek(0)
        return subprocess.CompletedProcess(argv, child.returncode, out.read(), err.read()), peak[0] / MIB
