"""Apply the 2026 review's edits to a consultation-response Word template, in place.

The template is the communications team's: this script does not regenerate it, it makes a few
named edits to the .docx they keep, and leaves every other part of the package byte for byte as
it was. Each edit first looks whether it is already made, so running the script again (or on a
template the team has changed since) changes nothing that is already right:

- a "heading 3" style, and the "Consultation question" areas' headings (``area.heading``) set in
  it: an area sits under its question's Heading 2, one level down;
- the cover title's Title style gets outline level 1, so the title shows in Word's navigation
  pane and the PDF's bookmarks and is tagged as a heading;
- the summary table's top-left header cell says "Number" (a blank header is announced as blank),
  and its column is widened to hold the word, taking the width from the decision column;
- the summary table's data row may break across pages (a decision can be longer than a page);
- the thematic programme as two levels: each strand's label ("Adult") in Table Subheading, set
  in the heading colour, and its thematics as a bulleted list under it, each title in the Table
  List Title style with its words in the Strong character style
  (``hmip_docs/render/run_styles.py`` passes a tag's character style on), its description in
  Table List Text, indented with the list.

    python scripts/edit_template.py COPY.docx

It edits a copy: it refuses a template in a templates folder (``scripts/template_guard.py``),
which is the communications team's, edited in Word. Review the edited copy in Word and copy it in.

Prints each edit it made, or that there was nothing to do. Exits 1, changing nothing, when a
part it edits is missing (the message names it).
"""

from __future__ import annotations

import argparse
import io
import os
import re
import sys
import tempfile
import zipfile
from collections.abc import Callable
from copy import deepcopy
from pathlib import Path

import template_guard  # scripts/template_guard.py, beside this script
from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
ACCENT = "1F3864"
AREA_HEADING = "area.heading"
"""The tag of an area's heading, printed at one of two levels (``area_heading_levels``)."""
NUMBER_HEADER = "Number"
NUMBER_WIDTH = 1300  # twips: "Number" in bold 12 point, with the cell's margins, on one line
SUMMARY_CAPTION = "Post-consultation decisions"

STYLES: dict[str, str] = {
    "Heading3": (
        '<w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/>'
        '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/>'
        "<w:unhideWhenUsed/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/>"
        '<w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="2"/></w:pPr>'
        f'<w:rPr><w:b/><w:bCs/><w:color w:val="{ACCENT}"/><w:sz w:val="24"/>'
        '<w:szCs w:val="24"/></w:rPr></w:style>'
    ),
    "TableListTitle": (
        '<w:style w:type="paragraph" w:customStyle="1" w:styleId="TableListTitle">'
        '<w:name w:val="Table List Title"/><w:basedOn w:val="TableBullet"/>'
        '<w:next w:val="TableListText"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/>'
        '<w:spacing w:before="60" w:after="0"/><w:contextualSpacing w:val="0"/></w:pPr>'
        "</w:style>"
    ),
    "Strong": (
        '<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/>'
        '<w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="22"/><w:qFormat/>'
        "<w:rPr><w:b/><w:bCs/></w:rPr></w:style>"
    ),
    "TableListText": (
        '<w:style w:type="paragraph" w:customStyle="1" w:styleId="TableListText">'
        '<w:name w:val="Table List Text"/><w:basedOn w:val="TableText"/><w:qFormat/>'
        '<w:pPr><w:ind w:left="284"/></w:pPr></w:style>'
    ),
}
"""Styles the edits use, added when the template has no style of that id."""


def _q(tag: str) -> str:
    return f"{W}{tag}"


def _text(paragraph: etree._Element) -> str:
    return "".join(node.text or "" for node in paragraph.iter(_q("t")))


def _style_of(paragraph: etree._Element) -> str | None:
    found = paragraph.find(f"{W}pPr/{W}pStyle")
    return None if found is None else found.get(_q("val"))


def _set_style(paragraph: etree._Element, style: str) -> bool:
    """Give the paragraph ``style``; whether that changed anything."""
    if _style_of(paragraph) == style:
        return False
    ppr = paragraph.find(_q("pPr"))
    if ppr is None:
        ppr = etree.SubElement(paragraph, _q("pPr"))
        paragraph.insert(0, ppr)
    pstyle = ppr.find(_q("pStyle"))
    if pstyle is None:
        pstyle = etree.Element(_q("pStyle"))
        ppr.insert(0, pstyle)
    pstyle.set(_q("val"), style)
    return True


def _tag_paragraphs(body: etree._Element, tag: str) -> list[etree._Element]:
    """The paragraphs that print ``tag`` (``{{ tag }}`` or ``{{r tag }}``; a block tag such as
    ``{%p if tag %}`` that only tests it does not count)."""
    printing = re.compile(r"\{\{r?\s*" + re.escape(tag) + r"\s*\}\}")
    return [p for p in body.iter(_q("p")) if printing.search(_text(p))]


def _tag_paragraph(body: etree._Element, tag: str, first: bool = False) -> etree._Element:
    """The one paragraph that prints ``tag`` (with ``first``, the first of several)."""
    found = _tag_paragraphs(body, tag)
    if not found or (len(found) > 1 and not first):
        raise EditError(f"expected one paragraph with the tag {tag!r}, found {len(found)}")
    return found[0]


def _block(tag: str) -> etree._Element:
    """A paragraph holding only the docxtpl block tag ``tag`` (docxtpl removes it)."""
    paragraph = etree.Element(_q("p"))
    etree.SubElement(etree.SubElement(paragraph, _q("r")), _q("t")).text = tag
    return paragraph


def _summary_table(body: etree._Element) -> etree._Element:
    for table in body.iter(_q("tbl")):
        caption = table.find(f"{W}tblPr/{W}tblCaption")
        if caption is not None and caption.get(_q("val")) == SUMMARY_CAPTION:
            return table
    raise EditError(f"no table has the alternative text title {SUMMARY_CAPTION!r}")


class EditError(Exception):
    """The template lacks a part an edit needs."""


Edit = Callable[[dict[str, etree._Element]], list[str]]


def add_styles(parts: dict[str, etree._Element]) -> list[str]:
    styles = parts["word/styles.xml"]
    have = {style.get(_q("styleId")) for style in styles.iter(_q("style"))}
    done = []
    for style_id, xml in STYLES.items():
        if style_id not in have:
            styles.append(etree.fromstring(f'<w:styles xmlns:w="{W_NS}">{xml}</w:styles>')[0])
            done.append(f"added the style {style_id}")
    return done


def _style(parts: dict[str, etree._Element], style_id: str) -> etree._Element:
    for style in parts["word/styles.xml"].iter(_q("style")):
        if style.get(_q("styleId")) == style_id:
            return style
    raise EditError(f"the template has no style {style_id!r}")


def _ensure(parent: etree._Element, tag: str, after: tuple[str, ...] = ()) -> etree._Element:
    """``parent``'s child ``tag``, added (after the last of the ``after`` children) if missing."""
    found = parent.find(_q(tag))
    if found is None:
        found = etree.Element(_q(tag))
        anchors = [child for child in parent if child.tag in {_q(name) for name in after}]
        if anchors:
            anchors[-1].addnext(found)
        else:
            parent.insert(0, found)
    return found


def title_outline(parts: dict[str, etree._Element]) -> list[str]:
    ppr = _ensure(
        _style(parts, "Title"), "pPr", ("name", "basedOn", "next", "uiPriority", "qFormat")
    )
    level = ppr.find(_q("outlineLvl"))
    if level is not None and level.get(_q("val")) == "0":
        return []
    if level is None:
        level = etree.SubElement(ppr, _q("outlineLvl"))
    level.set(_q("val"), "0")
    return ["gave the Title style outline level 1"]


def label_colour(parts: dict[str, etree._Element]) -> list[str]:
    style = _style(parts, "TableSubheading")
    rpr = _ensure(style, "rPr", ("name", "basedOn", "next", "qFormat", "pPr"))
    colour = rpr.find(_q("color"))
    if colour is not None and colour.get(_q("val")) == ACCENT:
        return []
    if colour is None:
        colour = etree.SubElement(rpr, _q("color"))
    colour.set(_q("val"), ACCENT)
    return ["set Table Subheading in the heading colour"]


def paragraph_styles(parts: dict[str, etree._Element]) -> list[str]:
    body = parts["word/document.xml"]
    wanted = {
        "area.heading": "Heading3",
        "thematic.title": "TableListTitle",
        "thematic.description": "TableListText",
    }
    return [
        f"set the paragraph of {tag!r} in {style}"
        for tag, style in wanted.items()
        if _set_style(_tag_paragraph(body, tag, first=tag == AREA_HEADING), style)
    ]


def area_heading_levels(parts: dict[str, etree._Element]) -> list[str]:
    """An area's heading one level below its question's heading, and at level 2 where the record
    gives the question no heading (``checks.heading_levels.BELOW``): the heading is printed in
    Heading 3 under ``{%p if response.heading %}`` and in Heading 2 otherwise."""
    body = parts["word/document.xml"]
    printing = _tag_paragraphs(body, AREA_HEADING)
    if len(printing) == 2:
        return []
    if len(printing) != 1:
        raise EditError(f"expected one paragraph with the tag {AREA_HEADING!r}, found 0")
    heading = printing[0]
    without = deepcopy(heading)
    _set_style(without, "Heading2")
    heading.addprevious(_block("{%p if response.heading %}"))
    heading.addnext(_block("{%p endif %}"))
    heading.addnext(without)
    heading.addnext(_block("{%p else %}"))
    return ["printed an area's heading in Heading 2 where its question has no heading"]


def strong_titles(parts: dict[str, etree._Element]) -> list[str]:
    """The thematic title's tag in the Strong character style (``run_styles`` passes it on)."""
    paragraph = _tag_paragraph(parts["word/document.xml"], "thematic.title")
    runs = [run for run in paragraph.iter(_q("r")) if "thematic.title" in _text(run)]
    if len(runs) != 1:
        raise EditError("the tag 'thematic.title' is not typed in one run")
    done = []
    # The weight comes from Strong, not from the paragraph style.
    title_rpr = _style(parts, "TableListTitle").find(_q("rPr"))
    if title_rpr is not None:
        title_rpr.getparent().remove(title_rpr)  # type: ignore[union-attr]
        done.append("took the bold out of Table List Title")
    style = _ensure(_ensure(runs[0], "rPr"), "rStyle")
    if style.get(_q("val")) != "Strong":
        style.set(_q("val"), "Strong")
        done.append("set the tag 'thematic.title' in the Strong character style")
    return done


def summary_table(parts: dict[str, etree._Element]) -> list[str]:
    table = _summary_table(parts["word/document.xml"])
    rows = table.findall(_q("tr"))
    done = []
    corner = rows[0].find(f"{W}tc/{W}p")
    if corner is None:
        raise EditError("the summary table's first header cell has no paragraph")
    if not _text(corner).strip():
        run = etree.SubElement(corner, _q("r"))
        etree.SubElement(run, _q("t")).text = NUMBER_HEADER
        done.append(f"wrote {NUMBER_HEADER!r} in the summary table's first header cell")
    if _widen_first_column(table, rows):
        done.append(f"widened the summary table's first column to {NUMBER_WIDTH} twips")
    for row in rows[1:]:
        properties = row.find(f"{W}trPr")
        flag = properties.find(f"{W}cantSplit") if properties is not None else None
        if properties is not None and flag is not None:
            properties.remove(flag)
            done.append("let the summary table's data rows break across pages")
    return sorted(set(done), key=done.index)


def _widen_first_column(table: etree._Element, rows: list[etree._Element]) -> bool:
    """Make the first column ``NUMBER_WIDTH`` wide, the last column giving up what it gains
    (grid and every cell's width); whether anything changed."""
    grid = table.findall(f"{W}tblGrid/{W}gridCol")
    if len(grid) < 2:
        raise EditError("the summary table has fewer than two columns")
    gain = NUMBER_WIDTH - int(grid[0].get(_q("w"), "0"))
    if gain <= 0:
        return False
    for column, change in ((grid[0], gain), (grid[-1], -gain)):
        column.set(_q("w"), str(int(column.get(_q("w"), "0")) + change))
    for row in rows:
        cells = row.findall(f"{W}tc/{W}tcPr/{W}tcW")
        if len(cells) == len(grid):
            for width, change in ((cells[0], gain), (cells[-1], -gain)):
                width.set(_q("w"), str(int(width.get(_q("w"), "0")) + change))
    return True


EDITS: tuple[Edit, ...] = (
    add_styles,
    title_outline,
    label_colour,
    paragraph_styles,
    area_heading_levels,
    strong_titles,
    summary_table,
)
PARTS = ("word/document.xml", "word/styles.xml")


def edit(data: bytes) -> tuple[bytes, list[str]]:
    """The edited package and what was done (the bytes unchanged when nothing was)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = {name: etree.fromstring(package.read(name)) for name in PARTS}
        done = [line for step in EDITS for line in step(parts)]
        if not done:
            return data, done
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for info in package.infolist():
                content = package.read(info.filename)
                if info.filename in parts:
                    content = etree.tostring(
                        parts[info.filename],
                        xml_declaration=True,
                        encoding="UTF-8",
                        standalone=True,
                    )
                target.writestr(info, content)
    return out.getvalue(), done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("template", type=Path, metavar="COPY.docx", help="the copy to edit")
    args = parser.parse_args(argv)
    path: Path = args.template
    reason = template_guard.in_templates_folder(path)
    if reason is not None:
        print(f"edit_template: {reason}", file=sys.stderr)
        return 2
    try:
        data = path.read_bytes()
        edited, done = edit(data)
    except (OSError, zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, EditError) as error:
        print(f"{path}: cannot edit the template: {error}", file=sys.stderr)
        return 1
    if not done:
        print(f"{path}: nothing to do, every edit is already made")
        return 0
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as temp:
        temp.write(edited)
    os.replace(temp.name, path)
    for line in done:
        print(f"{path}: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
