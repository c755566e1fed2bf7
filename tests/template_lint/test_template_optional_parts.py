"""``scripts/template_optional_parts.py`` is a small, re-runnable edit of the template, never a
regeneration: on the template as it was before, it makes exactly the shipped template's body and
copies every other part byte for byte; on the shipped template it changes nothing."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from lxml import etree

from hmip_docs.template_lint import lint as template_lint
from tests.conftest import ROOT, TEMPLATE

SCRIPT = ROOT / "scripts" / "template_optional_parts.py"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ADDED_TAGS = {
    "{%p if introduction.guidance_lead_in %}",
    "{%p if introduction.guidance %}",
    "{%p if response.heading %}",
    "{%p if response.guidance %}",
    "{%p if response.prompt %}",
    "{%p if response.summary %}",
    "{%p if area.heading %}",
}


def _run(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        cwd=ROOT,
    )


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        return {info.filename: package.read(info) for info in package.infolist()}


def _text(element: etree._Element) -> str:
    return "".join(str(t) for t in element.itertext()).strip()


def _before(tmp_path: Path) -> Path:
    """The shipped template with the script's edits taken out again."""
    parts = _parts(TEMPLATE)
    root = etree.fromstring(parts["word/document.xml"])
    body = root.find(f"{W}body")
    assert body is not None
    children = list(body)
    for index, element in enumerate(children):
        if element.tag != f"{W}p" or _text(element) not in ADDED_TAGS:
            continue
        following = element.getnext()
        if following is not None and _text(following) == "{{r area.heading }}":
            continue  # the two levels of an area's heading (scripts/edit_template.py), kept
        body.remove(element)
        depth = 0
        for later in children[index + 1 :]:  # its {%p endif %}
            text = _text(later) if later.tag == f"{W}p" else ""
            depth += text.startswith("{%p if ")
            if text == "{%p endif %}" and depth == 0:
                body.remove(later)
                break
            depth -= text == "{%p endif %}"
    start = next(e for e in body if _text(e) == "{%p if response.comments %}")
    for element in [start, *list(start.itersiblings())[:5]]:  # table, endif, none received
        body.remove(element)
    parts["word/document.xml"] = etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    path = tmp_path / "before.docx"
    with zipfile.ZipFile(TEMPLATE) as source, zipfile.ZipFile(path, "w") as out:
        for info in source.infolist():
            out.writestr(info, parts[info.filename])
    return path


def test_the_edit_makes_the_shipped_template_from_the_one_before(tmp_path: Path) -> None:
    before = _before(tmp_path)
    assert "response.comments" not in _parts(before)["word/document.xml"].decode()
    run = _run(before)
    assert run.returncode == 0, run.stderr
    assert "edited" in run.stdout
    assert _parts(before) == _parts(TEMPLATE)
    assert template_lint.lint(before).findings == ()


def test_the_edit_runs_again_without_changing_anything(tmp_path: Path) -> None:
    copy = tmp_path / "template.docx"
    shutil.copy(TEMPLATE, copy)
    run = _run(copy)
    assert run.returncode == 0, run.stderr
    assert "nothing to do" in run.stdout
    assert copy.read_bytes() == TEMPLATE.read_bytes()


def test_it_refuses_the_shipped_template_and_changes_nothing() -> None:
    before = TEMPLATE.read_bytes()
    refused = _run(TEMPLATE)
    assert refused.returncode == 2
    assert "is in the templates folder" in refused.stderr
    assert TEMPLATE.read_bytes() == before


def test_it_needs_the_copy_to_edit() -> None:
    bare = subprocess.run(
        [sys.executable, str(SCRIPT)], capture_output=True, text=True, timeout=120, check=False
    )
    assert bare.returncode == 2
    assert "usage" in bare.stderr
