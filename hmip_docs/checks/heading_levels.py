"""The document's outline as the record sets it, and the output rule that the built document
follows it.

Where a heading sits in the record decides its level: the cover title and the four section
headings are level 1, a consultation question's heading is level 2, and the areas of a question
(its "Probation inspection", "Youth inspection" tables) are level 3, one down from the question
they belong to, or level 2 where the record gives the question no heading of its own.
``LEVELS`` and ``BELOW`` hold this as data, by the heading's place in the template context; a
record model that moves its headings changes those tables only.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import fields, is_dataclass
from typing import TYPE_CHECKING

from hmip_docs.checks.base import Problem
from hmip_docs.core.printed_patterns import HEADING_LABELS
from hmip_docs.ooxml.package import BODY, Docx, Heading
from hmip_docs.ooxml.styles import heading_level as style_level
from hmip_docs.ooxml.xml import W

if TYPE_CHECKING:
    from hmip_docs.context.model import Context

__all__ = ["BELOW", "LEVELS", "Heading", "heading_level", "outline"]

LEVELS: Mapping[str, int] = {
    "cover.title": 1,
    "headings.introduction": 1,
    "headings.summary": 1,
    "headings.responses": 1,
    "headings.feedback": 1,
    "questions.heading": 2,
    "responses.heading": 2,
    "responses.areas.heading": 3,
}
"""The heading level of each heading the record holds, by its place in the context (dataclass
fields joined by dots; a list's entries share the place of the list)."""

BELOW: Mapping[str, str] = {"responses.areas.heading": "responses.heading"}
"""Headings that sit one level below a heading the record may leave out: where an entry of the
list holds no heading at the second place (a question printed without its own heading), the
headings below it take that place's level instead."""


def _at(node: object, path: list[str]) -> Iterator[object]:
    """Every value at ``path`` below ``node``, going through every entry of a tuple."""
    if isinstance(node, tuple):
        for item in node:
            yield from _at(item, path)
    elif not path:
        yield node
    elif (
        is_dataclass(node)
        and not isinstance(node, type)
        and path[0] in {f.name for f in fields(node)}
    ):
        yield from _at(getattr(node, path[0]), path[1:])


def outline(ctx: Context) -> tuple[Heading, ...]:
    """The headings of ``ctx`` with their levels, place by place in ``LEVELS``'s order."""
    found = []
    for place, level in LEVELS.items():
        for value, value_level in _levelled(ctx, place, level):
            text = getattr(value, "plain", value)
            if isinstance(text, str) and text.strip():
                found.append(Heading(text, value_level, place))
    return tuple(found)


def _levelled(ctx: Context, place: str, level: int) -> Iterator[tuple[object, int]]:
    """Every value at ``place`` with its level: one up where ``BELOW`` says so and the heading
    above it is not there."""
    above = BELOW.get(place)
    if above is None:
        for value in _at(ctx, place.split(".")):
            yield value, level
        return
    shared = _shared_prefix(place.split("."), above.split("."))
    for entry in _at(ctx, shared):
        rest = place.split(".")[len(shared) :]
        heading = next(_at(entry, above.split(".")[len(shared) :]), None)
        present = bool(str(getattr(heading, "plain", heading or "")).strip())
        for value in _at(entry, rest):
            yield value, level if present else LEVELS[above]


def _shared_prefix(first: list[str], second: list[str]) -> list[str]:
    shared = []
    for a, b in zip(first, second, strict=False):
        if a != b:
            break
        shared.append(a)
    return shared


def _printed_as(text: str, heading: Heading) -> bool:
    """Whether a paragraph's text is ``heading`` as the template prints it (its words, after
    one of the fixed labels or none)."""
    if text == heading.text:
        return True
    return any(text == label + heading.text for label in HEADING_LABELS)


def heading_level(doc: Docx) -> Iterator[Problem]:
    """A heading's level follows from where the record puts it (``heading_levels.LEVELS``): the
    cover title and the section headings at level 1, a consultation question's heading at level
    2, the areas of a question at level 3, one below it. A screen reader's list of headings and
    the PDF's bookmarks then nest each area under its question. A heading of the record that is
    not printed as a heading at all is reported too.

    Breaks it: the "Probation inspection" heading (an area of the question on thematic
    inspections) in Heading 2, beside the question instead of under it.
    """
    body = doc.body
    if body is None or not doc.outline:
        return
    found: set[Heading] = set()
    for paragraph in body.iter(f"{W}p"):
        level = style_level(doc.styles, paragraph)
        if level is None:
            continue
        text = doc.text(paragraph)
        # The same words may head two places (an area and a section both called "Research"):
        # the paragraph is right if it has the level of one of them.
        places = [heading for heading in doc.outline if _printed_as(text, heading)]
        found.update(places)
        if places and all(heading.level != level for heading in places):
            wanted = places[0]
            yield Problem(
                f"'{wanted.text}' is a level {level} heading, but its place in the record "
                f"({wanted.place}) makes it level {wanted.level}",
                doc.where(BODY, paragraph),
                f"give the paragraph the Heading {wanted.level} style in the template",
            )
    for heading in doc.outline:
        if heading not in found:
            yield Problem(
                f"the record's heading '{heading.text}' ({heading.place}) is not printed as a "
                f"heading; its place makes it a level {heading.level} heading",
                "body",
                f"print it in a paragraph of the Heading {heading.level} style in the template",
            )
