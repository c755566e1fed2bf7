"""The command line: parse options, run one command, print its report, return its exit code.

Each command is a module of this package (``COMMANDS``), imported only when it runs.

Exit codes: 0 valid (warnings allowed, unless --strict), 1 findings, 2 the command could not run
or the tool itself failed, 130 interrupted (Ctrl-C), 143 terminated (SIGTERM). Unexpected
exceptions are caught here, once, and reported as the tool's fault (``--debug`` shows the
traceback); a standard stream that cannot be written (closed, a full disk) is the user's
situation, not a fault. Every output goes through
``write``, which refuses to replace an input or anything but a regular file.
"""

from __future__ import annotations

import gc
import importlib
import signal
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import FrameType

from hmip_docs.cli.common import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_TERMINATED, UsageError
from hmip_docs.cli.parser import build_parser
from hmip_docs.cli.streams import (
    StreamError,
    discard,
    flushes,
    open_standard_streams,
    out,
    say,
    stream_failed,
)

COMMANDS = {
    "validate": "validate",
    "docx": "docx",
    "pdf": "pdf",
    "text": "text",
    "lint-template": "lint_template",
    "upgrade": "upgrade",
    "schema": "schema",
    "diff": "review",
    "redline": "review",
    "new": "new",
    "commitments": "commitments",
}
"""The module of ``hmip_docs.cli`` that runs each command (its ``run``)."""


GC_THRESHOLD = (100_000, 50, 100)
"""Cycle-collector thresholds while a command runs. The run is short and makes little cyclic
garbage, while each collection walks every object the imports created: with Python's default
(700, 10, 10), collecting took a tenth of a one-record ``validate`` and more of a ``docx``."""


class Terminated(BaseException):
    """SIGTERM arrived. Raised where the run is, as Ctrl-C raises ``KeyboardInterrupt``, so that
    what the run holds is let go on the way out: LibreOffice's session and the render process are
    killed, a temporary output file is removed."""


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise Terminated


@contextmanager
def _sigterm_raises() -> Iterator[None]:
    """SIGTERM raises ``Terminated`` while the command runs (only in the main thread, where
    Python delivers signals), and acts as before afterwards."""
    try:
        previous = signal.signal(signal.SIGTERM, _terminate)
    except ValueError:  # not the main thread: the signal is not ours to take
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    saved = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLD)
    try:
        with _sigterm_raises():
            return _main(argv)
    except KeyboardInterrupt:
        say("hmip-docs: interrupted")
        return EXIT_INTERRUPTED
    except Terminated:
        say("hmip-docs: terminated")
        return EXIT_TERMINATED
    finally:
        gc.set_threshold(*saved)


def _main(argv: Sequence[str] | None) -> int:
    if open_standard_streams():
        say(
            "hmip-docs: standard output is closed: the report has nowhere to go "
            "(redirect it to a file, or to /dev/null)"
        )
        return EXIT_ERROR
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except StreamError as error:  # --help or --version, printed to a stream that failed
        stream_failed(error)
        return EXIT_ERROR
    if args.debug:
        from hmip_docs.validate import validator as validate

        validate.SHOW_TRACEBACKS = True
    try:
        command = importlib.import_module(f"hmip_docs.cli.{COMMANDS[args.command]}")
        code: int = command.run(args)
        out("")  # what is still buffered reaches its file now, or the failure is reported
        return code
    except UsageError as error:
        say(f"hmip-docs: {error}")
        return EXIT_ERROR
    except StreamError as error:
        stream_failed(error)
        return EXIT_ERROR
    except Exception as error:
        from hmip_docs.load.config import ConfigError

        if isinstance(error, ConfigError):
            say(f"hmip-docs: {error}")
            return EXIT_ERROR
        if isinstance(error, OSError) and not flushes(sys.stderr):
            discard(sys.stderr)  # a message printed on the way failed: nothing more can be said
            return EXIT_ERROR
        if isinstance(error, OSError) and not flushes(sys.stdout):
            discard(sys.stdout)
            say(f"hmip-docs: cannot write to standard output: {error.strerror or error}")
            return EXIT_ERROR
        if args.debug:
            import traceback

            traceback.print_exc()
        say(f"hmip-docs: internal error [internal-error]: {type(error).__name__}: {error}")
        say("  this is a fault in hmip-docs, not in your files; run with --debug and report it")
        return EXIT_ERROR
