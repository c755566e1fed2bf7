"""The standard streams: a failure to write one is the user's situation (closed, a full disk, a
reader that stopped), reported in a line, never a traceback."""

from __future__ import annotations

import os
import sys
from typing import Any


class StreamError(Exception):
    """Standard output could not be written (closed, a full disk, a pipe closed early)."""


def out(text: str) -> None:
    """Write ``text`` to standard output, now: a failure is the stream's, not the tool's. A
    reader that stopped reading (``| head``) ends the run quietly."""
    stream = sys.stdout
    try:
        stream.write(text)
        stream.flush()
    except OSError as error:
        discard(stream)
        if isinstance(error, BrokenPipeError):
            raise StreamError("") from error
        raise StreamError(f"cannot write to standard output: {error.strerror or error}") from error


def stream_failed(error: StreamError) -> None:
    if str(error):
        say(f"hmip-docs: {error}")


def say(text: str) -> None:
    """Print a one-line message to standard error; where that cannot be written, the exit code
    still tells.

    A message may quote what the user typed (a file name, an option's value): it is passed whole
    through ``report.common.quoted``, as every report is, so that a control, bidi or
    line-breaking character in a name cannot forge a line or hide itself."""
    if not text.isprintable():
        from hmip_docs.report.common import quoted

        text = quoted(text)
    tell(text)


def say_lines(text: str) -> None:
    """Print lines the tool composed (a report, a usage text) to standard error, each line passed
    through ``report.common.quoted``."""
    lines = text.split("\n")
    if not all(line.isprintable() for line in lines):
        from hmip_docs.report.common import quoted

        text = "\n".join(map(quoted, lines))
    tell(text)


def tell(text: str) -> None:
    """Print to standard error text a reporter composed and escaped itself (a report, coloured
    on a terminal), as it is."""
    try:
        print(text, file=sys.stderr, flush=True)
    except (OSError, ValueError, AttributeError):
        discard(sys.stderr)


def flushes(stream: Any) -> bool:
    """Whether what a standard stream holds can be written out (a failed write leaves it held)."""
    try:
        stream.flush()
    except (OSError, ValueError, AttributeError):
        return False
    return True


def discard(stream: Any) -> None:
    """Point a standard stream that failed at the null device, so that the interpreter's last
    flush of what it still holds does not fail again (a second message and exit code 120)."""
    try:
        fd = stream.fileno()
        if fd not in (1, 2):  # a test's capture, or a stream already replaced: leave it be
            return
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, fd)
        os.close(null)
        stream.flush()
    except (AttributeError, ValueError, OSError):
        pass


def open_standard_streams() -> bool:
    """Give each closed standard stream (descriptors 0, 1, 2) the null device, so that no file
    opened later takes its place and receives what is meant for it; whether standard output was
    the one closed."""
    closed = []
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            closed.append(fd)
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:  # the lowest free descriptor: ``fd`` itself, those below being open
                os.dup2(null, fd)
                os.close(null)
    if 2 in closed or sys.stderr is None:
        sys.stderr = open(2, "w", encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
    if 1 in closed or sys.stdout is None:
        sys.stdout = open(1, "w", encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
        return True
    return False
