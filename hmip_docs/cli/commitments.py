"""``hmip-docs commitments``: the ledger of commitments across editions."""

from __future__ import annotations

import argparse

from hmip_docs.cli.common import EXIT_OK, UsageError
from hmip_docs.cli.streams import out


def run(args: argparse.Namespace) -> int:
    """Print each commitment an edition made for a later year, and what became of it."""
    from hmip_docs.load import config
    from hmip_docs.validate.cycle import ledger, reading

    try:
        cfg = config.load()
        decisions = reading.vocabulary(cfg.registry)
        editions = [r.edition for r in reading.read_all(cfg.records, decisions)]
    except reading.ReadError as error:
        raise UsageError(str(error)) from error
    rows = ledger.rows(editions)
    if args.format != "json":  # JSON writes every character past ASCII as an escape itself
        from hmip_docs.report.common import quoted

        # What the ledger quotes from the records, as every report shows it: a control, bidi
        # or line-breaking character as an escape, so that none can forge a row or a line.
        rows = [ledger.Row(*map(quoted, row)) for row in rows]
    out(ledger.FORMATS[args.format](rows))
    return EXIT_OK
