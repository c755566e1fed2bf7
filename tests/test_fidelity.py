"""The rendered 2021/22 document reproduces every line of the published text, in order.

The published text (``fixtures/seed``) was converted from the PDF; each of its lines is
normalised (markup, list markers and typed paragraph numbers dropped; quotes, dashes and spaces
unified) and looked for in the rendered document's text, each after the previous one.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from hmip_docs.context import model
from hmip_docs.record.organisations import Registry
from hmip_docs.render.word import render
from tests.conftest import ROOT, SHIPPED, load_data

SEED = Path(__file__).resolve().parent / "fixtures" / "seed" / "consultation-response-2021-22.txt"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def normalise(text: str) -> str:
    text = html.unescape(text)
    text = text.translate({0x2019: "'", 0x2018: "'", 0x201C: '"', 0x201D: '"'})
    text = re.sub("[\u2013\u2014\u2212]", "-", text)
    text = text.replace("\u00a0", " ").replace("\u2022", " ")
    text = re.sub(r"\s*/\s*", "/", text)
    text = re.sub(r"\s+", " ", text)
    return text.strip(" .;:").lower()


def seed_lines(raw: str) -> list[str]:
    raw = re.sub(r"<[^>]+>", "\n", raw)
    lines = []
    for line in raw.split("\n"):
        line = line.strip()
        line = re.sub(r"^(#+|[-*\u2022]|\d+(\.\d+)*\.?)\s+", "", line)
        line = re.sub(r"^(\d+(\.\d+)*\.?)\s+", "", line)
        line = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", line).replace("*", "")
        line = normalise(line)
        if len(line) >= 3 and set(line) != {"-"}:
            lines.append(line)
    return lines


def docx_stream(data: bytes) -> str:
    """The text of the body, headers and footers, paragraphs joined by spaces, normalised."""
    parts = []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = [
            n
            for n in package.namelist()
            if re.match(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$", n)
        ]
        names.sort(key=lambda n: (n != "word/document.xml", n))
        for name in names:
            root = ElementTree.fromstring(package.read(name))
            for paragraph in root.iter(W + "p"):
                bits = []
                for element in paragraph.iter():
                    if element.tag == W + "t" and element.text:
                        bits.append(element.text)
                    elif element.tag in (W + "tab", W + "br", W + "cr"):
                        bits.append(" ")
                parts.append("".join(bits))
    return re.sub(r"\s+", " ", normalise(" ".join(parts)))


def test_every_seed_line_is_rendered_in_order() -> None:
    records = SHIPPED
    ctx = model.build(
        load_data(records / "2021-22" / "consultation-response.yaml"),
        Registry.from_data(load_data(records / "organisations.yaml")),
    )
    stream = docx_stream(render(ROOT / "templates" / "consultation-response.docx", ctx))
    lines = seed_lines(SEED.read_text(encoding="utf-8"))
    assert len(lines) == 153
    missing = [line for line in lines if line not in stream]
    assert missing == []
    assert out_of_order(lines, stream) == []


def out_of_order(lines: list[str], stream: str) -> list[str]:
    """The lines not found in ``stream`` after the line before them."""
    position = 0
    missed = []
    for line in lines:
        found = stream.find(line, position)
        if found < 0:
            missed.append(line)
        else:
            position = found + len(line)
    return missed
