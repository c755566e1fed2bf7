"""Dates as records write them: ISO 8601 calendar dates, ``2022-04-29``."""

from __future__ import annotations

import datetime as dt
import re

_FORM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def iso_date(value: object) -> dt.date | None:
    """The date a text writes as ``YYYY-MM-DD``, or None for anything else: a wrong type, a text
    that is not a date (``2021-02-30``), or another ISO form Python would also read (``20220429``,
    ``2022-W17-5``)."""
    if not isinstance(value, str) or not _FORM.fullmatch(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None
