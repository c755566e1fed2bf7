"""Where a text prints in the document: the section, and the numbered paragraph, heading or
table row, found in the document's reading-order text (``hmip_docs.text``'s Markdown, which
numbers sections and paragraphs as Word does)."""

from __future__ import annotations

import re
from typing import NamedTuple

_MD_SECTION = re.compile(r"## (\d+)\. (.*)")
_MD_NUMBERED = re.compile(r"(\d+\.\d+)\. ")
_MD_HEADING = re.compile(r"#{1,6} ")
# Link text holds no bracket and an address no parenthesis (``text`` escapes both, and wraps an
# address holding one in <>): each attempt stops at the next "[" or "(", so the scan is linear.
_MD_LINK = re.compile(r"\[([^\[\]\n]*)\]\([^()\n]*\)")
_MD_MARKS = re.compile(r"\\(.)|\*+|<br>")
_MD_SPACE = re.compile(r"\s+")


def _plain(markdown: str) -> str:
    """Markdown as the words it shows: links as their text, escapes and emphasis removed."""
    text = _MD_LINK.sub(r"\1", markdown)
    # Emphasis marks go without a trace ("*Act 2006*," is "Act 2006,"); a line break is a space.
    text = _MD_MARKS.sub(lambda m: m.group(1) or (" " if m.group(0) == "<br>" else ""), text)
    return _MD_SPACE.sub(" ", text).strip()


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
        found = _MD_SECTION.fullmatch(block)
        if found:
            section = f"section {found.group(1)} '{_plain(found.group(2))}'"
            caption = ""
            out.append(Block(section + ", heading", _plain(found.group(2))))
            continue
        if block.startswith("|"):
            out.extend(_table_rows(block, section, caption))
            continue
        if _MD_HEADING.match(block):
            caption = _plain(block.lstrip("#"))
            out.append(Block(f"{section}, heading '{caption}'", caption))
            continue
        numbered = _MD_NUMBERED.match(block)
        where = f"{section}, paragraph {numbered.group(1)}" if numbered else section
        out.append(Block(where, _plain(block)))
    return out


def _find(document: list[Block], text: str, start: int = 0) -> tuple[int, str]:
    """The block that best holds ``text`` from ``start`` on: one that is the text, else one
    that ends with it (a heading after its fixed words), else the first that holds it; its
    index and where it is, or (-1, "")."""
    wanted = _MD_SPACE.sub(" ", text).strip()
    if not wanted:
        return -1, ""
    for probe in (wanted, wanted[:80]):
        holding = [n for n in range(start, len(document)) if probe in document[n].words]
        for test in (str.__eq__, str.endswith):
            for n in holding:
                if test(document[n].words, probe):
                    return n, document[n].where
        if holding:
            return holding[0], document[holding[0]].where
    return -1, ""


def where(document: list[Block], text: str, anchor: str = "") -> str:
    """Where ``text`` (as it prints) appears in the document, at or after where ``anchor`` (the
    text of the item it lies in) does; "" if it does not print."""
    start = max(_find(document, anchor)[0], 0) if anchor and anchor != text else 0
    found = _find(document, text, start)[1]
    return found or (_find(document, text)[1] if start else "")
