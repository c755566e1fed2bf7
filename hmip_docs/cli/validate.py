"""``hmip-docs validate [PATH…]``: report every finding of every record."""

from __future__ import annotations

import argparse

from hmip_docs.cli.common import exit_code, report, validate_inputs


def run(args: argparse.Namespace) -> int:
    """``hmip-docs validate``: report every finding of every record."""
    result, _ = validate_inputs(args, args.paths, keep_data=False)  # a report needs no data
    findings = result.findings
    report(findings, result, args)
    return exit_code(findings, args.strict)
