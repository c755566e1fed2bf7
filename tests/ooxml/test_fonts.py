"""The font and size a run prints in, resolved as Word does, in a document made from the shipped
template: the run's own properties, its character style, the paragraph style and those it is
based on, the table style, the document defaults, and the theme's fonts."""

from __future__ import annotations

import io
from collections.abc import Iterator

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt
from lxml import etree

from hmip_docs.ooxml.fonts import Font, run_font, shows_text
from hmip_docs.ooxml.package import Docx
from hmip_docs.ooxml.xml import paragraph_text
from tests.conftest import TEMPLATE


def _made() -> bytes:
    """The template's styles with a body of our own: one paragraph per case, named by its text."""
    document = docx.Document(str(TEMPLATE))
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    small = document.styles.add_style("Small Print", WD_STYLE_TYPE.CHARACTER)
    small.font.name, small.font.size = "Times New Roman", Pt(9)
    code = document.styles.add_style("Code Table", WD_STYLE_TYPE.TABLE)
    code.font.name, code.font.size = "Courier", Pt(10)

    document.add_paragraph("plain")
    document.add_paragraph("heading one", style="Heading 1")
    document.add_paragraph("table heading outside a table", style="Table Heading")
    document.add_paragraph().add_run("own font").font.name = "Calibri"
    document.add_paragraph(style="Heading 2").add_run("own size").font.size = Pt(9)
    document.add_paragraph(style="Heading 1").add_run("character style", style="Small Print")
    run = document.add_paragraph(style="Heading 1").add_run("character style, own size")
    run.style, run.font.size = "Small Print", Pt(14)
    for theme, text in (("minorHAnsi", "minor theme font"), ("majorHAnsi", "major theme font")):
        themed = document.add_paragraph().add_run(text)
        themed._r.get_or_add_rPr().append(
            parse_xml(f'<w:rFonts {nsdecls("w")} w:asciiTheme="{theme}"/>')
        )
    plain_table = document.add_table(rows=1, cols=1)
    plain_table.cell(0, 0).paragraphs[0].add_run("cell of a plain table")
    code_table = document.add_table(rows=1, cols=1)
    code_table.style = "Code Table"
    code_table.cell(0, 0).paragraphs[0].add_run("cell of a code table")
    code_table.cell(0, 0).add_paragraph("heading cell of a code table", style="Table Heading")
    saved = io.BytesIO()
    document.save(saved)
    return saved.getvalue()


@pytest.fixture(scope="module")
def fonts() -> dict[str, Font]:
    """Each case's text and the font its first run prints in."""
    doc = Docx.read(_made())
    assert doc.body is not None
    found: dict[str, Font] = {}
    for p in doc.body.iter(qn("w:p")):
        runs = list(p.iter(qn("w:r")))
        if runs:
            found[paragraph_text(p)] = run_font(doc, p, runs[0])
    return found


@pytest.mark.parametrize(
    ("text", "font"),
    [
        ("plain", ("Arial", 24)),  # the document defaults
        ("heading one", ("Arial", 32)),  # the size from Heading 1, the font from the defaults
        ("table heading outside a table", ("Arial", 24)),  # through Table Text to Normal
        ("own font", ("Calibri", 24)),
        ("own size", ("Arial", 18)),  # over Heading 2's 13 points
        ("character style", ("Times New Roman", 18)),  # over Heading 1's size
        ("character style, own size", ("Times New Roman", 28)),
        ("minor theme font", ("Cambria", 24)),  # the theme's minor Latin font
        ("major theme font", ("Calibri", 24)),
        ("cell of a plain table", ("Arial", 24)),
        ("cell of a code table", ("Courier", 20)),  # the table style
        ("heading cell of a code table", ("Courier", 20)),
    ],
)
def test_a_runs_font_and_size(fonts: dict[str, Font], text: str, font: Font) -> None:
    assert fonts[text] == font


def test_every_case_is_found(fonts: dict[str, Font]) -> None:
    assert len(fonts) == 12


def _runs(xml: str) -> Iterator[etree._Element]:
    yield from parse_xml(f"<w:p {nsdecls('w')}>{xml}</w:p>").iter(qn("w:r"))


@pytest.mark.parametrize(
    ("xml", "shows"),
    [
        ("<w:r><w:t>x</w:t></w:r>", True),
        ('<w:r><w:t xml:space="preserve">  </w:t><w:t>.</w:t></w:r>', True),
        ('<w:r><w:t xml:space="preserve"> \t </w:t></w:r>', False),
        ("<w:r><w:t/></w:r>", False),
        ("<w:r><w:tab/><w:br/></w:r>", False),
        ("<w:r><w:instrText>PAGE</w:instrText></w:r>", False),
    ],
)
def test_whether_a_run_shows_text(xml: str, shows: bool) -> None:
    (run,) = _runs(xml)
    assert shows_text(run) is shows
