"""Read the vocabulary of decision kinds from its file (``decisions.yaml`` beside the registry),
with a finding, naming the file and line, for each problem.

Kept apart from ``decisions.py`` so that what only reads a vocabulary (the rules, and the
reports that describe them) never imports the loader.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hmip_docs.core.findings import Finding, Severity
from hmip_docs.record.decisions import POINTS_TO, RESPONSES, Kind, Vocabulary

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


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
    from hmip_docs.load.yamlload import load_file

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
