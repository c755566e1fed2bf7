"""The vocabulary of decision kinds: what an outcome or a response to a comment may decide.

The kinds are data a policy team extends without code: ``decisions.yaml`` beside the registry
(``records/decisions.yaml``). Each kind has an id, a plain meaning, what it points to (a later
programme year, an item of the programme, outside work, or nothing) and the kinds of response it
may answer. Rules read it (``validate/rules/decisions.py``) and ``docs/records.md`` lists it;
``decisions_file.py`` reads it from its file.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

FILE_NAME = "decisions.yaml"

POINTS_TO: dict[str, str] = {
    "later-year": "a later programme year, named under `year:`; the edition for that year must "
    "take it up",
    "programme": "a thematic or research item of the Inspectorate's programme (`item:` may name "
    "a thematic of the record by its id, `research:` a research project by its words)",
    "outside": "work outside the Inspectorate",
    "nothing": "nothing further",
}
"""What a kind may point to, and what that means for the entries that use it."""

RESPONSES: dict[str, str] = {
    "suggestions": "outcomes answering suggested topics",
    "comments": "responses to comments on a proposal",
}
"""The kinds of response a decision kind may answer (``for:``)."""


class Kind(NamedTuple):
    """One decision kind."""

    id: str
    meaning: str
    points_to: str
    answers: tuple[str, ...]


class Vocabulary(NamedTuple):
    """Every decision kind by id, and the file they came from."""

    kinds: Mapping[str, Kind]
    file: str = ""

    def get(self, kind_id: object) -> Kind | None:
        """The kind with this id, or None."""
        return self.kinds.get(kind_id) if isinstance(kind_id, str) else None


def beside(registry_path: Path) -> Path:
    """Where the vocabulary of a registry is: ``decisions.yaml`` in the registry's folder."""
    return registry_path.with_name(FILE_NAME)
