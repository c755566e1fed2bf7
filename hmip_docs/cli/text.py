"""``hmip-docs text RECORD``: the document as Markdown, to review a change without Word."""

from __future__ import annotations

import argparse
import sys

from hmip_docs.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    STDOUT,
    UsageError,
    claim,
    exit_code,
    protected_paths,
    report,
    validate_inputs,
)
from hmip_docs.cli.streams import out, say


def run(args: argparse.Namespace) -> int:
    """``hmip-docs text RECORD``: the document as Markdown, to review a change without Word."""
    import contextlib

    from hmip_docs.context import model
    from hmip_docs.export import markdown as text
    from hmip_docs.export import write
    from hmip_docs.load import config
    from hmip_docs.validate.validator import display

    if args.record.is_dir():
        raise UsageError(f"{args.record}: give one record file, not a folder")
    cfg = config.load()
    result, _ = validate_inputs(args, [args.record], cfg=cfg)
    checked = result.files[-1]
    to_file = args.output is not None and args.output != STDOUT
    protected = protected_paths(cfg, {checked.path: "the record this run reads"})
    if to_file:
        claim([(display(checked.path), args.output)], protected)
    findings = result.findings
    code = exit_code(findings, args.strict)
    if any(f.counts for f in findings) or args.format != "text":
        # Standard output carries the document; the report (warnings too) goes beside it.
        with contextlib.redirect_stdout(sys.stderr):
            report(findings, result, args)
    if len(result.files) < 2 or not checked.passes(args.strict) or checked.data is None:
        what = "errors and warnings (--strict)" if args.strict else "errors"
        say(f"no text: fix the {what} above")
        return code if code != EXIT_OK else EXIT_FINDINGS
    markdown = text.markdown(model.build(checked.data, result.registry))
    if not to_file:
        out(markdown)
        return code
    try:
        write.write_atomic(args.output, markdown.encode("utf-8"), protected)
    except write.OutputError as error:
        raise UsageError(str(error)) from error
    say(f"wrote {display(args.output)}")
    return code
