"""Rules on printed prose that the output checks would otherwise refuse at build time.

Each mirrors an output rule of ``checks/document.py`` that record content can trigger (a text
starting with a typed number, a link whose text is an address, a blank text, a heading's label), so
the author hears of it at the record's own line, and a record that validates always builds. They
look only at fields a document prints: a field the schema lists in ``"x-unprinted"`` is data.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from hmip_docs.core import characters, printed_patterns
from hmip_docs.validate.rules.base import Hit, Path, RecordFacts
from hmip_docs.validate.schema import instances


def _unprinted(facts: RecordFacts) -> list[Path]:
    # The patterns come with the compiled schema (as template_lint.coverage.not_printed finds).
    # They are the same fields.
    return [
        path for pattern in facts.schema.unprinted for path, _ in instances(facts.data, pattern)
    ]


def _printed(facts: RecordFacts, def_name: str) -> Iterator[tuple[Path, str]]:
    """Every string the schema types with ``$defs/def_name`` in a printed field."""

    def find() -> list[tuple[Path, str]]:
        # A set, found once per record: records with thousands of entries stay linear.
        skip = facts.once("unprinted", lambda: set(_unprinted(facts)))
        return [
            (path, value)
            for path, value in facts.at(def_name)
            if isinstance(value, str) and not any(path[:n] in skip for n in range(len(path) + 1))
        ]

    return iter(facts.once(("printed", def_name), find))


def _paragraph_texts(facts: RecordFacts) -> Iterator[tuple[Path, str]]:
    """Printed texts as a reader sees them: prose with its markup and placeholders resolved,
    labels and titles as they are."""
    for path, text in _printed(facts, "text"):
        yield path, facts.parsed(text).plain
    yield from _printed(facts, "plain-text")


def typed_number(facts: RecordFacts) -> Iterator[Hit]:
    """Printed text does not start with a typed number such as "1.1", "2." or "(3)": Word numbers
    the document's paragraphs and lists itself, and a typed number reads as a fake list item
    (``output-typed-number``).

    Passes: "The consultation set out the following two requests:".
    Fails: "1.1 The consultation set out the following two requests:".
    """
    for path, text in _paragraph_texts(facts):
        match = printed_patterns.TYPED_NUMBER.match(text)
        if match:
            yield Hit(
                f"the text starts with the typed number '{match.group(1)}', which the document "
                "would show as a fake list number",
                path,
                "remove the number (Word numbers the paragraphs), or reword so the text does "
                "not open with a number and a full stop",
            )


def link_text(facts: RecordFacts) -> Iterator[Hit]:
    """A link's text says where it goes, not its address: screen readers spell an address out
    character by character (``output-link-text``).

    Passes: "our [corporate plan][corporate-plan]".
    Fails: "[https://www.justiceinspectorates.gov.uk/hmiprobation/][corporate-plan]", and a
    link with no words, "[ ][corporate-plan]".
    """
    for path, text in _printed(facts, "text"):
        for span in facts.parsed(text).spans:
            if span.link is None:
                continue
            hint = (
                "write what the reader will find there, for example [our corporate plan]"
                f"[{span.link or 'link-id'}]"
            )
            unseen = characters.invisible(span.text)
            if not span.text.strip():
                yield Hit(f"the link `{span.link}` has no text", path, hint)
            elif unseen:
                yield Hit(
                    f"the link `{span.link}` has no text to see: it holds only "
                    f"{characters.names(unseen)}",
                    path,
                    hint,
                )
            elif printed_patterns.BARE_ADDRESS.match(span.text):
                yield Hit(
                    f"the link text '{span.text.strip()}' is an address, not words saying where "
                    "it goes",
                    path,
                    hint,
                )


def blank_text(facts: RecordFacts) -> Iterator[Hit]:
    """A printed text still has words once its markup is read: "** **" or "\\ " prints as an
    empty paragraph, which screen readers announce as blank (``output-empty-paragraph``).

    Passes: "**Adult**". Fails: "** **".
    """
    for path, text in _printed(facts, "text"):
        if not facts.parsed(text).plain.strip():
            yield Hit(
                "the text has no words once its markup is read, so it prints as an empty paragraph",
                path,
                "write the text, or remove the entry",
            )


def heading_label(facts: RecordFacts) -> Iterator[Hit]:
    """Printed text does not start with a label the document uses for its headings
    ("Consultation question \u2013 "): a paragraph starting with it would have to be a heading
    (``output-heading-label``).

    Passes: ``heading: research projects``, which the template prints after the label.
    Fails: a feedback paragraph "Consultation question \u2013 research: most respondents…".
    """
    for path, text in _paragraph_texts(facts):
        for label in printed_patterns.HEADING_LABELS:
            if text.startswith(label):
                yield Hit(
                    f"the text starts with '{label.strip()}', the label of the document's "
                    "question headings",
                    path,
                    "reword the start of the text; for a heading's own words write only what "
                    "follows the label (the template prints the label)",
                )


PRINTED_BEFORE_TABLES = ("heading", "guidance", "prompt", "summary")
"""A question's parts that the template prints before its tables, in section 3."""


class _Table(NamedTuple):
    """A table section 3 prints: what it is, where the record holds it, and the fix."""

    what: str
    path: Path
    fix: str
    at_key: bool = False


def _name(value: dict[str, Any], key: str, fallback: str) -> str:
    """The words a part is known by in a message: its ``key`` field, or ``fallback``."""
    given = value.get(key)
    return f"'{given}'" if isinstance(given, str) and given.strip() else fallback


def _section_3(questions: list[Any]) -> Iterator[_Table | None]:
    """Section 3's blocks in printed order: each table, and None for anything else printed."""
    for q_index, question in enumerate(questions):
        if not isinstance(question, dict):
            yield None
            continue
        if any(question.get(key) for key in PRINTED_BEFORE_TABLES):
            yield None
        q_name = _name(question, "question", f"number {q_index + 1}")
        areas = question.get("areas")
        for a_index, area in enumerate(areas if isinstance(areas, list) else ()):
            if not isinstance(area, dict):
                continue
            if area.get("heading"):
                yield None
            yield _Table(
                f"area {_name(area, 'id', f'number {a_index + 1}')} of question {q_name}",
                ("responses", "questions", q_index, "areas", a_index),
                "give this area a heading"
                + ("" if a_index else ", or give the question a heading, prompt or summary"),
            )
        if question.get("comments"):
            yield _Table(
                f"comments of question {q_name}",
                ("responses", "questions", q_index, "comments"),
                "give the question a heading, prompt or summary",
                at_key=True,
            )
        if question.get("none_received"):
            yield None


def tables_apart(facts: RecordFacts) -> Iterator[Hit]:
    """A table of section 3 never follows another table with nothing printed between them: Word
    joins two such tables into one, so readers, and screen readers, meet the second table's
    header row in the middle of the first (``output-tables-apart``).

    An area prints its heading (when it has one) and then its table of suggestions; comments on a
    proposal print as a table too. So an area after another area needs a heading, and a
    question's first table needs a heading of its own, or the question a heading, guidance, a
    prompt or a summary, wherever the question before it ended with a table.

    Passes: two areas each with a ``heading``. Fails: a second area with no ``heading``.
    """
    responses = facts.data.get("responses")
    questions = responses.get("questions") if isinstance(responses, dict) else None
    if not isinstance(questions, list):
        return
    before: _Table | None = None  # the block printed just above: a table, or None
    for block in _section_3(questions):
        if block is not None and before is not None:
            yield Hit(
                f"the table of {block.what} would print straight after the table of "
                f"{before.what}, and Word joins two tables with nothing between them into one",
                block.path,
                block.fix,
                at_key=block.at_key,
            )
        before = block
