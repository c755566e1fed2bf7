"""``hmip-docs diff`` and ``hmip-docs redline``: their options, and each run from the records
named to the report or the document. Everything else of the package is reached through
``stages``.

Exit codes, as for every command: 0 done (for ``diff --exit-code``, and nothing changed), 1 the
records differ (``--exit-code``) or one of them is invalid (its findings are reported and nothing
is compared: a change is only reviewed between records that build), 2 the command could not run.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hmip_docs.export.write import Protected
    from hmip_docs.load.config import Config
    from hmip_docs.review.formats import Compared
    from hmip_docs.review.stages import Record, Workspace

Print = Callable[[str], None]
Guard = Callable[["Config", dict[Path, str]], "Protected"]
"""What a run may not write over, given the files it reads (the command line's rule)."""
Claim = Callable[[list[tuple[str, Path]], "Protected"], None]
"""Refuse an output that may not be written where it would go (the command line's refusal)."""
EXIT_OK, EXIT_CHANGED, EXIT_ERROR = 0, 1, 2


def _colour(args: argparse.Namespace) -> bool:
    return (
        not args.no_color
        and not os.environ.get("NO_COLOR")
        and getattr(args, "format", "text") == "text"
        and sys.stdout.isatty()
    )


def run(
    args: argparse.Namespace, streams: tuple[Print, Print, Print], guard: Guard, claim: Claim
) -> int:
    """Run ``diff`` or ``redline``; the exit code. ``stages.ReviewError`` is a usage error.
    ``streams`` are the command line's printers: standard output, a one-line message to standard
    error (escaped there), and a report already escaped. ``guard`` and ``claim`` are the command
    line's own rules for outputs, as every command writing a file follows them."""
    from hmip_docs.review import stages

    out, say, tell = streams
    space = stages.Workspace()
    try:
        if args.command == "diff":
            return _diff(args, stages.config(), space, out, (say, tell))
        return _redline(args, stages.config(), space, (say, tell), (guard, claim))
    finally:
        space.close()


def _pairs(args: argparse.Namespace, cfg: Config) -> list[tuple[str | None, str | None]]:
    """(OLD, NEW) of each comparison asked for; None where a record was added or removed."""
    from hmip_docs.review import revisions, stages

    if args.rev is None:
        if len(args.records) != 2:
            raise stages.ReviewError("diff compares two records: give OLD and NEW, or --rev REV")
        return [(args.records[0], args.records[1])]
    if args.records:
        raise stages.ReviewError("give either --rev REV or OLD and NEW, not both")
    try:
        names = revisions.changed_since(args.rev, Path(stages.display(cfg.records)))
    except revisions.RevisionError as error:
        raise stages.ReviewError(f"--rev {args.rev}: {error}") from None
    registry = stages.display(cfg.registry)
    pairs: list[tuple[str | None, str | None]] = []
    for name in names:
        if not name.endswith(stages.record_suffixes()) or name == registry:
            continue
        old = revisions.Revision(args.rev, "./" + name)
        pairs.append(
            (str(old) if revisions.exists(old) else None, name if Path(name).exists() else None)
        )
    return pairs


def _diff(
    args: argparse.Namespace, cfg: Config, space: Workspace, out: Print, err: tuple[Print, Print]
) -> int:
    from hmip_docs.review import formats, stages

    compared: list[Compared] = []
    for old_name, new_name in _pairs(args, cfg):
        if old_name is None or new_name is None:
            status = "added" if old_name is None else "removed"
            compared.append(formats.Compared(old_name or "-", new_name or "-", (), status))
            continue
        old, new = stages.read([old_name, new_name], cfg, space)
        if old.data is None or new.data is None:
            return _invalid([old, new], args, err)
        compared.append(compare(old, new))
    out(formats.FORMATS[args.format](compared, _colour(args)))
    changed = any(one.changes or one.status != "changed" for one in compared)
    return EXIT_CHANGED if args.exit_code and changed else EXIT_OK


def compare(old: Record, new: Record) -> Compared:
    """The changes from ``old`` to ``new``, each with where it prints."""
    from hmip_docs.review import formats, items, locate, stages
    from hmip_docs.validate.schema import RECORD_SCHEMA, compiled

    changes = items.compare(old.data, new.data, stages.side(old), stages.side(new))
    schema = compiled(RECORD_SCHEMA)
    documents: dict[str, list[locate.Block]] = {}  # each made only when a change needs it
    placed = []
    for change in changes:
        pointer = change.new_pointer if change.new_pointer is not None else change.old_pointer
        if pointer is not None and not schema.prints(pointer):
            placed.append(change._replace(printed=False))
            continue
        text, which = change.located_text
        if which not in documents:
            documents[which] = stages.document_blocks(old if which == "old" else new)
        found = locate.where(documents[which], text, change.anchor)
        placed.append(change._replace(where=found))
    return formats.Compared(old.shown, new.shown, tuple(placed))


def _invalid(records: list[Record], args: argparse.Namespace, err: tuple[Print, Print]) -> int:
    """Report the findings of records that cannot be compared; exit 1."""
    say, tell = err
    from hmip_docs.review import stages

    tell(stages.report(records, _colour(args) and sys.stderr.isatty()).rstrip("\n"))
    bad = ", ".join(r.shown for r in records if r.data is None)
    say(f"hmip-docs: nothing compared: fix the errors in {bad} above")
    return EXIT_CHANGED


def _redline(
    args: argparse.Namespace,
    cfg: Config,
    space: Workspace,
    err: tuple[Print, Print],
    outputs: tuple[Guard, Claim],
) -> int:
    from hmip_docs.review import stages

    say, tell = err
    if str(args.output) == "-":
        raise stages.ReviewError("redline writes a file: name one with -o, not `-`")
    template = cfg.template()
    inputs = {template: "the template"}
    for name in (args.old, args.new):
        if Path(name).exists():
            inputs[Path(name)] = "a record this run reads"
    guard = outputs[0](cfg, inputs)
    outputs[1]([(args.new, args.output)], guard)
    if not template.is_file():
        raise stages.ReviewError(f"the template {stages.display(template)} does not exist")
    old, new = stages.read([args.old, args.new], cfg, space)
    if old.data is None or new.data is None:
        return _invalid([old, new], args, err)
    document, findings = stages.run_redline(template, old, new)
    if findings:
        tell(stages.report_findings(findings, _colour(args) and sys.stderr.isatty()).rstrip("\n"))
    if stages.fails(findings):
        say("hmip-docs: no redline: the document's checks found errors")
        return EXIT_CHANGED
    stages.write(args.output, document, guard)
    say(f"wrote {stages.display(args.output)}")
    return EXIT_OK
