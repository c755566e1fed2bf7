"""Each output rule: the real 2021/22 document passes; one edit to its XML breaks that rule alone.

Edits are made with python-docx on the rendered document, keeping the element order the OOXML
schema prescribes (``_insert``), and the document is saved again before it is checked.
"""

from __future__ import annotations

import copy
import io
import struct
import zlib
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import docx
import pytest
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from hmip_docs.checks import document as checks
from hmip_docs.checks import heading_levels, tables
from hmip_docs.checks.empty_paragraphs import empty_paragraph
from hmip_docs.context import model
from hmip_docs.core.findings import Finding
from hmip_docs.ooxml.package import Docx, caption
from hmip_docs.record.organisations import Registry
from hmip_docs.render.word import render
from tests.conftest import RECORD, REGISTRY, TEMPLATE, all_paragraphs, load_data

DASH = "\u2013"

# Child order of the property elements edited here (ECMA-376 Part 1, 17.3.1.26, 17.3.2.28,
# 17.4.70), so an inserted element lands where Word expects it.
PPR_ORDER = (
    *("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr"),
    *("suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku"),
    *("wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi"),
    *("adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents"),
    *("suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap"),
    *("outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"),
)
RPR_ORDER = (
    *("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike"),
    *("outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden"),
    *("color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect"),
    *("bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout"),
    *("specVanish", "oMath"),
)


def _strings(node: object) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, Mapping):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


@pytest.fixture(scope="module")
def record() -> dict[str, Any]:
    return load_data(RECORD)


@pytest.fixture(scope="module")
def rendered(record: dict[str, Any]) -> bytes:
    return render(TEMPLATE, model.build(record, Registry.from_data(load_data(REGISTRY))))


def _check(data: bytes, record: dict[str, Any]) -> list[Finding]:
    outline = heading_levels.outline(model.build(record, Registry.from_data(load_data(REGISTRY))))
    return checks.check(data, _strings(record), "consultation-response.yaml", outline=outline)


def _edited(rendered: bytes, edit: Callable[[Document], None]) -> bytes:
    document = docx.Document(io.BytesIO(rendered))
    edit(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _insert(parent: Any, child: Any, order: tuple[str, ...]) -> Any:
    """Insert ``child`` among ``parent``'s children in schema order, replacing a namesake."""
    name = etree.QName(child).localname
    for existing in parent.findall(qn(f"w:{name}")):
        parent.remove(existing)
    later = order[order.index(name) + 1 :]
    for index, sibling in enumerate(parent):
        if etree.QName(sibling).localname in later:
            parent.insert(index, child)
            return child
    parent.append(child)
    return child


def _element(xml: str) -> Any:
    """One WordprocessingML element from its XML (``w:`` and ``r:`` declared around it)."""
    return parse_xml(f"<w:root {nsdecls('w', 'r')}>{xml}</w:root>")[0]


def _paragraph(document: Document, starts: str) -> Paragraph:
    for paragraph in all_paragraphs(document):
        if paragraph.text.startswith(starts):
            return paragraph
    raise AssertionError(f"no paragraph starts with {starts!r}")


def _table(document: Document, text: str) -> Table:
    for table in document.tables:
        if any(text in cell.text for row in table.rows for cell in row.cells):
            return table
    raise AssertionError(f"no table holds {text!r}")


def _ppr(paragraph: Paragraph) -> Any:
    return paragraph._p.get_or_add_pPr()


def _png() -> bytes:
    """A one-pixel white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _add_link(document: Document, paragraph: Paragraph, text: str, url: str | None) -> None:
    rel = f' r:id="{document.part.relate_to(url, RT.HYPERLINK, is_external=True)}"' if url else ""
    paragraph._p.append(
        _element(
            f'<w:hyperlink{rel}><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr>'
            f"<w:t>{text}</w:t></w:r></w:hyperlink>"
        )
    )


def _style_rpr(document: Document, name: str) -> Any:
    return document.styles[name].element.get_or_add_rPr()


# -------------------------------------------------------------------------- the real document


def test_the_2021_22_document_passes_every_check(rendered: bytes, record: dict[str, Any]) -> None:
    assert _check(rendered, record) == []


def test_saving_again_changes_nothing_the_checks_see(
    rendered: bytes, record: dict[str, Any]
) -> None:
    assert _check(_edited(rendered, lambda d: None), record) == []


def test_every_rule_is_documented_with_an_example() -> None:
    for rule in checks.OUTPUT_RULES.values():
        doc = rule.check.__doc__ or ""
        assert rule.id.startswith("output-")
        assert "Breaks it:" in doc, rule.id
        assert rule.follows and rule.summary


# ------------------------------------------------------------------------------- the breakers


def _tag(document: Document) -> None:
    document.add_paragraph("{{ cover.title }")


def _no_title(document: Document) -> None:
    document.core_properties.title = ""


def _us_property(document: Document) -> None:
    document.core_properties.language = "en-US"


def _us_text(document: Document) -> None:
    lang = document.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:lang"))
    lang.set(qn("w:val"), "en-US")


def _heading(text: str, level: int) -> Any:
    """A paragraph of outline level ``level`` (1 to 9) with words the record does not hold."""
    return _element(
        f'<w:p><w:pPr><w:outlineLvl w:val="{level - 1}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>'
    )


def _skipped_level(document: Document) -> None:
    """A level 4 heading straight after a question's Heading 2."""
    question = _paragraph(document, f"Consultation question {DASH} thematic")
    question._p.addnext(_heading("Notes", 4))


def _starts_at_two(document: Document) -> None:
    """A level 2 heading before the cover title."""
    document.paragraphs[0]._p.addprevious(_heading("Contents", 2))


def _label_not_heading(document: Document) -> None:
    """A paragraph opening with the question label that is not a heading."""
    heading = _paragraph(document, f"Consultation question {DASH} research")
    extra = copy.deepcopy(heading._p)
    heading._p.addnext(extra)
    Paragraph(extra, heading._parent).style = document.styles["Normal"]


def _area_beside_its_question(document: Document) -> None:
    """An area of a question set at the question's own level."""
    _paragraph(document, "Probation inspection").style = document.styles["Heading 2"]


def _area_as_body_text(document: Document) -> None:
    """An area's heading printed as a plain paragraph."""
    _paragraph(document, "Youth inspection").style = document.styles["Normal"]


def _label_numbered(document: Document) -> None:
    heading = _paragraph(document, f"Consultation question {DASH} research")
    _insert(
        _ppr(heading),
        _element('<w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr>'),
        PPR_ORDER,
    )


def _typed_number(document: Document) -> None:
    run = _paragraph(document, "Under the ").runs[0]
    run.text = "1.1 " + run.text


def _typed_number_in_cell(document: Document) -> None:
    run = _paragraph(document, "Prolific offenders").runs[0]
    run.text = "2. " + run.text


def _no_header_row(document: Document) -> None:
    header = _table(document, "Prolific offenders").rows[0]._tr
    tr_pr = header.trPr
    tr_pr.remove(tr_pr.find(qn("w:tblHeader")))


def _row_splits(document: Document) -> None:
    row = _table(document, "Prolific offenders").rows[1]._tr
    row.trPr.remove(row.trPr.find(qn("w:cantSplit")))


def _summary_header_splits(document: Document) -> None:
    header = _table(document, "Post-consultation decision").rows[0]._tr
    header.trPr.remove(header.trPr.find(qn("w:cantSplit")))


def _summary_row_splits(document: Document) -> None:
    """A summary-table data row may break; taking its table off the allowed list is the error."""
    table = _table(document, "Post-consultation decision")
    table._tbl.tblPr.find(qn("w:tblCaption")).set(qn("w:val"), "Decisions")


def _merged(document: Document) -> None:
    table = _table(document, "Prolific offenders")
    table.rows[1].cells[1]._tc.vMerge = "restart"


def _spanned(document: Document) -> None:
    table = _table(document, "Prolific offenders")
    table.rows[1].cells[0]._tc.grid_span = 2


def _image(document: Document) -> None:
    document.add_picture(io.BytesIO(_png()))


def _table_without_alt_text(document: Document) -> None:
    tbl_pr = _table(document, "Prolific offenders")._tbl.tblPr
    for name in ("w:tblCaption", "w:tblDescription"):
        tbl_pr.remove(tbl_pr.find(qn(name)))


def _address_as_link_text(document: Document) -> None:
    paragraph = _paragraph(document, "In early 2021")
    _add_link(document, paragraph, "https://www.justiceinspectorates.gov.uk/", "https://x.org/")


def _domain_as_link_text(document: Document) -> None:
    paragraph = _paragraph(document, "In early 2021")
    _add_link(document, paragraph, "justiceinspectorates.gov.uk/hmiprobation", "https://x.org/")


def _link_nowhere(document: Document) -> None:
    _add_link(document, _paragraph(document, "In early 2021"), "our corporate plan", None)


def _empty_paragraph(document: Document) -> None:
    _paragraph(document, "Under the ")._p.addnext(_element("<w:p/>"))


def _empty_styled_paragraph(document: Document) -> None:
    after = _paragraph(document, "Under the ")._p
    after.addnext(
        _element(
            '<w:p><w:pPr><w:pStyle w:val="Guidance"/></w:pPr>'
            '<w:r><w:t xml:space="preserve">  </w:t></w:r></w:p>'
        )
    )


def _serif_table_text(document: Document) -> None:
    _insert(
        _style_rpr(document, "Table Text"),
        _element('<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/>'),
        RPR_ORDER,
    )


def _serif_table_style(document: Document) -> None:
    _insert(
        document.styles["Consultation Table"].element.get_or_add_rPr(),
        _element('<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/>'),
        RPR_ORDER,
    )


def _small_normal(document: Document) -> None:
    _insert(_style_rpr(document, "Normal"), _element('<w:sz w:val="20"/>'), RPR_ORDER)


def _unknown_font(document: Document) -> None:
    fonts = document.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:rFonts"))
    for name in ("w:ascii", "w:hAnsi"):
        fonts.set(qn(name), "Comic Neue")


def _table_after_table(document: Document) -> None:
    suggestions = _table(document, "Prolific offenders")._tbl
    suggestions.addnext(copy.deepcopy(suggestions))


BREAKERS: list[tuple[str, Callable[[Document], None]]] = [
    ("output-template-tag", _tag),
    ("output-title", _no_title),
    ("output-language", _us_property),
    ("output-language", _us_text),
    ("output-heading-order", _skipped_level),
    ("output-heading-order", _starts_at_two),
    ("output-heading-level", _area_beside_its_question),
    ("output-heading-level", _area_as_body_text),
    ("output-heading-label", _label_not_heading),
    ("output-heading-label", _label_numbered),
    ("output-typed-number", _typed_number),
    ("output-typed-number", _typed_number_in_cell),
    ("output-table-header", _no_header_row),
    ("output-row-split", _row_splits),
    ("output-row-split", _summary_header_splits),
    ("output-row-split", _summary_row_splits),
    ("output-tables-apart", _table_after_table),
    ("output-merged-cells", _merged),
    ("output-merged-cells", _spanned),
    ("output-alt-text", _image),
    ("output-alt-text", _table_without_alt_text),
    ("output-link-text", _address_as_link_text),
    ("output-link-text", _domain_as_link_text),
    ("output-link-address", _link_nowhere),
    ("output-empty-paragraph", _empty_paragraph),
    ("output-empty-paragraph", _empty_styled_paragraph),
    ("output-font", _serif_table_text),
    ("output-font", _serif_table_style),
    ("output-font", _small_normal),
    ("output-font", _unknown_font),
]


@pytest.mark.parametrize(
    ("rule", "edit"),
    BREAKERS,
    ids=[f"{rule}-{edit.__name__.strip('_')}" for rule, edit in BREAKERS],
)
def test_one_edit_breaks_one_rule(
    rendered: bytes, record: dict[str, Any], rule: str, edit: Callable[[Document], None]
) -> None:
    findings = _check(_edited(rendered, edit), record)
    assert {f.rule for f in findings} == {rule}, findings
    for finding in findings:
        assert finding.message and finding.hint and finding.item
        assert finding.file == "consultation-response.yaml"


def test_every_output_rule_has_a_breaker() -> None:
    assert {rule for rule, _ in BREAKERS} == set(checks.OUTPUT_RULES)


# --------------------------------------------------------------------------------- the details


def test_record_text_may_hold_tag_like_text(rendered: bytes, record: dict[str, Any]) -> None:
    data = _edited(rendered, _tag)
    assert checks.check(data, ["a literal {{ in prose"], "r") == []
    assert [f.rule for f in checks.check(data, [], "r")] == ["output-template-tag"]


def test_heading_skip_is_reported_where_it_happens(rendered: bytes, record: dict[str, Any]) -> None:
    (finding,) = _check(_edited(rendered, _skipped_level), record)
    assert finding.message == "a level 4 heading comes after a level 2 heading"
    assert "Notes" in finding.item


def test_font_is_resolved_through_based_on(rendered: bytes, record: dict[str, Any]) -> None:
    findings = _check(_edited(rendered, _serif_table_text), record)
    styles = {f.message.split("'")[1] for f in findings}
    # Table Heading and Table Bullet are based on Table Text and inherit its font.
    assert {"Table Text", "Table Heading", "Table Bullet"} <= styles
    assert all("Times New Roman is a serif font" in f.message for f in findings)
    assert not any("Normal" in s for s in styles)


def test_font_is_resolved_through_the_table_style(rendered: bytes, record: dict[str, Any]) -> None:
    """Text in a table takes the table style's font where its paragraph styles set none (the
    Table Text styles do not); a font the paragraph style sets wins over the table style's."""
    findings = _check(_edited(rendered, _serif_table_style), record)
    styles = {f.message.split("'")[1] for f in findings}
    assert {"Table Text", "Table Heading", "Table Bullet"} <= styles
    assert all("Times New Roman is a serif font" in f.message for f in findings)
    assert all(", table" in f.item for f in findings)

    def arial_table_text(document: Document) -> None:
        _serif_table_style(document)
        _insert(
            _style_rpr(document, "Table Text"),
            _element('<w:rFonts w:ascii="Arial" w:hAnsi="Arial"/>'),
            RPR_ORDER,
        )

    assert _check(_edited(rendered, arial_table_text), record) == []


def test_small_text_names_its_size(rendered: bytes, record: dict[str, Any]) -> None:
    messages = [f.message for f in _check(_edited(rendered, _small_normal), record)]
    assert any("10 point is smaller than 12" in m for m in messages)


def test_picture_with_alt_text_passes(rendered: bytes, record: dict[str, Any]) -> None:
    def described(document: Document) -> None:
        _image(document)
        props = document.element.body.findall(".//" + qn("wp:docPr"))[-1]
        props.set("descr", "The Inspectorate's logo")

    assert _check(_edited(rendered, described), record) == []


def test_picture_marked_decorative_passes(rendered: bytes, record: dict[str, Any]) -> None:
    def decorative(document: Document) -> None:
        _image(document)
        props = document.element.body.findall(".//" + qn("wp:docPr"))[-1]
        a = "http://schemas.openxmlformats.org/drawingml/2006/main"
        adec = "http://schemas.microsoft.com/office/drawing/2017/decorative"
        props.append(
            etree.fromstring(
                f'<a:extLst xmlns:a="{a}"><a:ext uri="{{C183D7F6-B498-43B3-948B-1728B52AA6E4}}">'
                f'<adec:decorative xmlns:adec="{adec}" val="1"/></a:ext></a:extLst>'
            )
        )

    assert _check(_edited(rendered, decorative), record) == []


def test_link_with_words_passes(rendered: bytes, record: dict[str, Any]) -> None:
    def link(document: Document) -> None:
        _add_link(document, _paragraph(document, "In early 2021"), "our website", "https://x.org/")

    assert _check(_edited(rendered, link), record) == []


def test_only_summary_rows_may_split(rendered: bytes) -> None:
    """Header rows and Suggestion/Response rows stay whole; the summary table's data rows, which
    can be taller than a page, may break."""
    document = docx.Document(io.BytesIO(rendered))
    assert set(tables.ROW_SPLIT_ALLOWED) == {"Post-consultation decisions"}
    for table in document.tables:
        whole = [
            row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None
            for row in table.rows
        ]
        summary = caption(table._tbl) in tables.ROW_SPLIT_ALLOWED
        assert whole == [True] + [not summary] * (len(whole) - 1), caption(table._tbl)


def test_empty_paragraphs_word_requires_are_allowed(
    rendered: bytes, record: dict[str, Any]
) -> None:
    """A table nested at the end of a cell needs a paragraph after it; so does a table at the
    end of the document; a section break may sit in an empty paragraph."""

    def required(document: Document) -> None:
        suggestions = _table(document, "Prolific offenders")._tbl
        cell = _table(document, "Prolific offenders").rows[1].cells[1]._tc
        cell.append(copy.deepcopy(suggestions))
        cell.append(_element("<w:p/>"))
        body = document.element.body
        body.sectPr.addprevious(copy.deepcopy(suggestions))
        body.sectPr.addprevious(_element("<w:p/>"))
        section = copy.deepcopy(body.sectPr)
        breaker = _element("<w:p><w:pPr/></w:p>")
        breaker.find(qn("w:pPr")).append(section)
        _paragraph(document, "Under the ")._p.addnext(breaker)

    assert _check(_edited(rendered, required), record) == []


def test_the_number_header_and_row_numbers_are_not_spacing(rendered: bytes) -> None:
    """The numbers column has a header a screen reader can announce; its cells are numbered
    by Word, so their paragraphs hold no text and are not spacing."""
    document = docx.Document(io.BytesIO(rendered))
    summary = _table(document, "Post-consultation decision")
    assert [c.text for c in summary.rows[0].cells] == [
        "Number",
        "Question",
        "Post-consultation decision",
    ]
    assert [row.cells[0].text for row in summary.rows[1:]] == ["", ""]
    doc = Docx.read(rendered)
    assert list(empty_paragraph(doc)) == []


def test_heading_levels_follow_the_record(record: dict[str, Any]) -> None:
    """The outline the record sets, written out by hand: sections and the cover title at level
    1, questions at 2, each question's areas at 3."""
    ctx = model.build(record, Registry.from_data(load_data(REGISTRY)))
    assert [(h.text, h.level) for h in heading_levels.outline(ctx)] == [
        (
            "Response to the consultation on HM Inspectorate of Probation's inspection "
            "framework and programmes for 2021/2022",
            1,
        ),
        ("Introduction", 1),
        ("Summary of HM Inspectorate of Probation priorities for 2021/2022", 1),
        ("Summary of responses", 1),
        ("Stakeholder feedback", 1),
        ("thematic inspections", 2),
        ("research", 2),
        ("thematic inspections", 2),
        ("research projects", 2),
        ("Probation inspection", 3),
        ("Youth inspection", 3),
        ("Research", 3),
    ]


def test_an_area_at_its_questions_level_is_named(rendered: bytes, record: dict[str, Any]) -> None:
    (finding,) = _check(_edited(rendered, _area_beside_its_question), record)
    assert finding.rule == "output-heading-level"
    assert finding.message == (
        "'Probation inspection' is a level 2 heading, but its place in the record "
        "(responses.areas.heading) makes it level 3"
    )
    assert "paragraph 'Probation inspection'" in finding.item
    (missing,) = _check(_edited(rendered, _area_as_body_text), record)
    assert "'Youth inspection' (responses.areas.heading) is not printed as a heading" in (
        missing.message
    )
