"""Dates as records write them: ISO 8601, ``2022-04-29``."""

from __future__ import annotations

import datetime as dt


def iso_date(value: object) -> dt.date | None:
    """The date a text writes in ISO form, or None for anything else (a wrong type, or a text
    that is not a date, such as ``2021-02-30``)."""
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None
