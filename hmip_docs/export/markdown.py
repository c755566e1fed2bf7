"""The document as Markdown, in reading order, so a change to a record can be reviewed as text.

It is built from the same template context as the Word document (``context/model.py``) and follows
the template's order: the cover, the four numbered sections with their paragraphs numbered as Word
numbers them (sections ``1.``, paragraphs ``1.1.``, restarting in each section; the questions one
list ``1.``, ``2.`` …), lists, and the tables as Markdown tables (the paragraphs of a cell joined
with ``<br>``). Bold and italics print as ``**…**`` and ``*…*``, links as ``[text](address)``, or
as their plain text when the record has no address for them. One paragraph is one line, so a diff
of two revisions shows each changed paragraph once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from hmip_docs.context.model import Area, Context, Decision, Guidance, Response, Run, Text

# The numbering the template gives its list styles (w:lvlText of their numbering levels); a test
# holds these to the template's own definitions.
SECTION_NUMBER = "%1."  # Heading 1
PARAGRAPH_NUMBER = "%1.%2."  # Numbered Paragraph
QUESTION_NUMBER = "%1."  # List Number
ROW_NUMBER = "%1"  # Table Number in the first column of the summary table
CELL_NUMBER = "%1."  # Table Number inside a cell
CELL_BULLET = "\u2022"  # Table Bullet

# The fixed words the template prints around the record's own text.
QUESTION_HEADING = "Consultation question \u2013 "
SUMMARY_COLUMNS = ("Number", "Question", "Post-consultation decision")
SUGGESTION_COLUMNS = ("Suggestion", "Response")
COMMENT_COLUMNS = ("Comment", "Response")

# Characters that are Markdown syntax wherever they stand; "&" only where it starts an entity.
_INLINE = re.compile(r"([\\`*_\[\]<|~])|&(?=#?\w+;)")
# What makes a line a heading, quote, list item, thematic break or setext underline.
_LINE_START = re.compile(r"^(?:([#>+=-])|(\d+)([.)])(?=\s|$))")


def _escape(text: str) -> str:
    return _INLINE.sub(lambda m: "\\" + (m.group(1) or "&"), text)


def _line(text: str) -> str:
    """Text placed at the start of a line, escaped so that it stays a plain paragraph."""
    match = _LINE_START.match(text)
    if match is None:
        return text
    if match.group(1):
        return "\\" + text
    end = match.end(2)
    return text[:end] + "\\" + text[end:]


def _url(address: str) -> str:
    if re.search(r"[\s()<>]", address):
        return "<" + address.replace("<", "%3C").replace(">", "%3E") + ">"
    return address


def _merge(runs: Iterable[Run]) -> Iterator[Run]:
    """Neighbouring runs with the same style as one, so ``**a****b**`` never appears."""
    pending: Run | None = None
    for run in runs:
        if pending is not None and (pending.bold, pending.italic, pending.link, pending.url) == (
            run.bold,
            run.italic,
            run.link,
            run.url,
        ):
            pending = Run(pending.text + run.text, run.bold, run.italic, run.link, run.url)
            continue
        if pending is not None:
            yield pending
        pending = run
    if pending is not None:
        yield pending


def _run(run: Run) -> str:
    core = run.text.strip()
    if not core:
        return run.text.replace("\n", "<br>")
    lead = run.text[: len(run.text) - len(run.text.lstrip())]
    trail = run.text[len(run.text.rstrip()) :]
    body = "<br>".join(_escape(line) for line in core.split("\n"))
    if run.link and run.url:
        body = f"[{body}]({_url(run.url)})"
    # Emphasis markers must touch the words: "** bold**" is not bold in Markdown.
    marker = ("**" if run.bold else "") + ("*" if run.italic else "")
    return lead.replace("\n", "<br>") + marker + body + marker[::-1] + trail.replace("\n", "<br>")


def inline(text: Text) -> str:
    """One text as Markdown on one line: emphasis, links, line breaks as ``<br>``."""
    return _line("".join(_run(run) for run in _merge(text.runs)))


@dataclass
class _Counter:
    """A Word list: its number continues wherever the list is used again."""

    pattern: str
    levels: list[int] = field(default_factory=lambda: [0, 0])

    def next(self, level: int = 0) -> str:
        self.levels[level] += 1
        for lower in range(level + 1, len(self.levels)):
            self.levels[lower] = 0
        label = self.pattern
        for index, value in enumerate(self.levels):
            label = label.replace(f"%{index + 1}", str(value))
        return label


@dataclass
class _Writer:
    """Collects the Markdown blocks of one document."""

    blocks: list[str] = field(default_factory=list)
    sections: _Counter = field(default_factory=lambda: _Counter(SECTION_NUMBER))
    paragraphs: _Counter = field(default_factory=lambda: _Counter(PARAGRAPH_NUMBER))
    questions: _Counter = field(default_factory=lambda: _Counter(QUESTION_NUMBER))
    rows: _Counter = field(default_factory=lambda: _Counter(ROW_NUMBER))
    criteria: _Counter = field(default_factory=lambda: _Counter(CELL_NUMBER))

    def add(self, block: str) -> None:
        self.blocks.append(block)

    def paragraph(self, text: Text) -> None:
        self.add(inline(text))

    def heading(self, level: int, text: str) -> None:
        # A closing run of "#" would be read as part of the heading's syntax. (Not a pattern
        # such as "#+$": it would try every "#" of a long run, in time quadratic in its length.)
        body = text.rstrip("#")
        if len(body) < len(text):
            text = f"{body}\\{text[len(body) :]}"
        self.add("#" * level + " " + text)

    def section(self, title: Text) -> None:
        # Heading 1 is level 1 of the list the numbered paragraphs are level 2 of.
        number = self.sections.next()
        self.paragraphs.levels[:] = [self.sections.levels[0], 0]
        self.heading(2, f"{number} {inline(title)}")

    def numbered(self, text: Text) -> None:
        self.add(f"{self.paragraphs.next(1)} {inline(text)}")

    def bullets(self, items: Iterable[Text]) -> None:
        lines = [f"- {inline(item)}" for item in items]
        if lines:
            self.add("\n".join(lines))

    def guidance(self, guidance: Guidance) -> None:
        self.add(f"> {inline(guidance.text)}")
        self.bullets(guidance.points)

    def table(self, columns: tuple[str, ...], rows: Iterable[tuple[str, ...]]) -> None:
        lines = [
            "| " + " | ".join(_escape(c) for c in columns) + " |",
            "|" + "|".join(" --- " for _ in columns) + "|",
        ]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        self.add("\n".join(lines))

    def markdown(self) -> str:
        return "\n\n".join(self.blocks) + "\n"


def _cell(pieces: Iterable[str]) -> str:
    return "<br>".join(pieces)


def _decision(decision: Decision, criteria: _Counter) -> Iterator[str]:
    """The paragraphs of a decision cell, in the order the template prints them."""
    for block in decision.opening:
        yield inline(block.text)
        yield from (f"{CELL_BULLET} {inline(item)}" for item in block.items)
    yield from (inline(removed) for removed in decision.removed)
    if decision.programme:
        yield inline(decision.programme.intro)
        for strand in decision.programme.strands:
            yield f"**{inline(strand.heading)}**"
            for thematic in strand.thematics:
                yield f"**{inline(thematic.title)}**"
                yield inline(thematic.description)
    if decision.agreed_later:
        yield inline(decision.agreed_later)
    if decision.criteria:
        yield inline(decision.criteria.intro)
        yield from (f"{criteria.next()} {inline(item)}" for item in decision.criteria.items)
    for research in decision.research:
        yield inline(research.intro)
        yield from (f"{CELL_BULLET} {inline(item)}" for item in research.items)
    for block in decision.closing:
        yield inline(block.text)
        yield from (f"{CELL_BULLET} {inline(item)}" for item in block.items)


def _area(out: _Writer, area: Area) -> None:
    if area.heading:
        out.heading(4, inline(area.heading))  # one below its question, as in the .docx
    out.table(
        SUGGESTION_COLUMNS,
        ((_cell(inline(s) for s in row.suggestions), inline(row.response)) for row in area.rows),
    )


def _response(out: _Writer, response: Response) -> None:
    if response.heading:
        out.heading(3, _escape(QUESTION_HEADING) + inline(response.heading))
    if response.guidance:
        out.guidance(response.guidance)
    if response.prompt:
        out.add(f"{_line(_escape(response.label))} {inline(response.prompt)}")
    if response.summary:
        out.numbered(response.summary)
    for area in response.areas:
        _area(out, area)
    if response.comments:
        out.table(
            COMMENT_COLUMNS, ((inline(c.point), inline(c.response)) for c in response.comments)
        )
    if response.none_received:
        out.numbered(response.none_received)


def markdown(ctx: Context) -> str:
    """The whole document as Markdown."""
    out = _Writer()
    out.paragraph(ctx.cover.publisher_name)
    out.heading(1, inline(ctx.cover.title))
    out.paragraph(ctx.cover.byline)

    intro = ctx.introduction
    out.section(ctx.headings.introduction)
    for paragraph in intro.paragraphs:
        out.numbered(paragraph)
    for question in ctx.questions:
        out.heading(3, _escape(QUESTION_HEADING) + inline(question.heading))
        out.add(f"{out.questions.next()} {inline(question.request)}")
    if intro.guidance_lead_in:
        out.paragraph(intro.guidance_lead_in)
    if intro.guidance:
        out.guidance(intro.guidance)
    out.numbered(intro.closing)

    out.section(ctx.headings.summary)
    out.table(
        SUMMARY_COLUMNS,
        (
            (
                out.rows.next(),
                _cell([f"**{inline(q.topic)}**", inline(q.request)]),
                _cell(_decision(q.decision, out.criteria)),
            )
            for q in ctx.questions
        ),
    )

    out.section(ctx.headings.responses)
    out.numbered(ctx.respondents_intro)
    out.bullets(ctx.respondents)
    for response in ctx.responses:
        _response(out, response)
    if ctx.responses_closing:
        out.numbered(ctx.responses_closing)

    out.section(ctx.headings.feedback)
    for paragraph in ctx.feedback:
        out.numbered(paragraph)
    return out.markdown()
