"""``hmip-docs upgrade RECORD [-o OUT]``: rewrite a record of an older schema version to the
current one, in place (the one command that writes over its input) or to ``-o``, keeping its
comments, key order and layout."""

from __future__ import annotations

import argparse
from pathlib import Path

from hmip_docs.cli.common import EXIT_FINDINGS, EXIT_OK, UsageError, claim, protected_paths
from hmip_docs.cli.streams import out, say


def run(args: argparse.Namespace) -> int:
    """Upgrade one record; exit 1 when the file cannot be read as a record of a known version."""
    from hmip_docs.export import upgrade, write
    from hmip_docs.load import config
    from hmip_docs.validate.validator import display

    record: Path = args.record
    if record.is_dir():
        raise UsageError(f"{record}: give one record file, not a folder")
    shown = display(record)
    result = upgrade.upgrade_file(record, shown)
    for finding in result.findings:
        where = f"{finding.file}:{finding.line}" if finding.line else finding.file
        out(f"{where}: error [{finding.rule}] {finding.message}\n")
        if finding.hint:
            out(f"  fix: {finding.hint}\n")
    if result.findings:
        return EXIT_FINDINGS
    if result.text is None:
        say(f"{shown} is already at the current schema version: nothing to do")
        return EXIT_OK
    target: Path = args.output if args.output is not None else record
    protected = write.NOTHING
    if args.output is not None:
        protected = protected_paths(config.load(), {record: "the record this run reads"})
        claim([(shown, target)], protected)
    try:
        write.write_atomic(target, result.text.encode("utf-8"), protected)
    except write.OutputError as error:
        raise UsageError(str(error)) from error
    for change in result.changes:
        say(f"{shown}: {change}")
    say(f"wrote {display(target)}")
    return EXIT_OK
