"""Images: alternative text, or marked as decorative."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from hmip_docs.checks.base import Problem
from hmip_docs.ooxml.package import BODY, Docx, caption
from hmip_docs.ooxml.styles import is_on_attr
from hmip_docs.ooxml.xml import DECORATIVE, WP, V, W, grandchild_of, value_of

if TYPE_CHECKING:
    pass


def alt_text(doc: Docx) -> Iterator[Problem]:
    """Every image has alternative text (``wp:docPr/@descr``, or ``alt`` on an older VML
    shape), unless it is marked decorative; every table has a caption or description
    (Table Properties > Alt Text).

    Breaks it: a picture inserted without a description, or a table without ``w:tblCaption``.
    """
    for part, root in doc.content_parts():
        for props in root.iter(f"{WP}docPr"):
            decorative = any(
                is_on_attr(mark.get("val", "1"))
                for mark in props.iter(f"{{{DECORATIVE}}}decorative")
            )
            if not (props.get("descr") or "").strip() and not decorative:
                name = props.get("name") or "an image"
                yield Problem(
                    f"the image '{name}' has no alternative text",
                    doc.where(part, props),
                    "right-click the image > View Alt Text, and describe what it shows (or mark "
                    "it decorative)",
                )
        for shape in root.iter(f"{V}shape"):
            if shape.find(f"{V}imagedata") is not None and not (shape.get("alt") or "").strip():
                yield Problem(
                    "an image has no alternative text",
                    doc.where(part, shape),
                    "right-click the image > View Alt Text, and describe what it shows",
                )
    body = doc.body
    if body is None:
        return
    for table in body.iter(f"{W}tbl"):
        description = value_of(grandchild_of(table, f"{W}tblPr", f"{W}tblDescription")) or ""
        if not caption(table).strip() and not description.strip():
            yield Problem(
                "the table has no alternative text (caption or description)",
                doc.where(BODY, table),
                "in the template, Table Properties > Alt Text: give the table a title",
            )
