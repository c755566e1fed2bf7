"""The command line's options: ``hmip-docs COMMAND [options]``, help laid out for the terminal."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from hmip_docs import __version__
from hmip_docs.cli.streams import out, say_lines


def _columns() -> int:
    """The terminal's width, as ``shutil.get_terminal_size`` finds it (``COLUMNS`` first)."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns > 0:
        return columns
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):  # no standard output, or not a terminal
        return 80


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's help layout, given the width: left to itself, argparse imports ``shutil``
    (and with it ``bz2`` and ``lzma``) on every run to ask for it, help or not."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=_columns() - 2)


class _Parser(argparse.ArgumentParser):
    """An argument parser (its sub-command parsers too) with that help layout."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)

    def _print_message(self, message: str, file: Any = None) -> None:
        # argparse would drop a failure to print help or the version without a word.
        if message and (file is None or file is sys.stdout):
            out(message)
        elif message:
            say_lines(message.removesuffix("\n"))


def build_parser() -> argparse.ArgumentParser:
    from hmip_docs.report import FORMATS

    parser = _Parser(
        prog="hmip-docs",
        description="Validate consultation-response records and build their Word documents.",
    )
    parser.add_argument("--version", action="version", version=f"hmip-docs {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--format",
            choices=sorted(FORMATS),
            default="text",
            help="report format (default: text)",
        )
        sub.add_argument(
            "--strict",
            action="store_true",
            help="warnings fail too (and, for builds, stop the document as errors do)",
        )
        sub.add_argument(
            "--show-accepted",
            action="store_true",
            help="list accepted findings in full (text, github and markdown count them only)",
        )
        sub.add_argument(
            "--no-color",
            action="store_true",
            help="plain text (also when NO_COLOR is set or output is not a terminal)",
        )
        sub.add_argument(
            "--debug",
            action="store_true",
            default=argparse.SUPPRESS,
            help="show tracebacks of internal errors",
        )

    validate = commands.add_parser("validate", help="check records against the schema and rules")
    validate.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="record files or folders (default: every record)",
    )
    common(validate)

    def builder(name: str, summary: str) -> None:
        sub = commands.add_parser(name, help=summary)
        sub.add_argument(
            "records",
            nargs="*",
            type=Path,
            metavar="RECORD",
            help="record files or folders (default: every record)",
        )
        sub.add_argument("-o", "--output", type=Path, help="output file (one record only)")
        sub.add_argument("--out-dir", type=Path, help="output folder (default: build/)")
        common(sub)

    builder("docx", "build Word documents from valid records")
    builder("pdf", "build tagged PDFs of valid records (with LibreOffice)")

    text = commands.add_parser("text", help="print a record's document as Markdown, for review")
    text.add_argument("record", type=Path, metavar="RECORD", help="the record file")
    text.add_argument("-o", "--output", type=Path, help="output file (default: standard output)")
    common(text)

    lint = commands.add_parser("lint-template", help="check Word templates before they are used")
    lint.add_argument(
        "templates",
        nargs="*",
        type=Path,
        metavar="TEMPLATE",
        help="template files (default: the configured template)",
    )
    common(lint)

    upgrade = commands.add_parser(
        "upgrade", help="rewrite a record of an older schema version to the current one"
    )
    upgrade.add_argument("record", type=Path, metavar="RECORD", help="the record file")
    upgrade.add_argument(
        "-o", "--output", type=Path, help="write the upgraded record here (default: in place)"
    )

    _review_commands(commands)

    schema_cmd = commands.add_parser("schema", help="work with the JSON Schemas")
    schema_sub = schema_cmd.add_subparsers(dest="schema_command", required=True, metavar="ACTION")
    export = schema_sub.add_parser("export", help="copy the schemas into a folder (for editors)")
    export.add_argument("folder", type=Path)

    new = commands.add_parser("new", help="start next year's edition from the latest one")
    new.add_argument("year", metavar="YEAR", help="the new programme year, such as 2022/2023")
    ledger = commands.add_parser(
        "commitments", help="list what each edition committed to for later years"
    )
    ledger.add_argument(
        "--format",
        choices=("text", "markdown", "json", "csv"),
        default="text",
        help="ledger format (default: text)",
    )
    return parser


def _review_commands(commands: Any) -> None:
    """Add ``diff`` and ``redline`` (run by ``review.command``) to the sub-commands."""
    diff = commands.add_parser("diff", help="what changed between two records, item by item")
    diff.add_argument(
        "records",
        nargs="*",
        metavar="RECORD",
        help="OLD and NEW: record files, or REV:PATH for a file at a git revision",
    )
    diff.add_argument("--rev", metavar="REV", help="compare every record changed since REV")
    diff.add_argument(
        "--format", choices=("text", "markdown", "json"), default="text", help="(default: text)"
    )
    diff.add_argument(
        "--exit-code", action="store_true", help="exit 1 when anything changed (as git diff)"
    )
    diff.add_argument(
        "--no-color", action="store_true", help="plain text (also when NO_COLOR is set)"
    )
    diff.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )
    red = commands.add_parser(
        "redline", help="a Word document of NEW with tracked changes against OLD"
    )
    red.add_argument("old", metavar="OLD", help="the old record: a file, or REV:PATH")
    red.add_argument("new", metavar="NEW", help="the new record: a file, or REV:PATH")
    red.add_argument("-o", "--output", type=Path, required=True, help="the .docx to write")
    red.add_argument(
        "--no-color", action="store_true", help="plain text (also when NO_COLOR is set)"
    )
    red.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )
