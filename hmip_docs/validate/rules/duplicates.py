"""Lists where an entry written twice is a mistake: the same respondent, thematic title, topic.

Lists of texts (paragraphs, bullet points, criteria, projects) say so in the schema
(``uniqueItems``); a list of mappings is told apart by one or more of its fields, which JSON
Schema cannot say, so the table below says it, and one rule checks it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import NamedTuple

from hmip_docs.validate.rules.base import Hit, RecordFacts
from hmip_docs.validate.schema import instances


class Unique(NamedTuple):
    """Entries of the lists at ``where`` differ in ``keys`` (compared ignoring case and spacing
    for text)."""

    where: tuple[str, ...]
    keys: tuple[str, ...]
    entry: str
    """What one entry is called in a message: `respondent`, `thematic`."""
    hint: str


_DECISION = ("questions", "*", "decision")
_AREAS = ("responses", "questions", "*", "areas")

UNIQUE: tuple[Unique, ...] = (
    Unique(
        ("respondents", "list"),
        ("organisation",),
        "respondent",
        "list each organisation once: the document counts the entries, so a repeat prints a "
        "count one too high",
    ),
    Unique(("questions",), ("topic",), "question", "give each question its own topic"),
    Unique(("questions",), ("heading",), "question", "give each question its own heading"),
    Unique((*_DECISION, "programme", "strands"), ("strand",), "strand", "list each strand once"),
    Unique(
        (*_DECISION, "programme", "strands", "*", "thematics"),
        ("title",),
        "thematic",
        "remove the repeated thematic, or give it its own title",
    ),
    Unique((*_DECISION, "removed"), ("topic",), "removed proposal", "list each proposal once"),
    Unique(
        (*_DECISION, "agreed_later", "thematics"),
        ("topic", "year"),
        "agreed thematic",
        "list each agreed thematic once",
    ),
    Unique(
        (*_DECISION, "research"),
        ("stage",),
        "research group",
        "put the projects of one stage in one group",
    ),
    Unique(_AREAS, ("heading",), "area", "merge the two areas, or give each its own heading"),
    Unique(
        (*_AREAS, "*", "suggestions"),
        ("topic",),
        "suggestion",
        "remove the repeated suggestion",
    ),
)


def _same(value: object) -> object:
    """What two values are compared by: text ignoring case and spacing, anything else as is."""
    if isinstance(value, str):
        return " ".join(value.casefold().split())
    return value if isinstance(value, int | float | bool) or value is None else repr(value)


def duplicate_entries(facts: RecordFacts) -> Iterator[Hit]:
    """No list names the same thing twice: the same organisation among the respondents (the
    printed count would be one too high), two thematics of one strand with one title, two
    questions, strands, areas, suggestions or removed proposals with one topic or heading, two
    research groups at one stage. (Two outcomes may share a text: the published tables repeat
    "To be considered for a future thematic" where suggestions are apart.) Lists of paragraphs,
    points, criteria and projects are checked by the schema (``uniqueItems``), under the same id.

    Passes: respondents ``ofsted`` and ``yjb``. Fails: ``howard-league`` listed twice.
    """
    for unique in UNIQUE:
        for list_path, entries in instances(facts.data, unique.where):
            if not isinstance(entries, list):
                continue
            first: dict[tuple[object, ...], int] = {}
            for index, entry in enumerate(entries):
                if not isinstance(entry, Mapping) or any(k not in entry for k in unique.keys):
                    continue
                path = (*list_path, index, unique.keys[0])
                if not facts.ok(path):
                    continue
                key = tuple(_same(entry[k]) for k in unique.keys)
                if key not in first:
                    first[key] = index
                    continue
                shown = " and ".join(f"{k} `{entry[k]}`" for k in unique.keys)
                yield Hit(
                    f"{unique.entry} {index + 1} repeats {unique.entry} {first[key] + 1}: "
                    f"both have the {shown}",
                    path,
                    unique.hint,
                )
