"""Do the work a template decides the cost of in a child process with time and memory limits.

Jinja's sandbox (``render/word.py``) stops a template from reaching Python's internals, but not from
looping for ever, recursing, or building a string too large to hold: a template is a Word file
edited outside the code, and the tool runs unattended in hooks and CI. Reading a template is no
safer: a few kilobytes of zip can hold gigabytes of XML, and thousands of nested tags. So every
piece of work whose cost a template decides (a :class:`Job`: rendering a document and checking
it, linting the template) runs in a child process (forked on Linux, else a fresh 'spawn' one),
which caps its own processor time and address space before each job, while the parent waits no
longer than the wall-clock limit. Whatever stops the child, the caller gets a
:class:`~hmip_docs.render.errors.RenderError` that names the template and says which limit was
reached; the limits are data, :class:`RenderLimits`, documented in docs/robustness.md.

A :class:`Renderer` starts its child before the job is known: the child imports the modules its
caller names (the Word stack, the output checks) on another processor while the parent is still
validating the record, then waits for its job. The caller names them, so that this module, low in
the pipeline, imports no stage above it.
``run_all`` shares many jobs out among a few forked children, each doing one job after another
(so it compiles the template once, under the limits, for all its documents). This module imports
none of the Word stack itself.

A child never outlives the parent: it ends when the parent ends, even by SIGTERM or SIGKILL
(``workers.die_with_parent``), and leaves Ctrl-C to the parent, which stops it.

Longer than the 400 lines a module is kept to: the fork, the framing of jobs and replies on the
pipes, the limits and the clean-up after every way a child can end are one protocol, read
together.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import math
import os
import pickle
import select
import signal
import struct
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, NamedTuple, NoReturn

from hmip_docs.core import workers
from hmip_docs.render.errors import RenderError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Sequence
    from multiprocessing.connection import Connection
    from types import TracebackType

    from hmip_docs.context.model import Context

__all__ = ["DEFAULT_LIMITS", "Job", "RenderLimits", "Renderer", "render", "run", "run_all"]


class RenderLimits(NamedTuple):
    """How much one job may take. A normal render takes well under a second and 100 MB."""

    seconds: float = 120.0
    """Wall-clock time, from handing the child its job to receiving the answer."""
    cpu_seconds: int = 60
    """Processor time of the job (RLIMIT_CPU, counted from when the child takes it)."""
    memory_bytes: int = 1024 * 1024 * 1024
    """Address space of the child (RLIMIT_AS), its interpreter and libraries included."""
    output_bytes: int = 64 * 1024 * 1024
    """Largest document accepted back."""


DEFAULT_LIMITS: Final = RenderLimits()

_MB = 1024 * 1024

RENDERER: Final = "hmip_docs.render.word"
"""The module a render job needs: what a :class:`Renderer` imports ahead unless told more."""


class Job(NamedTuple):
    """Work whose cost a template decides: ``work(*args)`` in a child process, for
    ``template``. ``work`` is a function of a module (it travels by name); ``doing`` says what
    it does, for messages: "rendering", "checking the template"."""

    work: Callable[..., Any]
    args: tuple[Any, ...]
    template: Path
    doing: str = "rendering"


def _limit_self(limits: RenderLimits) -> None:
    """Cap this process's processor time, from now, and its address space (where the platform
    allows). Only the soft limits are set, so that a child doing one job after another can
    grant each its own processor time; nothing a template runs can change them."""
    try:
        import resource
    except ImportError:  # not on POSIX: the wall-clock limit still applies
        return
    used = resource.getrusage(resource.RUSAGE_SELF)
    cpu = math.ceil(used.ru_utime + used.ru_stime) + max(1, int(limits.cpu_seconds))
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    # At the soft limit the kernel sends SIGXCPU, which ends the process.
    resource.setrlimit(resource.RLIMIT_CPU, (_within(cpu, hard), hard))
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (_within(limits.memory_bytes, hard), hard))


def _within(value: int, hard: int) -> int:
    import resource

    return value if hard == resource.RLIM_INFINITY else min(value, hard)


def _memory_message(job: Job, limits: RenderLimits) -> str:
    why = (
        "the template probably builds a huge text"
        if job.doing == "rendering"
        else "the template is too large or too deeply nested to read"
    )
    return (
        f"{job.template}: {job.doing} needed more than {limits.memory_bytes // _MB:,} MB of "
        f"memory, the limit: {why} (see docs/robustness.md)"
    )


def render_document(template: Path, ctx: Context, limits: RenderLimits) -> bytes:
    """The work of a render, in the child: ``render.render``, held to the size limit."""
    from hmip_docs.render import word as render

    document = render.render(template, ctx)
    if len(document) > limits.output_bytes:
        raise RenderError(
            f"{template}: the rendered document is {len(document) // _MB:,} MB, more than"
            f" the limit of {limits.output_bytes // _MB:,} MB (see docs/robustness.md)"
        )
    return document


def _reply(job: Job, limits: RenderLimits) -> tuple[str, object]:
    """The child's work: set the limits, do the job; ("ok", its result), ("error", text) or
    ("crash", text) for a failure of the tool's own."""
    try:
        _limit_self(limits)
        return ("ok", job.work(*job.args))
    except MemoryError:
        return ("error", _memory_message(job, limits))
    except RenderError as error:
        if isinstance(error.__cause__, MemoryError):
            return ("error", _memory_message(job, limits))
        return ("error", str(error))
    except BaseException as error:  # reported by the parent as the tool's own failure
        return ("crash", f"{type(error).__name__}: {error}")


def _spawned_main(channel: Connection, parent: int, job: Job, limits: RenderLimits) -> None:
    """A spawned child: its reply goes back through ``channel``."""
    _bind_to_parent(parent)
    try:
        channel.send(_reply(job, limits))
    finally:
        channel.close()


def _bind_to_parent(parent: int) -> None:
    """Live no longer than the parent, and leave Ctrl-C to it (it stops this child). SIGTERM
    ends this child as it would any program, not through the parent's handler it inherited."""
    workers.die_with_parent(parent)
    workers.release_signals()


def _signal_name(code: int) -> str:
    try:
        return signal.Signals(code).name
    except ValueError:
        return f"signal {code}"


def render(
    template: Path,
    ctx: Context,
    limits: RenderLimits = DEFAULT_LIMITS,
    *,
    start: str | None = None,
) -> bytes:
    """``render.render(template, ctx)`` in a child process held to ``limits`` (``run``).

    Raises ``RenderError`` for a template that cannot be rendered or that exceeds a limit, and
    ``RuntimeError`` if the child fails for a reason of its own.
    """
    document = run(Job(render_document, (template, ctx, limits), template), limits, start=start)
    assert isinstance(document, bytes)
    return document


def run(job: Job, limits: RenderLimits = DEFAULT_LIMITS, *, start: str | None = None) -> Any:
    """``job.work(*job.args)`` in a child process held to ``limits``: its result.

    ``start`` is how the child starts: ``"fork"`` or ``"spawn"``; by default forked where that
    is safe (Linux, one thread), where the child starts with what this process imported and a
    fresh interpreter would spend longer importing the renderer than rendering. Either way the
    child sets its limits before it works.

    Raises ``RenderError`` for a template that cannot be used or that exceeds a limit, and
    ``RuntimeError`` if the child fails for a reason of its own.
    """
    fork = workers.forks() if start is None else start == "fork"
    if not fork:
        return _unpack(_spawned(job, limits))
    child = _Child.start(job)
    try:
        return _unpack(child.ask(job, limits))
    finally:
        child.stop()


def run_all(
    jobs: Iterable[Job],
    limits: RenderLimits = DEFAULT_LIMITS,
    *,
    processes: int,
    first: _Child | None = None,
) -> Iterator[tuple[int, Any]]:
    """Each job's result, as ``(its index, result)`` in the order they finish, from at most
    ``processes`` forked children (``first``, one started ahead, among them) that each take
    one job after another; each job is held to ``limits`` as ``run`` holds it. Jobs are taken
    from ``jobs`` only as children become free. The first job that fails raises its error
    (as ``run`` does) and stops every child; so does leaving the loop early.

    Where forking is unsafe, the jobs run one by one, each as ``run`` runs it.
    """
    if first is None and not workers.forks():
        for index, job in enumerate(jobs):
            yield index, run(job, limits)
        return
    pending = enumerate(jobs)
    idle: list[_Child] = [first] if first is not None else []
    busy: dict[int, _Busy] = {}
    try:
        while True:
            while len(busy) < max(1, processes):
                item = next(pending, None)
                if item is None:
                    break
                index, job = item
                child = idle.pop() if idle else _Child.start(job)
                task = _Busy(child, index, job, time.monotonic() + limits.seconds)
                busy[child.replies] = task
                task.send(limits)
            if not busy:
                return
            nearest = min(task.deadline for task in busy.values())
            ready = select.select(list(busy), [], [], max(0.0, nearest - time.monotonic()))[0]
            for fd in ready:
                task = busy[fd]
                reply = task.receive(limits)
                if reply is not None:
                    del busy[fd]
                    idle.append(task.child)
                    yield task.index, _unpack(reply)
            now = time.monotonic()
            for task in busy.values():
                if task.deadline <= now:
                    raise _too_long(task.job, limits)
    finally:
        for child in (*idle, *(task.child for task in busy.values())):
            child.stop()


class Renderer:
    """A render process started ahead of its work, where forking is safe.

    Use it as a context manager around the work that comes before the render (validating the
    record, building its context): the child imports the renderer meanwhile. ``render`` (or
    ``run``) hands it one job, ``run_all`` many; a renderer that gets none (an invalid record)
    stops its child on leaving. Where the child cannot be started ahead, and for any work after
    the first, these are this module's ``render``, ``run`` and ``run_all``.
    """

    def __init__(self, preload: Sequence[str] = (RENDERER,)) -> None:
        """Start the child, which imports the modules named in ``preload`` (dotted names)."""
        self._child: _Child | None = None
        if workers.forks():
            # If it cannot start, ``run`` will start one and report the error, naming the
            # template.
            with contextlib.suppress(OSError):
                self._child = _Child.fork(tuple(preload))

    def render(self, template: Path, ctx: Context, limits: RenderLimits = DEFAULT_LIMITS) -> bytes:
        """As this module's ``render``, by the child started ahead when there is one."""
        document = self.run(Job(render_document, (template, ctx, limits), template), limits)
        assert isinstance(document, bytes)
        return document

    def run(self, job: Job, limits: RenderLimits = DEFAULT_LIMITS) -> Any:
        """As this module's ``run``, by the child started ahead when there is one."""
        child, self._child = self._child, None
        if child is None:
            return run(job, limits)
        try:
            return _unpack(child.ask(job, limits))
        finally:
            child.stop()

    def run_all(
        self, jobs: Iterable[Job], limits: RenderLimits = DEFAULT_LIMITS, *, processes: int
    ) -> Iterator[tuple[int, Any]]:
        """As this module's ``run_all``, the child started ahead taking the first job."""
        child, self._child = self._child, None
        return run_all(jobs, limits, processes=processes, first=child)

    def close(self) -> None:
        """Stop the child if it has no job."""
        child, self._child = self._child, None
        if child is not None:
            child.stop()

    def __enter__(self) -> Renderer:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def _unpack(reply: object) -> Any:
    """The result a child's reply holds, or the error it reports."""
    if not (isinstance(reply, tuple) and len(reply) == 2 and isinstance(reply[0], str)):
        raise RuntimeError(f"the render process answered {type(reply).__name__}")
    kind, value = reply
    if kind == "ok":
        return value
    if kind == "error":
        raise RenderError(str(value))
    raise RuntimeError(f"the render process failed: {value}")


def _too_long(job: Job, limits: RenderLimits) -> RenderError:
    return RenderError(
        f"{job.template}: {job.doing} took longer than {limits.seconds:g} s, the limit: the "
        "template may loop for ever (see docs/robustness.md)"
    )


def _no_reply(job: Job, limits: RenderLimits, code: int | None) -> RenderError:
    """Why a child that ended with exit code ``code`` (minus a signal number) sent nothing."""
    if code is not None and -code == getattr(signal, "SIGXCPU", None):
        return RenderError(
            f"{job.template}: {job.doing} used more than {limits.cpu_seconds} s of processor "
            "time, the limit: the template may loop for ever (see docs/robustness.md)"
        )
    if code is not None and code < 0:
        return RenderError(
            f"{job.template}: the process {job.doing} was stopped by {_signal_name(-code)} "
            "before it finished"
        )
    return RenderError(
        f"{job.template}: the process {job.doing} ended (exit code {code}) without an answer"
    )


_LENGTH = struct.Struct(">Q")
"""Each job and each reply goes through its pipe as its length, then its pickled bytes."""


class _Child:
    """A forked render process: jobs go to it, pickled, through one pipe and the replies come
    back through another, one reply per job. (Not through ``multiprocessing``, which costs more
    to import than the fork itself.)"""

    def __init__(self, pid: int, jobs: int, replies: int) -> None:
        self.pid = pid
        self.jobs = jobs
        self.replies = replies
        # Whether its exit has been collected: its process id may then belong to another.
        self.reaped = False

    @classmethod
    def fork(cls, preload: tuple[str, ...] = (RENDERER,)) -> _Child:
        """Fork a child that imports the modules named in ``preload``, then waits for its jobs."""
        job_reader, job_writer = os.pipe()
        reply_reader, reply_writer = os.pipe()
        parent = os.getpid()
        # The parent's objects are frozen while it forks, so that the child's cycle collector
        # does not walk (and so copy) the pages it shares with the parent.
        gc.freeze()
        try:
            with workers.signals_held():  # the child lets them through once it ignores them
                pid = os.fork()
                if pid == 0:
                    _serve(parent, job_reader, reply_writer, (job_writer, reply_reader), preload)
        except OSError:
            gc.unfreeze()
            for fd in (job_reader, job_writer, reply_reader, reply_writer):
                os.close(fd)
            raise
        gc.unfreeze()
        os.close(job_reader)
        os.close(reply_writer)  # the child holds the only writer now: its exit reads as the end
        return cls(pid, job_writer, reply_reader)

    @classmethod
    def start(cls, job: Job) -> _Child:
        """``fork``, a failure to start reported as the job's error."""
        try:
            return cls.fork()
        except OSError as error:
            raise RenderError(
                f"{job.template}: cannot start the render process: {error}"
            ) from error

    def ask(self, job: Job, limits: RenderLimits) -> object:
        """Send the job, and return the child's reply (the caller stops the child after)."""
        task = _Busy(self, 0, job, time.monotonic() + limits.seconds)
        task.send(limits)
        try:
            while True:
                _wait_for(self.replies, task.deadline, readable=True)
                reply = task.receive(limits)
                if reply is not None:
                    return reply
        except TimeoutError:
            raise _too_long(job, limits) from None

    def stop(self) -> None:
        """End the child (it is idle, or its work is no longer wanted)."""
        for fd in (self.jobs, self.replies):
            with contextlib.suppress(OSError):
                os.close(fd)
        self.kill()

    def kill(self) -> None:
        if self.reaped:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        self.ended()

    def ended(self) -> int | None:
        """Wait for the child to end (it has closed its end of a pipe, or been killed); its exit
        code."""
        if self.reaped:
            return None
        try:
            _, status = os.waitpid(self.pid, 0)
        except ChildProcessError:
            return None
        finally:
            self.reaped = True
        return os.waitstatus_to_exitcode(status)


class _Busy:
    """A job handed to a child: where its reply has got to."""

    def __init__(self, child: _Child, index: int, job: Job, deadline: float) -> None:
        self.child = child
        self.index = index
        self.job = job
        self.deadline = deadline
        self.received = bytearray()

    def send(self, limits: RenderLimits) -> None:
        data = pickle.dumps((self.job, limits), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            _write_frame(self.child.jobs, data, self.deadline)
        except BrokenPipeError:  # the child has ended: its exit status says why
            raise _no_reply(self.job, limits, self.child.ended()) from None
        except TimeoutError:
            raise _too_long(self.job, limits) from None

    def receive(self, limits: RenderLimits) -> object | None:
        """Read what the child has sent (it is ready to be read); the reply once it is whole."""
        chunk = os.read(self.child.replies, 1 << 20)
        if not chunk:  # the child ended before it replied
            raise _no_reply(self.job, limits, self.child.ended())
        self.received += chunk
        if len(self.received) < _LENGTH.size:
            return None
        (size,) = _LENGTH.unpack_from(self.received)
        if len(self.received) < _LENGTH.size + size:
            return None
        reply: object = pickle.loads(memoryview(self.received)[_LENGTH.size :])
        self.received = bytearray()
        return reply


def _serve(
    parent: int, jobs: int, replies: int, parent_ends: Iterable[int], preload: tuple[str, ...]
) -> NoReturn:
    """The forked child: import the modules in ``preload``, then do each job it is sent and
    reply, until the parent closes the pipe; end without running the parent's exit handlers."""
    code = 1
    try:
        _bind_to_parent(parent)
        for fd in parent_ends:
            os.close(fd)
        # What the child is started ahead for. A failure is left for the job, which imports
        # the module again and reports what is wrong.
        for name in preload:
            with contextlib.suppress(Exception):
                importlib.import_module(name)
        while (data := _read_frame(jobs)) is not None:
            job, limits = pickle.loads(data)
            reply = _reply(job, limits)
            try:
                answer = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception as error:  # a result that cannot travel is the tool's own fault
                answer = pickle.dumps(("crash", f"{type(error).__name__}: {error}"))
            _write_frame(replies, answer, None)
        code = 0
    finally:
        os._exit(code)


def _write_frame(fd: int, data: bytes, deadline: float | None) -> None:
    _write_all(fd, _LENGTH.pack(len(data)), deadline)
    _write_all(fd, data, deadline)


def _read_frame(fd: int) -> bytes | None:
    """The next job from the pipe ``fd``, waiting as long as it takes; None once the parent has
    closed it."""
    head = _read_exactly(fd, _LENGTH.size)
    return None if head is None else _read_exactly(fd, _LENGTH.unpack(head)[0])


def _read_exactly(fd: int, size: int) -> bytes | None:
    chunks: list[bytes] = []
    left = size
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _write_all(fd: int, data: bytes, deadline: float | None) -> None:
    """Write ``data`` to the pipe ``fd`` as its reader takes it; ``TimeoutError`` past
    ``deadline`` (None waits as long as it takes)."""
    view = memoryview(data)
    while view:
        if deadline is None:
            written = os.write(fd, view)
        else:
            _wait_for(fd, deadline, readable=False)
            # Once select says a pipe is writable, a write of PIPE_BUF bytes does not block.
            written = os.write(fd, view[: select.PIPE_BUF])
        view = view[written:]


def _wait_for(fd: int, deadline: float, *, readable: bool) -> None:
    """Wait until the pipe ``fd`` can be read or written; ``TimeoutError`` past ``deadline``
    (a ``time.monotonic`` value)."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise TimeoutError
    ready = (
        select.select([fd], [], [], remaining)
        if readable
        else select.select([], [fd], [], remaining)
    )
    if not any(ready):
        raise TimeoutError


def _spawned(job: Job, limits: RenderLimits) -> object:
    """Do the job in a fresh interpreter started by ``multiprocessing`` (where forking is
    unsafe)."""
    import multiprocessing

    spawn = multiprocessing.get_context("spawn")
    receiver, sender = spawn.Pipe(duplex=False)
    child = spawn.Process(
        target=_spawned_main,
        args=(sender, os.getpid(), job, limits),
        name="hmip-docs-render",
        daemon=True,
    )
    try:
        child.start()
    except OSError as error:
        raise RenderError(f"{job.template}: cannot start the render process: {error}") from error
    sender.close()  # the child holds the only writer now, so its exit reads as end of file
    try:
        if not receiver.poll(limits.seconds):
            raise _too_long(job, limits)
        try:
            reply: object = receiver.recv()
        except (EOFError, OSError):
            child.join()
            raise _no_reply(job, limits, child.exitcode) from None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    return reply
