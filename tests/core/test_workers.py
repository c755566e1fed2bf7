"""The worker pool: how many workers a job deserves, results in the order of the items, a
worker's exception raised in the caller, and workers that never outlive it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading

import pytest

from hmip_docs.core import workers
from hmip_docs.validate import validator
from tests.conftest import ROOT


def test_few_files_need_no_pool() -> None:
    least = validator.POOL_MIN_FILES
    assert workers.count(1, None, least) == 1
    assert workers.count(least - 1, 8, least) == 1
    assert workers.count(1000, 1, least) == 1
    assert workers.count(1000, 2, least) == 2
    assert workers.count(least, 64, least) == 2  # never more workers than pieces of work


def test_processors_counts_at_least_one() -> None:
    assert 1 <= workers.processors() <= (os.cpu_count() or 1)


@pytest.mark.parametrize(
    ("items", "jobs", "minimum", "expected"),
    [
        (100, 4, 10, 4),  # one per job asked for
        (100, 64, 10, 20),  # at most one per minimum // 2 items
        (10, 8, 10, 2),
        (3, 8, 3, 3),  # minimum // 2 is 1
        (1, 8, 1, 1),  # minimum // 2 is 0: taken as 1
    ],
)
def test_workers_are_shared_out_by_the_items(
    items: int, jobs: int, minimum: int, expected: int
) -> None:
    assert workers.count(items, jobs, minimum) == expected


def _square(number: int) -> int:
    return number * number


def _refuse_seven(number: int) -> int:
    if number == 7:
        raise ValueError("seven")
    return number


_GREETING = "unset"


def _greet(word: str) -> None:
    global _GREETING
    _GREETING = word


def _greeted(_: int) -> str:
    return _GREETING


def test_results_come_back_in_the_order_of_the_items() -> None:
    items = list(range(200))
    assert workers.run(_square, items, workers=2) == [n * n for n in items]


def test_a_workers_exception_is_raised_in_the_caller() -> None:
    with pytest.raises(ValueError, match="seven"):
        workers.run(_refuse_seven, list(range(20)), workers=2)


def test_each_worker_runs_the_initializer_before_its_work() -> None:
    greeted = workers.run(_greeted, list(range(8)), workers=2, initializer=_greet, initargs=("hi",))
    assert greeted == ["hi"] * 8
    assert _GREETING == "unset"  # the caller's own copy is left alone


def test_a_threaded_caller_does_not_fork() -> None:
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        assert not workers.forks()
    finally:
        release.set()
        thread.join()


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="no signal masks")
def test_signals_are_held_while_a_child_is_forked_and_let_through_after() -> None:
    def blocked() -> set[signal.Signals]:
        return set(signal.pthread_sigmask(signal.SIG_BLOCK, []))

    assert signal.SIGINT not in blocked()
    with workers.signals_held():
        assert {signal.SIGINT, signal.SIGTERM} <= blocked()
    assert signal.SIGINT not in blocked()
    assert signal.SIGTERM not in blocked()


def _child(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_a_child_whose_parent_is_gone_ends_at_once() -> None:
    """Process 1 is never the parent of the child started here: it ends before going on."""
    child = _child(
        "from hmip_docs.core.workers import die_with_parent\n"
        "die_with_parent(1)\n"
        "print('still running')\n"
    )
    assert (child.returncode, child.stdout) == (1, "")


def test_a_child_whose_parent_lives_goes_on() -> None:
    child = _child(
        "import os\n"
        "from hmip_docs.core.workers import die_with_parent\n"
        "die_with_parent(os.getppid())\n"
        "print('still running')\n"
    )
    assert (child.returncode, child.stdout) == (0, "still running\n")


def test_a_forked_child_leaves_ctrl_c_to_its_parent() -> None:
    child = _child(
        "import signal\n"
        "from hmip_docs.core.workers import release_signals, signals_held\n"
        "signal.signal(signal.SIGTERM, lambda *_: None)\n"
        "with signals_held():\n"
        "    release_signals()\n"
        "    print(signal.getsignal(signal.SIGINT) is signal.SIG_IGN,\n"
        "          signal.getsignal(signal.SIGTERM) is signal.SIG_DFL,\n"
        "          signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, []))\n"
    )
    assert (child.returncode, child.stdout) == (0, "True True False\n")
