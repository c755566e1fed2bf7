"""What the commands share: exit codes, the report, the records validated, and what a run must
not write over."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from hmip_docs.cli.streams import out

if TYPE_CHECKING:  # the commands import what they use, so `validate` stays light
    from hmip_docs.core.findings import Finding
    from hmip_docs.export.write import Protected
    from hmip_docs.load.config import Config
    from hmip_docs.validate.validator import Result

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 130
"""Ctrl-C: 128 + SIGINT, as a shell reports a program the signal stopped."""
EXIT_TERMINATED = 143
"""SIGTERM (``kill``, a CI runner's cancel): 128 + SIGTERM, likewise."""


class UsageError(Exception):
    """The command cannot run as asked (missing file, bad configuration, unwritable output)."""


def color(args: argparse.Namespace) -> bool:
    return (
        not args.no_color
        and not os.environ.get("NO_COLOR")  # set and not empty, as no-color.org says
        and args.format == "text"
        and sys.stdout.isatty()
    )


def _sources(files: Sequence[str]) -> dict[str, list[str]]:
    from hmip_docs.load.files import source_lines
    from hmip_docs.load.yamlload import DEFAULT_LIMITS

    found = {name: source_lines(Path(name), DEFAULT_LIMITS.max_bytes) for name in files}
    return {name: lines for name, lines in found.items() if lines is not None}


def report(findings: Sequence[Finding], result: Result, args: argparse.Namespace) -> None:
    from hmip_docs.report import FORMATS, Summary
    from hmip_docs.validate.catalogue import describe
    from hmip_docs.validate.validator import display

    typed = list(findings)
    # Code frames are shown for standing findings only: read no other file.
    shown = {f.file for f in typed if f.file and f.counts}
    sources = _sources(sorted(shown)) if args.format == "text" else {}
    summary = Summary(
        len(result.files),
        sources,
        color(args),
        strict=args.strict,
        checked=tuple(display(c.path) for c in result.files),
        show_accepted=args.show_accepted,
        describe=describe,
    )
    out(FORMATS[args.format](typed, summary))


def exit_code(findings: Sequence[Finding], strict: bool) -> int:
    from hmip_docs.core.findings import INTERNAL_ERROR, Severity

    standing = [f for f in findings if f.counts]
    if any(f.rule == INTERNAL_ERROR for f in standing):
        return EXIT_ERROR
    if any(f.severity is Severity.ERROR for f in standing):
        return EXIT_FINDINGS
    if strict and standing:
        return EXIT_FINDINGS
    return EXIT_OK


def validate_inputs(
    args: argparse.Namespace,
    paths: Sequence[Path],
    *,
    keep_data: bool = True,
    cfg: Config | None = None,
) -> tuple[Result, list[Path]]:
    from hmip_docs.load import config
    from hmip_docs.validate import validator as validate

    cfg = cfg or config.load()
    for path in paths:
        if not os.path.lexists(path):  # a broken symbolic link is reported as a finding
            raise UsageError(f"{path}: no such file or folder")
    if not os.path.lexists(cfg.registry):
        raise UsageError(f"the registry {cfg.registry} does not exist")
    if not cfg.registry.is_file():
        from hmip_docs.load.files import read_regular

        try:
            read_regular(cfg.registry, 0)  # only to say what it is: it refuses before opening
        except OSError as error:
            reason = error.strerror or error
            raise UsageError(f"cannot read the registry {cfg.registry}: {reason}") from error
    if not paths and not cfg.records.is_dir():
        raise UsageError(f"the records folder {cfg.records} does not exist")
    found = validate.discover(paths, cfg.records, cfg.registry)
    result = validate.validate(
        found.files,
        cfg.registry,
        keep_data=keep_data,
        problems=found.findings,
        records_root=cfg.records,
    )
    return result, found.files


def protected_paths(cfg: Config, inputs: dict[Path, str], *, schemas: bool = True) -> Protected:
    """What a run must not write over: ``inputs`` (the files it reads, each with what it is) and
    the project's own: its configuration files, registry and vocabulary of decision kinds (which
    may lie outside the records folder), and everything in its records,
    templates and schemas folders (``schemas``: the project's own ``schemas/``, not only the
    schemas the tool ships)."""
    from hmip_docs.core import resources
    from hmip_docs.export import write
    from hmip_docs.record import decisions

    configuration = "a configuration file"
    files = {
        cfg.root / "pyproject.toml": configuration,
        cfg.root / ".hmip-docs.yaml": configuration,
        cfg.registry: "the registry",
        decisions.beside(cfg.registry): "the vocabulary of decision kinds",
        **inputs,
    }
    folders = {
        cfg.records: "the records folder",
        cfg.templates: "the templates folder",
        resources.templates_dir(): "the templates folder",
        resources.schemas_dir(): "the schemas folder",
    }
    if schemas:
        folders[cfg.root / "schemas"] = "the schemas folder"
    return write.Protected.of(files, folders)


def claim(outputs: Sequence[tuple[str, Path]], protected: Protected) -> None:
    """Refuse the run, before anything is written, if an output may not be written where it
    would go (``write.claim``)."""
    from hmip_docs.export import write

    try:
        write.claim(outputs, protected)
    except write.OutputError as error:
        # The path as given (not where its links lead), relative to here where it lies below.
        try:
            shown = error.path.absolute().relative_to(Path.cwd()).as_posix()
        except ValueError:
            shown = error.path.as_posix()
        raise UsageError(f"cannot write {shown}: {error.reason}") from error


STDOUT = Path("-")
"""``-o -``: standard output."""
