"""The changes between two records in the record's own terms: items added, removed or moved
(matched by id and, when an id changed, by content), and fields changed.

The comparison walks both records side by side. A list of mappings is a list of items: each is
matched with the item of the same id (``IDENTITY``), then the items left over with the most alike
of the other side's. A list of texts is matched by text, then by likeness. What each list's items
are called ("thematic", "respondent") and how an item is named come from the tables below, so
the words are data. This module knows nothing of files or of the document: a ``Side`` gives it,
for each record, how a text prints (placeholders filled) and the name of an organisation id.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Literal, NamedTuple

from hmip_docs.core.pointers import escape_token
from hmip_docs.review.matching import IDENTITY, match, moved
from hmip_docs.review.words import Piece, diff, is_prose

Kind = Literal["added", "removed", "moved", "changed"]

KINDS: Mapping[str, str] = {
    "questions": "question",
    "strands": "strand",
    "thematics": "thematic",
    "removed": "removed thematic",
    "opening": "opening paragraph",
    "closing": "closing paragraph",
    "research": "research list",
    "projects": "project",
    "items": "item",
    "points": "point",
    "introduction": "introduction paragraph",
    "feedback": "feedback paragraph",
    "list": "respondent",
    "areas": "area",
    "outcomes": "outcome",
    "suggestions": "suggestion",
    "partners": "partner",
    "contributors": "contributor",
    "added_by_order": "consultee added by order",
    "statutory": "statutory consultee",
    "links": "link",
    "commitments": "commitment",
    "suppressions": "suppression",
}
"""What the items of a list (or of a mapping of items) are called, by the list's key."""

KINDS_IN: Mapping[tuple[str, str], str] = {
    ("responses", "questions"): "response to question",
    ("agreed_later", "thematics"): "thematic agreed for a later year",
}
"""Where the same key holds other items: by the parent's key and the list's key."""

ITEM_MAPPINGS = frozenset({"statutory", "links"})
"""Mappings whose keys are items (added and removed as such), not fields."""

LABEL_KEYS = (
    *("printed", "title", "topic", "heading", "organisation", "id", "question", "strand"),
    *("stage", "rule", "what", "text", "intro"),
)
"""The field an item is named by: the first of these it has."""

TEXT_KEYS = (
    *("printed", "title", "topic", "heading", "text", "intro", "description"),
    *("organisation", "id"),
)
"""The field whose printed text shows an item, and finds where it prints: the first it has."""

PRINTED_ONLY = " (as printed: a placeholder's value changed)"
"""After the field of a text written the same that prints otherwise."""

SEPARATOR = " \u203a "
"""Between the names of nested items and fields: a single right-pointing angle quotation mark."""

LABEL_LENGTH = 60


class Side(NamedTuple):
    """How one record prints: a text with its placeholders filled, and the name of an
    organisation id (``None`` for a value that is not one)."""

    fill: Callable[[str], str]
    name: Callable[[str], str | None]


def plain(_: str | None = None) -> Side:
    """A side that prints texts as written and knows no organisations (for tests)."""
    return Side(lambda text: text, lambda value: None)


class Change(NamedTuple):
    """One change: what it is (``kind``), the item it concerns, the items it lies within, the
    field changed (empty for an item added, removed or moved), the old and new values as they
    print, the word diff of a text, and the JSON pointers of both sides."""

    kind: Kind
    item: str
    within: tuple[str, ...]
    field: str = ""
    old: str | None = None
    new: str | None = None
    words: tuple[Piece, ...] = ()
    old_pointer: str | None = None
    new_pointer: str | None = None
    where: str = ""
    """Where it prints in the document, once located (``locate``)."""
    printed: bool = True
    """Whether the document prints it at all (the schema marks some fields as data only)."""
    anchor: str = ""
    """The printed text of the item the change lies in, to find a short value's place by."""

    @property
    def located_text(self) -> tuple[str, str]:
        """The text to look for in the document, and which one ("new" or "old"): a changed
        text or an item by its own text, a short value (a year, a name) by its item's."""
        side = "old" if self.kind == "removed" or not self.new else "new"
        own = (self.old if side == "old" else self.new) or ""
        if self.kind == "changed" and not self.words and self.anchor:
            return self.anchor, side
        return own, side


class _Walk(NamedTuple):
    old: Side
    new: Side
    anchors: list[str]
    """The printed texts of the items being walked, innermost last."""

    def anchor(self) -> str:
        return self.anchors[-1] if self.anchors else ""


def _pointer(parent: str, key: str | int) -> str:
    return parent + "/" + escape_token(str(key))


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LABEL_LENGTH else text[: LABEL_LENGTH - 1].rstrip() + "…"


def _printed(value: object, side: Side) -> str:
    """A value as it prints: organisations by name, texts with placeholders filled."""
    if isinstance(value, str):
        name = side.name(value)
        if name is not None:
            return name
        return side.fill(value) if is_prose(value) else value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _kind(keys: Sequence[str]) -> str:
    key = keys[-1] if keys else ""
    parent = keys[-2] if len(keys) > 1 else ""
    return KINDS_IN.get((parent, key)) or KINDS.get(key) or key.replace("_", " ") or "item"


def label(kind: str, value: object, side: Side, keys: Sequence[str] = ()) -> str:
    """An item as a reviewer knows it: ``thematic 'Girls'``, ``respondent 'Knowsley YOS'``;
    an item of an ``IDENTITY`` list by the fields that identify it."""
    name = ""
    wanted = IDENTITY.get(keys[-1] if keys else "")
    if wanted and isinstance(value, Mapping):
        name = " at ".join(str(value.get(key, "")) for key in wanted)
    elif isinstance(value, Mapping):
        for key in LABEL_KEYS:
            if isinstance(value.get(key), str) and value[key]:
                name = _printed(value[key], side)
                break
    elif isinstance(value, str):
        name = _printed(value, side)
    return f"{kind} '{_short(name)}'" if name else kind


def compare(
    old: Mapping[str, Any], new: Mapping[str, Any], old_side: Side, new_side: Side
) -> list[Change]:
    """Every change from record ``old`` to record ``new``, in the new record's order."""
    return list(_value(_Walk(old_side, new_side, []), (), (), "", "", old, new))


def _value(
    walk: _Walk,
    keys: tuple[str, ...],
    within: tuple[str, ...],
    old_ptr: str,
    new_ptr: str,
    old: object,
    new: object,
) -> Iterator[Change]:
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        if keys and keys[-1] in ITEM_MAPPINGS:
            yield from _item_mapping(walk, keys, within, old_ptr, new_ptr, old, new)
        else:
            yield from _mapping(walk, keys, within, old_ptr, new_ptr, old, new)
    elif isinstance(old, list) and isinstance(new, list):
        yield from _list(walk, keys, within, old_ptr, new_ptr, old, new)
    elif (old is None and isinstance(new, list)) or (new is None and isinstance(old, list)):
        # A list one side leaves out (commitments, suppressions): its items come and go.
        yield from _list(walk, keys, within, old_ptr, new_ptr, old or [], new or [])
    elif old != new:
        yield _field(walk, keys, within, old_ptr, new_ptr, old, new)
    elif is_prose(new) and walk.old.fill(str(old)) != walk.new.fill(str(new)):
        # The same words written, printed otherwise: a placeholder's value changed.
        change = _field(walk, keys, within, old_ptr, new_ptr, old, new)
        yield change._replace(field=change.field + PRINTED_ONLY)


def _field(
    walk: _Walk,
    keys: tuple[str, ...],
    within: tuple[str, ...],
    old_ptr: str,
    new_ptr: str,
    old: object,
    new: object,
) -> Change:
    """A field whose value changed: texts word by word, organisations by name."""
    before, after = _printed(old, walk.old), _printed(new, walk.new)
    words: tuple[Piece, ...] = ()
    names = walk.old.name(str(old)) or walk.new.name(str(new))
    if (is_prose(old) or is_prose(new)) and names is None:
        words = tuple(diff(before, after))
    own = keys[_field_start(keys, within) :]
    if not within and len(own) > 1:  # a field of the record's own sections: "document"
        item, field = own[0].replace("_", " "), SEPARATOR.join(own[1:])
    else:
        item = within[-1] if within else "record"
        field = SEPARATOR.join(own) or "text"
    return Change(
        "changed",
        item,
        within[:-1],
        field,
        before if old is not None else None,
        after if new is not None else None,
        words,
        old_ptr,
        new_ptr,
        anchor=walk.anchor(),
    )


def _field_start(keys: tuple[str, ...], within: tuple[str, ...]) -> int:
    """Where the field's own keys begin: after the last list or item mapping in ``keys``."""
    start = 0
    for n, key in enumerate(keys):
        if key.startswith("[") or (n and keys[n - 1] in ITEM_MAPPINGS):
            start = n + 1
    return start


def _mapping(
    walk: _Walk,
    keys: tuple[str, ...],
    within: tuple[str, ...],
    old_ptr: str,
    new_ptr: str,
    old: Mapping[str, Any],
    new: Mapping[str, Any],
) -> Iterator[Change]:
    for key in [*new, *(k for k in old if k not in new)]:
        yield from _value(
            walk,
            (*keys, str(key)),
            within,
            _pointer(old_ptr, key),
            _pointer(new_ptr, key),
            old.get(key),
            new.get(key),
        )


def _item_mapping(
    walk: _Walk,
    keys: tuple[str, ...],
    within: tuple[str, ...],
    old_ptr: str,
    new_ptr: str,
    old: Mapping[str, Any],
    new: Mapping[str, Any],
) -> Iterator[Change]:
    """A mapping whose keys are items (the statutory consultees, the links)."""
    kind = _kind(keys)
    for key in [*new, *(k for k in old if k not in new)]:
        op, np_ = _pointer(old_ptr, key), _pointer(new_ptr, key)
        if key not in old:
            name = _keyed(kind, key, label(kind, new[key], walk.new))
            yield Change("added", name, within, new=_printed(new[key], walk.new), new_pointer=np_)
        elif key not in new:
            name = _keyed(kind, key, label(kind, old[key], walk.old))
            yield Change("removed", name, within, old=_printed(old[key], walk.old), old_pointer=op)
        elif not isinstance(new[key], Mapping | list) and old[key] != new[key]:
            # A consultee whose organisation changed: named as the old record names it.
            change = _field(walk, (*keys, str(key)), within, op, np_, old[key], new[key])
            name = _keyed(kind, key, label(kind, old[key], walk.old))
            field = "organisation" if walk.old.name(str(old[key])) else "value"
            yield change._replace(item=name, within=within, field=field)
        else:
            inner = (*within, f"{kind} '{key}'")
            walk.anchors.append(_item_text(new[key], walk.new))
            yield from _value(walk, (*keys, "[" + str(key)), inner, op, np_, old[key], new[key])
            walk.anchors.pop()


def _keyed(kind: str, key: str, name: str) -> str:
    """An item of a mapping of items by its name, or by its key where its value names none
    (a link: ``link 'corporate-plan'``)."""
    return name if name != kind else f"{kind} '{key}'"


def _list(
    walk: _Walk,
    keys: tuple[str, ...],
    within: tuple[str, ...],
    old_ptr: str,
    new_ptr: str,
    old: list[Any],
    new: list[Any],
) -> Iterator[Change]:
    kind = _kind(keys)
    pairs = match(keys, old, new)
    shifted = moved(pairs)
    old_of = {j: i for i, j in pairs}
    paired_old = {i for i, _ in pairs}
    for j, item in enumerate(new):
        np_ = _pointer(new_ptr, j)
        if j not in old_of:
            text = _item_text(item, walk.new)
            yield Change(
                "added",
                label(kind, item, walk.new, keys),
                within,
                new=text,
                new_pointer=np_,
                anchor=walk.anchor(),
            )
            continue
        i = old_of[j]
        op = _pointer(old_ptr, i)
        name = label(kind, item, walk.new, keys)
        if (i, j) in shifted:
            yield Change(
                "moved",
                name,
                within,
                field=f"position {i + 1} → {j + 1}",
                new=_item_text(item, walk.new),
                old_pointer=op,
                new_pointer=np_,
                anchor=walk.anchor(),
            )
        walk.anchors.append(_item_text(item, walk.new))
        yield from _value(walk, (*keys, "["), (*within, name), op, np_, old[i], item)
        walk.anchors.pop()
    for i, item in enumerate(old):
        if i not in paired_old:
            text = _item_text(item, walk.old)
            op = _pointer(old_ptr, i)
            yield Change(
                "removed",
                label(kind, item, walk.old, keys),
                within,
                old=text,
                old_pointer=op,
                anchor=walk.anchor(),
            )


def _item_text(item: object, side: Side) -> str:
    """What an item prints first, to show it and find it in the document (``TEXT_KEYS``)."""
    if isinstance(item, Mapping):
        for key in TEXT_KEYS:
            if isinstance(item.get(key), str) and item[key]:
                return _printed(item[key], side)
        return ""
    return _printed(item, side)
