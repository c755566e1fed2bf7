"""What a decision kind means for later years: the one place the commitments read it.

The kinds are the vocabulary of decision kinds (``decisions.yaml`` beside the registry): a kind
whose ``points_to`` is ``later-year`` commits the edition for the year its entry names, and its
``meaning`` says what was promised. A policy team that adds such a kind to the vocabulary gets
commitments from it with no change here.
"""

from __future__ import annotations

from hmip_docs.record.decisions import Vocabulary

LATER_YEAR = "later-year"
"""The ``points_to`` of the kinds that promise something for a later programme year."""


def later_year_kinds(vocabulary: Vocabulary | None) -> frozenset[str]:
    """The ids of the kinds of ``vocabulary`` that point to a later year."""
    if vocabulary is None:
        return frozenset()
    return frozenset(k.id for k in vocabulary.kinds.values() if k.points_to == LATER_YEAR)


def points_to_later_year(decision: object, vocabulary: Vocabulary | None) -> bool:
    """Whether an entry with this decision kind commits the publisher to a later year."""
    kind = vocabulary.get(decision) if vocabulary is not None else None
    return kind is not None and kind.points_to == LATER_YEAR


def _plain(meaning: str) -> str:
    """A kind's meaning as a clause: its first sentence without the quoted example, the first
    letter small ("Consider it for a named later programme year ("We will…")." gives "consider
    it for a named later programme year")."""
    clause = meaning.split(" (", 1)[0].strip().rstrip(".").strip()
    return clause[:1].lower() + clause[1:]


def describe(decision: str, vocabulary: Vocabulary | None) -> str:
    """What a commitment of this decision kind promises, in words that read before its year:
    the kind's id and meaning from the vocabulary ("decided consider-in-later-year (consider it
    for a named later programme year) for")."""
    kind = vocabulary.get(decision) if vocabulary is not None else None
    if kind is None:
        return f"decided {decision} for"
    return f"decided {kind.id} ({_plain(kind.meaning)}) for"
