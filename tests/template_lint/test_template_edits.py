"""The template is the communications team's, edited in a word processor: a template saved again
by one still passes the lint and builds the whole publication, and a style changed in the .docx
shows in the built document with no change to the code.

A word processor rewrites the whole package when it saves: runs are split and merged, revision
ids renewed, styles given ids of its own ("InternetLink" for Word's "Hyperlink"), list levels
saved without their link back to the style, numbering written onto each paragraph. The lint
and the build read what those leave unchanged: style names, the numbering each style ends up
with, the tags' text.
"""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from hmip_docs.context import model
from hmip_docs.core.findings import Finding
from hmip_docs.export import pdf
from hmip_docs.ooxml.package import Docx
from hmip_docs.record.organisations import Registry
from hmip_docs.render import word
from hmip_docs.template_lint import lint
from tests.conftest import RECORD, REGISTRY, TEMPLATE, hmip, load_data, require_tools
from tests.test_fidelity import SEED, docx_stream, out_of_order, seed_lines

BUILT = Path("build") / "consultation-response-2021-22.docx"
WORD_2007 = "docx:MS Word 2007 XML"  # LibreOffice's filter for .docx


def _lint(path: Path) -> list[Finding]:
    return list(lint.lint(path, "template.docx").findings)


def _part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(name)


def _save(document: Document, path: Path) -> Path:
    document.save(str(path))
    return path


def _restore_table_alt_text(resaved: Path, target: Path) -> Path:
    """``resaved`` with each table's alternative text set again as the shipped template has it,
    as the team would in Word (Table Properties > Alt Text)."""
    shipped = docx.Document(str(TEMPLATE)).tables
    document = docx.Document(str(resaved))
    assert len(document.tables) == len(shipped)
    for table, original in zip(document.tables, shipped, strict=True):
        props = table._tbl.tblPr
        for tag in ("w:tblCaption", "w:tblDescription"):
            for old in props.findall(qn(tag)):
                props.remove(old)
            props.append(copy.deepcopy(original._tbl.tblPr.find(qn(tag))))
    return _save(document, target)


def _built_seed_problems(built: bytes) -> tuple[list[str], list[str]]:
    """The seed lines missing from a built document, and those out of order."""
    stream = docx_stream(built)
    lines = seed_lines(SEED.read_text(encoding="utf-8"))
    return [line for line in lines if line not in stream], out_of_order(lines, stream)


def test_a_template_saved_again_by_libreoffice_lints_and_builds_the_publication(
    project: Path, tmp_path: Path
) -> None:
    require_tools("soffice")
    resaved = tmp_path / "resaved.docx"
    resaved.write_bytes(pdf.convert(TEMPLATE, filter_argument=WORD_2007, extension="docx"))
    assert b"LibreOffice" in _part(resaved.read_bytes(), "docProps/app.xml")

    # LibreOffice (7.4 at least) does not keep a table's alternative text (Word's Table
    # Properties > Alt Text): it has nowhere to hold it. The lint says so, for each table, and
    # nothing else but this: the summary table's rows may break because of its title, now lost.
    lost = _lint(resaved)
    assert all(
        (f.rule == "output-alt-text" and "the table" in f.message)
        or (f.rule == "template-table" and "do not break across pages" in f.message)
        for f in lost
    ), lost

    template = _restore_table_alt_text(resaved, project / "templates" / TEMPLATE.name)
    assert _lint(template) == []
    run = hmip(project, "docx")
    assert run.returncode == 0, run.stdout + run.stderr
    assert _built_seed_problems((project / BUILT).read_bytes()) == ([], [])


def test_list_levels_saved_without_their_link_to_the_style_pass(tmp_path: Path) -> None:
    """LibreOffice saves a multilevel list without the levels' links back to their styles
    (``w:pStyle`` in ``w:lvl``); each style still says its list and level."""
    document = docx.Document(str(TEMPLATE))
    links = list(document.part.numbering_part.element.iter(qn("w:pStyle")))
    assert links
    for link in links:
        link.getparent().remove(link)
    assert _lint(_save(document, tmp_path / "unlinked.docx")) == []


def test_links_are_printed_in_the_style_named_hyperlink_whatever_its_id(tmp_path: Path) -> None:
    document = docx.Document(str(TEMPLATE))
    document.styles["Hyperlink"].style_id = "InternetLink"  # as LibreOffice names it
    template = _save(document, tmp_path / "renamed.docx")
    assert _lint(template) == []

    data = load_data(RECORD)
    data["links"]["corporate-plan"]["address"] = "https://www.example.org/plan"
    ctx = model.build(data, Registry.from_data(load_data(REGISTRY)))
    body = Docx.read(word.render(template, ctx)).body
    assert body is not None
    links = list(body.iter(qn("w:hyperlink")))
    assert links
    styles = {style.get(qn("w:val")) for link in links for style in link.iter(qn("w:rStyle"))}
    assert styles == {"InternetLink"}


def test_a_style_changed_in_the_template_shows_in_the_build(project: Path, tmp_path: Path) -> None:
    """A heading colour and a font size changed in the .docx itself (Modify Style in Word) are in
    the built document: in its styles, with nothing in the text overriding them."""
    assert hmip(project, "docx").returncode == 0
    before = (project / BUILT).read_bytes()

    document = docx.Document(str(TEMPLATE))
    document.styles["Heading 1"].font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    document.styles["Heading 2"].font.size = Pt(15)
    template = _save(document, project / "templates" / TEMPLATE.name)
    assert _lint(template) == []
    run = hmip(project, "docx")
    assert run.returncode == 0, run.stdout + run.stderr
    after = (project / BUILT).read_bytes()

    # The text is laid out exactly as before; only the styles changed.
    assert _part(after, "word/document.xml") == _part(before, "word/document.xml")
    assert _part(after, "word/styles.xml") != _part(before, "word/styles.xml")
    built = docx.Document(io.BytesIO(after))
    assert built.styles["Heading 1"].font.color.rgb == RGBColor(0xC0, 0x00, 0x00)
    assert built.styles["Heading 2"].font.size == Pt(15)
    # And nothing in the text overrides them: no run of those headings sets its own colour or
    # size, or a character style.
    for style, overrides in (("Heading 1", "w:color"), ("Heading 2", "w:sz")):
        headings = [p for p in built.paragraphs if p.style.name == style]
        assert len(headings) >= 4, style
        for heading in headings:
            for tag in (overrides, "w:rStyle"):
                assert not list(heading._p.iter(qn(tag))), (style, heading.text)
