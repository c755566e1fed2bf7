"""``hmip-docs pdf [RECORD…]``: a checked, tagged PDF for each valid record (with LibreOffice)."""

from __future__ import annotations

import argparse
from pathlib import Path

from hmip_docs.cli.builds import build_inputs, build_report
from hmip_docs.cli.common import UsageError


def run(args: argparse.Namespace) -> int:
    """``hmip-docs pdf``: a checked, tagged PDF for each valid record; none for an invalid one."""
    from hmip_docs.export import pdf, write
    from hmip_docs.render.errors import RenderError
    from hmip_docs.validate.validator import display

    result, template, outputs, protected = build_inputs(args, pdf.output_name)
    try:
        pdf.program()
    except pdf.PdfError as error:
        raise UsageError(str(error)) from error
    findings = list(result.findings)
    built: list[Path] = []
    for checked, destination in outputs:
        try:
            outcome = pdf.build_one(
                checked,
                result.registry,
                template,
                destination,
                display(checked.path),
                args.strict,
                protected,
            )
        except (RenderError, pdf.PdfError, write.OutputError) as error:
            raise UsageError(str(error)) from error
        findings.extend(outcome.findings)
        if outcome.output is not None:
            built.append(outcome.output)
    return build_report(findings, built, result, args)
