"""The ledger of commitments across editions: ``hmip-docs commitments``.

One row per commitment an edition made for a later year: the year and place it was made, the
year it is for, what it is, what became of it and where that is said. Printed as text,
Markdown, JSON or CSV.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from typing import NamedTuple

from hmip_docs.validate.cycle.cross import Entry, entries
from hmip_docs.validate.cycle.editions import Edition
from hmip_docs.validate.cycle.years import programme_year


class Row(NamedTuple):
    """One commitment and what became of it."""

    made_in: str
    made_at: str
    for_year: str
    what: str
    promise: str
    happened: str
    where: str


HEADINGS = ("made in", "made at", "for year", "what", "promise", "what happened", "where")


def _happened(entry: Entry, latest: int) -> str:
    answer = entry.answer
    if entry.target is None:
        year = programme_year(entry.made.for_year)
        return (
            f"open: no edition for {year} yet"
            if entry.made.for_year > latest
            else (f"no edition for {year} among the records")
        )
    if answer is None:
        return "not answered"
    if answer.outcome == "in-programme":
        where = [
            *([f"thematic {answer.thematic}"] if answer.thematic else []),
            *([f"research project '{answer.research}'"] if answer.research else []),
        ]
        return f"in the programme ({', '.join(where)})" if where else "in the programme"
    if answer.outcome == "deferred":
        return f"deferred to {programme_year(answer.year or 0)}"
    if answer.outcome == "dropped":
        return f"dropped: {answer.reason}"
    return "to decide"


def rows(editions: Sequence[Edition]) -> list[Row]:
    """The ledger of ``editions``."""
    latest = max((e.year or 0 for e in editions), default=0)
    out: list[Row] = []
    for entry in entries(editions):
        answer = entry.answer
        where = f"{entry.target.file}:{answer.line}" if entry.target and answer else ""
        out.append(
            Row(
                made_in=programme_year(entry.edition.year or 0),
                made_at=f"{entry.edition.file}:{entry.made.line}",
                for_year=programme_year(entry.made.for_year),
                what=entry.made.what,
                promise=f"{entry.made.kind} {programme_year(entry.made.for_year)}",
                happened=_happened(entry, latest),
                where=where,
            )
        )
    return out


def text(ledger: Sequence[Row]) -> str:
    """Plain text, one block per commitment."""
    if not ledger:
        return "no commitments: no edition points to a later year\n"
    blocks = [
        f"{r.made_in} -> {r.for_year}: {r.what}\n"
        f"  promise: {r.promise} (made at {r.made_at})\n"
        f"  what happened: {r.happened}" + (f" ({r.where})" if r.where else "")
        for r in ledger
    ]
    open_count = sum(1 for r in ledger if r.happened in ("not answered", "to decide"))
    return "\n\n".join(blocks) + f"\n\n{len(ledger)} commitments, {open_count} not settled\n"


def _cell(value: str) -> str:
    return value.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def markdown(ledger: Sequence[Row]) -> str:
    """A Markdown table."""
    lines = [
        "| " + " | ".join(HEADINGS) + " |",
        "|" + " --- |" * len(HEADINGS),
        *("| " + " | ".join(_cell(v) for v in row) + " |" for row in ledger),
    ]
    return "\n".join(lines) + "\n"


def as_json(ledger: Sequence[Row]) -> str:
    """A JSON object: ``{"commitments": [...]}``, one object per row."""
    return json.dumps({"commitments": [row._asdict() for row in ledger]}, indent=2) + "\n"


def as_csv(ledger: Sequence[Row]) -> str:
    """CSV with a header row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(Row._fields)
    writer.writerows(ledger)
    return buffer.getvalue()


FORMATS: dict[str, Callable[[Sequence[Row]], str]] = {
    "text": text,
    "markdown": markdown,
    "json": as_json,
    "csv": as_csv,
}
