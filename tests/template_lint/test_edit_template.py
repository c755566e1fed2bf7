"""``scripts/edit_template.py`` makes its named edits to a template and nothing else: on the shipped
template (already edited) it does nothing; on a template whose edits were undone in Word (the
state the communications team's next version might be in) it makes them again, and the result
passes the lint and builds the publication with every seed line in order."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
from docx.document import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from hmip_docs.context import model
from hmip_docs.record.organisations import Registry
from hmip_docs.render import word
from hmip_docs.template_lint import lint as template_lint
from tests.conftest import RECORD, REGISTRY, ROOT, TEMPLATE, load_data
from tests.test_fidelity import SEED, docx_stream, out_of_order, seed_lines

SCRIPT = ROOT / "scripts" / "edit_template.py"
ADDED = ("Heading3", "TableListTitle", "TableListText")


def run(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _prints(paragraph: docx.text.paragraph.Paragraph, tag: str) -> bool:
    """Whether the paragraph prints ``tag`` (not a block tag that only tests it)."""
    return any(f"{{{{{r}{tag} }}}}" in paragraph.text for r in ("r ", " "))


def _paragraph(document: Document, tag: str) -> docx.text.paragraph.Paragraph:
    """The first paragraph that prints ``tag``."""
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    if _prints(paragraph, tag):
                        return paragraph
    return next(p for p in document.paragraphs if _prints(p, tag))


def undone(target: Path) -> Path:
    """The shipped template with each edit undone, as Word would save it."""
    document = docx.Document(str(TEMPLATE))
    styles = document.styles.element
    for style in list(styles.iterchildren(qn("w:style"))):
        if style.get(qn("w:styleId")) in ADDED:
            styles.remove(style)
    title = document.styles["Title"].element.pPr
    title.remove(title.find(qn("w:outlineLvl")))
    _paragraph(document, "area.heading").style = document.styles["Heading 2"]
    for tag in ("thematic.title", "thematic.description"):
        _paragraph(document, tag)._p.pPr.find(qn("w:pStyle")).set(qn("w:val"), "TableText")
    summary = document.tables[0]
    corner = summary.rows[0].cells[0].paragraphs[0]
    for run_ in corner.runs:
        run_._r.getparent().remove(run_._r)
    for row in summary.rows[1:]:
        row._tr.get_or_add_trPr().append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))
    document.save(str(target))
    return target


def test_the_shipped_template_needs_nothing(tmp_path: Path) -> None:
    copy = tmp_path / "template.docx"
    shutil.copy(TEMPLATE, copy)
    done = run(copy)
    assert done.returncode == 0, done.stderr
    assert "nothing to do" in done.stdout
    assert copy.read_bytes() == TEMPLATE.read_bytes()


def test_undone_edits_are_made_again_and_only_once(tmp_path: Path) -> None:
    path = undone(tmp_path / "template.docx")
    assert template_lint.lint(path, "template.docx").findings  # the lint misses the styles
    first = run(path)
    assert first.returncode == 0, first.stderr
    made = first.stdout
    for words in (
        "added the style Heading3",
        "gave the Title style outline level 1",
        "set the paragraph of 'area.heading' in Heading3",
        "set the paragraph of 'thematic.title' in TableListTitle",
        "wrote 'Number' in the summary table's first header cell",
        "let the summary table's data rows break across pages",
    ):
        assert words in made, made
    assert list(template_lint.lint(path, "template.docx").findings) == []
    edited = path.read_bytes()
    again = run(path)
    assert "nothing to do" in again.stdout
    assert path.read_bytes() == edited

    ctx = model.build(load_data(RECORD), Registry.from_data(load_data(REGISTRY)))
    stream = docx_stream(word.render(path, ctx))
    lines = seed_lines(SEED.read_text(encoding="utf-8"))
    assert [line for line in lines if line not in stream] == []
    assert out_of_order(lines, stream) == []


def test_other_parts_are_left_byte_for_byte(tmp_path: Path) -> None:
    path = undone(tmp_path / "template.docx")
    before = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    assert run(path).returncode == 0
    after = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    assert before.namelist() == after.namelist()
    changed = [n for n in before.namelist() if before.read(n) != after.read(n)]
    assert changed == ["word/document.xml", "word/styles.xml"]


def test_a_template_without_the_summary_table_is_left_alone(tmp_path: Path) -> None:
    document = docx.Document(str(TEMPLATE))
    caption = document.tables[0]._tbl.tblPr.find(qn("w:tblCaption"))
    caption.set(qn("w:val"), "Decisions")
    path = tmp_path / "template.docx"
    document.save(str(path))
    before = path.read_bytes()
    done = run(path)
    assert done.returncode == 1
    assert "no table has the alternative text title 'Post-consultation decisions'" in done.stderr
    assert "Traceback" not in done.stderr
    assert path.read_bytes() == before


def test_it_refuses_the_shipped_template_and_changes_nothing(tmp_path: Path) -> None:
    before = TEMPLATE.read_bytes()
    refused = run(TEMPLATE)
    assert refused.returncode == 2
    assert "is in the templates folder" in refused.stderr
    assert "edited in Word" in refused.stderr
    assert TEMPLATE.read_bytes() == before
    # Reached through another name for the folder, too.
    link = tmp_path / "link"
    link.symlink_to(TEMPLATE.parent, target_is_directory=True)
    assert run(link / TEMPLATE.name).returncode == 2
    assert TEMPLATE.read_bytes() == before
