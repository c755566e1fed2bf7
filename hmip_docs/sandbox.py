"""Render a document in a child process with time and memory limits.

Jinja's sandbox (``render.py``) stops a template from reaching Python's internals, but not from
looping for ever, recursing, or building a string too large to hold: a template is a Word file
edited outside the code, and the tool runs unattended in hooks and CI. So the render runs in a
child process (forked on Linux, else a fresh 'spawn' one), which caps its own
processor time and address space before it renders, while the parent waits no
longer than the wall-clock limit. Whatever stops the child, the caller gets a
:class:`~hmip_docs.render.RenderError` that says which limit was reached; the limits are data,
:class:`RenderLimits`, documented in docs/robustness.md.
"""

from __future__ import annotations

import gc
import os
import pickle
import select
import signal
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

from hmip_docs import workers
from hmip_docs.context import Context
from hmip_docs.render import RenderError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

__all__ = ["DEFAULT_LIMITS", "RenderLimits", "render"]


@dataclass(frozen=True)
class RenderLimits:
    """How much one render may take. A normal render takes well under a second and 100 MB."""

    seconds: float = 120.0
    """Wall-clock time, from starting the child to receiving the document."""
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


def _child(channel: Connection, template: Path, ctx: Context, limits: RenderLimits) -> None:
    """A spawned child: its reply goes back through ``channel``."""
    try:
        channel.send(_reply(template, ctx, limits))
    finally:
        channel.close()


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
    reply = _forked(template, ctx, limits) if fork else _spawned(template, ctx, limits)
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


def _forked(template: Path, ctx: Context, limits: RenderLimits) -> object:
    """Render in a child forked with ``os.fork``; its pickled reply comes back through a pipe.

    (Not through ``multiprocessing``, which costs more to import than the fork itself.)
    """
    deadline = time.monotonic() + limits.seconds
    reader, writer = os.pipe()
    # The parent's objects are frozen while it forks, so that the child's cycle collector does
    # not walk (and so copy) the pages it shares with the parent.
    gc.freeze()
    try:
        pid = os.fork()
    except OSError as error:
        gc.unfreeze()
        os.close(reader)
        os.close(writer)
        raise RenderError(f"{template}: cannot start the render process: {error}") from error
    if pid == 0:  # the child: reply, then end without running the parent's exit handlers
        code = 1
        try:
            os.close(reader)
            data = pickle.dumps(_reply(template, ctx, limits), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(writer, "wb") as stream:
                stream.write(data)
            code = 0
        finally:
            os._exit(code)
    gc.unfreeze()
    os.close(writer)  # the child holds the only writer now, so its exit reads as end of file
    try:
        try:
            data = _read_all(reader, deadline)
        finally:
            os.close(reader)
    except BaseException as error:  # the clock ran out, or this process is being stopped
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        if isinstance(error, TimeoutError):
            raise _too_long(template, limits) from None
        raise
    _, status = os.waitpid(pid, 0)
    if not data:
        raise _no_reply(template, limits, os.waitstatus_to_exitcode(status))
    reply: object = pickle.loads(data)
    return reply


def _read_all(fd: int, deadline: float) -> bytes:
    """Everything written to the pipe ``fd`` until its writer closes it; ``TimeoutError`` if
    that takes past ``deadline``."""
    chunks: list[bytes] = []
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
            raise TimeoutError
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _spawned(template: Path, ctx: Context, limits: RenderLimits) -> object:
    """Render in a fresh interpreter started by ``multiprocessing`` (where forking is unsafe)."""
    import multiprocessing

    spawn = multiprocessing.get_context("spawn")
    receiver, sender = spawn.Pipe(duplex=False)
    child = spawn.Process(
        target=_child, args=(sender, template, ctx, limits), name="hmip-docs-render", daemon=True
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
