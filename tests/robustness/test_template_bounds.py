"""Hostile templates: each output check and the template linter take time linear in the
template, however many of one thing it holds.

Each template here is the shipped one with tens of thousands of one thing added: the shapes that
were quadratic (15,000 empty paragraphs took 31 s in ``docx`` and 13 s in ``lint-template``),
and some that could be.
"""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import TEMPLATE


def _parts(template: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(template)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _package(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def _with_body(xml: str) -> Callable[[bytes], bytes]:
    """Insert ``xml`` at the end of the body, before its section properties."""

    def change(template: bytes) -> bytes:
        parts = _parts(template)
        document = parts["word/document.xml"].decode("utf-8")
        at = document.rindex("<w:sectPr")
        parts["word/document.xml"] = (document[:at] + xml + document[at:]).encode("utf-8")
        return _package(parts)

    return change


def _with_styles(xml: str) -> Callable[[bytes], bytes]:
    """Add style definitions to the styles part."""

    def change(template: bytes) -> bytes:
        parts = _parts(template)
        styles = parts["word/styles.xml"].decode("utf-8")
        at = styles.rindex("</w:styles>")
        parts["word/styles.xml"] = (styles[:at] + xml + styles[at:]).encode("utf-8")
        return _package(parts)

    return change


def _with_fonts(count: int) -> Callable[[bytes], bytes]:
    """Runs in ``count`` fonts, each of them in the font table."""

    def change(template: bytes) -> bytes:
        parts = _parts(template)
        table = parts["word/fontTable.xml"].decode("utf-8")
        at = table.rindex("</w:fonts>")
        entries = "".join(
            f'<w:font w:name="Font {n}"><w:family w:val="roman"/></w:font>' for n in range(count)
        )
        parts["word/fontTable.xml"] = (table[:at] + entries + table[at:]).encode("utf-8")
        return _with_body(
            "".join(
                f'<w:p><w:r><w:rPr><w:rFonts w:ascii="Font {n}"/></w:rPr><w:t>x</w:t></w:r></w:p>'
                for n in range(count)
            )
        )(_package(parts))

    return change


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


# ------------------------------------------------------------------ each pass, linear in itself

LARGE = 60_000
"""Elements of one kind in a template for the passes timed one by one: at this size the
quadratic versions took minutes, the linear ones take seconds."""
PASS_BOUND = 30.0

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
    from hmip_docs import checks, template_lint

    template = tmp_path / f"{name}.docx"
    template.write_bytes(LARGE_TEMPLATES[name](TEMPLATE.read_bytes()))
    doc = checks.Docx.read(template.read_bytes())
    for rule in checks.OUTPUT_RULES.values():
        start = time.monotonic()
        found = sum(1 for _ in rule.check(doc))
        took = time.monotonic() - start
        assert took < PASS_BOUND, f"{rule.id} took {took:.1f} s on {name} ({found} problems)"
    start = time.monotonic()
    template_lint.lint(template)
    took = time.monotonic() - start
    assert took < PASS_BOUND, f"lint-template took {took:.1f} s on {name}"
