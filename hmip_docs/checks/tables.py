"""Tables: a header row repeated on each page, rows that do not split, no merged cells, and
something printed between two tables."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from hmip_docs.checks.base import Problem
from hmip_docs.ooxml.package import BODY, Docx, caption
from hmip_docs.ooxml.xml import W, block_beside, child_of, is_on, to_int, value_of

if TYPE_CHECKING:
    from lxml.etree import _Element

ROW_SPLIT_ALLOWED: Mapping[str, str] = {
    "Post-consultation decisions": "a question's decision (the whole thematic programme) can be "
    "longer than a page: kept whole, the row would leave the foot of the page before it empty",
}
"""Tables, by caption, whose data rows may break across pages, and why (a Suggestion/Response
row is short and stays whole, so a suggestion is never parted from its response). Header rows
never split."""


def _rows(table: _Element) -> list[_Element]:
    return list(table.iterchildren(f"{W}tr"))


def _row_flag(row: _Element, name: str) -> bool:
    return is_on(row.find(f"{W}trPr/{W}{name}"))


def table_header(doc: Docx) -> Iterator[Problem]:
    """Every table is a data table whose first row is a header row, marked to repeat at the top
    of each page (Table Properties > Row > "Repeat as header row at the top of each page",
    ``w:tblHeader``). A table without a header row is a layout table, which screen readers read
    cell by cell without saying what each cell is.

    Breaks it: the first row of a Suggestion/Response table without ``w:tblHeader``.
    """
    body = doc.body
    if body is None:
        return
    for table in body.iter(f"{W}tbl"):
        rows = _rows(table)
        if not rows:
            continue
        if not _row_flag(rows[0], "tblHeader"):
            marked = any(_row_flag(row, "tblHeader") for row in rows[1:])
            yield Problem(
                "the table's header row is not its first row"
                if marked
                else "the table has no header row (a table used for layout)",
                doc.where(BODY, rows[0]),
                'mark the first row "Repeat as header row at the top of each page" in the '
                "template; lay out text with styles, not tables",
            )


def row_split(doc: Docx) -> Iterator[Problem]:
    """Table rows do not break across pages (Table Properties > Row > "Allow row to break across
    pages" off, ``w:cantSplit``), so a suggestion is never parted from its response.

    The exceptions are data, ``ROW_SPLIT_ALLOWED``: the summary table's rows, whose decision can
    be taller than a page (such a row is broken whatever the flag says, and a row kept whole
    leaves the foot of the page before it empty).

    Breaks it: a Suggestion/Response row without ``w:cantSplit``.
    """
    body = doc.body
    if body is None:
        return
    for table in body.iter(f"{W}tbl"):
        allowed = caption(table) in ROW_SPLIT_ALLOWED
        for row in _rows(table):
            if _row_flag(row, "cantSplit"):
                continue
            if allowed and not _row_flag(row, "tblHeader"):
                continue
            yield Problem(
                "the table row may break across pages",
                doc.where(BODY, row),
                'turn off "Allow row to break across pages" for this row in the template',
            )


def merged_cells(doc: Docx) -> Iterator[Problem]:
    """Tables have no merged or split cells (``w:gridSpan``, ``w:vMerge``, ``w:hMerge``): screen
    readers lose track of which header a merged cell belongs to.

    Breaks it: ``<w:vMerge w:val="restart"/>`` in a cell's properties.
    """
    body = doc.body
    if body is None:
        return
    for cell in body.iter(f"{W}tc"):
        props = child_of(cell, f"{W}tcPr")
        if props is None:
            continue
        span = to_int(value_of(child_of(props, f"{W}gridSpan"))) or 1
        merged = (
            child_of(props, f"{W}vMerge") is not None or child_of(props, f"{W}hMerge") is not None
        )
        if span > 1 or merged:
            yield Problem(
                "a table cell is merged with its neighbour",
                doc.where(BODY, cell),
                "split the cell in the template (Layout > Split Cells); give each row its own "
                "cells",
            )


def tables_apart(doc: Docx) -> Iterator[Problem]:
    """A table never follows another table with nothing between them: Word joins two such
    tables into one, so readers, and screen readers, meet the second table's header row in the
    middle of the first.

    Record content can cause it (an area with no heading after another area's table); the record
    rule ``tables-apart`` reports that first, at its line in the record.

    Breaks it: a table placed straight after another table.
    """
    for part, root in doc.content_parts():
        for table in root.iter(f"{W}tbl"):
            before = block_beside(table, before=True)
            if before is None or before.tag != f"{W}tbl":
                continue
            rows = _rows(table)
            yield Problem(
                "the table follows another table with nothing between them, so Word shows the "
                "two as one table",
                doc.where(part, rows[1] if len(rows) > 1 else table),
                "keep a heading or a paragraph of text between the two tables in the template; "
                "if the second table comes from the record, see the rule tables-apart",
            )
