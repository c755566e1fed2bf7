"""Coverage: which record fields each context attribute prints (``PRINTS``, data), the record
schema's fields and those it marks not printed, and the fields a template prints nowhere."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from hmip_docs.core import resources
from hmip_docs.validate import schema
from hmip_docs.validate.schema_marks import with_printed_marks

PRINTS: Mapping[str, tuple[str, ...]] = {
    "properties.title": ("document/title",),
    "properties.author": ("document/publisher", "document/published"),
    "properties.language": (),
    "properties.published": ("document/published",),
    "cover.publisher_name": ("document/publisher", "document/published"),
    "cover.title": ("document/title",),
    "cover.byline": ("document/publisher", "document/published"),
    "headings.introduction": ("headings/introduction",),
    "headings.summary": ("headings/summary",),
    "headings.responses": ("headings/responses",),
    "headings.feedback": ("headings/feedback",),
    "introduction.paragraphs": ("consultation/introduction",),
    "introduction.guidance_lead_in": ("consultation/guidance/lead_in",),
    "introduction.guidance.text": ("consultation/guidance/text",),
    "introduction.guidance.points": ("consultation/guidance/points",),
    "introduction.closing": ("consultation/closing",),
    "questions.topic": ("questions/*/topic",),
    "questions.heading": ("questions/*/heading",),
    "questions.request": ("questions/*/request",),
    "questions.decision.opening.text": ("questions/*/decision/opening/*/text",),
    "questions.decision.opening.items": ("questions/*/decision/opening/*/items",),
    "questions.decision.removed": ("questions/*/decision/removed/*/text",),
    "questions.decision.programme.intro": ("questions/*/decision/programme/intro",),
    "questions.decision.programme.strands.heading": (
        "questions/*/decision/programme/strands/*/heading",
    ),
    "questions.decision.programme.strands.thematics.title": (
        "questions/*/decision/programme/strands/*/thematics/*/title",
        "questions/*/decision/programme/strands/*/thematics/*/abbreviation",
    ),
    "questions.decision.programme.strands.thematics.description": (
        "questions/*/decision/programme/strands/*/thematics/*/description",
    ),
    "questions.decision.agreed_later": ("questions/*/decision/agreed_later/text",),
    "questions.decision.criteria.intro": ("questions/*/decision/criteria/intro",),
    "questions.decision.criteria.items": ("questions/*/decision/criteria/items",),
    "questions.decision.research.intro": ("questions/*/decision/research/*/intro",),
    "questions.decision.research.items": ("questions/*/decision/research/*/projects",),
    "questions.decision.closing.text": ("questions/*/decision/closing/*/text",),
    "questions.decision.closing.items": ("questions/*/decision/closing/*/items",),
    "respondents_intro": ("respondents/intro",),
    "respondents": ("respondents/list/*/printed",),
    "responses.heading": ("responses/questions/*/heading",),
    "responses.guidance.text": ("responses/questions/*/guidance/text",),
    "responses.guidance.points": ("responses/questions/*/guidance/points",),
    # "Q1:": the number of the question the response answers.
    "responses.label": ("responses/questions/*/question",),
    "responses.prompt": ("responses/questions/*/prompt",),
    "responses.summary": ("responses/questions/*/summary",),
    "responses.areas.heading": ("responses/questions/*/areas/*/heading",),
    "responses.areas.rows.suggestions": ("responses/questions/*/areas/*/suggestions/*/topic",),
    # A row prints the outcome its suggestions point at.
    "responses.areas.rows.response": (
        "responses/questions/*/areas/*/outcomes/*/text",
        "responses/questions/*/areas/*/suggestions/*/outcome",
    ),
    "responses.comments.point": ("responses/questions/*/comments/*/point",),
    "responses.comments.response": ("responses/questions/*/comments/*/response",),
    "responses.none_received": ("responses/questions/*/none_received",),
    "responses_closing": ("responses/closing",),
    "feedback": ("feedback",),
}
"""Which record fields each context attribute prints (``context/model.py`` builds one from the
other). Paths are the schema's (``*`` for any list entry or key); a field path covers the fields
below it. Every leaf of ``Context`` has an entry (a test keeps it so)."""

THROUGH_PROSE: tuple[str, ...] = (
    "document/programme_year",
    "document/published",
    "document/publisher",
    "legal_basis/cited_as",
    "consultation/letter_issued",
    "consultation/deadline",
    "links/*/address",
)
"""Record fields prose reaches through placeholders (``{programme_year}``…) and links
(``[text][id]``): printed wherever the template prints any formatted text."""

BUILD_PRINTS: tuple[str, ...] = (
    "properties.title",
    "properties.author",
    "properties.language",
    "properties.published",
)
"""Context attributes ``render/word.py`` writes into the document properties itself."""


@dataclass(frozen=True)
class RecordField:
    """A leaf field of the record schema: its path pattern, its title, and whether a document
    is meant to print it (``"x-printed": false`` on it or a field above it says not)."""

    pattern: str
    title: str
    printed: bool


def _resolve(node: Mapping[str, Any], defs: Mapping[str, Any]) -> tuple[Mapping[str, Any], str]:
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        name = ref.removeprefix("#/$defs/")
        return {**defs.get(name, {}), **{k: v for k, v in node.items() if k != "$ref"}}, name
    return node, ""


def record_fields(record_schema: Mapping[str, Any]) -> list[RecordField]:
    """Every leaf field of a record schema (a value, or a list of values), in schema order."""
    record_schema = with_printed_marks(record_schema)
    defs = record_schema.get("$defs", {})
    out: list[RecordField] = []

    def walk(
        node: Mapping[str, Any], path: tuple[str, ...], printed: bool, seen: frozenset[str]
    ) -> None:
        node, name = _resolve(node, defs)
        if name in seen:
            return
        seen = seen | {name} if name else seen
        printed = printed and node.get("x-printed", True) is not False
        children = [(key, child) for key, child in (node.get("properties") or {}).items()]
        extra = node.get("additionalProperties")
        if isinstance(extra, Mapping):
            children.append(("*", extra))
        items = node.get("items")
        if isinstance(items, Mapping):
            children.append(("*", items))
        if not children:
            out.append(RecordField("/".join(path), str(node.get("title", "")), printed))
            return
        for key, child in children:
            walk(child, (*path, key), printed, seen)

    walk(record_schema, (), True, frozenset())
    return out


def not_printed(record_schema: Mapping[str, Any]) -> list[tuple[str, ...]]:
    """The path patterns the schema marks ``"x-printed": false`` (the topmost of each)."""
    record_schema = with_printed_marks(record_schema)
    defs = record_schema.get("$defs", {})
    out: list[tuple[str, ...]] = []

    def walk(node: Mapping[str, Any], path: tuple[str, ...], seen: frozenset[str]) -> None:
        node, name = _resolve(node, defs)
        if name in seen:
            return
        seen = seen | {name} if name else seen
        if node.get("x-printed", True) is False:
            out.append(path)
            return
        for key, child in (node.get("properties") or {}).items():
            walk(child, (*path, key), seen)
        for key in ("additionalProperties", "items"):
            if isinstance(node.get(key), Mapping):
                walk(node[key], (*path, "*"), seen)

    walk(record_schema, (), frozenset())
    return out


@cache
def _record_schema() -> Mapping[str, Any]:
    loaded: Mapping[str, Any] = json.loads(
        (resources.schemas_dir() / schema.RECORD_SCHEMA).read_text("utf-8")
    )
    return loaded


def _covers(entry: str, pattern: str) -> bool:
    return pattern == entry or pattern.startswith(entry + "/")


def unprinted_fields(printed: Sequence[str], prose: bool) -> list[RecordField]:
    """The record fields meant to be printed that no printed context attribute reaches."""
    reached = [entry for path in (*printed, *BUILD_PRINTS) for entry in PRINTS.get(path, ())]
    if prose:
        reached += THROUGH_PROSE
    return [
        f
        for f in record_fields(_record_schema())
        if f.printed and not any(_covers(entry, f.pattern) for entry in reached)
    ]
