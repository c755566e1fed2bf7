"""Worker processes for work over many files: one per processor, created once, fed in chunks.

On Linux, a single-threaded caller forks its workers: they start with every module the caller
imported and every schema it compiled, and share those pages with it instead of importing and
compiling again. Elsewhere (and from a threaded caller, where forking is unsafe) workers start
fresh and import what the work function's module imports. The results come back in the order of
the items, and the first exception a worker raises is raised here.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterable, Sequence
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


def _start(initializer: Callable[..., object] | None, initargs: tuple[Any, ...]) -> None:
    import signal

    # Ctrl-C is the caller's to handle: it stops the pool, and the workers stay quiet.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
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
        with ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_start,
            initargs=(initializer, initargs),
        ) as pool:
            results: Iterable[R] = pool.map(func, items, chunksize=chunk)
            return list(results)
    finally:
        if fork:
            gc.unfreeze()
