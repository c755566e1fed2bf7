"""Rules on the registry of organisations itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping

from hmip_docs.rules.base import Hit, RecordFacts


def duplicate_id(facts: RecordFacts) -> Iterator[Hit]:
    """Each organisation id appears once in the registry.

    Passes: ids `cqc` and `hiw`. Fails: two entries with the id `cqc`.
    """
    seen: set[str] = set()
    for path, org in facts.at("entry"):
        org_id = org.get("id") if isinstance(org, Mapping) else None
        if isinstance(org_id, str):
            if org_id in seen:
                yield Hit(
                    f"the id `{org_id}` is used by two organisations",
                    (*path, "id"),
                    "give each organisation its own id, or merge the two entries",
                )
            seen.add(org_id)


def name_dates(facts: RecordFacts) -> Iterator[Hit]:
    """An organisation's official names follow one another: each ends before the next begins,
    and a name with ``from`` and ``until`` does not end before it starts.

    Passes: "Her Majesty's…" until 2022-09-07, "His Majesty's…" from 2022-09-08.
    Fails: the first until 2022-09-30 (overlapping the second).
    """
    for path, org in facts.at("entry"):
        names = org.get("names") if isinstance(org, Mapping) else None
        if not isinstance(names, list):
            continue
        previous_end: dt.date | None = None
        for index, name in enumerate(names):
            if not isinstance(name, Mapping):
                continue
            start, end = _day(name.get("from")), _day(name.get("until"))
            if start and end and end < start:
                yield Hit(
                    "this name ends before it starts",
                    (*path, "names", index),
                    "check `from:` and `until:`",
                )
            if start and previous_end and start <= previous_end:
                yield Hit(
                    "this name starts before the previous one ends",
                    (*path, "names", index, "from"),
                    "list names oldest first, each starting after the last one ends",
                )
            previous_end = end


def _day(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
