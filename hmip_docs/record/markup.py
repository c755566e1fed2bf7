"""Parse the inline markup of record prose into styled spans.

The markup is deliberately small: ``**bold**``, ``*italics*``, ``[link text][link-id]`` and
``{placeholder}`` for a value the record already holds (see ``record/placeholders.py``). A backslash
before one of the characters in ``ESCAPES`` prints that character; any other backslash prints as
written. A brace that opens or closes no placeholder is a problem, not text: it is usually half
of a placeholder. Parsing never raises: problems come back as values, so the validator can
report them and the builder can refuse to build.

Every pattern here runs in time linear in the text: no part of a token can be matched in two
ways (possessive repeats), and a link's text stops at the next ``[``, so a scan that fails never
reaches past the start of the next one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

ESCAPES: Mapping[str, str] = {
    "\\": "a backslash",
    "*": "an asterisk, not bold or italics",
    "[": "an opening square bracket, not a link",
    "]": "a closing square bracket",
    "{": "an opening brace, not a placeholder",
    "}": "a closing brace",
}
"""The escapes of prose, the one list of them: a backslash before one of these characters prints
the character (``\\*`` prints ``*``, ``\\\\`` prints ``\\``); a backslash before any other character
prints as written (``C:\\Users`` prints ``C:\\Users``). ``docs/records.md`` is generated from it."""

_ESCAPED = "[" + re.escape("".join(ESCAPES)) + "]"
_PLACEHOLDER = r"\{(?P<placeholder>[^{}\s]*+)\}"
_BRACE = r"(?P<brace>[{}])"

_TOKEN = re.compile(
    rf"\\(?P<escaped>{_ESCAPED})"
    r"|(?P<bold>\*\*)"
    r"|(?P<italic>\*)"
    rf"|\[(?P<link_text>(?:\\{_ESCAPED}|[^\[\]\n])++)\]\[(?P<link_id>[^\[\]\n]*+)\]"
    rf"|{_PLACEHOLDER}"
    rf"|{_BRACE}"
)
_IN_LINK = re.compile(rf"\\(?P<escaped>{_ESCAPED})|{_PLACEHOLDER}|{_BRACE}")
"""What a link's text may hold besides plain text: escapes, placeholders and lone braces."""
_WORD_AFTER = re.compile(r" ?\w{1,64}")


class Span(NamedTuple):
    """A run of text with one style; ``link`` is the link id in the record's ``links``."""

    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None


class MarkupProblem(NamedTuple):
    """Something in a text the markup cannot make sense of, at a character offset."""

    kind: str  # "placeholder", "brace", "unclosed", "link"
    name: str
    """The placeholder's name; for a lone brace, the brace and the word beside it
    (``{programme_yea`` or ``programme_year}``); the unclosed ``**`` or ``*``."""
    offset: int


class Parsed(NamedTuple):
    """The spans of one text and the problems met while reading it."""

    spans: tuple[Span, ...]
    problems: tuple[MarkupProblem, ...]

    @property
    def plain(self) -> str:
        """The text as a reader sees it, without markup."""
        return "".join(span.text for span in self.spans)


def parse(text: str, values: Mapping[str, str]) -> Parsed:
    """Split ``text`` into spans, substituting placeholders from ``values``."""
    spans: list[Span] = []
    problems: list[MarkupProblem] = []
    bold = italic = False
    bold_at = italic_at = 0
    buffer: list[str] = []

    def flush() -> None:
        if buffer:
            spans.append(Span("".join(buffer), bold=bold, italic=italic))
            buffer.clear()

    pos = 0
    for match in _TOKEN.finditer(text):
        buffer.append(text[pos : match.start()])
        pos = match.end()
        kind = "link" if match.group("link_text") is not None else match.lastgroup
        if kind == "escaped":
            buffer.append(match.group("escaped"))
        elif kind == "bold":
            flush()
            bold, bold_at = not bold, match.start()
        elif kind == "italic":
            flush()
            italic, italic_at = not italic, match.start()
        elif kind == "link":
            flush()
            link_id = match.group("link_id")
            start = match.start("link_text")
            link_text = _substitute(match.group("link_text"), values, start, problems)
            spans.append(Span(link_text, bold=bold, italic=italic, link=link_id))
            if not link_id:
                problems.append(MarkupProblem("link", "", match.start()))
        elif kind == "brace":
            problems.append(_lone_brace(text, match.start()))
            buffer.append(match.group(0))
        else:
            name = match.group("placeholder")
            if name in values:
                buffer.append(values[name])
            else:
                problems.append(MarkupProblem("placeholder", name, match.start()))
                buffer.append(match.group(0))
    buffer.append(text[pos:])
    flush()
    if bold:
        problems.append(MarkupProblem("unclosed", "**", bold_at))
    if italic:
        problems.append(MarkupProblem("unclosed", "*", italic_at))
    return Parsed(tuple(span for span in spans if span.text), tuple(problems))


def _substitute(
    text: str, values: Mapping[str, str], offset: int, problems: list[MarkupProblem]
) -> str:
    """Escapes and placeholders inside a link's text."""

    def one(match: re.Match[str]) -> str:
        escaped = match.group("escaped")
        if escaped is not None:
            return escaped
        name = match.group("placeholder")
        if name is None:
            problems.append(_lone_brace(text, match.start(), offset))
        elif name in values:
            return values[name]
        else:
            problems.append(MarkupProblem("placeholder", name, offset + match.start()))
        return match.group(0)

    return _IN_LINK.sub(one, text)


def _lone_brace(text: str, at: int, offset: int = 0) -> MarkupProblem:
    """The problem of a brace at ``text[at]`` that opens or closes no placeholder, named with
    the word it is attached to (what the author was most likely typing)."""
    if text[at] == "{":
        word = _WORD_AFTER.match(text, at + 1)
        return MarkupProblem("brace", "{" + (word.group() if word else ""), offset + at)
    end = at - 1 if at > 0 and text[at - 1] == " " else at
    start = end
    while start > max(0, end - 64) and (text[start - 1].isalnum() or text[start - 1] == "_"):
        start -= 1
    return MarkupProblem("brace", text[start if start < end else at : at] + "}", offset + at)


def link_ids(text: str) -> list[str]:
    """The link ids a text refers to, in order."""
    return [m.group("link_id") for m in _TOKEN.finditer(text) if m.group("link_text") is not None]
