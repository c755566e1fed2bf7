"""The number a respondent's printed words give ("Two individual responses") against the count
the record holds (``individuals: 2``, ``anonymous: 1``).

Which words are numbers is data (``UNITS``, ``TENS``); a text is read token by token with one
pattern whose alternatives are single character classes, so reading it takes linear time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import NamedTuple

from hmip_docs.validate.rules.base import Hit, RecordFacts
from hmip_docs.validate.schema import instances

UNITS: dict[str, int] = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
"""The number words that stand alone, and after a tens word (below ten: "twenty-one")."""

TENS: dict[str, int] = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
"""The tens words, alone or before a unit below ten."""

COUNTED = ("individuals", "anonymous")
"""The respondent fields that hold how many responses an entry stands for."""

_NUMBER_TOKEN = re.compile(r"[0-9]+|[^\W\d_]+")
"""A run of digits or of letters: no alternative can match what the other does, and neither
nests a repeat, so a scan is linear in the text's length."""

_JOINS = ("-", " ", "\u2010", "\u2011")
"""What may stand between a tens word and its unit ("twenty-one", "twenty one")."""

_DIGITS = 9
"""More digits than this are no count of responses (and would be slow to read as a number)."""


class Stated(NamedTuple):
    """A number a text states: its value and its words as printed."""

    value: int
    words: str


def stated(text: str) -> Stated | None:
    """The first number ``text`` states, in digits or words ("Two", "twenty-one", "12")."""
    tokens = list(_NUMBER_TOKEN.finditer(text))
    for index, token in enumerate(tokens):
        word = token.group().casefold()
        if word.isascii() and word.isdigit():  # "²" is a letter token, not a count
            if len(word) <= _DIGITS:
                return Stated(int(word), token.group())
            continue
        if word in UNITS:
            return Stated(UNITS[word], token.group())
        if word in TENS:
            after = tokens[index + 1] if index + 1 < len(tokens) else None
            if (
                after is not None
                and text[token.end() : after.start()] in _JOINS
                and UNITS.get(after.group().casefold(), 10) < 10
            ):
                return Stated(
                    TENS[word] + UNITS[after.group().casefold()], text[token.start() : after.end()]
                )
            return Stated(TENS[word], token.group())
    return None


def in_words(value: int) -> str:
    """``value`` in words, as a printed name would start with it ("Two", "Twenty-one"), or in
    digits where the tables have no words for it."""
    names = {number: word for word, number in (*UNITS.items(), *TENS.items())}
    if value in names:
        return names[value].capitalize()
    if 20 < value < 100 and value % 10:
        return f"{names[value - value % 10].capitalize()}-{names[value % 10]}"
    return str(value)


def respondent_count_words(facts: RecordFacts) -> Iterator[Hit]:
    """A respondent that stands for several responses (``individuals:`` or ``anonymous:``)
    prints that number, if its printed words give one (in words up to ninety-nine, or in
    digits): the structured count is what ``{respondent_count}`` adds up, so the two must
    agree. Printed words that give no number are not checked.

    Passes: ``individuals: 2`` with ``printed: Two individual responses``.
    Fails: ``individuals: 2`` with ``printed: Three individual responses``.
    """
    for path, entry in instances(facts.data, ("respondents", "list", "*")):
        if not isinstance(entry, Mapping) or not facts.clean(path):
            continue
        printed = entry.get("printed")
        held = [(key, entry[key]) for key in COUNTED if type(entry.get(key)) is int]
        number = stated(printed) if isinstance(printed, str) and len(held) == 1 else None
        if number is None or number.value == held[0][1]:
            continue
        key, count = held[0]
        yield Hit(
            f"the respondent is printed as '{printed}', which says {number.value}, but "
            f"`{key}:` holds {count}",
            (*path, "printed"),
            f"print the number `{key}:` holds ('{in_words(count)}' or {count}), or set "
            f"`{key}: {number.value}` if that many responses came in",
        )
