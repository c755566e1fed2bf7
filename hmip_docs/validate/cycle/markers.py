"""Items left for the author: the values ``hmip-docs new`` writes where next year's content goes.

A marker is a text value starting ``TO WRITE:`` (content to write) or ``TO DECIDE:`` (a
commitment to settle), followed by what to do. Each marker is one error finding, ``to-write``,
so a record started by ``new`` never builds until every item is done, and the findings read as a
to-do list. The schema's own complaint about a marker (a text where a date or a list belongs) is
left out, and the other rules stay quiet there: the marker says all there is to say.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from hmip_docs.validate.cycle import package as core

WRITE = "TO WRITE: "
DECIDE = "TO DECIDE: "
PREFIXES = (WRITE, DECIDE)


def write(what: str) -> str:
    """A marker for content to write."""
    return WRITE + what


def decide(what: str) -> str:
    """A marker for a decision to make."""
    return DECIDE + what


def is_marker(value: object) -> bool:
    """Whether ``value`` is an item left to write or decide."""
    return isinstance(value, str) and value.startswith(PREFIXES)


def find(data: object) -> Iterator[tuple[core.Path, str]]:
    """Every marker in ``data``, in document order."""
    stack: list[tuple[core.Path, Any]] = [((), data)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, str):
            if node.startswith(PREFIXES):
                yield path, node
        elif isinstance(node, Mapping):
            stack.extend(((*path, key), node[key]) for key in reversed(list(node)))
        elif isinstance(node, list):
            stack.extend(((*path, i), node[i]) for i in reversed(range(len(node))))


def _holds(node: object) -> bool:
    """Whether ``node`` holds a marker: a quicker test than ``find`` for the usual record, which
    holds none (records are at most 64 levels deep, so recursion is safe)."""
    if type(node) is str:
        return node.startswith(PREFIXES)
    if isinstance(node, Mapping):
        return any(_holds(value) for value in node.values())
    if isinstance(node, list):
        return any(_holds(value) for value in node)
    return False


def pointers(data: object) -> frozenset[str]:
    """The JSON pointers of every marker in ``data``."""
    if not _holds(data):
        return frozenset()
    return frozenset(core.pointer(path) for path, _ in find(data))


def unmarked(findings: Iterable[core.Finding], marked: frozenset[str]) -> list[core.Finding]:
    """``findings`` less those at or below a marker."""
    return [
        f
        for f in findings
        if f.path not in marked and not any(f.path.startswith(m + "/") for m in marked)
    ]


def to_write(facts: core.RecordFacts) -> Iterator[core.Hit]:
    """An item `hmip-docs new` left for the author: a value starting `TO WRITE:` (this year's
    content: a date, the respondents, the suggestions and outcomes, the feedback) or
    `TO DECIDE:` (what became of a commitment an earlier edition made for this year). Each is
    an error, so a record still being written never builds; together they are the to-do list
    of the new edition. Replace the marker with the content, in the form the field takes (see
    docs/records.md and docs/yearly-cycle.md).

    Passes: ``published: 2022-10``.
    Fails: ``published: 'TO WRITE: the month of publication, as YYYY-MM'``.
    """
    for path, text in facts.once("markers", lambda: list(find(facts.data))):
        kind, _, what = text.partition(": ")
        verb = "write" if kind == WRITE.rstrip(": ") else "decide"
        yield core.Hit(
            f"still to {verb}: {what.strip()}",
            path,
            f"replace the `{kind}:` marker with the content"
            if verb == "write"
            else "replace the marker with `in-programme`, `deferred` or `dropped`, and the "
            "`thematic:` (or `research:`), `year:` or `reason:` that goes with it",
        )
