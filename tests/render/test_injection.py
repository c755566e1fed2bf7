"""Template injection and sandboxing.

Record text is data, never code: Jinja tags, Word field codes and raw WordprocessingML written in a
record print literally. A template is code, but sandboxed: one that reaches for Python's internals
is refused with a clear error, and one that loops, recurses or builds a huge text is stopped by the
limits of ``hmip_docs.render.sandbox`` (a child process with time and memory caps).
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from jinja2.exceptions import SecurityError
from lxml import etree

from hmip_docs.context.model import Context
from hmip_docs.render import sandbox, word
from hmip_docs.render.sandbox import RenderLimits
from tests.conftest import RECORDS, ROOT, TEMPLATE, hmip, template_with

REL = Path("records") / "2021-22" / "consultation-response.yaml"
BUILT = Path("build") / "consultation-response-2021-22.docx"

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def paragraphs(document: bytes) -> list[str]:
    """The text of every paragraph of the body, headers and footers; breaks as "\\n"."""
    out: list[str] = []
    with zipfile.ZipFile(io.BytesIO(document)) as archive:
        for name in archive.namelist():
            if not re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", name):
                continue
            for paragraph in etree.fromstring(archive.read(name)).iter(f"{_W}p"):
                parts = []
                for node in paragraph.iter(f"{_W}t", f"{_W}br", f"{_W}tab"):
                    tag = node.tag.removeprefix(_W)
                    parts.append(node.text or "" if tag == "t" else "\n" if tag == "br" else "\t")
                out.append("".join(parts))
    return out


def _count(document: bytes, element: str) -> int:
    with zipfile.ZipFile(io.BytesIO(document)) as archive:
        return sum(
            len(etree.fromstring(archive.read(name)).findall(f".//{_W}{element}"))
            for name in archive.namelist()
            if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", name)
        )


# ----------------------------------------------------------------------- record text is data


@dataclass(frozen=True)
class Injection:
    """Text written into one printed field of the record, and what the document must show."""

    field: str  # the line of the record that is replaced (its key and old value)
    written: str  # the value written, before the record's inline markup
    shown: str  # what the reader must see


INJECTIONS = {
    "jinja expression": Injection(
        "  introduction: Introduction\n",
        r"Introduction \{\{ 7\*7 \}\} \{\{ cover.title \}\} \{\{r cover.title \}\}",
        "Introduction {{ 7*7 }} {{ cover.title }} {{r cover.title }}",
    ),
    "jinja statements": Injection(
        "  feedback: Stakeholder feedback\n",
        r"Stakeholder feedback \{% for x in range(3) %\}loop\{% endfor %\}\{%p if 1 %\}"
        r" \{# note #\}",
        "Stakeholder feedback {% for x in range(3) %}loop{% endfor %}{%p if 1 %} {# note #}",
    ),
    "docxtpl escapes": Injection(
        "  responses: Summary of responses\n",
        r"Summary of responses \{_\{ 1 \}_\} \{_% if 1 %_\}",
        "Summary of responses {_{ 1 }_} {_% if 1 %_}",
    ),
    "raw XML": Injection(
        "  lead_in: In both cases, we provided the following guidance to respondents.\n",
        'In both cases </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>bold?</w:t></w:r><w:r><w:t x="',
        'In both cases </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>bold?</w:t></w:r><w:r><w:t x="',
    ),
    "field codes": Injection(
        "  intro: 'We received {respondent_count} responses from the following respondents:'\n",
        'We received {respondent_count} responses: <w:fldSimple w:instr="INCLUDETEXT /etc/passwd"/>'
        " \\{ INCLUDETEXT \"/etc/passwd\" \\} =cmd|' /C calc'!A0",
        'We received 13 responses: <w:fldSimple w:instr="INCLUDETEXT /etc/passwd"/>'
        " { INCLUDETEXT \"/etc/passwd\" } =cmd|' /C calc'!A0",
    ),
    "entities and markup declarations": Injection(
        "    the decisions made by {publisher_short_name} in response.\n",
        "    the decisions made by {publisher_short_name} &amp; &#x41; &lt; <![CDATA[x]]>"
        ' <?xml version="1.0"?> <!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]> &e;\n',
        "the decisions made by HM Inspectorate of Probation &amp; &#x41; &lt; <![CDATA[x]]>"
        ' <?xml version="1.0"?> <!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]> &e;',
    ),
}


def _write_injections(record: Path) -> None:
    text = record.read_text(encoding="utf-8")
    for injection in INJECTIONS.values():
        assert text.count(injection.field) == 1, injection.field
        key, _, _ = injection.field.partition(":")
        if injection.field.startswith("    the decisions"):
            new = injection.written  # a continuation line of a folded text: written as is
        else:
            new = f"{key}: {json.dumps(injection.written)}\n"  # JSON strings are YAML too
        text = text.replace(injection.field, new)
    record.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def injected(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[subprocess.CompletedProcess[str], bytes]:
    """The record with every injection, built by the real command line."""
    root = tmp_path_factory.mktemp("injected")
    shutil.copytree(RECORDS, root / "records")
    shutil.copytree(ROOT / "templates", root / "templates")
    _write_injections(root / REL)
    run = hmip(root, "docx", env={"NO_COLOR": "1"})
    built = root / BUILT
    return run, built.read_bytes() if built.exists() else b""


def test_record_with_injections_is_valid_and_builds(
    injected: tuple[subprocess.CompletedProcess[str], bytes],
) -> None:
    run, document = injected
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    assert document.startswith(b"PK")


@pytest.mark.parametrize("name", INJECTIONS)
def test_record_text_prints_literally(
    injected: tuple[subprocess.CompletedProcess[str], bytes], name: str
) -> None:
    _, document = injected
    shown = INJECTIONS[name].shown
    assert any(shown in paragraph for paragraph in paragraphs(document)), shown


def test_record_text_adds_no_fields_runs_or_styles(
    injected: tuple[subprocess.CompletedProcess[str], bytes], ctx: Context
) -> None:
    _, document = injected
    plain = word.render(TEMPLATE, ctx)
    for element in ("fldSimple", "instrText", "fldChar", "hyperlink", "b", "p", "tbl"):
        assert _count(document, element) == _count(plain, element), element
    assert "INCLUDETEXT" not in "".join(
        node.get(f"{_W}instr", "")
        for node in etree.fromstring(
            zipfile.ZipFile(io.BytesIO(document)).read("word/document.xml")
        ).iter()
    )


# ----------------------------------------------------------------------- templates are sandboxed


REACHES = [
    "{{ cover.__class__ }}",
    "{{ cover.__dict__ }}",
    "{{ ''.__class__.__mro__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ (1).__class__.__base__ }}",
    "{{ questions.__class__ }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ namespace().__class__ }}",
    "{{ lipsum.__globals__ }}",
    "{{ lipsum.__globals__['os'].system('echo pwned') }}",
    "{{ dict.__base__ }}",
    "{{ self.__init__.__globals__ }}",
    "{{ self._TemplateReference__context }}",
    "{{ '{0.__class__}'.format(cover) }}",
    "{{ '{x.__class__.__mro__}'.format(x=cover) }}",
    "{{ '{a.__class__}'.format_map({'a': cover}) }}",
    "{{ '%s'|format(cover.__class__) }}",
    "{{ cover|attr('__class__') }}",
    "{{ ''|attr('__class__') }}",
    "{{ cover.title.__html__() }}",
    "{{ cover.title.__reduce_ex__(2) }}",
    "{{ cover.title.add.__globals__ }}",
    "{{ cover.title.add.__func__ }}",
    "{{ ''.translate.__self__ }}",
]


@pytest.mark.parametrize("tag", REACHES)
def test_reaching_for_python_internals_is_refused(tmp_path: Path, ctx: Context, tag: str) -> None:
    template = template_with(tmp_path, tag)
    with pytest.raises(word.RenderError) as caught:
        word.render(template, ctx)
    assert isinstance(caught.value.__cause__, SecurityError)
    message = str(caught.value)
    assert message.startswith(f"{template}: the template tries something not allowed")
    assert "unsafe" in message


@pytest.mark.parametrize(
    "tag", ["{% include '/etc/passwd' %}", "{% import 'os' as os %}", "{% extends '/etc/hosts' %}"]
)
def test_templates_cannot_read_other_files(tmp_path: Path, ctx: Context, tag: str) -> None:
    template = template_with(tmp_path, tag)
    with pytest.raises(word.RenderError, match="no loader"):
        word.render(template, ctx)


def _package(parts: dict[str, bytes | None]) -> bytes:
    """The template's package with some parts replaced (None: removed)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(TEMPLATE) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for name in source.namelist():
            data = parts.get(name, source.read(name))
            if data is not None:
                target.writestr(name, data)
    return out.getvalue()


BROKEN_TEMPLATES = {
    "not a zip": lambda: b"\x00garbage" * 100,
    "half a zip": lambda: TEMPLATE.read_bytes()[: TEMPLATE.stat().st_size // 2],
    "empty file": lambda: b"",
    "no document part": lambda: _package({"word/document.xml": None}),
    "no content types": lambda: _package({"[Content_Types].xml": None}),
    "document not XML": lambda: _package({"word/document.xml": b"<w:document><oops"}),
    "styles not XML": lambda: _package({"word/styles.xml": b"not XML"}),
    "content types not XML": lambda: _package({"[Content_Types].xml": b"<Types"}),
    "relationships not XML": lambda: _package({"word/_rels/document.xml.rels": b"<R"}),
}


@pytest.mark.parametrize("kind", BROKEN_TEMPLATES)
def test_broken_templates_are_render_errors(tmp_path: Path, ctx: Context, kind: str) -> None:
    """A template damaged outside Word is the template's fault, never an internal error."""
    template = tmp_path / "template.docx"
    template.write_bytes(BROKEN_TEMPLATES[kind]())
    with pytest.raises(word.RenderError) as caught:
        word.render(template, ctx)
    assert str(caught.value).startswith(f"{template}: cannot open the template")


# ----------------------------------------------------------------------- resource limits

# Tight enough to trip quickly, loose enough for a normal render on a busy machine.
TIGHT = RenderLimits(seconds=60, cpu_seconds=2, memory_bytes=512 * 1024 * 1024)

LOOP = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
DOUBLING = (
    "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}"
    "{% endfor %}{{ ns.s|length }}"
)


# Both ways of starting the render process: forked (the default on Linux) and spawned (the
# default elsewhere).
START = pytest.mark.parametrize("start", ["fork", "spawn"])


@START
def test_a_normal_render_fits_the_limits(ctx: Context, start: str) -> None:
    document = sandbox.render(TEMPLATE, ctx, TIGHT, start=start)
    assert document == word.render(TEMPLATE, ctx)


@START
def test_endless_loop_is_stopped_by_the_processor_limit(
    tmp_path: Path, ctx: Context, start: str
) -> None:
    with pytest.raises(word.RenderError, match="s of processor time, the limit") as caught:
        sandbox.render(template_with(tmp_path, LOOP), ctx, TIGHT, start=start)
    assert "loop for ever" in str(caught.value)


@START
def test_endless_loop_is_stopped_by_the_clock(tmp_path: Path, ctx: Context, start: str) -> None:
    limits = RenderLimits(seconds=2, cpu_seconds=600)
    with pytest.raises(word.RenderError, match="took longer than 2 s, the limit"):
        sandbox.render(template_with(tmp_path, LOOP), ctx, limits, start=start)


@START
def test_huge_text_is_stopped_by_the_memory_limit(tmp_path: Path, ctx: Context, start: str) -> None:
    with pytest.raises(word.RenderError, match="more than 512 MB of memory, the limit"):
        sandbox.render(template_with(tmp_path, DOUBLING), ctx, TIGHT, start=start)


def test_endless_recursion_is_a_render_error(tmp_path: Path, ctx: Context) -> None:
    macro = "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}"
    with pytest.raises(word.RenderError, match="RecursionError"):
        sandbox.render(template_with(tmp_path, macro), ctx, TIGHT)


def test_refusals_come_back_through_the_sandbox(tmp_path: Path, ctx: Context) -> None:
    template = template_with(tmp_path, "{{ ''.__class__.__mro__ }}")
    with pytest.raises(word.RenderError, match="tries something not allowed"):
        sandbox.render(template, ctx, TIGHT)


def test_cli_reports_a_runaway_template_and_keeps_the_old_document(tmp_path: Path) -> None:
    shutil.copytree(RECORDS, tmp_path / "records")
    (tmp_path / "templates").mkdir()
    template = tmp_path / "templates" / "consultation-response.docx"
    shutil.copyfile(template_with(tmp_path, "{{ 'x' * 10**11 }}"), template)
    old = tmp_path / BUILT
    old.parent.mkdir()
    old.write_bytes(b"the previous document")
    run = hmip(tmp_path, "docx", env={"NO_COLOR": "1"})
    assert run.returncode == 2, run.stdout + run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    assert f"{template}: rendering needed more than" in run.stderr
    assert old.read_bytes() == b"the previous document"
    assert sorted(p.name for p in old.parent.iterdir()) == [old.name]
