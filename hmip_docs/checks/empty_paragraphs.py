"""Empty paragraphs used for spacing, which screen readers announce as blank."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from hmip_docs.checks.base import Problem
from hmip_docs.ooxml.package import Docx
from hmip_docs.ooxml.xml import W, block_beside

if TYPE_CHECKING:
    from lxml.etree import _Element


EMPTY_PARAGRAPH_ALLOWED = (
    "the only paragraph of a table cell: Word requires every cell to hold a paragraph",
    "the paragraph after a table that ends a table cell or the document: Word requires one there",
    "a paragraph that holds a section break (w:sectPr): it carries the section's page settings",
)
"""Empty paragraphs that are not spacing, as ``output-empty-paragraph`` documents them."""


def _visible(doc: Docx, paragraph: _Element) -> bool:
    """Whether a paragraph shows anything: text, an image or object, or a field (page number)."""
    if doc.text(paragraph).strip():
        return True
    shows = (
        f"{W}drawing",
        f"{W}pict",
        f"{W}object",
        f"{W}fldSimple",
        f"{W}instrText",
        f"{W}sym",
        f"{W}delText",  # text a tracked change deletes (a redline) shows, struck through
    )
    return any(True for _ in paragraph.iter(*shows))


def _empty_allowed(paragraph: _Element) -> bool:
    """The exceptions of ``EMPTY_PARAGRAPH_ALLOWED``."""
    parent = paragraph.getparent()
    if parent is None:
        return False
    before = block_beside(paragraph, before=True)
    after = block_beside(paragraph, before=False)
    if parent.tag == f"{W}tc" and before is None and after is None:
        return True
    after_table = before is not None and before.tag == f"{W}tbl"
    if after is None and after_table and parent.tag in (f"{W}tc", f"{W}body"):
        return True
    return paragraph.find(f"{W}pPr/{W}sectPr") is not None


def empty_paragraph(doc: Docx) -> Iterator[Problem]:
    """No empty paragraphs are used for spacing: screen readers announce each as "blank", and
    spacing belongs in the styles (space before and after).

    Exceptions, where Word requires the paragraph (``EMPTY_PARAGRAPH_ALLOWED``): the only
    paragraph of a table cell (such as the summary table's row numbers, numbered paragraphs with
    no text); the paragraph after a table that ends a table cell or the document; a paragraph
    that holds a section break. Fields (page numbers) and images count as content; an empty
    numbered paragraph elsewhere (an empty heading or list item) does not.

    Breaks it: an empty paragraph between two numbered paragraphs.
    """
    for part, root in doc.content_parts():
        for paragraph in root.iter(f"{W}p"):
            if _visible(doc, paragraph) or _empty_allowed(paragraph):
                continue
            yield Problem(
                "an empty paragraph is used for spacing",
                doc.where(part, paragraph),
                "delete it in the template and set the style's space before or after instead; "
                "if it comes from the record, see the rule blank-text",
            )
