"""Hostile templates through the real command line: ``lint-template`` and ``docx`` finish within a
time bound, in linear time, and a template that needs more than the limits gets a clear error
naming it, never a hang, a crash or all of the machine's memory.

Everything whose cost a template decides (reading it, compiling its tags, rendering it, checking
the document it gives) runs in a child process held to ``sandbox.RenderLimits``; the checks
themselves are linear in the document. Each template here is the shipped one with thousands of
one thing added: the shapes that were quadratic (15,000 empty paragraphs took 31 s in ``docx``
and 13 s in ``lint-template``), and some that could be.
"""

from __future__ import annotations

import io
import json
import subprocess
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import RECORD, REGISTRY, TEMPLATE
from tests.robustness.bounded import run_within

BOUND = 120.0
"""Seconds a command may take on one template (they take a few; the quadratic versions took
minutes at these sizes, and hours at ten times them)."""
COUNT = 15_000


def _parts(template: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(template)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _package(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def _inserted(parts: dict[str, bytes], name: str, before: str, xml: str) -> None:
    """Insert ``xml`` into the part ``name``, before the last ``before``."""
    text = parts[name].decode("utf-8")
    at = text.rindex(before)
    parts[name] = (text[:at] + xml + text[at:]).encode("utf-8")


def _with(name: str, before: str, xml: str) -> Callable[[bytes], bytes]:
    def change(template: bytes) -> bytes:
        parts = _parts(template)
        _inserted(parts, name, before, xml)
        return _package(parts)

    return change


def _with_body(xml: str) -> Callable[[bytes], bytes]:
    """Insert ``xml`` at the end of the body, before its section properties."""
    return _with("word/document.xml", "<w:sectPr", xml)


def _with_styles(xml: str) -> Callable[[bytes], bytes]:
    """Add style definitions to the styles part."""
    return _with("word/styles.xml", "</w:styles>", xml)


def _with_fonts(count: int) -> Callable[[bytes], bytes]:
    """Runs in ``count`` fonts, each of them in the font table."""
    entries = "".join(
        f'<w:font w:name="Font {n}"><w:family w:val="roman"/></w:font>' for n in range(count)
    )
    runs = "".join(
        f'<w:p><w:r><w:rPr><w:rFonts w:ascii="Font {n}"/></w:rPr><w:t>x</w:t></w:r></w:p>'
        for n in range(count)
    )
    return _both(_with("word/fontTable.xml", "</w:fonts>", entries), _with_body(runs))


def _both(*changes: Callable[[bytes], bytes]) -> Callable[[bytes], bytes]:
    def change(template: bytes) -> bytes:
        for one in changes:
            template = one(template)
        return template

    return change


def _paragraph(text: str = "", style: str = "") -> str:
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    run = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""
    return f"<w:p>{props}{run}</w:p>"


def _chained_styles(count: int) -> str:
    """Paragraph styles each based on the one before, the first on Normal."""
    return "".join(
        f'<w:style w:type="paragraph" w:styleId="Chain{n}"><w:name w:val="Chain {n}"/>'
        f'<w:basedOn w:val="{"Chain" + str(n - 1) if n else "Normal"}"/></w:style>'
        for n in range(count)
    )


def _table(rows: int) -> str:
    row = "<w:tr><w:tc><w:p/></w:tc></w:tr>"
    grid = '<w:tblGrid><w:gridCol w:w="2000"/></w:tblGrid>'
    return f'<w:tbl><w:tblPr><w:tblCaption w:val="t"/></w:tblPr>{grid}{row * rows}</w:tbl><w:p/>'


def _bomb(template: bytes) -> bytes:
    """A zip bomb: the body holds 300 MB of empty paragraphs, packed into well under 1 MB."""
    parts = _parts(template)
    document = parts.pop("word/document.xml").decode("utf-8")
    at = document.rindex("<w:sectPr")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
        with archive.open("word/document.xml", "w", force_zip64=True) as body:
            body.write(document[:at].encode("utf-8"))
            chunk = b"<w:p/>" * 100_000
            for _ in range(500):
                body.write(chunk)
            body.write(document[at:].encode("utf-8"))
    return out.getvalue()


TEMPLATES: dict[str, Callable[[bytes], bytes]] = {
    "empty-paragraphs": _with_body(_paragraph() * COUNT),
    "table-rows": _with_body(_table(COUNT)),
    "style-chain": _both(
        _with_styles(_chained_styles(3_000)),
        _with_body("".join(_paragraph("x", f"Chain{n}") for n in range(3_000))),
    ),
    "fonts": _with_fonts(COUNT),
    "missing-styles": _with_body(_paragraph("x", "NoSuchStyle") * COUNT),
    "tags-on-one-line": _with_body(_paragraph("{{ no_such_name }}" * COUNT)),
    "tags-in-paragraphs": _with_body(_paragraph("{{ no_such_name }}") * COUNT),
    "set-and-loops": _with_body(
        "".join(_paragraph(f"{{% set v{n} = 1 %}}") for n in range(3_000))
        + _paragraph("{% for x in feedback %}" * 50 + "{{ y }}" + "{% endfor %}" * 50) * 100
    ),
    "deep-nesting": _with_body(_paragraph("{% if x %}" * 2_000 + "{% endif %}" * 2_000)),
    "long-tag": _with_body(_paragraph("{{ " + "(" * 5_000 + "x" + ")" * 5_000 + " }}")),
    "open-w-t": _with_body(_paragraph("&lt;w:t " * COUNT)),
    "zip-bomb": _bomb,
}

# What each gives: lint-template's exit code and a rule it reports; docx's exit code and a rule
# it reports (exit 1: the output checks refuse the document) or words of its error (exit 2).
EXPECTED: dict[str, tuple[int, str, int, str]] = {
    "empty-paragraphs": (1, "output-empty-paragraph", 1, "output-empty-paragraph"),
    "table-rows": (1, "template-table", 1, "output-row-split"),
    "style-chain": (0, "", 0, ""),
    "fonts": (1, "output-font", 1, "output-font"),
    "missing-styles": (1, "template-style", 0, ""),
    "tags-on-one-line": (1, "template-name", 2, "a name the document does not have"),
    "tags-in-paragraphs": (1, "template-name", 2, "a name the document does not have"),
    "set-and-loops": (1, "template-syntax", 2, "cannot be rendered"),
    "deep-nesting": (1, "template-syntax", 2, "cannot be rendered"),
    "long-tag": (1, "template-syntax", 2, "cannot be rendered"),
    "open-w-t": (0, "", 0, ""),
    "zip-bomb": (1, "template-limits", 2, "rendering needed more than 1,024 MB of memory"),
}


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile-templates")
    base = TEMPLATE.read_bytes()
    for name, change in TEMPLATES.items():
        (folder / f"{name}.docx").write_bytes(change(base))
    return folder


def _project(root: Path, template: Path, editions: int) -> Path:
    """A project with ``editions`` copies of the record and ``template`` as its template."""
    records = root / "records"
    records.mkdir(parents=True)
    (records / "organisations.yaml").write_bytes(REGISTRY.read_bytes())
    (records / "decisions.yaml").write_bytes(REGISTRY.with_name("decisions.yaml").read_bytes())
    for number in range(1, editions + 1):
        # Each copy a series of its own (records/copy-1/2021-22/): a copy of the 2021/22 record
        # in records/2022-23 is a stale edition (rule folder-year), not the record built here.
        folder = records / f"copy-{number}" / "2021-22"
        folder.mkdir(parents=True)
        (folder / RECORD.name).write_bytes(RECORD.read_bytes())
    (root / "templates").mkdir()
    (root / "templates" / TEMPLATE.name).write_bytes(template.read_bytes())
    return root


def timed(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_within(BOUND, cwd, *args)


def test_every_template_has_an_expected_outcome() -> None:
    assert set(EXPECTED) == set(TEMPLATES)


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_lint_template_checks_it_in_bounded_time(templates: Path, name: str) -> None:
    code, rule, _, _ = EXPECTED[name]
    result = timed(templates, "lint-template", "--format", "json", f"{name}.docx")
    assert result.returncode == code, result.stdout[-2000:] + result.stderr
    findings = json.loads(result.stdout)["findings"]
    assert all(finding["file"] == f"{name}.docx" for finding in findings)
    if rule:
        assert rule in {finding["rule"] for finding in findings}, findings[:3]
    # One mistake made 15,000 times is ten findings, the last counting the rest.
    assert len(findings) <= 10 * len({finding["rule"] for finding in findings})


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_docx_builds_two_documents_with_it_in_bounded_time(
    templates: Path, tmp_path: Path, name: str
) -> None:
    _, _, code, says = EXPECTED[name]
    project = _project(tmp_path, templates / f"{name}.docx", editions=2)
    result = timed(project, "docx", "--format", "json", "--out-dir", "out")
    assert result.returncode == code, result.stdout[-2000:] + result.stderr
    written = sorted(p.name for p in (project / "out").iterdir()) if code == 0 else []
    if code == 0:
        assert len(written) == 2
    elif code == 1:
        found = json.loads(result.stdout)["findings"]
        assert says in {finding["rule"] for finding in found}
        assert not (project / "out").exists() or not any((project / "out").iterdir())
    else:
        assert f"{project / 'templates' / TEMPLATE.name}: " in result.stderr
        assert says in result.stderr


# ------------------------------------------------------------------ each pass, linear in itself

LARGE = 60_000
"""Elements of one kind in a template for the passes timed one by one: at this size the
quadratic versions took minutes, the linear ones take seconds."""
PASS_BOUND = 30.0
"""Seconds of processor time for each pass (wall time would count other work on a busy machine)."""

LARGE_TEMPLATES: dict[str, Callable[[bytes], bytes]] = {
    "empty-paragraphs": _with_body(_paragraph() * LARGE),
    "table-rows": _with_body(_table(LARGE)),
    "style-chain": _both(
        _with_styles(_chained_styles(LARGE // 4)),
        _with_body("".join(_paragraph("x", f"Chain{n}") for n in range(LARGE // 4))),
    ),
    "fonts": _with_fonts(LARGE // 4),
    "missing-styles": _with_body(_paragraph("x", "NoSuchStyle") * LARGE),
    "tags-on-one-line": _with_body(_paragraph("{{ no_such_name }}" * (LARGE // 2))),
}


@pytest.mark.parametrize("name", sorted(LARGE_TEMPLATES))
def test_the_output_checks_and_the_lint_are_linear(tmp_path: Path, name: str) -> None:
    """Every output check on the template itself (a Word document like any other), and the
    whole lint, each well within ``PASS_BOUND`` at ``LARGE``."""
    from hmip_docs.checks import document as checks
    from hmip_docs.ooxml.package import Docx
    from hmip_docs.template_lint import lint

    template = tmp_path / f"{name}.docx"
    template.write_bytes(LARGE_TEMPLATES[name](TEMPLATE.read_bytes()))
    doc = Docx.read(template.read_bytes())
    for rule in checks.OUTPUT_RULES.values():
        start = time.process_time()
        found = sum(1 for _ in rule.check(doc))
        took = time.process_time() - start
        assert took < PASS_BOUND, f"{rule.id} took {took:.1f} s on {name} ({found} problems)"
    start = time.process_time()
    lint.lint(template)
    took = time.process_time() - start
    assert took < PASS_BOUND, f"lint-template took {took:.1f} s on {name}"
