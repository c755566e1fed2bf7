"""The vocabulary of decision kinds: what an outcome or a response to a comment may decide.

The kinds are data a policy team extends without code: ``decisions.yaml`` beside the registry
(``records/decisions.yaml``). Each kind has an id, a plain meaning, what it points to (a later
programme year, an item of the programme, outside work, or nothing) and the kinds of response it
may answer. Rules read it (``rules/decisions.py``) and ``docs/records.md`` lists it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from hmip_docs.findings import Finding, Severity

FILE_NAME = "decisions.yaml"

POINTS_TO: dict[str, str] = {
    "later-year": "a later programme year, named under `year:`; the edition for that year must "
    "take it up",
    "programme": "a thematic or research item of the Inspectorate's programme (`item:` may name "
    "a thematic of the record by its id)",
    "outside": "work outside the Inspectorate",
    "nothing": "nothing further",
}
"""What a kind may point to, and what that means for the entries that use it."""

RESPONSES: dict[str, str] = {
    "suggestions": "outcomes answering suggested topics",
    "comments": "responses to comments on a proposal",
}
"""The kinds of response a decision kind may answer (``for:``)."""

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


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


def _problem(file: str, line: int, column: int, message: str, hint: str) -> Finding:
    return Finding(
        rule="decisions-vocabulary",
        severity=Severity.ERROR,
        message=message,
        hint=hint,
        file=file,
        line=line,
        column=column,
    )


def _kind(
    entry: object, index: int, position: Any, file: str, problems: list[Finding]
) -> Kind | None:
    """One entry of ``kinds:`` as a Kind, or None with a finding saying what is wrong."""
    where = f"/kinds/{index}"
    line, column = position(where)
    if not isinstance(entry, Mapping):
        problems.append(_problem(file, line, column, "a kind is not a mapping", "write `- id: …`"))
        return None
    wrong: list[str] = []
    kind_id, meaning = entry.get("id"), entry.get("meaning")
    points, answers = entry.get("points_to"), entry.get("for")
    if not isinstance(kind_id, str) or not _ID.fullmatch(kind_id):
        wrong.append("`id:` (lower-case words joined by hyphens)")
    if not isinstance(meaning, str) or not meaning.strip():
        wrong.append("`meaning:` (plain words)")
    if points not in POINTS_TO:
        wrong.append("`points_to:` (one of " + ", ".join(POINTS_TO) + ")")
    if (
        not isinstance(answers, list)
        or not answers
        or any(answer not in RESPONSES for answer in answers)
    ):
        wrong.append("`for:` (a list of " + ", ".join(RESPONSES) + ")")
    extra = sorted(str(key) for key in entry if key not in ("id", "meaning", "points_to", "for"))
    if extra:
        wrong.append("no other fields (found " + ", ".join(f"`{key}`" for key in extra) + ")")
    if wrong:
        problems.append(
            _problem(
                file,
                line,
                column,
                f"the decision kind #{index + 1} is not complete",
                "give it " + "; ".join(wrong),
            )
        )
        return None
    return Kind(str(kind_id), str(meaning), str(points), tuple(str(a) for a in answers or ()))


def load(path: Path, file: str | None = None) -> tuple[Vocabulary | None, list[Finding]]:
    """The vocabulary in ``path`` and the problems with it (None when it cannot be used)."""
    from hmip_docs.yamlload import load_file

    shown = file if file is not None else str(path)
    if not path.exists():
        return None, [
            _problem(
                shown,
                0,
                0,
                f"there is no vocabulary of decision kinds at {shown}",
                "copy records/decisions.yaml of hmip-docs beside the registry; outcomes and "
                "comments name their kind of decision from it",
            )
        ]
    loaded = load_file(path)
    problems = [f.replace(file=shown) for f in loaded.findings]
    document = loaded.document
    if document is None or problems:
        return None, problems
    data = document.data
    entries = data.get("kinds") if isinstance(data, Mapping) else None
    if not isinstance(entries, list) or not entries:
        line, column = document.position("/kinds")
        problems.append(
            _problem(
                shown, line, column, "the vocabulary lists no kinds", "list them under `kinds:`"
            )
        )
        return None, problems
    kinds: dict[str, Kind] = {}
    for index, entry in enumerate(entries):
        kind = _kind(entry, index, document.position, shown, problems)
        if kind is None:
            continue
        if kind.id in kinds:
            line, column = document.position(f"/kinds/{index}/id")
            problems.append(
                _problem(shown, line, column, f"the kind `{kind.id}` is listed twice", "merge them")
            )
        kinds.setdefault(kind.id, kind)
    return (None if problems else Vocabulary(kinds, shown)), problems
