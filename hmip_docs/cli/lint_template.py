"""``hmip-docs lint-template [TEMPLATE…]``: check Word templates before a build relies on them."""

from __future__ import annotations

import argparse
from pathlib import Path

from hmip_docs.cli.common import UsageError, color, exit_code
from hmip_docs.cli.streams import out


def run(args: argparse.Namespace) -> int:
    """``hmip-docs lint-template [TEMPLATE…]``: check templates before a build relies on them.
    Each is read and checked in a process held to the render's limits (``sandbox``)."""
    from hmip_docs.load import config
    from hmip_docs.report import FORMATS, Summary
    from hmip_docs.template_lint.limited import lint_limited
    from hmip_docs.validate.validator import display

    templates: list[Path] = list(args.templates) or [config.load().template()]
    for template in templates:
        if template.exists() and not template.is_file():
            raise UsageError(f"{template}: not a template: give a .docx file")
        if not template.is_file():
            raise UsageError(f"{template}: no such template")
    findings = [
        finding for template in templates for finding in lint_limited(template, display(template))
    ]
    checked = tuple(display(template) for template in templates)
    summary = Summary(
        len(templates),
        {},
        color(args),
        strict=args.strict,
        checked=checked,
        show_accepted=args.show_accepted,
    )
    out(FORMATS[args.format](findings, summary))
    return exit_code(findings, args.strict)
