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

import multiprocessing
import signal
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Final

from hmip_docs import workers
from hmip_docs.context import Context
from hmip_docs.render import RenderError

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


def _child(channel: Connection, template: Path, ctx: Context, limits: RenderLimits) -> None:
    """The child's work: set the limits, render, send back ("ok", bytes) or ("error", text)."""
    try:
        _limit_self(limits)
        from hmip_docs import render

        document = render.render(template, ctx)
        if len(document) > limits.output_bytes:
            message = (
                f"{template}: the rendered document is {len(document) // _MB:,} MB, more than"
                f" the limit of {limits.output_bytes // _MB:,} MB (see docs/robustness.md)"
            )
            channel.send(("error", message))
        else:
            channel.send(("ok", document))
    except MemoryError:
        channel.send(("error", _memory_message(template, limits)))
    except RenderError as error:
        if isinstance(error.__cause__, MemoryError):
            channel.send(("error", _memory_message(template, limits)))
        else:
            channel.send(("error", str(error)))
    except BaseException as error:  # reported by the parent as the tool's own failure
        channel.send(("crash", f"{type(error).__name__}: {error}"))
    finally:
        channel.close()


def _signal_name(code: int) -> str:
    try:
        return signal.Signals(code).name
    except ValueError:
        return f"signal {code}"


def render(template: Path, ctx: Context, limits: RenderLimits = DEFAULT_LIMITS) -> bytes:
    """``render.render(template, ctx)`` in a child process held to ``limits``.

    Raises ``RenderError`` for a template that cannot be rendered or that exceeds a limit, and
    ``RuntimeError`` if the child fails for a reason of its own.
    """
    # Forked where that is safe (Linux, one thread): the child starts with the renderer already
    # imported, where a fresh interpreter ('spawn') spends longer importing it than rendering.
    # Either way the child sets its limits before it renders.
    spawn = (
        multiprocessing.get_context("fork")
        if workers.forks()
        else multiprocessing.get_context("spawn")
    )
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
        reply = _wait(receiver, child, template, limits)
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    kind, value = reply
    if kind == "ok":
        assert isinstance(value, bytes)
        return value
    if kind == "error":
        raise RenderError(str(value))
    raise RuntimeError(f"the render process failed: {value}")


def _wait(
    receiver: Connection,
    child: multiprocessing.process.BaseProcess,
    template: Path,
    limits: RenderLimits,
) -> tuple[str, object]:
    """The child's reply, or the ``RenderError`` that explains why there is none."""
    if not receiver.poll(limits.seconds):
        raise RenderError(
            f"{template}: rendering took longer than {limits.seconds:g} s, the limit: the "
            "template may loop for ever (see docs/robustness.md)"
        )
    try:
        reply = receiver.recv()
    except (EOFError, OSError):
        child.join()
        code = child.exitcode
        if code is not None and -code == getattr(signal, "SIGXCPU", None):
            raise RenderError(
                f"{template}: rendering used more than {limits.cpu_seconds} s of processor "
                "time, the limit: the template may loop for ever (see docs/robustness.md)"
            ) from None
        if code is not None and code < 0:
            raise RenderError(
                f"{template}: the render process was stopped by {_signal_name(-code)} before "
                "it finished"
            ) from None
        raise RenderError(
            f"{template}: the render process ended (exit code {code}) without a document"
        ) from None
    if not (isinstance(reply, tuple) and len(reply) == 2 and isinstance(reply[0], str)):
        raise RuntimeError(f"the render process answered {type(reply).__name__}")
    return reply
