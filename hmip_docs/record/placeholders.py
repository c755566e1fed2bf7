"""The closed list of placeholders prose may use, and their values for one record.

A value printed in prose that the record's structure also holds (a count, a date, a year, the
publisher's name) is written as ``{name}`` so it is never typed twice. The list is data: each
entry says what it prints, and ``docs/records.md`` is generated from it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from hmip_docs.core.dates import iso_date
from hmip_docs.record.organisations import Registry

_WORDS = (
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
    *("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"),
    *("eighteen", "nineteen", "twenty"),
)


def in_words(number: int) -> str:
    """A count as the house style prints it in prose: words up to twenty, digits above."""
    return _WORDS[number] if 0 <= number < len(_WORDS) else str(number)


def long_date(value: object) -> str:
    """``2021-03-22`` as ``22 March 2021``; anything unreadable is returned as it is."""
    day = iso_date(str(value))
    if day is None:
        return str(value)
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


def month_year(value: object) -> str:
    """``2021-09`` as ``September 2021``; anything unreadable is returned as it is."""
    text = str(value)
    try:
        year, month = (int(part) for part in text.split("-"))
    except ValueError:
        return text
    return f"{calendar.month_name[month]} {year}" if 1 <= month <= 12 else text


def _part(record: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    """The mapping under ``name``, or an empty one when it is missing or not a mapping (the
    schema reports that; rules still ask for placeholder values)."""
    part = record.get(name)
    return part if isinstance(part, Mapping) else {}


def publication_day(record: Mapping[str, Any]) -> dt.date | None:
    """The last day of the publication month: the date names and years are judged on."""
    text = str(_part(record, "document").get("published", ""))
    try:
        year, month = (int(part) for part in text.split("-"))
        return dt.date(year, month, calendar.monthrange(year, month)[1])
    except (ValueError, IndexError, calendar.IllegalMonthError):
        return None


def _publisher_name(record: Mapping[str, Any], registry: Registry) -> str:
    org = registry.get(_part(record, "document").get("publisher"))
    day = publication_day(record)
    if org is None or day is None:
        return ""
    return org.name_on(day)


def _publisher_short(record: Mapping[str, Any], registry: Registry) -> str:
    org = registry.get(_part(record, "document").get("publisher"))
    return org.short if org else ""


def _len(value: object) -> int:
    return len(value) if isinstance(value, list) else 0


def respondent_count(record: Mapping[str, Any]) -> int:
    """How many responses the list of respondents stands for: one per organisation, and for an
    entry of individual or anonymous responses, as many as it says."""
    total = 0
    entries = _part(record, "respondents").get("list")
    for entry in entries if isinstance(entries, list) else ():
        many = (
            [entry.get(k) for k in ("individuals", "anonymous")]
            if isinstance(entry, Mapping)
            else []
        )
        counted = [n for n in many if type(n) is int and n > 0]
        total += counted[0] if counted else 1
    return total


Source = Callable[[Mapping[str, Any], Registry], str]

PLACEHOLDERS: dict[str, tuple[str, Source]] = {
    "programme_year": (
        "the programme year, from document.programme_year (`2021/2022`)",
        lambda r, g: str(_part(r, "document").get("programme_year", "")),
    ),
    "publication_month": (
        "the month of publication, from document.published (`September 2021`)",
        lambda r, g: month_year(_part(r, "document").get("published", "")),
    ),
    "publisher_name": (
        "the publisher's official name on the publication date, from the registry "
        "(`Her Majesty's Inspectorate of Probation`)",
        _publisher_name,
    ),
    "publisher_short_name": (
        "the publisher's short name, from the registry (`HM Inspectorate of Probation`)",
        _publisher_short,
    ),
    "legal_basis": (
        "the Act as the publication cites it, from legal_basis.cited_as",
        lambda r, g: str(_part(r, "legal_basis").get("cited_as", "")),
    ),
    "letter_issued": (
        "the date the consultation letter was issued (`22 March 2021`)",
        lambda r, g: long_date(_part(r, "consultation").get("letter_issued", "")),
    ),
    "deadline": (
        "the deadline for responses (`30 April 2021`)",
        lambda r, g: long_date(_part(r, "consultation").get("deadline", "")),
    ),
    "question_count": (
        "how many questions there are, in digits",
        lambda r, g: str(_len(r.get("questions"))),
    ),
    "question_count_in_words": (
        "how many questions there are, in words (`two`)",
        lambda r, g: in_words(_len(r.get("questions"))),
    ),
    "respondent_count": (
        "how many responses there are, in digits (`13`): one per organisation listed, and as "
        "many as an entry of individual or anonymous responses says",
        lambda r, g: str(respondent_count(r)),
    ),
    "respondent_count_in_words": (
        "how many responses there are, in words, counted as `{respondent_count}` is",
        lambda r, g: in_words(respondent_count(r)),
    ),
}


def values(record: Mapping[str, Any], registry: Registry) -> dict[str, str]:
    """Every placeholder's value for this record."""
    return {name: source(record, registry) for name, (_, source) in PLACEHOLDERS.items()}
