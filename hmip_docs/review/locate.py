"""Where a text prints in the document: the section, and the numbered paragraph, heading or
table row, found in the document's reading-order text (``hmip_docs.text``'s Markdown, which
numbers sections and paragraphs as Word does)."""

from __future__ import annotations

import re
from typing import NamedTuple

_SECTION = re.compile(r"## (\d+)\. (.*)")
_NUMBERED = re.compile(r"(\d+\.\d+)\. ")
_HEADING = re.compile(r"#{1,6} ")
_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
_MARKS = re.compile(r"\\(.)|\*+|<br>")
_SPACE = re.compile(r"\s+")


def _plain(markdown: str) -> str:
    """Markdown as the words it shows: links as their text, escapes and emphasis removed."""
    text = _LINK.sub(r"\1", markdown)
    text = _MARKS.sub(lambda m: m.group(1) or " ", text)
    return _SPACE.sub(" ", text).strip()


class Block(NamedTuple):
    """One block of the document: where it is, and its words."""

    where: str
    words: str


def _table_rows(block: str, section: str, caption: str) -> list[Block]:
    rows = block.split("\n")[2:]
    out = []
    for number, row in enumerate(rows, 1):
        cells = " ".join(_plain(cell) for cell in row.strip("|").split(" | "))
        table = f", table '{caption}'" if caption else ", table"
        out.append(Block(f"{section}{table}, row {number}", cells))
    return out


def blocks(markdown: str) -> list[Block]:
    """The document's blocks in reading order, each with where it is."""
    out: list[Block] = []
    section = "cover"
    caption = ""
    for block in markdown.split("\n\n"):
        block = block.strip()
        found = _SECTION.fullmatch(block)
        if found:
            section = f"section {found.group(1)} '{_plain(found.group(2))}'"
            caption = ""
            out.append(Block(section + ", heading", _plain(found.group(2))))
            continue
        if block.startswith("|"):
            out.extend(_table_rows(block, section, caption))
            continue
        if _HEADING.match(block):
            caption = _plain(block.lstrip("#"))
            out.append(Block(f"{section}, heading '{caption}'", caption))
            continue
        numbered = _NUMBERED.match(block)
        where = f"{section}, paragraph {numbered.group(1)}" if numbered else section
        out.append(Block(where, _plain(block)))
    return out


def where(document: list[Block], text: str) -> str:
    """Where ``text`` (as it prints) first appears in the document, or "" if it does not."""
    wanted = _SPACE.sub(" ", text).strip()
    if not wanted:
        return ""
    for probe in (wanted, wanted[:80]):
        for block in document:
            if probe in block.words:
                return block.where
    return ""
