"""A .docx opened for reading: its parts and their relationships, the font table, the parts that
hold text, where an element sits in words a reader can find in Word, and table captions."""

from __future__ import annotations

import io

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

from hmip_docs.ooxml.package import BODY, Docx, Heading, caption
from tests.conftest import TEMPLATE


def _made() -> bytes:
    """The shipped template with a paragraph, an empty one and two tables (one with a title)."""
    document = docx.Document(str(TEMPLATE))
    document.add_paragraph("A paragraph   spread\tout")
    document.add_paragraph()
    titled = document.add_table(rows=2, cols=2)
    titled._tbl.tblPr.append(parse_xml(f'<w:tblCaption {nsdecls("w")} w:val="Summary"/>'))
    titled.cell(1, 1).text = "second row, second cell"
    untitled = document.add_table(rows=1, cols=1)
    untitled.cell(0, 0).text = "untitled"
    saved = io.BytesIO()
    document.save(saved)
    return saved.getvalue()


@pytest.fixture(scope="module")
def doc() -> Docx:
    return Docx.read(_made())


def _paragraph(doc: Docx, text: str) -> etree._Element:
    assert doc.body is not None
    (found,) = [p for p in doc.body.iter(qn("w:p")) if doc.text(p) == text]
    return found


def _tables(doc: Docx) -> list[etree._Element]:
    assert doc.body is not None
    return list(doc.body.iter(qn("w:tbl")))


def test_the_parts_read_are_those_that_hold_text_styles_and_fonts(doc: Docx) -> None:
    assert {BODY, "word/styles.xml", "word/fontTable.xml", "word/numbering.xml"} <= set(doc.parts)
    assert "word/theme/theme1.xml" in doc.parts
    assert "word/settings.xml" not in doc.parts


def test_a_parts_relationships_are_read_by_id(doc: Docx) -> None:
    targets = set(doc.rels[BODY].values())
    assert {"styles.xml", "numbering.xml", "fontTable.xml"} <= targets


def test_the_font_table_lists_the_templates_fonts(doc: Docx) -> None:
    assert {"Arial", "Calibri", "Cambria"} <= set(doc.font_table)
    assert doc.font_table["Arial"].tag == qn("w:font")


def test_the_body_comes_first_among_the_parts_that_hold_text(doc: Docx) -> None:
    names = [name for name, _ in doc.content_parts()]
    assert names == [BODY, "word/footer1.xml"]


def test_a_paragraphs_text_is_read_once(doc: Docx) -> None:
    paragraph = _paragraph(doc, "A paragraph   spread\tout")
    assert doc.text(paragraph) is doc.text(paragraph)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("A paragraph   spread\tout", "body, paragraph 'A paragraph spread out'"),
        (
            "second row, second cell",
            "body, table 'Summary', row 2, paragraph 'second row, second cell'",
        ),
        ("untitled", "body, table, row 1, paragraph 'untitled'"),
    ],
)
def test_where_a_paragraph_is(doc: Docx, text: str, where: str) -> None:
    assert doc.where(BODY, _paragraph(doc, text)) == where


def test_where_an_empty_paragraph_is(doc: Docx) -> None:
    assert doc.body is not None
    sect = doc.body.find(qn("w:sectPr"))
    assert sect is not None
    empty = sect.getprevious()
    while empty is not None and empty.tag != qn("w:p"):
        empty = empty.getprevious()
    assert empty is not None
    assert doc.where(BODY, empty) == "body, an empty paragraph"


def test_where_a_table_and_a_run_are(doc: Docx) -> None:
    titled = _tables(doc)[-2]
    assert doc.where(BODY, titled) == "body, table 'Summary'"
    run = _paragraph(doc, "second row, second cell").find(qn("w:r"))
    assert run is not None
    assert doc.where(BODY, run).endswith("row 2, paragraph 'second row, second cell'")


def test_where_names_the_footer(doc: Docx) -> None:
    footer = doc.parts["word/footer1.xml"]
    paragraph = footer.find(qn("w:p"))
    assert paragraph is not None
    assert doc.where("word/footer1.xml", paragraph).startswith("footer 1, ")


def test_a_tables_caption(doc: Docx) -> None:
    assert [caption(table) for table in _tables(doc)[-2:]] == ["Summary", ""]


def test_the_tag_like_sequences_of_the_records_text_are_counted() -> None:
    outline = (Heading("Introduction", 1, "section 1"),)
    doc = Docx.read(TEMPLATE.read_bytes(), ["a {{ b }}", "plain", "{% x %} }}"], outline)
    assert doc.record_tags == 5
    assert doc.outline == outline
    assert Docx.read(TEMPLATE.read_bytes()).record_tags == 0
