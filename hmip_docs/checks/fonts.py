"""Body text in a sans-serif font of at least 12 point."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from hmip_docs.checks.base import Problem
from hmip_docs.ooxml.fonts import RunStyles, paragraph_run_styles, shows_text, styled_run_font
from hmip_docs.ooxml.package import BODY, Docx
from hmip_docs.ooxml.xml import W, value_of

if TYPE_CHECKING:
    from lxml.etree import _Element


MIN_HALF_POINTS = 24
"""GOV.UK: body text at least 12 point (Word measures font sizes in half points)."""


SANS_SERIF = frozenset(
    {
        *("Arial", "Aptos", "Calibri", "Century Gothic", "DejaVu Sans", "Franklin Gothic Book"),
        *("GDS Transport", "Gill Sans", "Gill Sans MT", "Helvetica", "Helvetica Neue", "Lato"),
        *("Liberation Sans", "Noto Sans", "Open Sans", "Roboto", "Segoe UI", "Source Sans Pro"),
        *("Tahoma", "Trebuchet MS", "Verdana"),
    }
)
"""Fonts known to be sans-serif. Another font counts when Word's font table says so (family
``swiss``, or a PANOSE serif style of 11 to 15); a font it cannot tell about is refused."""


def is_sans_serif(doc: Docx, font: str) -> bool | None:
    """Whether a font is sans-serif: known, or as Word's font table describes it; None when
    nothing says."""
    if font in SANS_SERIF:
        return True
    if font not in doc._sans_serif:
        doc._sans_serif[font] = _font_table_says_sans_serif(doc, font)
    return doc._sans_serif[font]


def _font_table_says_sans_serif(doc: Docx, font: str) -> bool | None:
    """What the font table's entry for the font (family, PANOSE) says, or None."""
    entry = doc.font_table.get(font)
    if entry is None:
        return None
    family = value_of(entry.find(f"{W}family"))
    if family == "swiss":
        return True
    if family in ("roman", "script", "decorative"):
        return False
    panose = value_of(entry.find(f"{W}panose1")) or ""
    if len(panose) >= 4 and panose[:2] == "02":  # PANOSE family kind 2: Latin text
        serif_style = int(panose[2:4], 16)
        if 11 <= serif_style <= 15:
            return True
        if 2 <= serif_style <= 10:
            return False
    return None


def body_font(doc: Docx) -> Iterator[Problem]:
    """Body text is in a sans-serif font of at least 12 point (GOV.UK guidance on accessible
    documents), as Word resolves it through the run, its styles and the styles they are based
    on, and the document defaults. Headers and footers (the page number) are not body text.
    One finding per style, font and size.

    Breaks it: the Table Text style set to Times New Roman, or Normal set to 10 point.
    """
    body = doc.body
    if body is None:
        return
    seen: dict[tuple[str, str | None, int | None], tuple[int, _Element]] = {}
    for paragraph in body.iter(f"{W}p"):
        run_styles: RunStyles | None = None
        for run in paragraph.iter(f"{W}r"):
            if not shows_text(run):
                continue
            if run_styles is None:  # once per paragraph, and only for one with text
                run_styles = paragraph_run_styles(doc, paragraph)
            font, size = styled_run_font(doc, run, run_styles)
            sans = is_sans_serif(doc, font) if font else None
            if sans and size is not None and size >= MIN_HALF_POINTS:
                continue
            style = doc.styles.name(run_styles.paragraph)
            key = (style, font, size)
            count, first = seen.get(key, (0, paragraph))
            seen[key] = (count + 1, first)
    for (style, font, size), (count, first) in seen.items():
        problems = []
        if font is None:
            problems.append("no font is set")
        elif is_sans_serif(doc, font) is None:
            problems.append(f"{font} is not known to be sans-serif")
        elif not is_sans_serif(doc, font):
            problems.append(f"{font} is a serif font")
        if size is None:
            problems.append("no size is set")
        elif size < MIN_HALF_POINTS:
            problems.append(f"{size / 2:g} point is smaller than {MIN_HALF_POINTS / 2:g}")
        runs = "run" if count == 1 else "runs"
        yield Problem(
            f"{count} {runs} of text in the style '{style}': {' and '.join(problems)}",
            doc.where(BODY, first),
            "set the style (or the one it is based on) to a sans-serif font such as Arial, at "
            "12 point or more; if the font is sans-serif, add it to checks.fonts.SANS_SERIF",
        )
