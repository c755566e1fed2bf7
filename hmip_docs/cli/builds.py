"""What the commands that build documents share: the records and outputs checked before anything
is built, and the report of what was written."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from hmip_docs.cli.common import (
    STDOUT,
    UsageError,
    claim,
    exit_code,
    protected_paths,
    report,
    validate_inputs,
)
from hmip_docs.cli.streams import say

if TYPE_CHECKING:
    from hmip_docs.core.findings import Finding
    from hmip_docs.export.write import Protected
    from hmip_docs.validate.validator import Checked, Result


def build_inputs(
    args: argparse.Namespace, name: Callable[[Path, Path], str]
) -> tuple[Result, Path, list[tuple[Checked, Path]], Protected]:
    """Validate the records a build command names; its template, each record with where its
    output goes (``name`` gives the file name in the output folder), and what must not be
    written over. Every output is checked before anything is built."""
    from hmip_docs.load import config
    from hmip_docs.validate.validator import display

    cfg = config.load()
    result, files = validate_inputs(args, args.records, cfg=cfg)
    if args.output and len(files) != 1:
        raise UsageError("--output names one file: give exactly one record")
    if args.output == STDOUT:
        raise UsageError(f"{args.command} writes files only: name one with -o, not `-`")
    template = cfg.template()
    if not template.is_file():
        raise UsageError(f"the template {template} does not exist")
    out_dir = args.out_dir or cfg.build
    records = result.files[1:]
    outputs = [(c, args.output or out_dir / name(c.path, cfg.records)) for c in records]
    inputs = {c.path: "a record this run reads" for c in records}
    protected = protected_paths(cfg, {**inputs, template: "the template"})
    claim([(display(c.path), out) for c, out in outputs], protected)
    return result, template, outputs, protected


def build_report(
    findings: Sequence[Finding], built: Sequence[Path], result: Result, args: argparse.Namespace
) -> int:
    """Report a build command's findings and outputs; return its exit code."""
    from hmip_docs.validate.validator import display

    code = exit_code(findings, args.strict)
    report(findings, result, args)
    for path in built:
        say(f"wrote {display(path)}")
    skipped = len(result.files) - 1 - len(built)
    if skipped:
        what = "errors and warnings (--strict)" if args.strict else "errors"
        say(f"{skipped} record(s) not built: fix the {what} above")
    return code
