"""A character style set in Word on a ``{{r … }}`` tag reaches the printed text
(``hmip_docs/render/run_styles.py``): every run the tag prints takes it, except a link, which
keeps Hyperlink; bold and italics from the record stay; a tag without a style prints as
before."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from hmip_docs.context.model import Context, Run, Text
from hmip_docs.render import run_styles
from hmip_docs.render.word import render
from tests.conftest import TEMPLATE


def _template(tmp_path: Path, style: str | None) -> Path:
    """The shipped template with one more paragraph: ``{{r respondents_intro }}`` in a run of
    the character style ``style`` (or none)."""
    document = docx.Document(str(TEMPLATE))
    run = document.add_paragraph().add_run("{{r respondents_intro }}")
    if style:
        run.style = document.styles[style]
    path = tmp_path / "template.docx"
    document.save(str(path))
    return path


def _last_runs(data: bytes) -> list[tuple[str, str | None, bool]]:
    """(text, character style, bold) of each run of the document's last paragraph with text."""
    document = docx.Document(io.BytesIO(data))
    paragraph = [p for p in document.paragraphs if p.text][-1]
    found = []
    for run in paragraph._p.iter(qn("w:r")):
        text = "".join(t.text or "" for t in run.iter(qn("w:t")))
        style = run.find(f"{qn('w:rPr')}/{qn('w:rStyle')}")
        bold = run.find(f"{qn('w:rPr')}/{qn('w:b')}") is not None
        if text:
            found.append((text, None if style is None else style.get(qn("w:val")), bold))
    return found


@pytest.fixture
def mixed(ctx: Context) -> Context:
    """The context with a respondents' introduction of plain, bold and linked words."""
    text = Text(
        (
            Run("We received "),
            Run("13", bold=True),
            Run(" responses, listed on ", italic=True),
            Run("our website", link=True, url="https://example.org/"),
        )
    )
    return dataclasses.replace(ctx, respondents_intro=text)


def test_the_tags_character_style_reaches_every_run_but_a_link(
    tmp_path: Path, mixed: Context
) -> None:
    runs = _last_runs(render(_template(tmp_path, "Strong"), mixed))
    assert runs == [
        ("We received ", "Strong", False),
        ("13", "Strong", True),
        (" responses, listed on ", "Strong", False),
        ("our website", "Hyperlink", False),
    ]


def test_a_tag_without_a_style_prints_as_before(tmp_path: Path, mixed: Context) -> None:
    runs = _last_runs(render(_template(tmp_path, None), mixed))
    assert [style for _, style, _ in runs] == [None, None, None, "Hyperlink"]


def test_only_a_plain_style_id_is_passed_on() -> None:
    from docxtpl import RichText  # type: ignore[import-untyped]

    rich = RichText("words")
    assert run_styles.run_style(rich, 'x"/><w:b/><w:x a="') is rich
    assert run_styles.run_style("plain", "Strong") == "plain"
    assert '<w:rStyle w:val="Strong"/>' in run_styles.run_style(rich, "Strong").xml
