"""The ``hmip-docs`` command, also run as ``python -m hmip_docs``: ``cli.main``, guarded from
the first moment.

Nothing is imported before the guard is in place (``sys`` is loaded with the interpreter), so
Ctrl-C at any moment once this module runs, while the tool's modules are still loading included,
ends the run with exit code 130 and one line, never a traceback. Once the command has its exit
code, a late Ctrl-C no longer changes it.
"""

import sys

EXIT_INTERRUPTED = 130
"""128 + SIGINT, as a shell reports a program Ctrl-C stopped (also ``cli.EXIT_INTERRUPTED``)."""


def run() -> int:
    """Run the command line on ``sys.argv``; return its exit code."""
    code = EXIT_INTERRUPTED
    try:
        try:
            from hmip_docs.cli.main import main

            code = main()
        except KeyboardInterrupt:
            code = EXIT_INTERRUPTED
            _say_interrupted()
        import signal

        signal.signal(signal.SIGINT, signal.SIG_IGN)
    except KeyboardInterrupt:  # a second Ctrl-C, while the first was being reported
        code = EXIT_INTERRUPTED
    return code


def _say_interrupted() -> None:
    try:  # noqa: SIM105 (contextlib is not imported: it would widen the unguarded start-up)
        print("hmip-docs: interrupted", file=sys.stderr, flush=True)
    except (OSError, ValueError, AttributeError):
        pass


if __name__ == "__main__":
    sys.exit(run())
