"""Years as prose writes them, and as folders name them.

Prose writes a programme year as ``2021/2022`` or ``2021/22`` and a calendar year as ``2021``
("In early 2021"); a record's folder is named ``2021-22``. Every pattern here is a fixed-width
match with fixed look-arounds, so it runs in time linear in the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

_PROSE_YEAR = re.compile(r"(?<![\d/.,])([12][0-9]{3})(?:/([0-9]{4}|[0-9]{2}))?(?![\d/])")
"""A year in prose: four digits from 1000 to 2999 standing alone (not part of a longer number,
a decimal or a date's slash), optionally followed by a slash and the next year in four or two
digits."""

_FOLDER = re.compile(r"([0-9]{4})-([0-9]{2}|[0-9]{4})")


class ProseYear(NamedTuple):
    """A year found in a text: as written, its first calendar year, and whether it is a
    programme year (two years with a slash) or a single calendar year."""

    written: str
    start: int
    programme: bool


def prose_years(text: str) -> Iterator[ProseYear]:
    """Every year written in ``text``, in order."""
    for match in _PROSE_YEAR.finditer(text):
        yield ProseYear(match.group(0), int(match.group(1)), match.group(2) is not None)


def folder_year(name: str) -> int | None:
    """The first year of a folder named for a programme year (``2022-23`` or ``2022-2023``),
    or None when the name is not of that form."""
    match = _FOLDER.fullmatch(name)
    if match is None:
        return None
    start, end = int(match.group(1)), match.group(2)
    if int(end) != (start + 1) % (100 if len(end) == 2 else 10_000):
        return None
    return start


def folder_name(start: int) -> str:
    """The folder of a programme year: ``2022-23`` for 2022/2023."""
    return f"{start}-{(start + 1) % 100:02d}"


def programme_year(start: int) -> str:
    """A programme year as records write it: ``2022/2023``."""
    return f"{start}/{start + 1}"


def parse_programme_year(text: str) -> int | None:
    """The first year of ``2022/2023``, ``2022/23`` or ``2022-23``; None for anything else."""
    match = re.fullmatch(r"([0-9]{4})[/-]([0-9]{4}|[0-9]{2})", text.strip())
    if match is None:
        return None
    start, end = int(match.group(1)), match.group(2)
    if start == 0 or int(end) != (start + 1) % (100 if len(end) == 2 else 10_000):
        return None
    return start
