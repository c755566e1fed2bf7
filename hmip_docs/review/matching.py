"""Which item of one list is which item of the other: matched by id first, then, when an id
changed, by content (how alike their words are); and which of the matched items moved.

``IDENTITY`` and ``ID_KEYS`` say what identifies an item, as data."""

from __future__ import annotations

import bisect
import json
from collections.abc import Mapping, Sequence
from typing import Any

from hmip_docs.review.words import is_prose, similarity

IDENTITY: Mapping[str, tuple[str, ...]] = {"suppressions": ("rule", "path")}
"""The fields that identify an item where its list's items have no single id. Items of these
lists are matched by them only: another rule or path is another item."""

ID_KEYS = ("id", "question", "strand", "stage", "organisation", "topic")
"""The field that identifies an item: the first of these it has."""

CONTENT_MATCH = 0.5
"""How alike (0 to 1) two items must be to be taken as one item changed."""


def _identity(keys: Sequence[str], item: object) -> tuple[object, ...] | None:
    if not isinstance(item, Mapping):
        return (item,) if isinstance(item, str | int | float | bool) else None
    wanted = IDENTITY.get(keys[-1] if keys else "")
    if wanted:
        return tuple(item.get(k) for k in wanted)
    for key in ID_KEYS:
        if key in item:
            return (key, json.dumps(item[key], sort_keys=True, default=str))
    return None


def _content(item: object) -> str:
    """An item's words: its texts and values, without the syntax around them."""
    if isinstance(item, Mapping):
        return " ".join(_content(item[key]) for key in sorted(item, key=str))
    if isinstance(item, list):
        return " ".join(_content(value) for value in item)
    return "" if item is None else str(item)


def _alike_kind(old: object, new: object) -> bool:
    """Whether two unmatched items may be one item changed: two mappings, or two texts (an id,
    a year or a name is its own identity: a different one is another item)."""
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        return True
    return is_prose(old) and is_prose(new)


def match(keys: Sequence[str], old: Sequence[Any], new: Sequence[Any]) -> list[tuple[int, int]]:
    """Pairs (old index, new index) of the same item: by identity first (each identity used
    once, in order), then the most alike of the rest, if alike enough (``CONTENT_MATCH``)."""
    pairs: list[tuple[int, int]] = []
    free_old = set(range(len(old)))
    by_id: dict[tuple[object, ...], list[int]] = {}
    for i, item in enumerate(old):
        ident = _identity(keys, item)
        if ident is not None:
            by_id.setdefault(ident, []).append(i)
    free_new: list[int] = []
    for j, item in enumerate(new):
        ident = _identity(keys, item)
        found = by_id.get(ident) if ident is not None else None
        if found:
            i = found.pop(0)
            free_old.discard(i)
            pairs.append((i, j))
        else:
            free_new.append(j)
    scored = sorted(
        (-similarity(_content(old[i]), _content(new[j])), i, j)
        for i in sorted(free_old)
        for j in free_new
        if _alike_kind(old[i], new[j]) and (keys[-1] if keys else "") not in IDENTITY
    )
    taken_new: set[int] = set()
    for score, i, j in scored:
        if -score < CONTENT_MATCH:
            break
        if i in free_old and j not in taken_new:
            free_old.discard(i)
            taken_new.add(j)
            pairs.append((i, j))
    return sorted(pairs, key=lambda pair: pair[1])


def moved(pairs: Sequence[tuple[int, int]]) -> set[tuple[int, int]]:
    """The pairs that moved: those outside the longest run kept in order (pairs in new order)."""
    tails: list[int] = []  # the smallest old index ending an increasing run of each length
    tail_at: list[int] = []
    back: list[int] = [-1] * len(pairs)
    for n, (i, _) in enumerate(pairs):
        k = bisect.bisect_left(tails, i)
        if k == len(tails):
            tails.append(i)
            tail_at.append(n)
        else:
            tails[k] = i
            tail_at[k] = n
        back[n] = tail_at[k - 1] if k else -1
    kept: set[int] = set()
    n = tail_at[-1] if tail_at else -1
    while n >= 0:
        kept.add(n)
        n = back[n]
    return {pair for n, pair in enumerate(pairs) if n not in kept}
