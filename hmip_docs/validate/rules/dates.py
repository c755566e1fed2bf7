"""Rules on dates and years: their order, and where they fall against the programme year."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from hmip_docs.core.dates import iso_date
from hmip_docs.validate.rules.base import Hit, RecordFacts, Year


def _date(facts: RecordFacts, *path: str) -> dt.date | None:
    value = facts.get(*path)
    if not isinstance(value, str) or not facts.ok(path):
        return None
    return iso_date(value)


def consecutive_years(facts: RecordFacts) -> Iterator[Hit]:
    """A programme year is two consecutive years.

    Passes: ``2021/2022``. Fails: ``2021/2023``.
    """
    for path, value in facts.at("programme-year"):
        if isinstance(value, str) and Year.parse(value) is None:
            first = value.split("/")[0]
            yield Hit(
                f"{value} is not two consecutive years",
                path,
                f"did you mean {first}/{int(first) + 1}?" if first.isdigit() else "",
            )


def later_years(facts: RecordFacts) -> Iterator[Hit]:
    """Years the record points forward to (reconsideration, agreed thematics, outcomes) come
    after the programme year.

    Passes: ``reconsider_in: 2022/2023`` in the 2021/2022 record. Fails: ``2021/2022`` there.
    """
    programme = facts.programme_year
    if programme is None:
        return
    for path, value in facts.at("programme-year"):
        year = Year.parse(value)
        if path == ("document", "programme_year") or year is None:
            continue
        if year.start <= programme.start:
            yield Hit(
                f"{value} is not after the programme year {programme}",
                path,
                f"a year pointed forward to must be {programme.start + 1}/{programme.start + 2} "
                "or later",
            )


def date_order(facts: RecordFacts) -> Iterator[Hit]:
    """The letter is issued before the deadline, and the deadline falls before publication.

    Passes: letter 2021-03-22, deadline 2021-04-30, published 2021-09.
    Fails: deadline 2021-03-01 with the same letter.
    """
    letter = _date(facts, "consultation", "letter_issued")
    deadline = _date(facts, "consultation", "deadline")
    published = facts.published
    if letter and deadline and deadline <= letter:
        yield Hit(
            f"the deadline ({deadline.isoformat()}) is not after the letter was issued "
            f"({letter.isoformat()})",
            ("consultation", "deadline"),
            "check both dates",
        )
    if deadline and published and published < deadline:
        yield Hit(
            f"the response is published ({facts.get('document', 'published')}) before the "
            f"deadline for responses ({deadline.isoformat()})",
            ("document", "published"),
            "check the publication month and the deadline",
        )


def publication_window(facts: RecordFacts) -> Iterator[Hit]:
    """The response is published within its programme's span: from the January before the
    programme year starts (1 April) to the year's end (31 March).

    Passes: published 2021-09 for 2021/2022. Fails: published 2023-05 for 2021/2022.
    """
    programme = facts.programme_year
    published = facts.published
    if programme is None or published is None or not facts.ok(("document", "published")):
        return
    start = dt.date(programme.start, 1, 1)
    end = dt.date(programme.start + 1, 3, 31)
    if not start <= published <= end:
        yield Hit(
            f"a response for {programme} published in {facts.get('document', 'published')} is "
            f"outside January {programme.start} to March {programme.start + 1}",
            ("document", "published"),
            "check the publication month and the programme year",
        )


def names_in_force(facts: RecordFacts) -> Iterator[Hit]:
    """Every organisation the record names has an official name in force on the publication
    date (the last day of the publication month) in the registry. A date in a gap between its
    names, or before its first or after its last, has no name to print: `{publisher_name}`
    would print whichever came last (a September 2021 document once printed "His Majesty's…").

    Passes: published 2021-09 with "Her Majesty's…" until 2022-09-07.
    Fails: the same record once that name is given ``from: 2021-10-01``.
    """
    day = facts.published
    if day is None or not facts.ok(("document", "published")):
        return
    reported: set[str] = set()
    for path, org_id in facts.at("organisation"):
        org = facts.registry.get(org_id)
        if org is None or org.id in reported or any(n.applies_on(day) for n in org.names):
            continue
        reported.add(org.id)
        periods = "; ".join(f"'{n.name}' {_period(n.start, n.end)}" for n in org.names)
        yield Hit(
            f"`{org.id}` has no official name in force on {day.isoformat()}, the publication "
            f"date, in the registry: {periods}",
            path,
            "correct the dates of its names in the registry so that they cover the publication "
            "date, or check `published:`",
        )


def _period(start: dt.date | None, end: dt.date | None) -> str:
    if start and end:
        return f"from {start.isoformat()} until {end.isoformat()}"
    if start:
        return f"from {start.isoformat()}"
    return f"until {end.isoformat()}" if end else "at any date"
