"""Render the 2021/22 record through the Word template and read the result back with python-docx."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from hmip_docs.context.model import Context, Run, Text
from hmip_docs.ooxml.package import Docx
from hmip_docs.ooxml.styles import is_numbered
from hmip_docs.ooxml.xml import paragraph_text
from hmip_docs.render.word import RenderError, render
from tests.conftest import TEMPLATE, all_paragraphs, template_with

DASH = "\u2013"


@pytest.fixture(scope="module")
def rendered(ctx: Context) -> bytes:
    return render(TEMPLATE, ctx)


@pytest.fixture(scope="module")
def document(rendered: bytes) -> Document:
    return docx.Document(io.BytesIO(rendered))


def _styled(document: Document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style is not None and p.style.name == style]


def _table_with(document: Document, text: str) -> Table:
    for table in document.tables:
        if any(text in cell.text for row in table.rows for cell in row.cells):
            return table
    raise AssertionError(f"no table holds {text!r}")


def _num_id(paragraph: Paragraph) -> int | None:
    """The numbering instance of a paragraph: its own, else its style's."""
    sources = [paragraph._p]
    if paragraph.style is not None:
        sources.append(paragraph.style.element)
    for element in sources:
        found = element.xpath("./w:pPr/w:numPr/w:numId/@w:val")
        if found:
            return int(found[0])
    return None


# ------------------------------------------------------------------------------------ headings


def test_section_headings_are_heading_1(document: Document) -> None:
    assert _styled(document, "Heading 1") == [
        "Introduction",
        "Summary of HM Inspectorate of Probation priorities for 2021/2022",
        "Summary of responses",
        "Stakeholder feedback",
    ]


def test_sub_headings_are_heading_2(document: Document) -> None:
    assert _styled(document, "Heading 2") == [
        f"Consultation question {DASH} thematic inspections",
        f"Consultation question {DASH} research",
        f"Consultation question {DASH} thematic inspections",
        f"Consultation question {DASH} research projects",
    ]


def test_areas_are_heading_3_under_their_question(document: Document) -> None:
    assert _styled(document, "Heading 3") == [
        "Probation inspection",
        "Youth inspection",
        "Research",
    ]
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    research = headings.index(("Heading 3", "Research"))
    assert headings[research - 1] == (
        "Heading 2",
        f"Consultation question {DASH} research projects",
    )


# ----------------------------------------------------------------------------------- numbering


def test_paragraph_numbers_come_from_word_and_restart_per_section(document: Document) -> None:
    numbers = []
    section = item = 0
    for paragraph in document.paragraphs:
        name = paragraph.style.name if paragraph.style else ""
        if name == "Heading 1":
            section, item = section + 1, 0
        elif name == "Numbered Paragraph":
            item += 1
            numbers.append(f"{section}.{item}")
    assert numbers == ["1.1", "1.2", "1.3", "1.4", "3.1", "3.2", "3.3", "3.4", "4.1", "4.2"]
    assert _styled(document, "Numbered Paragraph")[2] == (
        "The consultation set out the following two requests:"
    )


def test_no_typed_numbers_or_bullets(document: Document) -> None:
    typed = re.compile(r"^\s*(\d+(\.\d+)*\.?\s|[\u2022\u25aa*-]\s?)")
    offenders = [p.text for p in all_paragraphs(document) if typed.match(p.text)]
    assert offenders == []


def test_sections_list_links_heading_1_and_numbered_paragraph(document: Document) -> None:
    numbering = document.part.numbering_part.element
    heading = document.styles["Heading 1"].element.pPr
    numbered = document.styles["Numbered Paragraph"].element.pPr
    assert heading.numPr.numId.val == numbered.numPr.numId.val
    assert numbered.numPr.ilvl.val == 1
    num = numbering.num_having_numId(heading.numPr.numId.val)
    abstract_id = num.abstractNumId.val
    (abstract,) = numbering.xpath(f"w:abstractNum[@w:abstractNumId='{abstract_id}']")
    levels = {
        lvl.get(qn("w:ilvl")): (
            lvl.find(qn("w:pStyle")).get(qn("w:val")),
            lvl.find(qn("w:lvlText")).get(qn("w:val")),
        )
        for lvl in abstract.findall(qn("w:lvl"))[:2]
    }
    assert levels == {"0": ("Heading1", "%1."), "1": ("NumberedParagraph", "%1.%2.")}


def test_questions_are_one_word_numbered_list(document: Document) -> None:
    questions = [p for p in document.paragraphs if p.style and p.style.name == "List Number"]
    assert [p.text for p in questions] == [
        "Do you have any alternative proposals for thematic topics for 2021/2022?",
        "Do you have any alternative proposals for research projects in 2021/2022?",
    ]
    assert len({_num_id(p) for p in questions}) == 1


# -------------------------------------------------------------------------------- summary table


def test_summary_table(document: Document) -> None:
    table = _table_with(document, "Post-consultation decision")
    header, *rows = table.rows
    assert header._tr.trPr is not None
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [c.text for c in header.cells] == ["Number", "Question", "Post-consultation decision"]
    assert len(rows) == 2
    assert [r.cells[1].paragraphs[0].text for r in rows] == ["Thematic inspections", "Research"]
    assert [r.cells[1].paragraphs[0].style.name for r in rows] == ["Table Heading"] * 2
    caption = table._tbl.tblPr.find(qn("w:tblCaption"))
    assert caption is not None and caption.get(qn("w:val"))
    assert table._tbl.tblPr.find(qn("w:tblLook")) is not None
    assert not table._tbl.xpath(".//w:gridSpan | .//w:vMerge")


def test_summary_row_numbers_and_criteria_are_separate_lists(document: Document) -> None:
    table = _table_with(document, "Post-consultation decision")
    row_numbers = [row.cells[0].paragraphs[0] for row in table.rows[1:]]
    assert [p.text for p in row_numbers] == ["", ""]
    assert {p.style.name for p in row_numbers if p.style} == {"Table Number"}
    criteria = [
        p for p in table.rows[1].cells[2].paragraphs if p.style and p.style.name == "Table Number"
    ]
    assert [p.text for p in criteria][1] == "is this a ministerial priority?"
    assert len(criteria) == 3
    row_ids = {_num_id(p) for p in row_numbers}
    criteria_ids = {_num_id(p) for p in criteria}
    assert len(row_ids) == 1 and len(criteria_ids) == 1 and row_ids != criteria_ids
    everyone = [_num_id(p) for p in all_paragraphs(document)]
    assert everyone.count(row_ids.pop()) == 2
    assert everyone.count(criteria_ids.pop()) == 3


def test_decision_cell_prints_in_order(document: Document) -> None:
    table = _table_with(document, "Post-consultation decision")
    cell = [(p.style.name if p.style else "", p.text) for p in table.rows[1].cells[2].paragraphs]
    assert cell[0][1].startswith("There was overwhelming support")
    assert ("Table Subheading", "Adult") in cell
    assert ("Table List Title", "Offender Management in Custody (OMiC)") in cell
    assert cell.index(("Table Subheading", "Adult")) < cell.index(("Table Subheading", "Youth"))
    research = [
        (p.style.name if p.style else "", p.text) for p in table.rows[2].cells[2].paragraphs
    ]
    assert ("Table Bullet", "community resolutions.") in research
    assert research[-1] == ("Table Bullet", "adolescent to parent violence.")


def test_thematics_are_a_list_under_their_strand_label(document: Document) -> None:
    """The decision cell's two levels: a strand's label ("Adult") is a paragraph of its own;
    its thematics are items of a Word list under it (numbered by their style, as Word and the
    PDF's tags see lists), each title followed by its description, indented with the item."""
    buffer = io.BytesIO()
    document.save(buffer)
    doc = Docx.read(buffer.getvalue())
    cells = [
        cell
        for cell in doc.body.iter(qn("w:tc"))  # type: ignore[union-attr]
        if "Mental health" in "".join(cell.itertext())
    ]
    paragraphs = [(p, paragraph_text(p)) for p in cells[0].iter(qn("w:p"))]
    by_text = {text: p for p, text in paragraphs}
    label, title, description = (
        by_text["Adult"],
        by_text["Mental health"],
        next(p for p, text in paragraphs if text.startswith("A joint thematic with HM Crown")),
    )
    styles = doc.styles
    assert not is_numbered(styles, label)
    assert is_numbered(styles, title)
    assert not is_numbered(styles, description)
    assert styles.paragraph_style(label) != styles.paragraph_style(title)
    # the title's words are in the character style Strong; the label's take its heading style
    title_runs = [r for r in title.iter(qn("w:r")) if paragraph_text(r)]
    assert [r.find(f"{qn('w:rPr')}/{qn('w:rStyle')}").get(qn("w:val")) for r in title_runs] == [
        "Strong"
    ]
    assert styles.name("Strong") == "Strong"
    assert label.find(f".//{qn('w:rStyle')}") is None
    indent = styles.paragraph_property(description, "ind")
    assert indent is not None and int(indent.get(qn("w:left"), "0")) > 0
    # every thematic title of the record is a list item, every strand label is not
    titles = ["Electronic monitoring", "MAPPA", "Race", "Girls", "Serious youth violence"]
    assert all(is_numbered(styles, by_text[t]) for t in titles)
    assert not is_numbered(styles, by_text["Youth"])


# ------------------------------------------------------------------------- suggestions tables


def test_probation_table_groups_suggestions_sharing_a_response(document: Document) -> None:
    table = _table_with(document, "Prolific offenders")
    header, *rows = table.rows
    assert [c.text for c in header.cells] == ["Suggestion", "Response"]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert len(rows) == 6
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in rows)
    (shared,) = [r for r in rows if "Data to be collected" in r.cells[1].text]
    assert [p.text for p in shared.cells[0].paragraphs] == [
        "Staff retention/ attrition",
        "Staff training",
    ]
    assert shared.cells[1].text == "Data to be collected as part of our core inspections"
    assert {p.style.name for p in shared.cells[0].paragraphs if p.style} == {"Table Text"}


def test_prompt_carries_its_label(document: Document) -> None:
    prompts = [p.text for p in document.paragraphs if re.match(r"Q\d+: ", p.text)]
    assert prompts == [
        "Q1: Taking into account the criteria above, do you have any alternative proposals for "
        "thematic topics for 2021/2022?",
        "Q2: Taking into account the criteria above, do you have any alternative proposals for "
        "research projects in 2021/2022?",
    ]


# ------------------------------------------------------------------------------- rich text


SPECIAL = Text(
    (
        Run("Fish & chips <tag> a>b "),
        Run("bold", bold=True),
        Run(" "),
        Run("italic", italic=True),
        Run(" "),
        Run("no address", link=True),
        Run(" "),
        Run("the site", link=True, url="https://example.org/a?b=1&c=2"),
        Run(" line one\nline two"),
    )
)


@pytest.fixture(scope="module")
def special(ctx: Context) -> Paragraph:
    changed = dataclasses.replace(ctx, feedback=(SPECIAL,))
    document = docx.Document(io.BytesIO(render(TEMPLATE, changed)))
    (paragraph,) = [p for p in document.paragraphs if p.text.startswith("Fish")]
    return paragraph


def test_markup_characters_print_literally(special: Paragraph) -> None:
    assert special.text == (
        "Fish & chips <tag> a>b bold italic no address the site line one\nline two"
    )


def test_bold_and_italic_runs(special: Paragraph) -> None:
    runs = {run.text: run for run in special.runs}
    assert runs["bold"].bold is True and not runs["bold"].italic
    assert runs["italic"].italic is True and not runs["italic"].bold
    assert not runs["Fish & chips <tag> a>b "].bold


def test_link_without_address_is_plain_text(special: Paragraph) -> None:
    (run,) = [run for run in special.runs if run.text == "no address"]
    assert run.style is None or run.style.name != "Hyperlink"
    assert all(h.text != "no address" for h in special.hyperlinks)


def test_link_with_address_is_a_hyperlink(special: Paragraph) -> None:
    (link,) = special.hyperlinks
    assert link.text == "the site"
    assert link.address == "https://example.org/a?b=1&c=2"
    rel = special.part.rels[link._hyperlink.rId]
    assert rel.is_external
    assert [r.style.name for r in link.runs if r.style] == ["Hyperlink"]


def test_line_break_survives(special: Paragraph) -> None:
    assert special._p.xpath(".//w:br")


# ---------------------------------------------------------------------------------- metadata


def test_core_properties_come_from_the_record(document: Document) -> None:
    props = document.core_properties
    assert props.title.startswith("Response to the consultation")
    assert props.author == "Her Majesty's Inspectorate of Probation"
    assert props.language == "en-GB"
    september = dt.datetime(2021, 9, 1, tzinfo=dt.UTC)
    assert props.created is not None and props.created.replace(tzinfo=dt.UTC) == september
    assert props.modified is not None and props.modified.replace(tzinfo=dt.UTC) == september


def test_render_is_reproducible(ctx: Context, rendered: bytes) -> None:
    assert render(TEMPLATE, ctx) == rendered


def test_footer_has_page_field(document: Document) -> None:
    footer = document.sections[-1].footer
    assert "PAGE" in "".join(footer._element.itertext())
    assert document.sections[0].footer.is_linked_to_previous  # the cover has none


def test_template_types_nothing_it_prints_from_the_record() -> None:
    template = docx.Document(str(TEMPLATE))
    words = " ".join(p.text for p in all_paragraphs(template))
    for forbidden in ("2021", "2022", "Probation", "Inspectorate", "Q1", "13"):
        assert forbidden not in words


# -------------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("tag", "words"),
    [
        ("{{ nope }}", "'nope' is undefined"),
        ("{{ cover.nope }}", "has no attribute 'nope'"),
        ("{%p for x in %}", "template syntax error"),
        ("{{ cover.__class__.__mro__ }}", "not allowed"),
        ("{{ cover.title }}", "{{r"),
        ("{{ 1 / 0 }}", "ZeroDivisionError"),
    ],
)
def test_template_mistakes_are_render_errors(
    tmp_path: Path, ctx: Context, tag: str, words: str
) -> None:
    path = template_with(tmp_path, tag, "broken.docx")
    with pytest.raises(RenderError) as caught:
        render(path, ctx)
    message = str(caught.value)
    assert message.startswith(str(path))
    assert words in message
    assert "Traceback" not in message


def test_missing_template_is_a_render_error(tmp_path: Path, ctx: Context) -> None:
    with pytest.raises(RenderError, match="cannot open"):
        render(tmp_path / "missing.docx", ctx)


def test_unreadable_publication_month_is_a_render_error(ctx: Context) -> None:
    properties = dataclasses.replace(ctx.properties, published="2021-13")
    with pytest.raises(RenderError, match="not a year and month"):
        render(TEMPLATE, dataclasses.replace(ctx, properties=properties))
