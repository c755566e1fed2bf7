"""A Word document (.docx) opened for reading: its parts, relationships, styles and font table,
and where an element sits, in words a person can find in Word."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

from hmip_docs.ooxml.styles import Styles
from hmip_docs.ooxml.xml import (
    PKG_REL,
    W,
    grandchild_of,
    paragraph_text,
    parse_xml,
    snippet,
    template_tags,
    value_of,
)

if TYPE_CHECKING:
    from lxml.etree import _Element

    from hmip_docs.ooxml.fonts import Font, RunStyles


_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")


BODY = "word/document.xml"


def _part_label(name: str) -> str:
    match = re.match(r"word/([a-z]+)(\d*)\.xml$", name)
    if not match:
        return name
    kind = "body" if match.group(1) == "document" else match.group(1)
    return f"{kind} {match.group(2)}".strip() if match.group(2) else kind


class Heading(NamedTuple):
    """A heading the record holds: its text, the level its place gives it, and that place
    (``checks/heading_levels.py`` works them out from the context)."""

    text: str
    level: int
    place: str


@dataclass(frozen=True)
class Docx:
    """A .docx opened for checking: its XML parts, parsed once, and the relationships of each."""

    parts: Mapping[str, _Element]
    rels: Mapping[str, Mapping[str, str]]
    record_tags: int = 0
    """How many tag-like sequences (``{{``, ``%}``…) the record's own text holds."""
    outline: tuple[Heading, ...] = ()
    """The record's headings with the levels their places give them."""
    # What several rules ask of the same paragraph, run style or font, worked out once.
    _texts: dict[_Element, str] = field(default_factory=dict, init=False, repr=False, compare=False)
    _table_styles: dict[_Element, str | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _style_fonts: dict[RunStyles, Font] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _theme_fonts: dict[str, str | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _sans_serif: dict[str, bool | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _row_numbers: dict[_Element, dict[_Element, int]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _snippets: dict[_Element, str] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @classmethod
    def read(
        cls, data: bytes, record_texts: Iterable[str] = (), outline: tuple[Heading, ...] = ()
    ) -> Docx:
        """Open the bytes of a .docx package."""
        parts: dict[str, _Element] = {}
        rels: dict[str, dict[str, str]] = {}
        wanted = re.compile(
            r"word/(document|header\d*|footer\d*|footnotes|endnotes|styles|numbering|fontTable)"
            r"\.xml$|word/theme/theme\d*\.xml$|docProps/core\.xml$"
        )
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            for name in names:
                if wanted.match(name):
                    parts[name] = parse_xml(archive.read(name))
            for name in list(parts):
                folder, _, base = name.rpartition("/")
                rels_name = f"{folder}/_rels/{base}.rels"
                if rels_name in names:
                    root = parse_xml(archive.read(rels_name))
                    rels[name] = {
                        rel.get("Id", ""): rel.get("Target", "")
                        for rel in root.iter(f"{PKG_REL}Relationship")
                    }
        count = sum(len(template_tags(text)) for text in record_texts)
        return cls(parts, rels, count, outline)

    @cached_property
    def styles(self) -> Styles:
        """The styles part."""
        return Styles(self.parts.get("word/styles.xml"))

    @cached_property
    def font_table(self) -> Mapping[str, _Element]:
        """The font table's entries by font name (the first of a name)."""
        table = self.parts.get("word/fontTable.xml")
        entries: dict[str, _Element] = {}
        for entry in table.iter(f"{W}font") if table is not None else ():
            entries.setdefault(entry.get(f"{W}name", ""), entry)
        return entries

    @property
    def body(self) -> _Element | None:
        """The ``w:body`` of the main document part."""
        root = self.parts.get(BODY)
        return root.find(f"{W}body") if root is not None else None

    def text(self, paragraph: _Element) -> str:
        """``paragraph_text`` of a paragraph, read once however many rules ask."""
        found = self._texts.get(paragraph)
        if found is None:
            # The dict keeps the element's proxy alive, so lxml hands back the same object
            # (and key) for the same paragraph every time.
            found = self._texts[paragraph] = paragraph_text(paragraph)
        return found

    def content_parts(self) -> Iterator[tuple[str, _Element]]:
        """The parts that hold text: body first, then headers, footers and notes, by name."""
        names = sorted(n for n in self.parts if _PARTS.match(n))
        for name in sorted(names, key=lambda n: n != BODY):
            yield name, self.parts[name]

    def where(self, part: str, element: _Element) -> str:
        """Where an element is, as a reader would find it: the part, the table and row, and
        the text of its paragraph. (Each table's rows are numbered, and each paragraph's text
        shortened, once: a rule may find something in every row of a long table.)"""
        label = _part_label(part)
        is_table = element.tag == f"{W}tbl"
        table = element if is_table else next(element.iterancestors(f"{W}tbl"), None)
        if table is not None:
            label += f", table {caption(table)!r}" if caption(table) else ", table"
            row = element if element.tag == f"{W}tr" else None
            if row is None and not is_table:
                row = next(element.iterancestors(f"{W}tr"), None)
            number = self._row_number(table, row) if row is not None else None
            if number is not None:
                label += f", row {number}"
        paragraph = (
            element if element.tag == f"{W}p" else next(element.iterancestors(f"{W}p"), None)
        )
        if paragraph is not None:
            text = self._snippets.get(paragraph)
            if text is None:
                text = self._snippets[paragraph] = snippet(self.text(paragraph))
            label += f", paragraph '{text}'" if text else ", an empty paragraph"
        return label

    def _row_number(self, table: _Element, row: _Element) -> int | None:
        """The row's number among the table's own rows (from 1), or None if not one of them."""
        numbers = self._row_numbers.get(table)
        if numbers is None:
            rows = table.iterchildren(f"{W}tr")
            numbers = self._row_numbers[table] = {row: n for n, row in enumerate(rows, start=1)}
        return numbers.get(row)


def caption(table: _Element) -> str:
    """A table's caption (Table Properties > Alt Text > Title), or "". (Read from the table's
    properties without lxml's path search, which looks through every row of a long table.)"""
    return value_of(grandchild_of(table, f"{W}tblPr", f"{W}tblCaption")) or ""
