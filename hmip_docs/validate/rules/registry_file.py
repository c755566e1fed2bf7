"""Rules on the registry of organisations itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping

from hmip_docs.core import characters
from hmip_docs.core.dates import iso_date
from hmip_docs.validate.rules.base import Hit, RecordFacts
from hmip_docs.validate.rules.unseen import bidi_control

Path = tuple[str | int, ...]


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
    """An organisation's official names cover time without gaps or overlaps: listed oldest
    first, each but the last ends (``until``) the day before the next begins (``from``), and a
    name with ``from`` and ``until`` does not end before it starts. The first may have no
    ``from`` and the last no ``until``: it applied before, or still applies. A day in no name's
    period has no name to print (``name-in-force`` reports a record dated in it).

    Passes: "Her Majesty's…" until 2022-09-07, "His Majesty's…" from 2022-09-08.
    Fails: the first until 2022-09-30 (an overlap), or until 2021-08-31 (a gap: a record
    published in September 2021 would have had no name).
    """
    for path, org in facts.at("entry"):
        names = org.get("names") if isinstance(org, Mapping) else None
        if not isinstance(names, list):
            continue
        previous: tuple[int, Mapping[str, object]] | None = None
        for index, name in enumerate(names):
            if not isinstance(name, Mapping):
                previous = None
                continue
            here = (*path, "names", index)
            start, end = iso_date(name.get("from")), iso_date(name.get("until"))
            if start and end and end < start:
                yield Hit("this name ends before it starts", here, "check `from:` and `until:`")
            if previous is not None:
                yield from _follows(path, previous, index, name)
            previous = (index, name)


def _follows(
    path: Path, previous: tuple[int, Mapping[str, object]], index: int, name: Mapping[str, object]
) -> Iterator[Hit]:
    """What is wrong where the name at ``index`` follows ``previous``: a gap, an overlap, or a
    missing date. A date that is not one the calendar holds is the schema's to report."""
    before, prior = previous
    here = (*path, "names", index)
    if any(
        key in entry and iso_date(entry[key]) is None
        for key, entry in (("until", prior), ("from", name))
    ):
        return
    end, start = iso_date(prior.get("until")), iso_date(name.get("from"))
    if end is None:
        yield Hit(
            "the name before this one has no `until:`, so the two would both apply",
            (*path, "names", before),
            "give the earlier name `until:`, the day before this one starts",
        )
    if start is None:
        yield Hit(
            "this name has no `from:`, so it would apply while the one before it did",
            here,
            "give it `from:`, the day after the one before it ends",
        )
    if end is None or start is None:
        return
    days = (start - end).days
    if days < 1:
        yield Hit(
            "this name starts before the previous one ends",
            (*here, "from"),
            "list names oldest first, each starting the day after the last one ends",
        )
    elif days > 1:
        first, last = end + dt.timedelta(days=1), start - dt.timedelta(days=1)
        yield Hit(
            f"no name applies from {first.isoformat()} to {last.isoformat()}: the previous "
            f"name ends on {end.isoformat()}",
            (*here, "from"),
            f"start this name on {first.isoformat()}, or end the previous one on "
            f"{last.isoformat()}: names must cover every day",
        )


def _names_of(org: Mapping[str, object], path: Path) -> Iterator[tuple[Path, str]]:
    """An organisation's official names, short name and abbreviation, with their paths."""
    names = org.get("names")
    for index, name in enumerate(names if isinstance(names, list) else []):
        if isinstance(name, Mapping) and isinstance(name.get("name"), str):
            yield (*path, "names", index, "name"), name["name"]
    for key in ("short_name", "abbreviation"):
        value = org.get(key)
        if isinstance(value, str):
            yield (*path, key), value


def _printed_names(facts: RecordFacts) -> Iterator[tuple[Path, str]]:
    """Every official name, short name and abbreviation of the registry, with its path."""
    for path, org in facts.at("entry"):
        if isinstance(org, Mapping):
            yield from _names_of(org, path)


def duplicate_name(facts: RecordFacts) -> Iterator[Hit]:
    """Each name, short name and abbreviation belongs to one organisation: a record that prints
    a name two organisations share could mean either, and its rules could not tell which.

    Passes: `hmicfrs` abbreviated HMICFRS and `hmcpsi` HMCPSI.
    Fails: `howard-league` abbreviated HMICFRS too.
    """
    owner: dict[str, str] = {}
    for path, org in facts.at("entry"):
        org_id = org.get("id") if isinstance(org, Mapping) else None
        if not isinstance(org, Mapping) or not isinstance(org_id, str):
            continue
        for name_path, text in _names_of(org, path):
            key = " ".join(text.split())
            if owner.setdefault(key, org_id) != org_id and facts.ok(name_path):
                yield Hit(
                    f"'{key}' is also a name of `{owner[key]}`",
                    name_path,
                    "give each organisation names of its own; if the two are one organisation, "
                    "merge the entries",
                )


def invisible_name(facts: RecordFacts) -> Iterator[Hit]:
    """A name documents print (an official name, short name or abbreviation) has something to
    see: one made only of characters that print as nothing (U+200B ZERO WIDTH SPACE, U+3164
    HANGUL FILLER…) passes for written but prints as a blank.

    Passes: ``abbreviation: CQC``. Fails: ``abbreviation: "\\u3164"`` (U+3164 HANGUL FILLER).
    """
    for path, text in _printed_names(facts):
        unseen = characters.invisible(text)
        if unseen and facts.ok(path):
            named = characters.names(unseen)
            yield Hit(
                f"the name prints as nothing: it holds only {named}",
                path,
                f"delete {named} and write the name",
            )


def bidi_in_registry(facts: RecordFacts) -> Iterator[Hit]:
    """No text of the registry holds a bidi control (Unicode's Bidi_Control: U+202A to U+202E,
    U+2066 to U+2069, U+061C, U+200E, U+200F), which would make a name read one way in the
    registry and another where it is printed.

    Passes: ``name: Care Quality Commission``.
    Fails: ``name: "Care Quality \\u202enoissimmoC"``, shown as "Care Quality Commission".
    """
    yield from bidi_control(facts)
