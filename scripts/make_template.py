"""Bootstrap a brand-new consultation-response Word template, as a starting point only.

The shipped ``templates/consultation-response.docx`` is the communications team's: they edit it
in Word, and that .docx is the source, never regenerated. This script wrote its first version
and can write a fresh starting point for a new template elsewhere; it refuses to write into a
templates folder (the repository's, the packaged one, or the one the project in the current
folder configures) and onto any file that already exists, so it can never wipe an edit made in
Word. The template holds layout, named styles, list numbering and the docxtpl tags that print
the context (see ``hmip_docs/context/model.py``); every printed word comes from the context except
the column headers and the "Consultation question" label. The edits later made to the shipped
template (``scripts/edit_template.py``) are made to the new one too.

    python scripts/make_template.py NEW.docx

Long because a Word template written from nothing needs each of its parts spelled out (styles,
numbering, the cover, the tables, every tag); the parts are functions in the order of the
document, and the script runs once per new template, never in a build.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import zipfile
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import edit_template  # scripts/edit_template.py, beside this script
import template_guard  # scripts/template_guard.py
from docx import Document
from docx.document import Document as DocumentObject
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Twips
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

# A4 with 2.54 cm margins: the text column is 9026 twips wide.
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = 11906, 16838, 1440
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN

ACCENT = "1F3864"  # headings and title
HEADER_FILL = "DCE3EF"  # table header rows
BORDER = "7F7F7F"

QUESTION_LABEL = "Consultation question \u2013 "

# Numbering instances (w:num ids). Each list that must count on its own has its own instance.
NUM_SECTIONS = 1  # Heading 1 "1." and Numbered Paragraph "1.1."
NUM_BULLET = 2  # List Bullet
NUM_NUMBER = 3  # List Number: the consultation questions in the introduction
NUM_TABLE_BULLET = 4  # Table Bullet
NUM_TABLE_NUMBER = 5  # Table Number: the criteria list in the summary table
NUM_TABLE_ROW = 6  # the summary table's row numbers (Table Number paragraphs, own instance)

FIXED_DATE = datetime(2021, 1, 1, tzinfo=UTC)


# --------------------------------------------------------------------------------------------
# Styles


def _style(
    kind: str,
    style_id: str,
    name: str,
    *,
    based_on: str | None = None,
    next_style: str | None = None,
    custom: bool = True,
    default: bool = False,
    priority: int | None = None,
    quick: bool = False,
    hidden: bool = False,
    ppr: str = "",
    rpr: str = "",
    extra: str = "",
) -> str:
    """One ``w:style`` with its children in schema order."""
    attrs = f'w:type="{kind}" w:styleId="{style_id}"'
    if default:
        attrs += ' w:default="1"'
    if custom:
        attrs += ' w:customStyle="1"'
    parts = [f'<w:name w:val="{name}"/>']
    if based_on:
        parts.append(f'<w:basedOn w:val="{based_on}"/>')
    if next_style:
        parts.append(f'<w:next w:val="{next_style}"/>')
    if priority is not None:
        parts.append(f'<w:uiPriority w:val="{priority}"/>')
    if hidden:
        parts.append("<w:semiHidden/><w:unhideWhenUsed/>")
    if quick:
        parts.append("<w:qFormat/>")
    if ppr:
        parts.append(f"<w:pPr>{ppr}</w:pPr>")
    if rpr:
        parts.append(f"<w:rPr>{rpr}</w:rPr>")
    parts.append(extra)
    return f"<w:style {attrs}>{''.join(parts)}</w:style>"


def _num_pr(num_id: int, level: int = 0) -> str:
    return f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'


def _spacing(before: int = 0, after: int = 0, line: int | None = None) -> str:
    rule = f' w:line="{line}" w:lineRule="auto"' if line else ""
    return f'<w:spacing w:before="{before}" w:after="{after}"{rule}/>'


def _ind_list(left: int, hanging: int, after: int) -> str:
    """Spacing and indent of a list style: no space between items, ``after`` below the list."""
    return _spacing(after=after) + _ind(left, hanging) + "<w:contextualSpacing/>"


def _ind(left: int, hanging: int | None = None) -> str:
    if hanging is None:
        return f'<w:ind w:left="{left}"/>'
    return f'<w:ind w:left="{left}" w:hanging="{hanging}"/>'


def _size(half_points: int) -> str:
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


def _border(edge: str, size: int = 4, color: str = BORDER, space: int = 0) -> str:
    return f'<w:{edge} w:val="single" w:sz="{size}" w:space="{space}" w:color="{color}"/>'


def styles_xml() -> str:
    """The whole styles part: Arial 12 pt, en-GB, and every style the template uses."""
    bold = "<w:b/><w:bCs/>"
    accent = f'<w:color w:val="{ACCENT}"/>'
    cell_margins = (
        '<w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="57" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar>'
    )
    grid = "".join(
        _border(edge) for edge in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    styles = [
        _style("paragraph", "Normal", "Normal", custom=False, default=True, quick=True),
        _style(
            "character",
            "DefaultParagraphFont",
            "Default Paragraph Font",
            custom=False,
            default=True,
            priority=1,
            hidden=True,
        ),
        _style(
            "table",
            "TableNormal",
            "Normal Table",
            custom=False,
            default=True,
            priority=99,
            hidden=True,
            extra=(
                '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
                '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
                '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
                "</w:tblCellMar></w:tblPr>"
            ),
        ),
        _style(
            "numbering", "NoList", "No List", custom=False, default=True, priority=99, hidden=True
        ),
        _style(
            "paragraph",
            "CoverPublisher",
            "Cover Publisher",
            based_on="Normal",
            next_style="Title",
            quick=True,
            ppr=_spacing(before=0, after=2400),
            rpr=bold + accent + _size(36),
        ),
        _style(
            "paragraph",
            "Title",
            "Title",
            based_on="Normal",
            next_style="CoverByline",
            custom=False,
            priority=10,
            quick=True,
            ppr="<w:keepNext/>" + _spacing(before=0, after=720, line=240),
            rpr=bold + accent + '<w:kern w:val="28"/>' + _size(52),
        ),
        _style(
            "paragraph",
            "CoverByline",
            "Cover Byline",
            based_on="Normal",
            next_style="Normal",
            quick=True,
            ppr=_spacing(before=0, after=240),
            rpr=_size(28),
        ),
        _style(
            "paragraph",
            "Heading1",
            "heading 1",
            based_on="Normal",
            next_style="NumberedParagraph",
            custom=False,
            priority=9,
            quick=True,
            ppr=(
                "<w:keepNext/><w:keepLines/>"
                f'<w:numPr><w:numId w:val="{NUM_SECTIONS}"/></w:numPr>'
                f"<w:pBdr>{_border('bottom', size=8, color=ACCENT, space=4)}</w:pBdr>"
                + _spacing(before=480, after=160)
                + _ind(720, 720)
                + '<w:outlineLvl w:val="0"/>'
            ),
            rpr=bold + accent + _size(32),
        ),
        _style(
            "paragraph",
            "Heading2",
            "heading 2",
            based_on="Normal",
            next_style="Normal",
            custom=False,
            priority=9,
            quick=True,
            ppr="<w:keepNext/><w:keepLines/>"
            + _spacing(before=360, after=120)
            + '<w:outlineLvl w:val="1"/>',
            rpr=bold + accent + _size(26),
        ),
        _style(
            "paragraph",
            "NumberedParagraph",
            "Numbered Paragraph",
            based_on="Normal",
            quick=True,
            ppr=_num_pr(NUM_SECTIONS, 1) + _spacing(before=120, after=120) + _ind(720, 720),
        ),
        _style(
            "paragraph",
            "ListBullet",
            "List Bullet",
            based_on="Normal",
            custom=False,
            priority=99,
            quick=True,
            ppr=_num_pr(NUM_BULLET) + _ind_list(1080, 360, 200),
        ),
        _style(
            "paragraph",
            "ListNumber",
            "List Number",
            based_on="Normal",
            custom=False,
            priority=99,
            quick=True,
            ppr=_num_pr(NUM_NUMBER) + _ind_list(1080, 360, 200),
        ),
        _style(
            "paragraph",
            "Guidance",
            "Guidance",
            based_on="Normal",
            next_style="ListBullet",
            quick=True,
            ppr=_ind(720),
        ),
        _style(
            "paragraph",
            "TableText",
            "Table Text",
            based_on="Normal",
            quick=True,
            ppr=_spacing(before=0, after=120, line=240),
        ),
        _style(
            "paragraph",
            "TableHeading",
            "Table Heading",
            based_on="TableText",
            next_style="TableText",
            quick=True,
            ppr="<w:keepNext/>",
            rpr=bold,
        ),
        _style(
            "paragraph",
            "TableSubheading",
            "Table Subheading",
            based_on="TableText",
            next_style="TableText",
            quick=True,
            ppr="<w:keepNext/>" + _spacing(before=120, after=60, line=240),
            rpr=bold,
        ),
        _style(
            "paragraph",
            "TableBullet",
            "Table Bullet",
            based_on="TableText",
            quick=True,
            ppr=_num_pr(NUM_TABLE_BULLET) + _ind_list(284, 284, 120),
        ),
        _style(
            "paragraph",
            "TableNumber",
            "Table Number",
            based_on="TableText",
            quick=True,
            ppr=_num_pr(NUM_TABLE_NUMBER) + _ind_list(360, 360, 120),
        ),
        _style(
            "paragraph",
            "Footer",
            "footer",
            based_on="Normal",
            custom=False,
            priority=99,
            hidden=True,
            ppr=_spacing(after=0) + '<w:jc w:val="center"/>',
            rpr=_size(20),
        ),
        _style(
            "character",
            "Hyperlink",
            "Hyperlink",
            based_on="DefaultParagraphFont",
            custom=False,
            priority=99,
            hidden=True,
            rpr='<w:color w:val="0563C1"/><w:u w:val="single"/>',
        ),
        _style(
            "table",
            "ConsultationTable",
            "Consultation Table",
            based_on="TableNormal",
            priority=39,
            extra=(
                f"<w:tblPr><w:tblBorders>{grid}</w:tblBorders>{cell_margins}</w:tblPr>"
                '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr>'
                f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{HEADER_FILL}"/></w:tcPr>'
                "</w:tblStylePr>"
            ),
        ),
    ]
    defaults = (
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        '<w:rFonts w:ascii="Arial" w:eastAsia="Arial" w:hAnsi="Arial" w:cs="Arial"/>'
        + _size(24)
        + '<w:lang w:val="en-GB" w:eastAsia="en-GB" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault>"
        "<w:pPrDefault><w:pPr>" + _spacing(after=200, line=276) + "</w:pPr></w:pPrDefault>"
        "</w:docDefaults>"
    )
    return f"<w:styles {nsdecls('w')}>{defaults}{''.join(styles)}</w:styles>"


# --------------------------------------------------------------------------------------------
# Numbering


def _lvl(
    level: int,
    fmt: str,
    text: str,
    left: int,
    hanging: int,
    *,
    style: str | None = None,
    suffix: str | None = None,
    font: str | None = None,
) -> str:
    parts = [f'<w:start w:val="1"/><w:numFmt w:val="{fmt}"/>']
    if style:
        parts.append(f'<w:pStyle w:val="{style}"/>')
    if suffix:
        parts.append(f'<w:suff w:val="{suffix}"/>')
    parts.append(f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>')
    parts.append(f"<w:pPr>{_ind(left, hanging)}</w:pPr>")
    if font:
        parts.append(f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:cs="{font}"/></w:rPr>')
    return f'<w:lvl w:ilvl="{level}">{"".join(parts)}</w:lvl>'


def _abstract(abstract_id: int, nsid: str, kind: str, levels: Iterable[str]) -> str:
    return (
        f'<w:abstractNum w:abstractNumId="{abstract_id}"><w:nsid w:val="{nsid}"/>'
        f'<w:multiLevelType w:val="{kind}"/>{"".join(levels)}</w:abstractNum>'
    )


def _bullets(first_style: str, left: int, step: int, hanging: int) -> list[str]:
    marks = ("\u2022", "\u2013", "\u25aa")
    return [
        _lvl(
            level,
            "bullet",
            marks[level % 3],
            left + level * step,
            hanging,
            style=first_style if level == 0 else None,
            font="Arial",
        )
        for level in range(9)
    ]


def _decimals(first_style: str | None, left: int, step: int, hanging: int, dot: bool) -> list[str]:
    suffix = "." if dot else ""
    return [
        _lvl(
            level,
            "decimal",
            f"%{level + 1}{suffix}",
            left + level * step,
            hanging,
            style=first_style if level == 0 else None,
            suffix=None if dot else "nothing",
        )
        for level in range(9)
    ]


def numbering_xml() -> str:
    """The numbering part: one multilevel list for sections, and one list per list style."""
    sections = [
        _lvl(0, "decimal", "%1.", 720, 720, style="Heading1"),
        _lvl(1, "decimal", "%1.%2.", 720, 720, style="NumberedParagraph"),
    ] + [
        _lvl(level, "decimal", "".join(f"%{n}." for n in range(1, level + 2)), 1440, 1080)
        for level in range(2, 9)
    ]
    abstracts = [
        _abstract(0, "4A1F0C01", "multilevel", sections),
        _abstract(1, "4A1F0C02", "hybridMultilevel", _bullets("ListBullet", 1080, 360, 360)),
        _abstract(2, "4A1F0C03", "hybridMultilevel", _decimals("ListNumber", 1080, 360, 360, True)),
        _abstract(3, "4A1F0C04", "hybridMultilevel", _bullets("TableBullet", 284, 284, 284)),
        _abstract(4, "4A1F0C05", "hybridMultilevel", _decimals("TableNumber", 360, 360, 360, True)),
        _abstract(5, "4A1F0C06", "hybridMultilevel", _decimals(None, 0, 0, 0, False)),
    ]
    restart = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
    nums = [
        f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract}"/>{override}</w:num>'
        for num_id, abstract, override in (
            (NUM_SECTIONS, 0, ""),
            (NUM_BULLET, 1, ""),
            (NUM_NUMBER, 2, ""),
            (NUM_TABLE_BULLET, 3, ""),
            (NUM_TABLE_NUMBER, 4, ""),
            (NUM_TABLE_ROW, 5, restart),
        )
    ]
    return f"<w:numbering {nsdecls('w')}>{''.join(abstracts)}{''.join(nums)}</w:numbering>"


def _replace_children(root: BaseOxmlElement, xml: str) -> None:
    for child in list(root):
        root.remove(child)
    for child in parse_xml(xml):
        root.append(child)


# --------------------------------------------------------------------------------------------
# Body

Container = DocumentObject | _Cell


def _para(container: Container, style: str, *texts: str) -> Paragraph:
    """A paragraph of ``style`` with one run per text (a docxtpl tag stays whole in one run)."""
    paragraph = container.add_paragraph(style=style)
    for text in texts:
        paragraph.add_run(text)
    return paragraph


def _cell_para(cell: _Cell, style: str, *texts: str) -> Paragraph:
    """Like ``_para``, reusing the empty paragraph a new cell starts with."""
    first: Paragraph = cell.paragraphs[0]
    if len(cell.paragraphs) == 1 and first._p.pPr is None and not first.runs:
        first.style = style
        for text in texts:
            first.add_run(text)
        return first
    return _para(cell, style, *texts)


def _tag(container: Container, tag: str, style: str = "Normal") -> None:
    """A paragraph holding only a docxtpl ``{%p … %}`` tag; it disappears when rendered."""
    _para(container, style, tag)


def _cell_tag(cell: _Cell, tag: str) -> None:
    _cell_para(cell, "Table Text", tag)


def _row_props(table: Table, row: int, *, header: bool = False, keep: bool = False) -> None:
    tr_pr = table.rows[row]._tr.get_or_add_trPr()
    if keep:
        tr_pr.append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))
    if header:
        tr_pr.append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))


def _table(
    doc: DocumentObject, widths: tuple[int, ...], rows: int, caption: str, description: str
) -> Table:
    """A fixed-width table in the house table style with an accessible caption."""
    table: Table = doc.add_table(rows=rows, cols=len(widths))
    table.style = doc.styles["Consultation Table"]
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    assert tbl_w is not None
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(sum(widths)))
    look = tbl_pr.find(qn("w:tblLook"))
    assert look is not None
    for name, value in (
        ("firstRow", "1"),
        ("lastRow", "0"),
        ("firstColumn", "0"),
        ("lastColumn", "0"),
        ("noHBand", "1"),
        ("noVBand", "1"),
        ("val", "0620"),
    ):
        look.set(qn(f"w:{name}"), value)
    # tblCaption and tblDescription come last in w:tblPr, after w:tblLook.
    tbl_pr.append(parse_xml(f'<w:tblCaption {nsdecls("w")} w:val="{caption}"/>'))
    tbl_pr.append(parse_xml(f'<w:tblDescription {nsdecls("w")} w:val="{description}"/>'))
    for index, width in enumerate(widths):
        table.columns[index].width = Twips(width)
        for cell in table.columns[index].cells:
            cell.width = Twips(width)
    return table


def _summary_table(doc: DocumentObject) -> None:
    table = _table(
        doc,
        (680, 2800, TEXT_WIDTH - 680 - 2800),
        4,
        "Post-consultation decisions",
        "Each consultation question, numbered, with the decision taken after the consultation.",
    )
    header, start, row, end = (table.rows[i].cells for i in range(4))
    _row_props(table, 0, header=True, keep=True)
    _row_props(table, 2, keep=True)
    _cell_para(header[0], "Table Heading")
    _cell_para(header[1], "Table Heading", "Question")
    _cell_para(header[2], "Table Heading", "Post-consultation decision")
    _cell_tag(start[0], "{%tr for q in questions %}")
    _cell_tag(end[0], "{%tr endfor %}")

    number = _cell_para(row[0], "Table Number")
    # The row numbers are a list of their own: a separate numbering instance, restarting at 1.
    ppr = number._p.get_or_add_pPr()
    assert [child.tag for child in ppr] == [qn("w:pStyle")]  # w:numPr comes right after it
    ppr.append(
        parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/>'
            f'<w:numId w:val="{NUM_TABLE_ROW}"/></w:numPr>'
        )
    )

    _cell_para(row[1], "Table Heading", "{{r q.topic }}")
    _cell_para(row[1], "Table Text", "{{r q.request }}")

    cell = row[2]
    decision = "q.decision"

    def blocks(name: str) -> None:
        _cell_tag(cell, f"{{%p for block in {decision}.{name} %}}")
        _cell_para(cell, "Table Text", "{{r block.text }}")
        _cell_tag(cell, "{%p for item in block.items %}")
        _cell_para(cell, "Table Bullet", "{{r item }}")
        _cell_tag(cell, "{%p endfor %}")
        _cell_tag(cell, "{%p endfor %}")

    blocks("opening")
    _cell_tag(cell, f"{{%p for removed in {decision}.removed %}}")
    _cell_para(cell, "Table Text", "{{r removed }}")
    _cell_tag(cell, "{%p endfor %}")

    _cell_tag(cell, f"{{%p if {decision}.programme %}}")
    _cell_para(cell, "Table Text", f"{{{{r {decision}.programme.intro }}}}")
    _cell_tag(cell, f"{{%p for strand in {decision}.programme.strands %}}")
    _cell_para(cell, "Table Subheading", "{{r strand.heading }}")
    _cell_tag(cell, "{%p for thematic in strand.thematics %}")
    _cell_para(cell, "Table Subheading", "{{r thematic.title }}")
    _cell_para(cell, "Table Text", "{{r thematic.description }}")
    _cell_tag(cell, "{%p endfor %}")
    _cell_tag(cell, "{%p endfor %}")
    _cell_tag(cell, "{%p endif %}")

    _cell_tag(cell, f"{{%p if {decision}.agreed_later %}}")
    _cell_para(cell, "Table Text", f"{{{{r {decision}.agreed_later }}}}")
    _cell_tag(cell, "{%p endif %}")

    _cell_tag(cell, f"{{%p if {decision}.criteria %}}")
    _cell_para(cell, "Table Text", f"{{{{r {decision}.criteria.intro }}}}")
    _cell_tag(cell, f"{{%p for item in {decision}.criteria.items %}}")
    _cell_para(cell, "Table Number", "{{r item }}")
    _cell_tag(cell, "{%p endfor %}")
    _cell_tag(cell, "{%p endif %}")

    _cell_tag(cell, f"{{%p for section in {decision}.research %}}")
    _cell_para(cell, "Table Text", "{{r section.intro }}")
    _cell_tag(cell, "{%p for item in section.items %}")
    _cell_para(cell, "Table Bullet", "{{r item }}")
    _cell_tag(cell, "{%p endfor %}")
    _cell_tag(cell, "{%p endfor %}")

    blocks("closing")


def _suggestions_table(doc: DocumentObject) -> None:
    half = TEXT_WIDTH // 2
    table = _table(
        doc,
        (half, TEXT_WIDTH - half),
        4,
        "Suggestions and responses",
        "Each suggestion offered by respondents, with our response to it.",
    )
    header, start, row, end = (table.rows[i].cells for i in range(4))
    _row_props(table, 0, header=True, keep=True)
    _row_props(table, 2, keep=True)
    _cell_para(header[0], "Table Heading", "Suggestion")
    _cell_para(header[1], "Table Heading", "Response")
    _cell_tag(start[0], "{%tr for row in area.rows %}")
    _cell_tag(end[0], "{%tr endfor %}")
    _cell_tag(row[0], "{%p for suggestion in row.suggestions %}")
    _cell_para(row[0], "Table Text", "{{r suggestion }}")
    _cell_tag(row[0], "{%p endfor %}")
    _cell_para(row[1], "Table Text", "{{r row.response }}")


def _comments_table(doc: DocumentObject) -> None:
    half = TEXT_WIDTH // 2
    table = _table(
        doc,
        (half, TEXT_WIDTH - half),
        4,
        "Comments and responses",
        "Each comment respondents made on the proposal, with our response to it.",
    )
    header, start, row, end = (table.rows[i].cells for i in range(4))
    _row_props(table, 0, header=True, keep=True)
    _row_props(table, 2, keep=True)
    _cell_para(header[0], "Table Heading", "Comment")
    _cell_para(header[1], "Table Heading", "Response")
    _cell_tag(start[0], "{%tr for comment in response.comments %}")
    _cell_tag(end[0], "{%tr endfor %}")
    _cell_para(row[0], "Table Text", "{{r comment.point }}")
    _cell_para(row[1], "Table Text", "{{r comment.response }}")


def _body(doc: DocumentObject) -> None:
    _para(doc, "Cover Publisher", "{{r cover.publisher_name }}")
    _para(doc, "Title", "{{r cover.title }}")
    byline = _para(doc, "Cover Byline", "{{r cover.byline }}")
    # The cover is a section of its own: it starts the body on a new page and has no footer.
    sect_pr = doc.element.body.get_or_add_sectPr()
    byline._p.set_sectPr(sect_pr.clone())

    _para(doc, "Heading 1", "{{r headings.introduction }}")
    _tag(doc, "{%p for paragraph in introduction.paragraphs %}")
    _para(doc, "Numbered Paragraph", "{{r paragraph }}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p for q in questions %}")
    _para(doc, "Heading 2", QUESTION_LABEL, "{{r q.heading }}")
    _para(doc, "List Number", "{{r q.request }}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p if introduction.guidance_lead_in %}")
    _para(doc, "Normal", "{{r introduction.guidance_lead_in }}")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p if introduction.guidance %}")
    _para(doc, "Guidance", "{{r introduction.guidance.text }}")
    _tag(doc, "{%p for point in introduction.guidance.points %}")
    _para(doc, "List Bullet", "{{r point }}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p endif %}")
    _para(doc, "Numbered Paragraph", "{{r introduction.closing }}")

    _para(doc, "Heading 1", "{{r headings.summary }}")
    _summary_table(doc)

    _para(doc, "Heading 1", "{{r headings.responses }}")
    _para(doc, "Numbered Paragraph", "{{r respondents_intro }}")
    _tag(doc, "{%p for respondent in respondents %}")
    _para(doc, "List Bullet", "{{r respondent }}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p for response in responses %}")
    # Section 3 prints each part of a question only where the record gives it.
    _tag(doc, "{%p if response.heading %}")
    _para(doc, "Heading 2", QUESTION_LABEL, "{{r response.heading }}")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p if response.guidance %}")
    _para(doc, "Guidance", "{{r response.guidance.text }}")
    _tag(doc, "{%p for point in response.guidance.points %}")
    _para(doc, "List Bullet", "{{r point }}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p if response.prompt %}")
    _para(doc, "Normal", "{{ response.label }} ", "{{r response.prompt }}")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p if response.summary %}")
    _para(doc, "Numbered Paragraph", "{{r response.summary }}")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p for area in response.areas %}")
    _tag(doc, "{%p if area.heading %}")
    _para(doc, "Heading 2", "{{r area.heading }}")
    _tag(doc, "{%p endif %}")
    _suggestions_table(doc)
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p if response.comments %}")
    _comments_table(doc)
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p if response.none_received %}")
    _para(doc, "Numbered Paragraph", "{{r response.none_received }}")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p if responses_closing %}")
    _para(doc, "Numbered Paragraph", "{{r responses_closing }}")
    _tag(doc, "{%p endif %}")

    _para(doc, "Heading 1", "{{r headings.feedback }}")
    _tag(doc, "{%p for paragraph in feedback %}")
    _para(doc, "Numbered Paragraph", "{{r paragraph }}")
    _tag(doc, "{%p endfor %}")


def _footer(doc: DocumentObject) -> None:
    """Page numbers, centred, on every page after the cover."""
    footer = doc.sections[-1].footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.style = doc.styles["Footer"]
    w = nsdecls("w")
    for xml in (
        f'<w:r {w}><w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r {w}><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
        f'<w:r {w}><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        paragraph._p.append(parse_xml(xml))


# --------------------------------------------------------------------------------------------
# Package


def _page_setup(doc: DocumentObject) -> None:
    section = doc.sections[0]
    section.page_width = Twips(PAGE_WIDTH)
    section.page_height = Twips(PAGE_HEIGHT)
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, Twips(MARGIN))
    section.header_distance = Twips(708)
    section.footer_distance = Twips(708)
    sect_pr = section._sectPr
    for name in ("w:rsidR", "w:rsidRPr", "w:rsidSect"):
        if qn(name) in sect_pr.attrib:
            del sect_pr.attrib[qn(name)]


def _clean_package(doc: DocumentObject) -> None:
    """Drop the parts of python-docx's starting document that a Word template does not need."""
    part = doc.part
    for r_id, rel in list(part.rels.items()):
        if rel.reltype in (
            RT.CUSTOM_XML,
            "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
        ):
            part.drop_rel(r_id)
    package_rels = part.package.rels
    for r_id, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package_rels.pop(r_id)

    settings = doc.settings.element
    for name in ("w:savePreviewPicture", "w:rsids"):
        for element in settings.findall(qn(name)):
            settings.remove(element)
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:val"), "en-GB")
        lang.attrib.pop(qn("w:eastAsia"), None)
    for compat in settings.iter(qn("w:compatSetting")):
        if compat.get(qn("w:name")) == "compatibilityMode":
            compat.set(qn("w:val"), "15")

    props = doc.core_properties
    props.title = ""
    props.author = ""
    props.comments = ""
    props.last_modified_by = ""
    props.language = "en-GB"
    props.revision = 1
    props.created = FIXED_DATE
    props.modified = FIXED_DATE


def build() -> DocumentObject:
    """The template as a python-docx document."""
    doc = Document()
    _clean_package(doc)
    _replace_children(doc.styles.element, styles_xml())
    _replace_children(doc.part.numbering_part.element, numbering_xml())
    _page_setup(doc)
    _body(doc)
    _footer(doc)
    # python-docx leaves an empty w:pPr behind when a paragraph is given the default style.
    for ppr in list(doc.element.body.iter(qn("w:pPr"))):
        if len(ppr) == 0 and not ppr.attrib:
            parent = ppr.getparent()
            assert parent is not None
            parent.remove(ppr)
    return doc


def _stable_zip(data: bytes) -> bytes:
    """The same package with fixed entry dates, so writing it twice gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def refusal(out: Path) -> str | None:
    """Why the bootstrap must not write ``out``, or None when it may."""
    if out.exists() or out.is_symlink():
        return f"{out} already exists; a bootstrap only writes a new file, it never replaces one"
    return template_guard.in_templates_folder(out)


def _write_new(out: Path, data: bytes) -> None:
    """Write ``data`` to ``out`` in one step, failing if ``out`` appeared meanwhile."""
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{out.name}.tmp-", dir=out.parent)
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.link(temp, out)  # unlike a rename, never replaces an existing file
    finally:
        temp.unlink()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Write a brand-new consultation-response template to start a new one from. "
        "Never writes into a templates folder or over an existing file."
    )
    parser.add_argument("output", type=Path, metavar="NEW.docx", help="the file to create")
    out: Path = parser.parse_args(argv).output
    reason = refusal(out)
    if reason is not None:
        print(f"make_template: {reason}", file=sys.stderr)
        return 2
    buffer = io.BytesIO()
    build().save(buffer)
    # The review's edits, as made to the shipped template (scripts/edit_template.py).
    edited, _ = edit_template.edit(buffer.getvalue())
    try:
        _write_new(out, _stable_zip(edited))
    except OSError as error:
        print(f"make_template: cannot write {out}: {error.strerror or error}", file=sys.stderr)
        return 2
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
