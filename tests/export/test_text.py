"""`hmip-docs text`: the document as Markdown, held against the Word document it describes.

The Markdown must say the same words in the same order as the built .docx (ignoring markup and
numbering), number its headings, paragraphs and lists as Word numbers the .docx, and read back
as the intended structure in an independent Markdown reader (pandoc). pandoc also reads the
.docx itself, without a warning and with the same words.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn

from hmip_docs.context.model import Context, Run, Text
from hmip_docs.export import markdown as text
from hmip_docs.render.word import render
from tests.conftest import TEMPLATE, all_paragraphs, edit, hmip, require_tools

REL = Path("records/2021-22/consultation-response.yaml")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def markdown(ctx: Context) -> str:
    return text.markdown(ctx)


@pytest.fixture(scope="module")
def built(ctx: Context) -> bytes:
    return render(TEMPLATE, ctx)


# ---------------------------------------------------------------------------------- readers


def words(value: str) -> list[str]:
    return re.findall(r"\w+", value)


def docx_words(data: bytes) -> list[str]:
    """The words of the document body, paragraph by paragraph, in document order."""
    with io.BytesIO(data) as stream:
        package = docx.Document(stream)
    body = package.element.body
    texts = []
    for paragraph in body.iter(f"{W}p"):
        for element in paragraph.iter():
            if element.tag == f"{W}t" and element.text:
                texts.append(element.text)
            elif element.tag in (f"{W}tab", f"{W}br", f"{W}cr"):
                texts.append(" ")
        texts.append(" ")
    return words("".join(texts))


def markdown_words(value: str, *, numbers: bool = False) -> list[str]:
    """The words of the Markdown without its markup (and the numbers it prints for Word's)."""
    value = re.sub(r"\]\((?:<[^>]*>|[^)\s]*)\)", "]", value)  # link addresses
    if numbers:
        value = re.sub(r"(?m)^\d+\. ", "", value)  # a Markdown list's own markers
    else:
        value = re.sub(r"(?m)^(#+ )?\d+(\.\d+)*\. ", r"\1", value)  # headings, paragraphs, lists
        value = re.sub(r"(?m)^\| \d+ \|", "|", value)  # the summary table's row numbers
        value = re.sub(r"(\| |<br>)\d+\. ", r"\1", value)  # numbered paragraphs in a cell
    value = value.replace("<br>", " ").replace("\\", "")
    return words(value)


def word_labels(data: bytes) -> list[str]:
    """The number or bullet Word shows before each list paragraph, in document order."""
    document = docx.Document(io.BytesIO(data))
    numbering = document.part.numbering_part.element
    counters: dict[int, list[int]] = {}
    labels = []
    for paragraph in all_paragraphs(document):
        sources = [paragraph._p]
        if paragraph.style is not None:
            sources.append(paragraph.style.element)
        found = [s.find(f"{W}pPr/{W}numPr") for s in sources]
        num_pr = next((f for f in found if f is not None), None)
        if num_pr is None:
            continue
        num_id = int(num_pr.find(qn("w:numId")).get(qn("w:val")))
        level_element = num_pr.find(qn("w:ilvl"))
        level = int(level_element.get(qn("w:val"))) if level_element is not None else 0
        num = numbering.num_having_numId(num_id)
        (abstract,) = numbering.xpath(f"w:abstractNum[@w:abstractNumId='{num.abstractNumId.val}']")
        levels = abstract.findall(qn("w:lvl"))
        pattern = levels[level].find(qn("w:lvlText")).get(qn("w:val"))
        if levels[level].find(qn("w:numFmt")).get(qn("w:val")) == "bullet":
            labels.append(pattern)
            continue
        count = counters.setdefault(num_id, [0] * len(levels))
        count[level] += 1
        count[level + 1 :] = [0] * (len(levels) - level - 1)
        for index, value in enumerate(count):
            start = int(levels[index].find(qn("w:start")).get(qn("w:val")))
            pattern = pattern.replace(f"%{index + 1}", str(start + value - 1))
        labels.append(pattern)
    return labels


def markdown_labels(value: str) -> list[str]:
    """The numbers and bullets the Markdown prints, in reading order."""
    labels = []
    for line in value.splitlines():
        if line.startswith("|"):
            for cell in re.split(r"(?<!\\)\|", line)[1:-1]:
                for piece in cell.strip().split("<br>"):
                    if re.fullmatch(r"\d+", piece):
                        labels.append(piece)
                    elif match := re.match(r"(\d+\.) ", piece):
                        labels.append(match.group(1))
                    elif piece.startswith("\u2022 "):
                        labels.append("\u2022")
        elif match := re.match(r"(?:## )?(\d+(?:\.\d+)*\.) ", line):
            labels.append(match.group(1))
        elif line.startswith("- "):
            labels.append("\u2022")
    return labels


def pandoc(*args: str, data: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        ["pandoc", *args], input=data, capture_output=True, check=False, timeout=120
    )


def pandoc_words(ast: dict[str, Any]) -> list[str]:
    """The words of a pandoc document, in order (link addresses and attributes are not words)."""
    out: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("t") == "Str":
                out.append(node["c"])
            out.append(" ")
            if node.get("t") == "Table":
                # The caption is the table's description for assistive technology
                # (w:tblCaption), not printed text.
                walk(node["c"][2:])
            elif node.get("t") not in ("Str", "RawInline", "RawBlock"):
                walk(node.get("c"))
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(ast["blocks"])
    return words("".join(out))


# ------------------------------------------------------------------------------------ tests


def test_same_words_in_the_same_order_as_the_docx(markdown: str, built: bytes) -> None:
    expected = docx_words(built)
    assert len(expected) > 1500
    assert markdown_words(markdown) == expected


def test_numbers_and_bullets_are_the_ones_word_shows(markdown: str, built: bytes) -> None:
    labels = word_labels(built)
    assert labels[:4] == ["1.", "1.1.", "1.2.", "1.3."]
    assert markdown_labels(markdown) == labels


def test_headings_carry_their_section_numbers(markdown: str) -> None:
    assert re.findall(r"(?m)^## (.*)$", markdown) == [
        "1. Introduction",
        "2. Summary of HM Inspectorate of Probation priorities for 2021/2022",
        "3. Summary of responses",
        "4. Stakeholder feedback",
    ]
    assert re.findall(r"(?m)^(\d+\.\d+\.) ", markdown) == [
        "1.1.", "1.2.", "1.3.", "1.4.", "3.1.", "3.2.", "3.3.", "3.4.", "4.1.", "4.2.",
    ]  # fmt: skip


def test_tables_are_markdown_tables(markdown: str) -> None:
    assert "| Suggestion | Response |\n| --- | --- |\n" in markdown
    assert (
        "| Staff retention/ attrition<br>Staff training | "
        "Data to be collected as part of our core inspections |"
    ) in markdown
    summary = next(line for line in markdown.splitlines() if line.startswith("| 1 |"))
    assert "| **Thematic inspections**<br>Do you have any alternative proposals" in summary
    assert "<br>**Mental health**<br>A joint thematic with" in summary
    assert "<br>2. is this a ministerial priority?<br>" in summary


def test_the_markdown_reads_back_as_the_intended_structure(markdown: str) -> None:
    require_tools("pandoc")
    done = pandoc("-f", "gfm", "-t", "json", data=markdown.encode("utf-8"))
    assert done.returncode == 0 and done.stderr == b"", done.stderr
    ast = json.loads(done.stdout)
    kinds = [block["t"] for block in ast["blocks"]]
    headers = [block["c"][0] for block in ast["blocks"] if block["t"] == "Header"]
    # the cover title, sections, questions, and each question's areas one level below it
    assert headers == [1, 2, 3, 3, 2, 2, 3, 4, 4, 3, 4, 2]
    assert kinds.count("Table") == 4
    assert kinds.count("BlockQuote") == 3
    assert kinds.count("OrderedList") == 2  # the two questions, each under its heading
    assert kinds.count("BulletList") == 4
    # Nothing is taken for markup that was meant as text, or the other way round.
    assert pandoc_words(ast) == markdown_words(markdown, numbers=True)
    # Bold: the two question topics, two strands and eight thematics of the programme.
    assert json.dumps(ast).count('"t": "Strong"') == 12


def test_pandoc_reads_the_docx_without_warnings(built: bytes) -> None:
    require_tools("pandoc")
    plain = pandoc("-f", "docx", "-t", "plain", data=built)
    assert plain.returncode == 0
    assert plain.stderr == b""
    assert b"Summary of responses" in plain.stdout
    ast = pandoc("-f", "docx", "-t", "json", data=built)
    assert ast.stderr == b""
    assert pandoc_words(json.loads(ast.stdout)) == docx_words(built)


# ---------------------------------------------------------------------------- inline markup


SPECIAL = Text(
    (
        Run("Fish & chips <tag> a>b [x] 1|2 &amp; "),
        Run("bold", bold=True),
        Run(" "),
        Run("italic ", italic=True),
        Run("both", bold=True, italic=True),
        Run(" "),
        Run("no address", link=True),
        Run(" "),
        Run("the site", link=True, url="https://example.org/a?b=1&c=2"),
        Run(" "),
        Run("a (paren)", link=True, url="https://example.org/a (b)"),
        Run(" line one\nline two"),
    )
)


def test_inline_markup(ctx: Context) -> None:
    assert text.inline(SPECIAL) == (
        r"Fish & chips \<tag> a>b \[x\] 1\|2 \&amp; **bold** *italic* ***both*** no address "
        "[the site](https://example.org/a?b=1&c=2) [a (paren)](<https://example.org/a (b)>) "
        "line one<br>line two"
    )


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("2021. A year", r"2021\. A year"),
        ("1) first", r"1\) first"),
        ("# not a heading", r"\# not a heading"),
        ("- not a bullet", r"\- not a bullet"),
        ("> not a quote", r"\> not a quote"),
        ("+ plus", r"\+ plus"),
        ("=== not a heading", r"\=== not a heading"),
        ("2021/2022 plans", "2021/2022 plans"),
    ],
)
def test_text_that_would_be_markdown_syntax_stays_text(typed: str, shown: str) -> None:
    assert text.inline(Text((Run(typed),))) == shown


def test_record_markup_in_the_document_reads_the_same(ctx: Context, built: bytes) -> None:
    changed = dataclasses.replace(ctx, feedback=(SPECIAL, Text((Run("# 1. odd | start"),))))
    markdown = text.markdown(changed)
    assert markdown_words(markdown) == docx_words(render(TEMPLATE, changed))
    assert "\n\n4.2. \\# 1. odd \\| start\n" in markdown


def test_special_characters_survive_a_markdown_reader(ctx: Context) -> None:
    require_tools("pandoc")
    changed = dataclasses.replace(ctx, feedback=(SPECIAL,))
    markdown = text.markdown(changed)
    done = pandoc("-f", "gfm", "-t", "json", data=markdown.encode("utf-8"))
    assert done.stderr == b""
    ast = json.loads(done.stdout)
    assert pandoc_words(ast) == markdown_words(markdown, numbers=True)
    shown = json.dumps(ast)
    assert '"<tag>"' in shown and '"1|2"' in shown and '"&amp;"' in shown
    assert '"https://example.org/a?b=1&c=2"' in shown
    assert '"https://example.org/a (b)"' in shown or "https://example.org/a%20(b)" in shown


# ----------------------------------------------------------------------------- command line


def test_command_prints_the_markdown(project: Path, markdown: str) -> None:
    run = hmip(project, "text", str(REL))
    assert run.returncode == 0, run.stderr
    assert run.stdout == markdown
    assert run.stderr == ""


def test_command_writes_a_file(project: Path, markdown: str) -> None:
    run = hmip(project, "text", str(REL), "-o", "review/2021-22.md")
    assert run.returncode == 0, run.stderr
    assert (project / "review" / "2021-22.md").read_text(encoding="utf-8") == markdown
    assert "wrote review/2021-22.md" in run.stderr


def test_invalid_record_gives_no_text_and_reports_on_stderr(project: Path) -> None:
    edit(
        project / REL,
        "            - topic: Case transfers\n              outcome: on-hold\n",
        "            - topic: Case transfers\n",
    )
    run = hmip(project, "text", str(REL))
    assert run.returncode == 1
    assert run.stdout == ""
    assert "[suggestion-outcome-missing]" in run.stderr
    assert "no text" in run.stderr


def test_a_folder_is_a_usage_error(project: Path) -> None:
    run = hmip(project, "text", "records")
    assert run.returncode == 2
    assert "give one record file" in run.stderr


def test_numbering_formats_are_the_templates() -> None:
    template = docx.Document(str(TEMPLATE))
    numbering = template.part.numbering_part.element

    def level_text(style: str) -> str:
        num_pr = template.styles[style].element.pPr.numPr
        num = numbering.num_having_numId(num_pr.numId.val)
        (abstract,) = numbering.xpath(f"w:abstractNum[@w:abstractNumId='{num.abstractNumId.val}']")
        level = abstract.findall(qn("w:lvl"))[num_pr.ilvl.val if num_pr.ilvl is not None else 0]
        return str(level.find(qn("w:lvlText")).get(qn("w:val")))

    assert level_text("Heading 1") == text.SECTION_NUMBER
    assert level_text("Numbered Paragraph") == text.PARAGRAPH_NUMBER
    assert level_text("List Number") == text.QUESTION_NUMBER
    assert level_text("Table Number") == text.CELL_NUMBER
    assert level_text("Table Bullet") == text.CELL_BULLET
