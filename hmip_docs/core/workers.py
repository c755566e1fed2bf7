"""Worker processes for work over many files: one per processor, created once, fed in chunks.

On Linux, a single-threaded caller forks its workers: they start with every module the caller
imported and every schema it compiled, and share those pages with it instead of importing and
compiling again. Elsewhere (and from a threaded caller, where forking is unsafe) workers start
fresh and import what the work function's module imports. The results come back in the order of
the items, and the first exception a worker raises is raised here.

A worker never outlives its caller: the kernel ends it when the caller ends, however that happens
(:func:`die_with_parent`), and a caller stopped by an exception (Ctrl-C included) ends its
workers at once instead of waiting for the work they hold.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def processors() -> int:
    """The processors this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


def count(items: int, jobs: int | None, minimum: int) -> int:
    """How many workers ``items`` pieces of work deserve: none below ``minimum`` items (starting
    workers would cost more than they save), else one per processor (or ``jobs``), and never
    more than one per ``minimum // 2`` items."""
    if items < minimum:
        return 1
    return max(1, min(jobs or processors(), items // max(1, minimum // 2)))


def forks() -> bool:
    """Whether workers are forked from this process."""
    if sys.platform != "linux":
        return False
    import threading  # (only here: a run over a few files starts no workers)

    return threading.active_count() == 1


PR_SET_PDEATHSIG = 1
"""prctl(2) option: the signal this process gets when the thread that created it ends."""


def die_with_parent(parent: int) -> None:
    """Have this child process end when its parent ``parent`` (a process id) ends, even by
    SIGKILL or SIGTERM: on Linux the kernel sends it SIGKILL then (``PR_SET_PDEATHSIG``, which
    watches the thread that started the child: here always one that waits for the child's
    work); elsewhere a thread watches for the parent to go. A parent already gone ends this
    process now."""
    import signal

    if sys.platform == "linux":
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            bound = libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
        except (ImportError, OSError, AttributeError):  # no ctypes, or no prctl: watch instead
            bound = False
        if bound:
            if os.getppid() != parent:  # it ended before the request was made
                os._exit(1)
            return
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="hmip-docs-parent-watch", daemon=True).start()


def _start(
    parent: int, initializer: Callable[..., object] | None, initargs: tuple[Any, ...]
) -> None:

    die_with_parent(parent)
    # Ctrl-C is the caller's to handle: it stops the pool, and the workers stay quiet. SIGTERM
    # ends a worker as it would any program, not through the parent's handler it inherited.
    release_signals()
    if initializer is not None:
        initializer(*initargs)


def run(
    func: Callable[[T], R],
    items: Sequence[T],
    *,
    workers: int,
    initializer: Callable[..., object] | None = None,
    initargs: tuple[Any, ...] = (),
) -> list[R]:
    """``[func(item) for item in items]``, computed by ``workers`` processes."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    fork = forks()
    context = multiprocessing.get_context("fork" if fork else None)
    chunk = max(1, min(32, len(items) // (workers * 4)))
    if fork:
        # Objects the caller holds are frozen, so the workers' garbage collector does not write
        # to (and so copy) the pages they share with it.
        gc.freeze()
    try:
        pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_start,
            initargs=(os.getpid(), initializer, initargs),
        )
        try:
            with signals_held():  # the first job starts the workers
                results: Iterable[R] = pool.map(func, items, chunksize=chunk)
            done = list(results)
        except BaseException:
            _stop(pool)
            raise
        pool.shutdown()
        return done
    finally:
        if fork:
            gc.unfreeze()


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM back while a child is forked: it starts with them held, and lets
    them through once it has its own handlers (``release_signals``), so that none reaches it
    in between (inside Python's own after-fork work, where it would print a traceback). One that
    came meanwhile reaches this process on leaving."""
    import signal

    if not hasattr(signal, "pthread_sigmask"):  # Windows
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def release_signals() -> None:
    """In a forked child: ignore Ctrl-C (the parent handles it and stops the child), take
    SIGTERM's default action back, then let both through (``signals_held``)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})


def _stop(pool: Any) -> None:
    """End a pool's workers now, without waiting for the work they hold (which the caller no
    longer wants)."""
    workers = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in workers:
        if process.is_alive():
            process.kill()
    for process in workers:
        process.join()
