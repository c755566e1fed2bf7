"""The registry of organisations: look-ups by id and by any printed name."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from hmip_docs.core.dates import iso_date


class OfficialName(NamedTuple):
    """An official name and the days it applied (inclusive; None means open-ended)."""

    name: str
    start: dt.date | None
    end: dt.date | None

    def applies_on(self, day: dt.date) -> bool:
        """Whether this was the organisation's name on ``day``."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


class Organisation(NamedTuple):
    """One organisation of the registry."""

    id: str
    kind: str
    names: tuple[OfficialName, ...]
    short_name: str | None
    abbreviation: str | None
    printed_variants: tuple[str, ...] = ()
    """Other forms publications have printed the name in, kept as published (``NAPO``)."""

    def name_on(self, day: dt.date) -> str:
        """The official name in force on ``day`` (the latest one when none matches)."""
        for official in self.names:
            if official.applies_on(day):
                return official.name
        return self.names[-1].name

    @property
    def short(self) -> str:
        """The short form documents print: short name, else abbreviation, else latest name."""
        return self.short_name or self.abbreviation or self.names[-1].name

    def printed_forms(self, day: dt.date | None = None) -> Iterator[str]:
        """Every form a document may print the organisation by: its official names (on ``day``,
        those in force and former ones, not those still to come), short name, abbreviation and
        the printed variants the registry lists."""
        for official in self.names:
            if day is None or official.start is None or official.start <= day:
                yield official.name
        if self.short_name:
            yield self.short_name
        if self.abbreviation:
            yield self.abbreviation
        yield from self.printed_variants

    def known_names(self, day: dt.date | None = None) -> Iterator[str]:
        """Every name a document dated ``day`` may print for the organisation on its own, as in
        a list of respondents: its printed forms, and each name followed by the abbreviation in
        brackets ("Youth Justice Board (YJB)")."""
        forms = list(dict.fromkeys(self.printed_forms(day)))
        yield from forms
        if self.abbreviation:
            for form in forms:
                if form != self.abbreviation and form not in self.printed_variants:
                    yield f"{form} ({self.abbreviation})"


def _listed(value: object) -> list[Any]:
    """A list as it is; anything else (a wrong type the schema reports) as no entries."""
    return value if isinstance(value, list) else []


def _text(value: object) -> str | None:
    """Text as it is; anything else (a wrong type the schema reports) as absent."""
    return value if isinstance(value, str) else None


class Registry(NamedTuple):
    """All organisations by id (the first of a duplicated id wins; validation reports it)."""

    by_id: Mapping[str, Organisation]

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Registry:
        """Build from the registry file's data as loaded (tolerates invalid entries)."""
        by_id: dict[str, Organisation] = {}
        for entry in _listed(data.get("organisations")):
            if not isinstance(entry, Mapping) or not isinstance(entry.get("id"), str):
                continue
            names = tuple(
                OfficialName(str(n["name"]), iso_date(n.get("from")), iso_date(n.get("until")))
                for n in _listed(entry.get("names"))
                if isinstance(n, Mapping) and isinstance(n.get("name"), str)
            )
            if not names:
                continue
            by_id.setdefault(
                entry["id"],
                Organisation(
                    id=entry["id"],
                    kind=str(entry.get("kind", "other")),
                    names=names,
                    short_name=_text(entry.get("short_name")),
                    abbreviation=_text(entry.get("abbreviation")),
                    printed_variants=tuple(
                        v for v in _listed(entry.get("printed_variants")) if isinstance(v, str)
                    ),
                ),
            )
        return cls(by_id)

    def get(self, org_id: object) -> Organisation | None:
        """The organisation with this id, or None."""
        return self.by_id.get(org_id) if isinstance(org_id, str) else None
