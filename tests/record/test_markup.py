"""The inline markup of record prose: bold, italics, links, placeholders and escapes parsed into
styled spans, and each problem returned with its character offset."""

from __future__ import annotations

import pytest

from hmip_docs.record import markup
from hmip_docs.record.markup import MarkupProblem, Span
from tests.conftest import ROOT

VALUES = {"programme_year": "2021/2022"}


def test_the_escapes_are_the_documented_ones() -> None:
    assert set(markup.ESCAPES) == set("\\*[]{}")
    page = (ROOT / "docs" / "records.md").read_text(encoding="utf-8")
    for char in markup.ESCAPES:
        assert f"| `` \\{char} `` | `` {char} ``" in page, char


@pytest.mark.parametrize(
    ("written", "printed"),
    [
        (r"C:\Users\Public and\or", r"C:\Users\Public and\or"),
        (r"\a\b\n\t\u\x\0\ \"", r"\a\b\n\t\u\x\0\ \""),
        (r"\\", "\\"),
        (r"\\\\", r"\\"),
        (r"\*not italic\*", "*not italic*"),
        (r"\\*italic*", "\\italic"),
        (r"\[not a link\]\[id\]", "[not a link][id]"),
        (r"\{programme_year\}", "{programme_year}"),
        ("ends with \\", "ends with \\"),
    ],
)
def test_only_the_escapes_lose_their_backslash(written: str, printed: str) -> None:
    parsed = markup.parse(written, {"programme_year": "2021/2022"})
    assert parsed.plain == printed
    assert parsed.problems == ()


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("plain text", [Span("plain text")]),
        ("**bold** and *it*", [Span("bold", bold=True), Span(" and "), Span("it", italic=True)]),
        (
            "**b *bi* b**",
            [Span("b ", bold=True), Span("bi", bold=True, italic=True), Span(" b", bold=True)],
        ),
        ("see [the plan][plan].", [Span("see "), Span("the plan", link="plan"), Span(".")]),
        ("*[in italics][id]*", [Span("in italics", italic=True, link="id")]),
        ("year {programme_year}", [Span("year 2021/2022")]),
        ("[year {programme_year}][id]", [Span("year 2021/2022", link="id")]),
        ("[a \\] b][id]", [Span("a ] b", link="id")]),
        ("", []),
    ],
)
def test_markup_becomes_styled_spans(text: str, spans: list[Span]) -> None:
    parsed = markup.parse(text, VALUES)
    assert list(parsed.spans) == spans
    assert parsed.problems == ()


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{nope} here", MarkupProblem("placeholder", "nope", 0)),
        ("[about {nope}][id]", MarkupProblem("placeholder", "nope", 7)),
        ("the {programme_yea and", MarkupProblem("brace", "{programme_yea", 4)),
        ("the programme_year} and", MarkupProblem("brace", "programme_year}", 18)),
        ("the programme_year } and", MarkupProblem("brace", "programme_year }", 19)),
        ("a { b", MarkupProblem("brace", "{ b", 2)),
        ("[t {x][id]", MarkupProblem("brace", "{x", 3)),
        ("[the plan][]", MarkupProblem("link", "", 0)),
        ("open **bold", MarkupProblem("unclosed", "**", 5)),
        ("open *it", MarkupProblem("unclosed", "*", 5)),
    ],
)
def test_each_problem_is_named_at_its_offset(text: str, problem: MarkupProblem) -> None:
    assert markup.parse(text, VALUES).problems == (problem,)


def test_text_with_problems_still_prints_as_written() -> None:
    """Parsing never raises: the text comes back whole, and the validator reports the rest."""
    assert (
        markup.parse("a {nope} and {programme_yea", VALUES).plain == "a {nope} and {programme_yea"
    )


def test_link_ids_are_listed_in_order_escaped_links_aside() -> None:
    text = "[a][x] and [b][y], not \\[c\\][z], and [d][] and [e][x]"
    assert markup.link_ids(text) == ["x", "y", "", "x"]
