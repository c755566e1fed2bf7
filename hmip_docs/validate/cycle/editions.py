"""The facts one edition holds about the others, and the rules that compare editions.

An edition is a record in a folder named for its programme year (``records/2022-23/``). What a
record says about later years (its commitments) and what it says became of earlier editions'
commitments (its ``commitments:`` answers) are read from it once, while it is validated, into a
small ``Edition``; the cross-edition rules then compare the editions of one series (the same
file name in sibling year folders) without reading any record again.

Where commitments are read from is data (``SOURCES``), and which decisions (of outcomes and of
responses to comments) point to a later year is asked of ``vocabulary``, which reads the
vocabulary of decision kinds: a change of the record model changes those two places.
"""

from __future__ import annotations

import pathlib
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from hmip_docs.record.research import PROJECTS, project_key
from hmip_docs.validate.cycle import vocabulary
from hmip_docs.validate.cycle.package import Year, instances, pointer

if TYPE_CHECKING:
    from hmip_docs.load.yamlload import Document
    from hmip_docs.record.decisions import Vocabulary

OUTCOMES = ("in-programme", "deferred", "dropped")
"""What an edition may say became of a commitment made for its year."""


class Source(NamedTuple):
    """Where a record makes commitments: entries at ``pattern``, each naming ``what`` is
    promised for the programme year at ``year``."""

    pattern: tuple[str, ...]
    what: str
    year: str
    kind: str
    """What the commitment is, in words that read before the year: "... for 2022/2023"; empty
    where the entry's ``decision`` says it (``vocabulary``), and only a decision pointing to a
    later year makes it a commitment; ``AGREED`` where the entry is a thematic agreed for a
    later year, described by its kind, lead and partners (``agreed``)."""


AGREED = "agreed"
"""The ``kind`` of a source of thematics agreed for a later year."""

SOURCES: tuple[Source, ...] = (
    Source(
        ("questions", "*", "decision", "removed", "*"),
        "topic",
        "reconsider_in",
        "removed from the programme, to be reconsidered in",
    ),
    Source(
        ("questions", "*", "decision", "agreed_later", "thematics", "*"),
        "topic",
        "year",
        AGREED,
    ),
    Source(("responses", "questions", "*", "comments", "*"), "point", "year", ""),
)
AREAS = ("responses", "questions", "*", "areas", "*")
"""Areas of suggestions, whose outcomes may point to a later year (``vocabulary``)."""
ANSWERS = ("commitments",)
PROGRAMME_THEMATICS = ("questions", "*", "decision", "programme", "strands", "*", "thematics", "*")


class Made(NamedTuple):
    """A commitment an edition makes for a later programme year."""

    for_year: int
    kind: str
    what: str
    line: int
    pointer: str


class Answer(NamedTuple):
    """What an edition says became of a commitment an earlier edition made for its year."""

    made_in: int | None
    what: str
    outcome: str
    """One of ``OUTCOMES``; empty while it is still to decide (a marker) or unreadable."""
    year: int | None
    thematic: str | None
    research: str | None
    reason: str | None
    line: int
    column: int
    pointer: str


class Edition(NamedTuple):
    """What the cross-edition rules need of one record."""

    file: str
    folder: str
    series: str
    year: int | None
    year_at: tuple[int, int]
    made: tuple[Made, ...]
    answers: tuple[Answer, ...]
    thematics: frozenset[str]
    research: frozenset[str]
    """The research projects of the programme, by the words that name them (``project_key``)."""
    answers_at: tuple[int, int]
    in_records: bool = True
    """Whether the file lies in the records folder, where each record is an edition kept in the
    folder of its year; a file given by its path from elsewhere (a draft compared with
    ``hmip-docs diff``) is checked as a record, not as an edition."""
    at_top: bool = False
    """Whether the file lies directly in the records folder, not in a folder within it."""


def _year(value: object) -> int | None:
    parsed = Year.parse(value)
    return parsed.start if parsed else None


def _text(value: object) -> str | None:
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None


def key(what: str) -> str:
    """How two editions' wordings of one commitment are compared."""
    return " ".join(what.split()).casefold()


def _names(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def agreed(entry: Mapping[str, Any]) -> str:
    """What a thematic agreed for a later year promises, from its kind, lead, partners and
    contributors, in words that read before its year ("agreed as a joint thematic led by
    hmi-probation with ofsted, cqc for")."""
    kind = entry.get("kind")
    words = ["agreed as a", f"{kind} thematic" if isinstance(kind, str) else "thematic"]
    if isinstance(entry.get("lead"), str):
        words.append(f"led by {entry['lead']}")
    if partners := _names(entry.get("partners")):
        words.append("with " + ", ".join(partners))
    elif entry.get("partners_named") is False:
        words.append("with partners still to be named")
    if contributors := _names(entry.get("contributors")):
        words.append("(contributors " + ", ".join(contributors) + ")")
    return " ".join([*words, "for"])


def _kind(source: Source, entry: Mapping[str, Any], decisions: Vocabulary | None) -> str | None:
    """What the entry of ``source`` promises, or None when it promises nothing for a later
    year (a response whose decision kind points elsewhere)."""
    if source.kind == AGREED:
        return agreed(entry)
    if source.kind:
        return source.kind
    if not vocabulary.points_to_later_year(entry.get("decision"), decisions):
        return None
    return vocabulary.describe(str(entry["decision"]), decisions)


def _from_sources(
    data: Mapping[str, Any], line: Any, decisions: Vocabulary | None
) -> Iterator[Made]:
    """Commitments of the entries ``SOURCES`` names."""
    for source in SOURCES:
        for path, entry in instances(data, source.pattern):
            if not isinstance(entry, Mapping):
                continue
            kind = _kind(source, entry, decisions)
            if kind is None:
                continue
            year, what = _year(entry.get(source.year)), _text(entry.get(source.what))
            if year is not None and what is not None:
                yield Made(year, kind, what, line(path), pointer(path))


def _later_outcomes(
    area: Mapping[str, Any], decisions: Vocabulary | None
) -> dict[str, tuple[int, str]]:
    """The outcomes of an area that point to a later year, by id: their year and what they
    promise. (Ids that are not text are the schema's to report.)"""
    later: dict[str, tuple[int, str]] = {}
    outcomes = area.get("outcomes")
    for outcome in outcomes if isinstance(outcomes, list) else ():
        if not isinstance(outcome, Mapping) or not isinstance(outcome.get("id"), str):
            continue
        if vocabulary.points_to_later_year(outcome.get("decision"), decisions):
            year = _year(outcome.get("year"))
            if year is not None:
                later[outcome["id"]] = (year, vocabulary.describe(outcome["decision"], decisions))
    return later


def _from_suggestions(
    data: Mapping[str, Any], line: Any, decisions: Vocabulary | None
) -> Iterator[Made]:
    """A commitment for each suggestion whose outcome points to a later year."""
    for path, area in instances(data, AREAS):
        if not isinstance(area, Mapping):
            continue
        later = _later_outcomes(area, decisions)
        suggestions = area.get("suggestions")
        for index, suggestion in enumerate(suggestions if isinstance(suggestions, list) else ()):
            if not isinstance(suggestion, Mapping):
                continue
            outcome = suggestion.get("outcome")
            if not isinstance(outcome, str) or outcome not in later:
                continue
            what = _text(suggestion.get("topic"))
            if what is not None:
                year, kind = later[outcome]
                where = (*path, "suggestions", index)
                yield Made(year, kind, what, line(where), pointer(where))


def _made(data: Mapping[str, Any], line: Any, decisions: Vocabulary | None) -> list[Made]:
    return [*_from_sources(data, line, decisions), *_from_suggestions(data, line, decisions)]


def _answers(data: Mapping[str, Any], position: Any) -> list[Answer]:
    answers: list[Answer] = []
    entries = data.get("commitments")
    for index, entry in enumerate(entries if isinstance(entries, list) else ()):
        if not isinstance(entry, Mapping):
            continue
        path = ("commitments", index)
        outcome = entry.get("outcome")
        line, column = position(path)
        answers.append(
            Answer(
                made_in=_year(entry.get("made_in")),
                what=_text(entry.get("what")) or "",
                outcome=outcome if outcome in OUTCOMES else "",
                year=_year(entry.get("year")),
                thematic=entry.get("thematic") if isinstance(entry.get("thematic"), str) else None,
                research=_text(entry.get("research")),
                reason=_text(entry.get("reason")),
                line=line,
                column=column,
                pointer=pointer(path),
            )
        )
    return answers


def made_by(edition: Edition) -> tuple[Made, ...]:
    """The commitments of an edition: those its content makes, and its deferrals of earlier
    editions' commitments to a later year."""
    content = {(made.for_year, key(made.what)) for made in edition.made}
    deferred = tuple(
        Made(a.year, "deferred again to", a.what, a.line, a.pointer)
        for a in edition.answers
        if a.outcome == "deferred"
        and a.year is not None
        and a.what
        and (a.year, key(a.what)) not in content  # the content says it again: once is enough
    )
    return edition.made + deferred


def extract(
    document: Document, file: str, path: pathlib.Path, decisions: Vocabulary | None
) -> Edition:
    """The edition facts of one loaded record; ``decisions`` is the vocabulary of decision
    kinds, which says which decisions point to a later year (None: none do)."""
    data = document.data if isinstance(document.data, Mapping) else {}

    def position(parts: Sequence[str | int]) -> tuple[int, int]:
        return document.position(pointer(parts))

    def line(parts: Sequence[str | int]) -> int:
        return position(parts)[0]

    thematics = frozenset(
        entry["id"]
        for _, entry in instances(data, PROGRAMME_THEMATICS)
        if isinstance(entry, Mapping) and isinstance(entry.get("id"), str)
    )
    research = frozenset(
        project_key(project) for _, project in instances(data, PROJECTS) if isinstance(project, str)
    )
    document_part = data.get("document")
    year_value = document_part.get("programme_year") if isinstance(document_part, Mapping) else None
    year_at = position(("document", "programme_year"))
    answers_at = (
        document.key_positions.get("/commitments", year_at) if "commitments" in data else year_at
    )
    return Edition(
        file=file,
        folder=path.parent.name,
        series=f"{path.parent.parent.as_posix()}/{path.name}",
        year=_year(year_value),
        year_at=year_at,
        made=tuple(_made(data, line, decisions)),
        answers=tuple(_answers(data, position)),
        thematics=thematics,
        research=research,
        answers_at=answers_at,
    )
