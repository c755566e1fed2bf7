"""Writing an edition that `hmip-docs new` started, as an author would: each item left to
write or decide is filled from a source of content (a written edition of the fixtures)."""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import yaml

PREFIXES = ("TO WRITE: ", "TO DECIDE: ")


def _markers(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(node, str):
        return [path] if node.startswith(PREFIXES) else []
    if isinstance(node, Mapping):
        return [p for key, value in node.items() for p in _markers(value, (*path, key))]
    if isinstance(node, list):
        return [p for i, value in enumerate(node) for p in _markers(value, (*path, i))]
    return []


def markers(data: Any) -> list[tuple[Any, ...]]:
    """The path of every item still to write or decide."""
    return _markers(data)


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    _get(data, path[:-1])[path[-1]] = value


def _shift(node: Any, change: Callable[[str], str]) -> Any:
    if isinstance(node, str):
        return change(node)
    if isinstance(node, Mapping):
        return {key: _shift(value, change) for key, value in node.items()}
    if isinstance(node, list):
        return [_shift(value, change) for value in node]
    return node


def write_edition(
    path: Path,
    source: Mapping[str, Any],
    *,
    change: Callable[[str], str] = lambda text: text,
    answers: Mapping[str, Mapping[str, str]] | None = None,
    extra: Mapping[tuple[Any, ...], Any] | None = None,
) -> dict[str, Any]:
    """Fill every marker of the record at ``path`` from ``source`` (the value at the same place,
    passed through ``change``), put back what an author writes afresh each year (removed and
    agreed thematics, links the prose uses, suppressions), answer each commitment from
    ``answers`` (by `what`), set ``extra`` values, and save the record."""
    data = yaml.safe_load(path.read_text("utf-8"))
    source = _shift(copy.deepcopy(dict(source)), change)
    for where in markers(data):
        if where[0] == "commitments":
            continue
        _set(data, where, _get(source, where))
    for index, question in enumerate(source["questions"][: len(data["questions"])]):
        for part in ("removed", "agreed_later"):
            if part in question["decision"]:
                data["questions"][index]["decision"][part] = question["decision"][part]
    for link, value in source["links"].items():
        data["links"].setdefault(link, value)
    if "suppressions" in source:
        data["suppressions"] = source["suppressions"]
    for entry in data.get("commitments", []):
        entry.pop("outcome")
        entry.update((answers or {})[entry["what"]])
    for where, value in (extra or {}).items():
        _set(data, where, value)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    return data
