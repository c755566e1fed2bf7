"""``hmip-docs docx [RECORD…]``: a Word document for each valid record; none for an invalid one."""

from __future__ import annotations

import argparse
from pathlib import Path

from hmip_docs.cli.builds import build_inputs, build_report
from hmip_docs.cli.common import UsageError

BUILD_MODULES = ("hmip_docs.render.word", "hmip_docs.checks.document", "hmip_docs.export.build")
"""What building a document needs, imported by the render process started ahead (named, not
imported here, so that the import happens there and not in this process)."""


def run(args: argparse.Namespace) -> int:
    """``hmip-docs docx``: build a document for each valid record; none for an invalid one."""
    from hmip_docs.render import sandbox

    # A render process is started first: it imports the Word stack on another processor while
    # this one imports the validator and validates. It renders the first document (or stops,
    # when there is none).
    with sandbox.Renderer(BUILD_MODULES) as ahead:
        from hmip_docs.export import batch, build
        from hmip_docs.validate.validator import display

        result, template, outputs, protected = build_inputs(args, build.output_name)
        findings = list(result.findings)
        built: list[Path] = []
        jobs = [
            (
                checked,
                result.registry,
                template,
                output,
                display(checked.path),
                args.strict,
                protected,
            )
            for checked, output in outputs
            if checked.passes(args.strict)
        ]
        try:
            done = batch.build_many(jobs, ahead)
        except batch.BuildError as failure:
            raise UsageError(str(failure)) from failure
    for outcome in done:
        findings.extend(outcome.findings)
        if outcome.output is not None:
            built.append(outcome.output)
    return build_report(findings, built, result, args)
