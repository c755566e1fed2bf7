"""What a decision kind means for later years: the one place the commitments read it.

The kinds are a closed list in the record schema today; when they become a vocabulary file
beside the registry, each kind saying what it points to, ``points_to_later_year`` reads that
instead and nothing else here changes.
"""

from __future__ import annotations

LATER_YEAR_KINDS = frozenset({"consider-in-later-year", "strand-of-later-thematic"})
"""Outcome decisions that promise something for the later programme year they name: a topic
considered then, or made a strand of a thematic planned for then."""

DESCRIPTIONS = {
    "consider-in-later-year": "to be considered in",
    "strand-of-later-thematic": "a possible strand of a thematic planned for",
}


def points_to_later_year(decision: object) -> bool:
    """Whether an outcome with this decision kind commits the publisher to a later year."""
    return isinstance(decision, str) and decision in LATER_YEAR_KINDS


def describe(decision: str) -> str:
    """What a commitment of this decision kind promises, in words that read before its year."""
    return DESCRIPTIONS.get(decision, decision.replace("-", " "))
