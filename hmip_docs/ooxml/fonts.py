"""The font and size a run of text is printed in, resolved as Word does: direct formatting, the
character style, the paragraph style, the table style, the document defaults and the theme."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from hmip_docs.ooxml.package import Docx
from hmip_docs.ooxml.xml import (
    RFONTS,
    RPR,
    RSTYLE,
    SZ,
    TBL,
    TEXT,
    A,
    W,
    child_of,
    grandchild_of,
    to_int,
    value_of,
)

if TYPE_CHECKING:
    from lxml.etree import _Element


Font = tuple[str | None, int | None]
"""A run's font and size in half points, None where nothing sets it."""


class RunStyles(NamedTuple):
    """The styles a run takes its properties from below its own: its character style (None when
    it names none), its paragraph's style, and whether it is in a table and that table's style.
    Runs share a handful of these, so the font they give is resolved once for each."""

    character: str | None
    paragraph: str | None
    in_table: bool
    table: str | None


def _theme_font(doc: Docx, theme: str) -> str | None:
    """The font a theme font name (``minorHAnsi``…) stands for, looked up once per document."""
    kind = "majorFont" if theme.startswith("major") else "minorFont"
    if kind not in doc._theme_fonts:
        doc._theme_fonts[kind] = _read_theme_font(doc, kind)
    return doc._theme_fonts[kind]


def _read_theme_font(doc: Docx, kind: str) -> str | None:
    """The theme's Latin typeface for its ``majorFont`` or ``minorFont``."""
    for name, root in doc.parts.items():
        if name.startswith("word/theme/"):
            latin = root.find(f".//{A}{kind}/{A}latin")
            if latin is not None:
                return latin.get("typeface") or None
    return None


def _font_of(doc: Docx, rpr: _Element | None) -> str | None:
    fonts = child_of(rpr, RFONTS) if rpr is not None else None
    if fonts is None:
        return None
    theme = fonts.get(f"{W}asciiTheme")
    if theme:
        return _theme_font(doc, theme)
    return fonts.get(f"{W}ascii") or fonts.get(f"{W}hAnsi")


def _resolve(doc: Docx, sources: Iterable[_Element | None]) -> Font:
    """The first font and the first size set by run-property elements, nearest first."""
    font: str | None = None
    size: int | None = None
    for rpr in sources:
        if rpr is None:
            continue
        if font is None:
            font = _font_of(doc, rpr)
        if size is None:
            size = to_int(value_of(child_of(rpr, SZ)))
    return font, size


def _nearest_table(element: _Element) -> _Element | None:
    """``next(element.iterancestors(w:tbl), None)``, by a walk up the parents (quicker)."""
    parent = element.getparent()
    while parent is not None and parent.tag != TBL:
        parent = parent.getparent()
    return parent


def shows_text(run: _Element) -> bool:
    """Whether a run holds a ``w:t`` with more than white space. One unfiltered walk over a
    run's few nodes is quicker than lxml's tag-filtered one."""
    for node in run.iter():  # noqa: SIM110 - any() over a generator is slower here
        if node.tag == TEXT and (node.text or "").strip():
            return True
    return False


def paragraph_run_styles(doc: Docx, paragraph: _Element) -> RunStyles:
    """The styles every run of ``paragraph`` takes its properties from, before a run's own
    character style: the paragraph's style and, in a table cell, the table's style."""
    table = _nearest_table(paragraph)
    table_style = _table_style(doc, table) if table is not None else None
    return RunStyles(None, doc.styles.paragraph_style(paragraph), table is not None, table_style)


def _table_style(doc: Docx, table: _Element) -> str | None:
    """A table's style id, read once for all the paragraphs in it."""
    if table not in doc._table_styles:
        doc._table_styles[table] = value_of(grandchild_of(table, f"{W}tblPr", f"{W}tblStyle"))
    return doc._table_styles[table]


def _chain_font(doc: Docx, style_id: str | None, kind: str) -> Font:
    """The font and size a style chain sets (each the nearest style's that sets it)."""

    def font(style: _Element) -> str | None:
        return _font_of(doc, child_of(style, RPR))

    def size(style: _Element) -> int | None:
        rpr = child_of(style, RPR)
        return to_int(value_of(child_of(rpr, SZ))) if rpr is not None else None

    styles = doc.styles
    return styles.along(style_id, kind, "font", font), styles.along(style_id, kind, "size", size)


def _styles_font(doc: Docx, run_styles: RunStyles) -> Font:
    """The font and size a run's styles give it, nearest first: its character style chain, its
    paragraph style chain, its table style chain, the document defaults. Resolved once per
    combination of styles."""
    found = doc._style_fonts.get(run_styles)
    if found is None:
        chains: list[Font] = []
        if run_styles.character:
            chains.append(_chain_font(doc, run_styles.character, "character"))
        chains.append(_chain_font(doc, run_styles.paragraph, "paragraph"))
        if run_styles.in_table:
            chains.append(_chain_font(doc, run_styles.table, "table"))
        chains.append(_resolve(doc, [doc.styles.default_run]))
        font = next((font for font, _ in chains if font is not None), None)
        size = next((size for _, size in chains if size is not None), None)
        found = doc._style_fonts[run_styles] = (font, size)
    return found


def styled_run_font(doc: Docx, run: _Element, paragraph_styles: RunStyles) -> Font:
    """``run_font`` with the paragraph's styles known: a run's own properties win, and only
    what they leave unset comes from its styles."""
    rpr = child_of(run, RPR)
    if rpr is None:
        return _styles_font(doc, paragraph_styles)
    font, size = _resolve(doc, [rpr])
    if font is None or size is None:
        character = value_of(grandchild_of(run, RPR, RSTYLE)) or None
        style_font, style_size = _styles_font(doc, paragraph_styles._replace(character=character))
        font = style_font if font is None else font
        size = style_size if size is None else size
    return font, size


def run_font(doc: Docx, paragraph: _Element, run: _Element) -> Font:
    """The font and size (half points) a run prints in, resolved as Word does: the run, its
    character style, the paragraph style and the styles it is based on, the table style, then
    the document defaults. None where nothing sets it."""
    return styled_run_font(doc, run, paragraph_run_styles(doc, paragraph))
