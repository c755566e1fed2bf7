"""Headings: their order, the fixed labels that must be headings, and numbers typed by hand."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from hmip_docs.checks.base import Problem
from hmip_docs.core.printed_patterns import HEADING_LABELS, TYPED_NUMBER
from hmip_docs.ooxml.package import BODY, Docx
from hmip_docs.ooxml.styles import heading_level, is_numbered
from hmip_docs.ooxml.xml import W

if TYPE_CHECKING:
    pass


def heading_order(doc: Docx) -> Iterator[Problem]:
    """Headings start at level 1 and never skip a level on the way down (Heading 1 then
    Heading 3 leaves a reader's outline with a gap).

    Breaks it: a Heading 3 straight after a Heading 1.
    """
    body = doc.body
    if body is None:
        return
    previous = 0
    for paragraph in body.iter(f"{W}p"):
        level = heading_level(doc.styles, paragraph)
        if level is None:
            continue
        if level > previous + 1:
            after = f"after a level {previous} heading" if previous else "as the first heading"
            yield Problem(
                f"a level {level} heading comes {after}",
                doc.where(BODY, paragraph),
                f"use Heading {previous + 1} here, or add the missing level above it",
            )
        previous = level


def label_heading(doc: Docx) -> Iterator[Problem]:
    """A paragraph that starts with a heading label the template prints ("Consultation question
    \u2013 …") is a real heading of its level, in a heading style, and is not numbered: a heading
    that only looks like one is missing from a screen reader's list of headings.

    Breaks it: the "Consultation question \u2013 research" paragraph in Normal style, or numbered.
    """
    body = doc.body
    if body is None:
        return
    for paragraph in body.iter(f"{W}p"):
        text = doc.text(paragraph)
        for label, level in HEADING_LABELS.items():
            if not text.startswith(label):
                continue
            actual = heading_level(doc.styles, paragraph)
            if actual != level:
                style = doc.styles.name(doc.styles.paragraph_style(paragraph))
                yield Problem(
                    f"'{label.strip()} …' is printed in the style '{style}', not as a level "
                    f"{level} heading",
                    doc.where(BODY, paragraph),
                    f"give the paragraph the Heading {level} style in the template",
                )
            elif is_numbered(doc.styles, paragraph):
                yield Problem(
                    f"the heading '{label.strip()} …' is numbered",
                    doc.where(BODY, paragraph),
                    "remove the numbering from this heading (its style or the paragraph)",
                )


def typed_number(doc: Docx) -> Iterator[Problem]:
    """Paragraph numbers come from Word's numbering, never typed: a typed "1.1" does not
    renumber, and screen readers do not announce it as a list (also in table cells).

    Breaks it: a paragraph whose text starts "1.1 The consultation…".
    """
    for part, root in doc.content_parts():
        for paragraph in root.iter(f"{W}p"):
            match = TYPED_NUMBER.match(doc.text(paragraph))
            if match:
                yield Problem(
                    f"the paragraph starts with the typed number '{match.group(1)}'",
                    doc.where(part, paragraph),
                    "use a numbered style (Numbered Paragraph, List Number, Table Number); if "
                    "the text comes from the record, reword it (see the rule typed-number)",
                )
