"""Years in prose that the record does not account for: most often a slip left from copying
last year's record.

A year written in prose is accepted when it is the programme year (or one of its two calendar
years), a year the record's structure holds (a later programme year it points to, the year of
one of its dates), or when its finding is suppressed with a reason. The years in the citation of
an Act (``legal_basis``) are part of the Act's name, not dates.
"""

from __future__ import annotations

from collections.abc import Iterator

from hmip_docs.validate.cycle import package as core
from hmip_docs.validate.cycle.years import prose_years

DATE_FIELDS: tuple[tuple[str, ...], ...] = (
    ("consultation", "letter_issued"),
    ("consultation", "deadline"),
    ("document", "published"),
)
"""The dates a record holds; their calendar years may be named in prose."""

NAMES_NOT_DATES = ("legal_basis", "commitments")
"""Top-level parts whose years are not this record's to account for: those of a name (an Act),
and the earlier editions' own words about their commitments (``commitments``)."""


def _texts(facts: core.RecordFacts) -> Iterator[tuple[core.Path, str]]:
    for def_name in ("text", "plain-text"):
        for path, value in facts.at(def_name):
            if isinstance(value, str) and (not path or path[0] not in NAMES_NOT_DATES):
                yield path, value


def later_years(facts: core.RecordFacts) -> set[int]:
    """The first years of the later programme years the structure holds. An earlier one (the
    year a commitment answered was made in) accounts for no year in prose: last year's years
    left in a copied paragraph would pass with it."""
    programme = facts.programme_year
    years: set[int] = set()
    for _, value in facts.at("programme-year"):
        year = core.Year.parse(value)
        if year is not None and programme is not None and year.start > programme.start:
            years.add(year.start)
    return years


def _date_years(facts: core.RecordFacts) -> set[int]:
    years: set[int] = set()
    for path in DATE_FIELDS:
        value = facts.get(*path)
        text = str(value) if value is not None else ""
        if len(text) >= 4 and text[:4].isdigit() and facts.ok(path):
            years.add(int(text[:4]))
    return years


def year_in_prose(facts: core.RecordFacts) -> Iterator[core.Hit]:
    """A year typed in prose is one the record accounts for. A programme year (2020/2021 or
    2020/21) is the programme year or a later year the record holds as a fact (a
    reconsideration, an agreed thematic, an outcome's year); a single year ("In early 2021") is
    one of those years' calendar years or the year of one of the record's dates. Anything else
    is often a slip left from copying last year's record. The years of an Act's citation
    (`legal_basis`) are part of its name and not checked. A warning; suppress it, with a reason,
    where the past is meant.

    Passes: "alongside other priorities for 2022/2023" with an outcome ``year: 2022/2023``, and
    "In early 2021" in the 2021/2022 record.
    Fails: "proposals for 2020/2021" and "In early 2019" in the 2021/2022 record.
    """
    programme = facts.programme_year
    if programme is None:
        return
    slash = later_years(facts) | {programme.start}
    single = {year + step for year in slash for step in (0, 1)} | _date_years(facts)
    for path, text in _texts(facts):
        for found in prose_years(text):
            if found.programme and found.start not in slash:
                yield core.Hit(
                    f"{found.written} is neither the programme year ({programme}) nor a later "
                    "year this record holds",
                    path,
                    "write {programme_year} for the programme year; if the past is meant, "
                    "suppress this finding with a reason",
                )
            elif not found.programme and found.start not in single:
                yield core.Hit(
                    f"{found.written} is not a year of the programme year ({programme}), of a "
                    "later year this record holds, or of its dates",
                    path,
                    "correct the year if it was left from an earlier record; if the past is "
                    "meant, suppress this finding with a reason",
                )
