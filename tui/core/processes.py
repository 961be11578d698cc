"""Processes a refresh starts and the signals that stop it: a worker pool whose processes
never outlive the refresh (whatever ends it), jobs measured in the worker, and SIGTERM,
SIGINT or SIGHUP turned into a polite stop."""

from __future__ import annotations

import concurrent.futures
import contextlib
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any


def new_pool(workers: int | None = None) -> concurrent.futures.ProcessPoolExecutor:
    """Worker processes (by default one per core, at most 4). spawn, not fork: the app calls
    refresh from a thread, and forking a threaded process can deadlock the child."""
    return concurrent.futures.ProcessPoolExecutor(
        max_workers=workers or max(1, min(4, os.cpu_count() or 1)),
        mp_context=multiprocessing.get_context("spawn"),
        initializer=worker_init, initargs=(os.getpid(),),
    )


def measured(job: Callable[[], Any]) -> tuple[Any, float, float]:
    """Run ``job`` and return (its result, wall seconds, CPU seconds of this thread), so the
    refresh can report where time went even for work done in another process."""
    wall, cpu = time.perf_counter(), time.thread_time()
    result = job()
    return result, time.perf_counter() - wall, time.thread_time() - cpu


# Signals that end a refresh politely: `timeout` and service managers send SIGTERM, a
# terminal Ctrl+C sends SIGINT, a closed terminal SIGHUP.
STOP_SIGNALS = tuple(s for s in (getattr(signal, name, None)
                                 for name in ("SIGTERM", "SIGINT", "SIGHUP")) if s is not None)


@contextlib.contextmanager
def stop_on_signals(cancel: threading.Event, stopped_by: list[int]) -> Iterator[None]:
    """While a refresh runs in the main thread, a stop signal cancels it (no new work, running
    page extractions abandoned, worker processes ended, what is stored stays) instead of
    killing the process with its workers still running. A second signal kills at once.
    In another thread (the app's refresh) signals stay with the main thread's owner."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        stopped_by.append(signum)
        cancel.set()
        for other in STOP_SIGNALS:  # a second signal is not polite any more
            signal.signal(other, signal.SIG_DFL)

    previous = {signum: signal.signal(signum, stop) for signum in STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def shutdown(pool: concurrent.futures.ProcessPoolExecutor, abandon: bool) -> None:
    """Stop the worker pool. After a cancel or a stop signal, running extractions are
    abandoned (their pages stay pending for the next refresh): the workers are ended now
    rather than when their current page is done."""
    # ProcessPoolExecutor has no public way to end busy workers; _processes (pid -> Process)
    # has been there since Python 3.2.
    workers = list((getattr(pool, "_processes", None) or {}).values()) if abandon else []
    if abandon:
        # What is still queued for the workers is abandoned with them: the pool's internal
        # thread must not wait to flush it into a pipe no live worker reads (it would block
        # the interpreter's exit, which joins that thread). _call_queue is a
        # multiprocessing.Queue; cancel_join_thread is its documented way to say so.
        queue = getattr(pool, "_call_queue", None)
        if queue is not None:
            queue.cancel_join_thread()
    pool.shutdown(wait=not abandon, cancel_futures=True)
    for process in workers:
        if process.is_alive():
            process.terminate()
    for process in workers:
        process.join(timeout=5)
        if process.is_alive():  # still there after SIGTERM (stopped, or in the kernel)
            process.kill()
            process.join(timeout=5)


_PR_SET_PDEATHSIG = 1


def worker_init(parent_pid: int) -> None:
    """In each worker process: never outlive the refresh that started it.

    Linux delivers SIGKILL to the worker when its parent dies (PR_SET_PDEATHSIG); elsewhere,
    and as a second line, a watchdog thread notices the parent is gone (the worker has been
    re-parented) within a second and exits. Either way multiprocessing's resource tracker,
    whose pipe the workers hold open, then sees end-of-file and exits too. Ctrl+C reaches a
    terminal's whole process group: workers leave SIGINT to the parent, which stops them."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - the watchdog still runs
            pass
    if os.getppid() != parent_pid:  # the parent died before the line above
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="pressdiff-parent-watch", daemon=True).start()


# Once the work is done (a refresh stopped by a signal, the app closed), the interpreter's
# exit joins multiprocessing's and concurrent.futures' helper threads. Once in five CI runs
# under load one of those joins did not return after a stopped refresh: the process had
# printed its last line and stayed. A process that is done must end: past this many seconds
# it leaves without the joins, with the status it was leaving with.
EXIT_GRACE = 10.0


def exit_guard(status: int, seconds: float = EXIT_GRACE) -> None:
    """From now on the process ends within ``seconds``, whatever its exit waits for."""

    def leave() -> None:
        time.sleep(seconds)
        # os._exit skips the cleanups an ordinary exit runs. The worker pool's queues hold
        # named semaphores that multiprocessing removes in its exit finalizers (priority 0 and
        # up; the joins that may hang have negative priorities); without them its resource
        # tracker prints "leaked semaphore objects" on the way out. Run those, but never wait
        # on them for long: leaving is the point.
        cleanup = threading.Thread(target=_run_exit_finalizers, daemon=True,
                                   name="pressdiff-exit-cleanup")
        cleanup.start()
        cleanup.join(timeout=2.0)
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(status)

    threading.Thread(target=leave, name="pressdiff-exit-guard", daemon=True).start()


def _run_exit_finalizers() -> None:
    """multiprocessing's exit finalizers of priority 0 and up (semaphores unlinked and
    unregistered, queues closed), as ``multiprocessing.util._exit_function`` runs them first;
    private, but there since Python 2.6. A missing or failing one only leaves the warning."""
    from multiprocessing import util

    try:
        util._run_finalizers(0)  # noqa: SLF001
    except Exception:  # noqa: BLE001 - on the way out, nothing left to report it to
        pass
