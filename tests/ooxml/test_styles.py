"""A Word document's styles, read from the shipped template: names as Word shows them, the
chains of styles based on one another, the properties a paragraph takes from them, its heading
level and whether Word numbers it."""

from __future__ import annotations

import pytest
from lxml import etree

from hmip_docs.ooxml.package import Docx
from hmip_docs.ooxml.styles import Styles, heading_level, is_numbered, is_on_attr
from hmip_docs.ooxml.xml import W, value_of
from tests.conftest import TEMPLATE

NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


@pytest.fixture(scope="module")
def styles() -> Styles:
    return Docx.read(TEMPLATE.read_bytes()).styles


def paragraph(properties: str = "") -> etree._Element:
    """A paragraph with the given ``w:pPr`` children (none: no ``w:pPr`` at all)."""
    ppr = f"<w:pPr>{properties}</w:pPr>" if properties else ""
    return etree.fromstring(f"<w:p {NS}>{ppr}<w:r><w:t>x</w:t></w:r></w:p>")


def styled(style_id: str, more: str = "") -> etree._Element:
    return paragraph(f'<w:pStyle w:val="{style_id}"/>{more}')


def ids(chain: tuple[etree._Element, ...]) -> list[str | None]:
    return [style.get(f"{W}styleId") for style in chain]


def test_style_properties_are_found_along_based_on_chains_with_loops() -> None:
    """What a style's chain gives, worked out style by style (``Styles.along``), is what the
    chain itself gives, for random styles based on one another, on unknown styles and in
    loops, asked in any order."""
    import random

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    path = f"{{{w}}}pPr/{{{w}}}outlineLvl"
    chance = random.Random(20211101)
    for _ in range(2000):
        root = etree.Element(f"{{{w}}}styles")
        ids = [f"S{n}" for n in range(chance.randint(1, 7))]
        for style_id in ids:
            style = etree.SubElement(root, f"{{{w}}}style", {f"{{{w}}}styleId": style_id})
            if chance.random() < 0.3:
                style.set(f"{{{w}}}default", "1")
            if chance.random() < 0.8:
                based = chance.choice([*ids, "Unknown"])
                etree.SubElement(style, f"{{{w}}}basedOn", {f"{{{w}}}val": based})
            if chance.random() < 0.4:
                level = str(chance.randint(0, 8))
                props = etree.SubElement(style, f"{{{w}}}pPr")
                etree.SubElement(props, f"{{{w}}}outlineLvl", {f"{{{w}}}val": level})
        walked, along = Styles(root), Styles(root)
        for asked in [chance.choice([*ids, "Unknown", None]) for _ in range(10)]:
            nearest = next(
                (s.find(path) for s in walked.chain(asked) if s.find(path) is not None), None
            )
            assert along.style_property(asked, "outlineLvl") is nearest, etree.tostring(root)


@pytest.mark.parametrize(
    ("style_id", "name"),
    [
        ("Heading1", "Heading 1"),  # stored as "heading 1", shown capitalised
        ("Footer", "footer"),  # only built-in heading names are capitalised
        ("TableListTitle", "Table List Title"),
        ("NoSuchStyle", "NoSuchStyle"),
        (None, ""),
    ],
)
def test_a_style_is_named_as_word_shows_it(styles: Styles, style_id: str | None, name: str) -> None:
    assert styles.name(style_id) == name


@pytest.mark.parametrize(
    ("name", "style_id"), [("HEADING 1", "Heading1"), ("table text", "TableText")]
)
def test_a_style_is_found_by_its_name_whatever_the_case(
    styles: Styles, name: str, style_id: str
) -> None:
    assert styles.by_name(name) is styles.by_id[style_id]


def test_an_unknown_name_finds_no_style(styles: Styles) -> None:
    assert styles.by_name("Heading1 ") is None


@pytest.mark.parametrize(
    ("style_id", "kind", "chain"),
    [
        ("TableListTitle", "paragraph", ["TableListTitle", "TableBullet", "TableText", "Normal"]),
        ("Heading1", "paragraph", ["Heading1", "Normal"]),
        (None, "paragraph", ["Normal"]),
        ("NoSuchStyle", "paragraph", ["Normal"]),  # the kind's default
        (None, "character", ["DefaultParagraphFont"]),
        ("ConsultationTable", "table", ["ConsultationTable", "TableNormal"]),
    ],
)
def test_a_style_chain_runs_nearest_first_to_the_root(
    styles: Styles, style_id: str | None, kind: str, chain: list[str]
) -> None:
    assert ids(styles.chain(style_id, kind)) == chain


def test_a_property_is_inherited_along_the_chain(styles: Styles) -> None:
    """Table List Title sets no numbering of its own: it has Table Bullet's."""
    num_pr = styles.style_property("TableListTitle", "numPr")
    assert num_pr is not None
    assert value_of(num_pr.find(f"{W}numId")) == "4"
    assert styles.style_property("TableText", "numPr") is None


def test_a_paragraphs_own_property_wins_over_its_styles(styles: Styles) -> None:
    own = styled("Heading2", '<w:outlineLvl w:val="4"/>')
    assert value_of(styles.paragraph_property(own, "outlineLvl")) == "4"
    assert value_of(styles.paragraph_property(styled("Heading2"), "outlineLvl")) == "1"


@pytest.mark.parametrize(
    ("made", "style_id"),
    [(paragraph(), "Normal"), (styled("Heading3"), "Heading3"), (paragraph("<w:jc/>"), "Normal")],
)
def test_a_paragraphs_style_defaults_to_normal(
    styles: Styles, made: etree._Element, style_id: str
) -> None:
    assert styles.paragraph_style(made) == style_id


@pytest.mark.parametrize(
    ("made", "level"),
    [
        (styled("Title"), 1),
        (styled("Heading1"), 1),
        (styled("Heading2"), 2),
        (styled("Heading3"), 3),
        (styled("TableText"), None),
        (paragraph(), None),
        (styled("Normal", '<w:outlineLvl w:val="8"/>'), 9),
        (styled("Heading1", '<w:outlineLvl w:val="9"/>'), None),  # level 9 is body text
    ],
)
def test_a_heading_level_comes_from_the_outline_level(
    styles: Styles, made: etree._Element, level: int | None
) -> None:
    assert heading_level(styles, made) == level


@pytest.mark.parametrize(
    ("made", "numbered"),
    [
        (styled("Heading1"), True),
        (styled("NumberedParagraph"), True),
        (styled("TableListTitle"), True),  # through Table Bullet
        (styled("Heading2"), False),
        (paragraph(), False),
        (styled("Heading1", '<w:numPr><w:numId w:val="0"/></w:numPr>'), False),  # numbering off
        (styled("Normal", '<w:numPr><w:numId w:val="3"/></w:numPr>'), True),
        (styled("Normal", '<w:numPr><w:ilvl w:val="0"/></w:numPr>'), True),
    ],
)
def test_whether_word_numbers_a_paragraph(
    styles: Styles, made: etree._Element, numbered: bool
) -> None:
    assert is_numbered(styles, made) is numbered


def test_the_document_defaults_run_properties(styles: Styles) -> None:
    default = styles.default_run
    assert default is not None
    assert value_of(default.find(f"{W}sz")) == "24"
    assert styles.defaults["paragraph"] == "Normal"


def test_no_styles_part_gives_no_styles() -> None:
    empty = Styles(None)
    assert (empty.by_id, empty.default_run, empty.chain("Heading1")) == ({}, None, ())
    assert heading_level(empty, styled("Heading1")) is None


@pytest.mark.parametrize(
    ("value", "on"), [(None, False), ("1", True), ("true", True), ("0", False), ("off", False)]
)
def test_an_on_off_attribute(value: str | None, on: bool) -> None:
    assert is_on_attr(value) is on
