"""A character style given in Word to a ``{{r … }}`` tag applies to the text the tag prints.

docxtpl replaces the whole run that holds a ``{{r … }}`` tag with the runs of the formatted
text, so whatever the template set on that run is lost. The communications team styles text in
Word by selecting the tag and picking a character style (the summary table's thematic titles
are in Strong), so before rendering, each such tag is rewritten to pass its run's character
style on: ``{{r thematic.title }}`` in a run styled Strong becomes
``{{r thematic.title|run_style("Strong") }}``, and the filter ``run_style`` gives that style
to every run of the printed text that has no character style of its own (a link keeps the
Hyperlink style). Only the character style is passed on: direct formatting of the tag (bold
typed on it) stays the template's own business, as before.
"""

from __future__ import annotations

import re
from typing import Any

FILTER = "run_style"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TAG = re.compile(r"\{\{r (?P<expression>[^{}%]+?) ?\}\}")
_STYLE_ID = re.compile(r"[A-Za-z0-9]+")
_RUN_START = re.compile(r"<w:r>(?!<w:rPr>)|<w:r><w:rPr>(?!<w:rStyle )")


def _run_style(run: Any) -> str | None:
    """The character style id set on a run (``w:rPr/w:rStyle``), or None."""
    for child in run:
        if child.tag == f"{_W}rPr":
            for grandchild in child:
                if grandchild.tag == f"{_W}rStyle":
                    value = grandchild.get(f"{_W}val")
                    return value if isinstance(value, str) else None
    return None


def pass_on(body: Any) -> int:
    """Rewrite, in the template's body (an lxml element), each run that holds exactly one
    ``{{r … }}`` tag and has a character style, so that the tag passes the style on. Returns
    how many were rewritten."""
    count = 0
    for run in body.iter(f"{_W}r"):
        style = _run_style(run)
        if not style or not _STYLE_ID.fullmatch(style):
            continue
        texts = [child for child in run if child.tag == f"{_W}t"]
        if len(texts) != 1:
            continue
        match = _TAG.fullmatch((texts[0].text or "").strip())
        if match is None or FILTER in match.group("expression"):
            continue
        texts[0].text = f'{{{{r {match.group("expression")}|{FILTER}("{style}") }}}}'
        count += 1
    return count


def run_style(value: Any, style: str) -> Any:
    """``value`` (a docxtpl ``RichText``) with ``style`` on every run without a character style;
    any other value as it is."""
    xml = getattr(value, "xml", None)
    if not isinstance(xml, str) or not _STYLE_ID.fullmatch(style):
        return value
    from docxtpl import RichText  # type: ignore[import-untyped]

    styled = RichText()

    def add(match: re.Match[str]) -> str:
        if match.group(0) == "<w:r>":
            return f'<w:r><w:rPr><w:rStyle w:val="{style}"/></w:rPr>'
        return f'<w:r><w:rPr><w:rStyle w:val="{style}"/>'

    # A run without properties gains them; a run with properties but no style gains the style
    # first (w:rStyle leads w:rPr). A line-break run (<w:r><w:br/>) gains a harmless style.
    styled.xml = _RUN_START.sub(add, xml)
    return styled
