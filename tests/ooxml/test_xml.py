"""The WordprocessingML helpers: on/off and value attributes, children found without a path
search, a paragraph's text as a reader sees it, snippets, and tag-like sequences."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from hmip_docs.ooxml.xml import (
    W,
    child_of,
    grandchild_of,
    is_on,
    paragraph_text,
    parse_xml,
    snippet,
    template_tags,
    to_int,
    value_of,
)

NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def xml(fragment: str) -> etree._Element:
    """A WordprocessingML element written with the ``w:`` prefix."""
    return etree.fromstring(re.sub(r"^<(w:\w+)", rf"<\1 {NS}", fragment, count=1))


@pytest.mark.parametrize(
    ("fragment", "on"),
    [
        ("<w:b/>", True),
        ('<w:b w:val="1"/>', True),
        ('<w:b w:val="true"/>', True),
        ('<w:b w:val="on"/>', True),
        ('<w:b w:val="0"/>', False),
        ('<w:b w:val="false"/>', False),
        ('<w:b w:val="off"/>', False),
    ],
)
def test_an_on_off_property(fragment: str, on: bool) -> None:
    assert is_on(xml(fragment)) is on


def test_an_absent_property_is_off() -> None:
    assert is_on(None) is False


def test_the_value_attribute() -> None:
    assert value_of(xml('<w:pStyle w:val="Heading1"/>')) == "Heading1"
    assert value_of(xml("<w:pStyle/>")) is None
    assert value_of(None) is None


def test_the_first_child_and_grandchild_with_a_tag() -> None:
    paragraph = xml(
        '<w:p><w:pPr/><w:pPr><w:pStyle w:val="A"/></w:pPr><w:r><w:t>x</w:t></w:r>'
        "<w:r><w:t>y</w:t></w:r></w:p>"
    )
    assert child_of(paragraph, f"{W}r") is paragraph[2]
    assert child_of(paragraph, f"{W}tbl") is None
    # the first pPr holds no pStyle: the second one's is found
    assert value_of(grandchild_of(paragraph, f"{W}pPr", f"{W}pStyle")) == "A"
    assert grandchild_of(paragraph, f"{W}r", f"{W}rPr") is None


@pytest.mark.parametrize(
    ("value", "number"), [("24", 24), ("-1", -1), (None, None), ("", None), ("12pt", None)]
)
def test_to_int(value: str | None, number: int | None) -> None:
    assert to_int(value) == number


def test_a_paragraphs_text_has_its_tabs_and_breaks_but_not_its_tab_stops() -> None:
    paragraph = xml(
        '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>'
        "<w:r><w:t>1.1</w:t><w:tab/><w:t>First</w:t></w:r>"
        '<w:r><w:br/><w:t xml:space="preserve"> line </w:t><w:cr/><w:t/></w:r>'
        "<w:r><w:instrText>PAGE</w:instrText></w:r></w:p>"
    )
    assert paragraph_text(paragraph) == "1.1\tFirst\n line \n"


@pytest.mark.parametrize(
    ("text", "width", "shown"),
    [
        ("short", 60, "short"),
        ("  spread \n over\tlines  ", 60, "spread over lines"),
        ("x" * 60, 60, "x" * 60),
        ("x" * 61, 60, "x" * 59 + "\u2026"),
        ("abcdef", 4, "abc\u2026"),
    ],
)
def test_a_snippet_is_one_line_cut_to_its_width(text: str, width: int, shown: str) -> None:
    assert snippet(text, width) == shown


@pytest.mark.parametrize(
    ("text", "tags"),
    [
        ("no braces", []),
        ("{single} braces", []),
        ("{{ name }}", ["{{", "}}"]),
        ("{% if x %}{# note #}", ["{%", "%}", "{#", "#}"]),
        ("}}{{", ["}}", "{{"]),
    ],
)
def test_tag_like_sequences_are_found(text: str, tags: list[str]) -> None:
    assert template_tags(text) == tags


def test_entities_are_not_expanded() -> None:
    """A Word part may not define text of its own making (an entity) and have it printed."""
    root = parse_xml(b'<!DOCTYPE r [<!ENTITY e "expanded">]><r>a&e;b</r>')
    assert "expanded" not in "".join(root.itertext())
