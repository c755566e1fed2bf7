"""``hmip-docs new YEAR``: start next year's edition from the latest one."""

from __future__ import annotations

import argparse

from hmip_docs.cli.common import EXIT_OK, UsageError
from hmip_docs.cli.streams import out


def run(args: argparse.Namespace) -> int:
    """Write next year's edition, its items left to write; say how many."""
    from hmip_docs.load import config
    from hmip_docs.validate.cycle import reading, scaffold, years

    year = years.parse_programme_year(args.year)
    if year is None:
        raise UsageError(f"{args.year} is not a programme year: write it as 2022/2023")
    try:
        cfg = config.load()
        started = scaffold.start(cfg.records, year, reading.vocabulary(cfg.registry))
    except (scaffold.NewError, reading.ReadError) as error:
        raise UsageError(str(error)) from error
    out(
        f"wrote {reading.shown(started.path)} from {reading.shown(started.source)}: "
        f"{started.to_write} items to write and {started.to_decide} commitments to decide; "
        "`make validate` lists them\n"
    )
    return EXIT_OK
