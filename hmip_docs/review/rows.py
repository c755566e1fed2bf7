"""Which row of one table is which row of the other, where their texts differ: matched as ``diff``
matches items, by what names the row first (its first text: the question, the suggestion, the
thematic), then by how alike the rows' words are; only rows of as many cells are matched, and only
those kept in order (a row that moved is deleted where it was and inserted where it is). A
matched row is shown with its words changed inside its cells; the rest are deleted or inserted
whole."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from hmip_docs.review.matching import CONTENT_MATCH, moved
from hmip_docs.review.wordml import TC, P, paragraph_text
from hmip_docs.review.words import similarity

if TYPE_CHECKING:
    from lxml.etree import _Element

PAIRS_LIMIT = 400
"""Past this many pairs of unnamed rows, rows are matched by their names only, so that a table
rewritten throughout compares in bounded time."""

Step = tuple["_Element | None", "_Element | None"]


def row_text(row: _Element) -> str:
    return "\0".join(paragraph_text(p) for p in row.iter(P))


def _name(row: _Element) -> str | None:
    return next((text for p in row.iter(P) if (text := paragraph_text(p).strip())), None)


def _shape(row: _Element) -> int:
    return len(row.findall(TC))


def _matched(old: Sequence[_Element], new: Sequence[_Element]) -> list[tuple[int, int]]:
    """Pairs (old index, new index) of the same row: by name, each name once and in order,
    then the most alike of the rest, if alike enough (``CONTENT_MATCH``)."""
    by_name: dict[tuple[str, int], list[int]] = {}
    for i, row in enumerate(old):
        name = _name(row)
        if name is not None:
            by_name.setdefault((name, _shape(row)), []).append(i)
    pairs: list[tuple[int, int]] = []
    free_new: list[int] = []
    for j, row in enumerate(new):
        name = _name(row)
        found = by_name.get((name, _shape(row))) if name is not None else None
        if found:
            pairs.append((found.pop(0), j))
        else:
            free_new.append(j)
    taken = {i for i, _ in pairs}
    free_old = [i for i in range(len(old)) if i not in taken]
    if len(free_old) * len(free_new) > PAIRS_LIMIT:
        return pairs
    scored = sorted(
        (-similarity(row_text(old[i]), row_text(new[j])), i, j)
        for i in free_old
        for j in free_new
        if _shape(old[i]) == _shape(new[j])
    )
    taken_new: set[int] = set()
    for score, i, j in scored:
        if -score < CONTENT_MATCH:
            break
        if i not in taken and j not in taken_new:
            taken.add(i)
            taken_new.add(j)
            pairs.append((i, j))
    return pairs


def pair(old: Sequence[_Element], new: Sequence[_Element]) -> list[Step]:
    """The rows of two stretches of a table in order, as (old, new) for a row matched, (old,
    None) for one deleted and (None, new) for one inserted: deletions before insertions."""
    pairs = sorted(_matched(old, new), key=lambda found: found[1])
    gone = moved(pairs)
    steps: list[Step] = []
    i = j = 0
    for pi, pj in (found for found in pairs if found not in gone):
        steps += [(old[k], None) for k in range(i, pi)]
        steps += [(None, new[k]) for k in range(j, pj)]
        steps.append((old[pi], new[pj]))
        i, j = pi + 1, pj + 1
    steps += [(old[k], None) for k in range(i, len(old))]
    steps += [(None, new[k]) for k in range(j, len(new))]
    return steps
