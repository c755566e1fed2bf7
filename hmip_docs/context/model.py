"""Build the template context from a valid record: the one place that decides what is printed.

The context is a tree of frozen dataclasses. Prose is kept as ``Text`` (styled spans with link
addresses resolved), never as Word objects: ``render/word.py`` turns it into runs. The template may
use only the attributes declared here (``lint-template`` checks this), and it holds no name, year or
count of its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from hmip_docs.record import markup, placeholders
from hmip_docs.record.organisations import Registry


@dataclass(frozen=True)
class Run:
    """A run of text with one style; ``url`` is the link address ("" when unknown)."""

    text: str
    bold: bool = False
    italic: bool = False
    link: bool = False
    url: str = ""


@dataclass(frozen=True)
class Text:
    """A printed text as styled runs."""

    runs: tuple[Run, ...]

    @property
    def plain(self) -> str:
        """The words without styling."""
        return "".join(run.text for run in self.runs)

    def __str__(self) -> str:
        return self.plain


@dataclass(frozen=True)
class Block:
    """A paragraph, optionally followed by a bulleted list."""

    text: Text
    items: tuple[Text, ...]


@dataclass(frozen=True)
class Thematic:
    """A thematic of the programme: its printed title line and description."""

    title: Text
    description: Text


@dataclass(frozen=True)
class Strand:
    """One strand of the thematic programme."""

    heading: Text
    thematics: tuple[Thematic, ...]


@dataclass(frozen=True)
class Programme:
    """The thematic programme: an introductory sentence and the strands."""

    intro: Text
    strands: tuple[Strand, ...]


@dataclass(frozen=True)
class ListSection:
    """A sentence followed by a list (criteria, research projects)."""

    intro: Text
    items: tuple[Text, ...]


@dataclass(frozen=True)
class Decision:
    """The decision cell of one summary-table row, its parts in printed order."""

    opening: tuple[Block, ...]
    removed: tuple[Text, ...]
    programme: Programme | None
    agreed_later: Text | None
    criteria: ListSection | None
    research: tuple[ListSection, ...]
    closing: tuple[Block, ...]


@dataclass(frozen=True)
class Question:
    """A consultation question as the introduction and the summary table print it."""

    topic: Text
    heading: Text
    request: Text
    decision: Decision


@dataclass(frozen=True)
class Guidance:
    """Guidance to respondents: a paragraph and its points."""

    text: Text
    points: tuple[Text, ...]


@dataclass(frozen=True)
class Introduction:
    """Section 1: numbered paragraphs, the questions (from ``questions``), guidance, closing."""

    paragraphs: tuple[Text, ...]
    guidance_lead_in: Text
    guidance: Guidance
    closing: Text


@dataclass(frozen=True)
class Row:
    """One Suggestion/Response table row: suggestions that share an outcome, and the outcome."""

    suggestions: tuple[Text, ...]
    response: Text


@dataclass(frozen=True)
class Area:
    """The suggestions of one area of inspection."""

    heading: Text
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Response:
    """Section 3's part for one question."""

    heading: Text
    guidance: Guidance
    label: str
    prompt: Text
    summary: Text
    areas: tuple[Area, ...]


@dataclass(frozen=True)
class Headings:
    """The headings of the four numbered sections."""

    introduction: Text
    summary: Text
    responses: Text
    feedback: Text


@dataclass(frozen=True)
class Cover:
    """The cover page."""

    publisher_name: Text
    title: Text
    byline: Text


@dataclass(frozen=True)
class Properties:
    """Document properties (not printed): title, author, language, dates."""

    title: str
    author: str
    language: str
    published: str


@dataclass(frozen=True)
class Context:
    """Everything the template prints."""

    properties: Properties
    cover: Cover
    headings: Headings
    introduction: Introduction
    questions: tuple[Question, ...]
    respondents_intro: Text
    respondents: tuple[Text, ...]
    responses: tuple[Response, ...]
    responses_closing: Text | None
    feedback: tuple[Text, ...]


class _Builder:
    """Turns record text into ``Text`` with the record's placeholders and links."""

    def __init__(self, record: Mapping[str, Any], registry: Registry) -> None:
        self.values = placeholders.values(record, registry)
        self.links: Mapping[str, Any] = record.get("links") or {}

    def text(self, source: str) -> Text:
        parsed = markup.parse(source, self.values)
        return Text(tuple(self._run(span) for span in parsed.spans))

    def plain(self, source: str) -> Text:
        return Text((Run(source),))

    def texts(self, sources: Sequence[str] | None) -> tuple[Text, ...]:
        return tuple(self.text(source) for source in sources or ())

    def _run(self, span: markup.Span) -> Run:
        if span.link is None:
            return Run(span.text, bold=span.bold, italic=span.italic)
        url = str((self.links.get(span.link) or {}).get("address", ""))
        return Run(span.text, bold=span.bold, italic=span.italic, link=True, url=url)

    def block(self, data: Mapping[str, Any]) -> Block:
        return Block(self.text(data["text"]), self.texts(data.get("items")))

    def guidance(self, data: Mapping[str, Any]) -> Guidance:
        return Guidance(self.text(data["text"]), self.texts(data["points"]))

    def thematic(self, data: Mapping[str, Any]) -> Thematic:
        title = data["title"]
        if data.get("abbreviation"):
            title = f"{title} ({data['abbreviation']})"
        return Thematic(self.plain(title), self.text(data["description"]))

    def decision(self, data: Mapping[str, Any]) -> Decision:
        programme = data.get("programme")
        criteria = data.get("criteria")
        agreed = data.get("agreed_later")
        return Decision(
            opening=tuple(self.block(b) for b in data.get("opening") or ()),
            removed=tuple(self.text(r["text"]) for r in data.get("removed") or ()),
            programme=Programme(
                self.text(programme["intro"]),
                tuple(
                    Strand(
                        self.plain(strand["heading"]),
                        tuple(self.thematic(t) for t in strand["thematics"]),
                    )
                    for strand in programme["strands"]
                ),
            )
            if programme
            else None,
            agreed_later=self.text(agreed["text"]) if agreed else None,
            criteria=ListSection(self.text(criteria["intro"]), self.texts(criteria["items"]))
            if criteria
            else None,
            research=tuple(
                ListSection(self.text(g["intro"]), self.texts(g["projects"]))
                for g in data.get("research") or ()
            ),
            closing=tuple(self.block(b) for b in data.get("closing") or ()),
        )

    def area(self, data: Mapping[str, Any]) -> Area:
        outcomes = {o["id"]: o for o in data["outcomes"]}
        grouped: dict[str, list[Text]] = {}
        for suggestion in data["suggestions"]:
            grouped.setdefault(suggestion["outcome"], []).append(self.plain(suggestion["topic"]))
        rows = tuple(
            Row(tuple(topics), self.text(outcomes[outcome_id]["text"]))
            for outcome_id, topics in grouped.items()
        )
        return Area(self.plain(data["heading"]), rows)


def build(record: Mapping[str, Any], registry: Registry) -> Context:
    """The template context of a record that has passed validation."""
    b = _Builder(record, registry)
    document = record["document"]
    consultation = record["consultation"]
    guidance = consultation["guidance"]
    numbers = {q["id"]: n for n, q in enumerate(record["questions"], start=1)}
    responses = record["responses"]
    closing = responses.get("closing")
    return Context(
        properties=Properties(
            title=b.text(document["title"]).plain,
            author=b.values["publisher_name"],
            language="en-GB",
            published=str(document["published"]),
        ),
        cover=Cover(
            publisher_name=b.plain(b.values["publisher_name"]),
            title=b.text(document["title"]),
            byline=b.plain(f"{b.values['publisher_short_name']}, {b.values['publication_month']}"),
        ),
        headings=Headings(
            introduction=b.text(record["headings"]["introduction"]),
            summary=b.text(record["headings"]["summary"]),
            responses=b.text(record["headings"]["responses"]),
            feedback=b.text(record["headings"]["feedback"]),
        ),
        introduction=Introduction(
            paragraphs=b.texts(consultation["introduction"]),
            guidance_lead_in=b.text(guidance["lead_in"]),
            guidance=Guidance(b.text(guidance["text"]), b.texts(guidance["points"])),
            closing=b.text(consultation["closing"]),
        ),
        questions=tuple(
            Question(
                topic=b.plain(q["topic"]),
                heading=b.plain(q["heading"]),
                request=b.text(q["request"]),
                decision=b.decision(q["decision"]),
            )
            for q in record["questions"]
        ),
        respondents_intro=b.text(record["respondents"]["intro"]),
        respondents=tuple(b.plain(r["printed"]) for r in record["respondents"]["list"]),
        responses=tuple(
            Response(
                heading=b.plain(r["heading"]),
                guidance=b.guidance(r["guidance"]),
                label=f"Q{numbers.get(r['question'], 0)}:",
                prompt=b.text(r["prompt"]),
                summary=b.text(r["summary"]),
                areas=tuple(b.area(a) for a in r["areas"]),
            )
            for r in responses["questions"]
        ),
        responses_closing=b.text(closing) if closing else None,
        feedback=b.texts(record["feedback"]),
    )
