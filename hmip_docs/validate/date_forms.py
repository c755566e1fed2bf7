"""Read dates, months and programme years written in the common forms a record does not use.

A record writes a date ``2022-04-29``, a month ``2022-04`` and a programme year ``2021/2022``.
When a value is refused, a message is clearer if it can say "29/04/2022 is a date, but not in
the form the record uses: write 2022-04-29" than "29/04/2022 is not a real date". Numeric dates
are read day first, as in the United Kingdom, unless only the month-first reading is a date.
Nothing here decides whether a value is valid: the schema does.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from typing import NamedTuple

_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTHS["sept"] = 9
_MONTH = "(?P<month_name>[A-Za-z]{3,9})\\.?"
_DAY = "(?P<day>\\d{1,2})(?:st|nd|rd|th)?"
_YEAR = "(?P<year>\\d{4})"
_WEEKDAY = "(?:[A-Za-z]{3,9},? +)?"

_NUMERIC_DAY_FIRST = re.compile(r"(?P<a>\d{1,2})(?P<sep>[/.\-])(?P<b>\d{1,2})(?P=sep)" + _YEAR)
_NUMERIC_YEAR_FIRST = re.compile(_YEAR + r"(?P<sep>[/.\-])(?P<b>\d{1,2})(?P=sep)(?P<a>\d{1,2})")
_WORDS_DAY_FIRST = re.compile(_WEEKDAY + _DAY + " +(?:of +)?" + _MONTH + ",? +" + _YEAR)
_WORDS_MONTH_FIRST = re.compile(_WEEKDAY + _MONTH + " +" + _DAY + ",? +" + _YEAR)
_DATE_TIME = re.compile(_YEAR + r"-(?P<b>\d{2})-(?P<a>\d{2})[T ][0-9:.+\-Z ]{1,40}")

_MONTH_WORDS = re.compile(_MONTH + ",? +" + _YEAR)
_MONTH_NUMBER_FIRST = re.compile(r"(?P<month>\d{1,2})[/.\-]" + _YEAR)
_MONTH_YEAR_FIRST = re.compile(_YEAR + r"[/.\-](?P<month>\d{1,2})")

_SHORT_YEAR = re.compile(r"(?P<first>\d{4}) *(?:[/\-]| to ) *(?P<second>\d{2}|\d{4})")


class Reading(NamedTuple):
    """The record's form of a value, and how the value was read (``day/month/year``) where
    another reading was possible."""

    iso: str
    how: str = ""


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_number(name: str) -> int | None:
    return _MONTHS.get(name.lower().rstrip("."))


def _numeric(first: str, second: str, year: str) -> Reading | None:
    """A numeric date, day first unless only month first makes a date."""
    a, b, y = int(first), int(second), int(year)
    day_first, month_first = _day(y, b, a), _day(y, a, b)
    if day_first is not None:
        ambiguous = month_first is not None and a != b
        return Reading(day_first.isoformat(), "day/month/year" if ambiguous else "")
    if month_first is not None:
        return Reading(month_first.isoformat(), "month/day/year")
    return None


def read_date(value: object) -> Reading | None:
    """``value`` as ``YYYY-MM-DD`` when it is a real date in another common form
    (``29/04/2022``, ``29.4.2022``, ``29 April 2022``, ``April 29, 2022``, ``2022/4/29``)."""
    if not isinstance(value, str) or len(value) > 60:
        return None
    text = " ".join(value.split())
    if match := _NUMERIC_DAY_FIRST.fullmatch(text):
        return _numeric(match["a"], match["b"], match["year"])
    if match := _NUMERIC_YEAR_FIRST.fullmatch(text) or _DATE_TIME.fullmatch(text):
        found = _day(int(match["year"]), int(match["b"]), int(match["a"]))
        return Reading(found.isoformat()) if found else None
    for pattern in (_WORDS_DAY_FIRST, _WORDS_MONTH_FIRST):
        if match := pattern.fullmatch(text):
            month = _month_number(match["month_name"])
            found = _day(int(match["year"]), month, int(match["day"])) if month else None
            return Reading(found.isoformat()) if found else None
    return None


def read_month(value: object) -> Reading | None:
    """``value`` as ``YYYY-MM`` when it is a month in another common form (``September 2021``,
    ``Sept 2021``, ``09/2021``, ``2021/9``), or a whole date (the month it falls in)."""
    if not isinstance(value, str) or len(value) > 60:
        return None
    text = " ".join(value.split())
    if match := _MONTH_WORDS.fullmatch(text):
        month = _month_number(match["month_name"])
        return Reading(f"{match['year']}-{month:02d}") if month and int(match["year"]) else None
    for pattern in (_MONTH_NUMBER_FIRST, _MONTH_YEAR_FIRST):
        if (
            (match := pattern.fullmatch(text))
            and 1 <= int(match["month"]) <= 12
            and int(match["year"]) >= 1
        ):
            return Reading(f"{match['year']}-{int(match['month']):02d}")
    day = read_date(text)
    return Reading(day.iso[:7]) if day else None


def read_programme_year(value: object) -> Reading | None:
    """``value`` as ``YYYY/YYYY`` when it is a programme year in another common form
    (``2021/22``, ``2021-22``, ``2021-2022``, ``2021 to 2022``)."""
    if not isinstance(value, str) or len(value) > 20:
        return None
    match = _SHORT_YEAR.fullmatch(" ".join(value.split()))
    if match is None:
        return None
    first, second = int(match["first"]), match["second"]
    if first < 1:
        return None
    expected = first + 1
    if int(second) != (expected % 100 if len(second) == 2 else expected):
        return None
    return Reading(f"{first}/{expected}")


def _another_form(reader: Callable[[object], Reading | None]) -> Callable[[object], Reading | None]:
    """``reader``, answering only for a value whose record form differs from what was written
    (a value already in the record's form that the schema refused is not a matter of form)."""

    def read(value: object) -> Reading | None:
        reading = reader(value)
        return None if reading is None or reading.iso == value else reading

    return read


READERS: dict[str, Callable[[object], Reading | None]] = {
    "date": _another_form(read_date),
    "month": _another_form(read_month),
    "programme-year": _another_form(read_programme_year),
}
"""The readers a schema's ``x-errors`` may name under ``other-form``: ``reads``."""
