"""Render a document in a child process with time and memory limits.

Jinja's sandbox (``render.py``) stops a template from reaching Python's internals, but not from
looping for ever, recursing, or building a string too large to hold: a template is a Word file
edited outside the code, and the tool runs unattended in hooks and CI. So the render runs in a
child process (forked on Linux, else a fresh 'spawn' one), which caps its own
processor time and address space before it renders, while the parent waits no
longer than the wall-clock limit. Whatever stops the child, the caller gets a
:class:`~hmip_docs.render_error.RenderError` that says which limit was reached; the limits are
data, :class:`RenderLimits`, documented in docs/robustness.md.

A :class:`Renderer` starts its child before the job is known: the child imports the Word stack on
another processor while the parent is still validating the record, then waits for the template
and context. This module imports none of the Word stack itself.

The child never outlives the parent: it ends when the parent ends, even by SIGTERM or SIGKILL
(``workers.die_with_parent``), and leaves Ctrl-C to the parent, which stops it.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import select
import signal
import time
from pathlib import Path
from typing import TYPE_CHECKING, Final, NamedTuple, NoReturn

from hmip_docs import workers
from hmip_docs.render_error import RenderError

if TYPE_CHECKING:
    from collections.abc import Iterable
    from multiprocessing.connection import Connection
    from types import TracebackType

    from hmip_docs.context import Context

__all__ = ["DEFAULT_LIMITS", "RenderLimits", "Renderer", "render"]


class RenderLimits(NamedTuple):
    """How much one render may take. A normal render takes well under a second and 100 MB."""

    seconds: float = 120.0
    """Wall-clock time, from handing the child its job to receiving the document."""
    cpu_seconds: int = 60
    """Processor time of the child (RLIMIT_CPU), its start-up included."""
    memory_bytes: int = 1024 * 1024 * 1024
    """Address space of the child (RLIMIT_AS), its interpreter and libraries included."""
    output_bytes: int = 64 * 1024 * 1024
    """Largest document accepted back."""


DEFAULT_LIMITS: Final = RenderLimits()

_MB = 1024 * 1024


def _limit_self(limits: RenderLimits) -> None:
    """Cap this process's processor time and address space (where the platform allows)."""
    try:
        import resource
    except ImportError:  # not on POSIX: the wall-clock limit still applies
        return
    cpu = max(1, int(limits.cpu_seconds))
    # At the soft limit the kernel sends SIGXCPU; at the hard one, SIGKILL.
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))


def _memory_message(template: Path, limits: RenderLimits) -> str:
    return (
        f"{template}: rendering needed more than {limits.memory_bytes // _MB:,} MB of memory, "
        "the limit: the template probably builds a huge text (see docs/robustness.md)"
    )


def _reply(template: Path, ctx: Context, limits: RenderLimits) -> tuple[str, object]:
    """The child's work: set the limits, render; ("ok", bytes), ("error", text) or ("crash",
    text) for a failure of the tool's own."""
    try:
        _limit_self(limits)
        from hmip_docs import render

        document = render.render(template, ctx)
        if len(document) > limits.output_bytes:
            return (
                "error",
                f"{template}: the rendered document is {len(document) // _MB:,} MB, more than"
                f" the limit of {limits.output_bytes // _MB:,} MB (see docs/robustness.md)",
            )
        return ("ok", document)
    except MemoryError:
        return ("error", _memory_message(template, limits))
    except RenderError as error:
        if isinstance(error.__cause__, MemoryError):
            return ("error", _memory_message(template, limits))
        return ("error", str(error))
    except BaseException as error:  # reported by the parent as the tool's own failure
        return ("crash", f"{type(error).__name__}: {error}")


def _spawned_main(
    channel: Connection, parent: int, template: Path, ctx: Context, limits: RenderLimits
) -> None:
    """A spawned child: its reply goes back through ``channel``."""
    _bind_to_parent(parent)
    try:
        channel.send(_reply(template, ctx, limits))
    finally:
        channel.close()


def _bind_to_parent(parent: int) -> None:
    """Live no longer than the parent, and leave Ctrl-C to it (it stops this child)."""
    workers.die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


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
    """``render.render(template, ctx)`` in a child process held to ``limits``.

    ``start`` is how the child starts: ``"fork"`` or ``"spawn"``; by default forked where that
    is safe (Linux, one thread), where the child starts with the renderer already imported and
    a fresh interpreter would spend longer importing it than rendering. Either way the child
    sets its limits before it renders.

    Raises ``RenderError`` for a template that cannot be rendered or that exceeds a limit, and
    ``RuntimeError`` if the child fails for a reason of its own.
    """
    fork = workers.forks() if start is None else start == "fork"
    if not fork:
        return _unpack(_spawned(template, ctx, limits))
    try:
        child = _Child.fork()
    except OSError as error:
        raise RenderError(f"{template}: cannot start the render process: {error}") from error
    return _unpack(child.ask(template, ctx, limits))


class Renderer:
    """A render process started ahead of its one job, where forking is safe.

    Use it as a context manager around the work that comes before the render (validating the
    record, building its context): the child imports the renderer meanwhile. ``render`` hands it
    the job; a renderer that gets none (an invalid record) stops its child on leaving. Where the
    child cannot be started ahead, and for any job after the first, ``render`` is this module's
    ``render``.
    """

    def __init__(self) -> None:
        self._child: _Child | None = None
        if workers.forks():
            # If it cannot start, ``render`` will start one and report the error, naming the
            # template.
            with contextlib.suppress(OSError):
                self._child = _Child.fork()

    def render(self, template: Path, ctx: Context, limits: RenderLimits = DEFAULT_LIMITS) -> bytes:
        """As this module's ``render``, by the child started ahead when there is one."""
        child, self._child = self._child, None
        if child is None:
            return render(template, ctx, limits)
        return _unpack(child.ask(template, ctx, limits))

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


def _unpack(reply: object) -> bytes:
    """The document a child's reply holds, or the error it reports."""
    if not (isinstance(reply, tuple) and len(reply) == 2 and isinstance(reply[0], str)):
        raise RuntimeError(f"the render process answered {type(reply).__name__}")
    kind, value = reply
    if kind == "ok":
        assert isinstance(value, bytes)
        return value
    if kind == "error":
        raise RenderError(str(value))
    raise RuntimeError(f"the render process failed: {value}")


def _too_long(template: Path, limits: RenderLimits) -> RenderError:
    return RenderError(
        f"{template}: rendering took longer than {limits.seconds:g} s, the limit: the "
        "template may loop for ever (see docs/robustness.md)"
    )


def _no_reply(template: Path, limits: RenderLimits, code: int | None) -> RenderError:
    """Why a child that ended with exit code ``code`` (minus a signal number) sent nothing."""
    if code is not None and -code == getattr(signal, "SIGXCPU", None):
        return RenderError(
            f"{template}: rendering used more than {limits.cpu_seconds} s of processor "
            "time, the limit: the template may loop for ever (see docs/robustness.md)"
        )
    if code is not None and code < 0:
        return RenderError(
            f"{template}: the render process was stopped by {_signal_name(-code)} before "
            "it finished"
        )
    return RenderError(
        f"{template}: the render process ended (exit code {code}) without a document"
    )


class _Child:
    """A forked render process: the job goes to it, pickled, through one pipe and the reply
    comes back through another. (Not through ``multiprocessing``, which costs more to import
    than the fork itself.)"""

    def __init__(self, pid: int, jobs: int, replies: int) -> None:
        self.pid = pid
        self.jobs = jobs
        self.replies = replies

    @classmethod
    def fork(cls) -> _Child:
        """Fork a child that imports the renderer, then waits for its job."""
        job_reader, job_writer = os.pipe()
        reply_reader, reply_writer = os.pipe()
        parent = os.getpid()
        # The parent's objects are frozen while it forks, so that the child's cycle collector
        # does not walk (and so copy) the pages it shares with the parent.
        gc.freeze()
        try:
            pid = os.fork()
        except OSError:
            gc.unfreeze()
            for fd in (job_reader, job_writer, reply_reader, reply_writer):
                os.close(fd)
            raise
        if pid == 0:
            _serve(parent, job_reader, reply_writer, (job_writer, reply_reader))
        gc.unfreeze()
        os.close(job_reader)
        os.close(reply_writer)  # the child holds the only writer now: its exit reads as the end
        return cls(pid, job_writer, reply_reader)

    def ask(self, template: Path, ctx: Context, limits: RenderLimits) -> object:
        """Send the job, and return the child's reply once it has ended."""
        deadline = time.monotonic() + limits.seconds
        job = pickle.dumps((template, ctx, limits), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            try:
                _write_all(self.jobs, job, deadline)
            except BrokenPipeError:  # the child has ended: its exit status says why
                pass
            finally:
                os.close(self.jobs)
            try:
                data = _read_all(self.replies, deadline)
            finally:
                os.close(self.replies)
        except BaseException as error:  # the clock ran out, or this process is being stopped
            self.kill()
            if isinstance(error, TimeoutError):
                raise _too_long(template, limits) from None
            raise
        _, status = os.waitpid(self.pid, 0)
        if not data:
            raise _no_reply(template, limits, os.waitstatus_to_exitcode(status))
        reply: object = pickle.loads(data)
        return reply

    def stop(self) -> None:
        """End a child that has no job."""
        os.close(self.jobs)
        os.close(self.replies)
        self.kill()

    def kill(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)


def _serve(parent: int, jobs: int, replies: int, parent_ends: Iterable[int]) -> NoReturn:
    """The forked child: import the renderer, wait for the job, reply, and end without running
    the parent's exit handlers."""
    code = 1
    try:
        _bind_to_parent(parent)
        for fd in parent_ends:
            os.close(fd)
        # What the child is started ahead for. A failure is left for the render, which imports
        # the module again and reports what is wrong.
        with contextlib.suppress(Exception):
            import hmip_docs.render  # noqa: F401
        data = _read_all(jobs, None)
        if data:  # none when the parent has no job for it
            template, ctx, limits = pickle.loads(data)
            reply = pickle.dumps(_reply(template, ctx, limits), protocol=pickle.HIGHEST_PROTOCOL)
            _write_all(replies, reply, None)
        code = 0
    finally:
        os._exit(code)


def _read_all(fd: int, deadline: float | None) -> bytes:
    """Everything written to the pipe ``fd`` until its writer closes it; ``TimeoutError`` past
    ``deadline`` (a ``time.monotonic`` value; None waits as long as it takes)."""
    chunks: list[bytes] = []
    while True:
        _wait_for(fd, deadline, readable=True)
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _write_all(fd: int, data: bytes, deadline: float | None) -> None:
    """Write ``data`` to the pipe ``fd`` as its reader takes it; ``TimeoutError`` past
    ``deadline`` (None waits as long as it takes)."""
    view = memoryview(data)
    while view:
        _wait_for(fd, deadline, readable=False)
        # Once select says a pipe is writable, a write of PIPE_BUF bytes does not block.
        view = view[os.write(fd, view[: select.PIPE_BUF]) :]


def _wait_for(fd: int, deadline: float | None, *, readable: bool) -> None:
    if deadline is None:
        return  # a blocking read or write waits
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


def _spawned(template: Path, ctx: Context, limits: RenderLimits) -> object:
    """Render in a fresh interpreter started by ``multiprocessing`` (where forking is unsafe)."""
    import multiprocessing

    spawn = multiprocessing.get_context("spawn")
    receiver, sender = spawn.Pipe(duplex=False)
    child = spawn.Process(
        target=_spawned_main,
        args=(sender, os.getpid(), template, ctx, limits),
        name="hmip-docs-render",
        daemon=True,
    )
    try:
        child.start()
    except OSError as error:
        raise RenderError(f"{template}: cannot start the render process: {error}") from error
    sender.close()  # the child holds the only writer now, so its exit reads as end of file
    try:
        if not receiver.poll(limits.seconds):
            raise _too_long(template, limits)
        try:
            reply: object = receiver.recv()
        except (EOFError, OSError):
            child.join()
            raise _no_reply(template, limits, child.exitcode) from None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    return reply
