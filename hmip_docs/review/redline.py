"""Word's tracked changes between two rendered documents: the new document, with what the old one
said and the new one does not shown as deleted (``w:del``), and what is new shown as inserted
(``w:ins``): words within a paragraph, whole paragraphs, and table rows.

The body's paragraphs and tables are aligned by their text (``difflib``); a paragraph changed in
place is diffed word by word (``words``); tables are aligned row by row, a row matched in the
other table (``rows``) changed in place, its cells paragraph by paragraph; where the paragraph
marks' changes go is ``marks``'s to decide. The new document's other parts (styles, numbering,
headers, footers, properties) are kept as they are. The markup itself is ``wordml``'s, a
paragraph changed in place ``inline``'s; ``accept_all`` and ``reject_all`` (from ``resolve``)
give the paragraph texts Word shows after accepting or rejecting every change, so tests can hold
a redline to both renders.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Literal

from lxml import etree

from hmip_docs.review import rows
from hmip_docs.review.inline import changed_paragraph
from hmip_docs.review.marks import flag_container, mark_block, mark_block_row
from hmip_docs.review.resolve import accept_all as accept_all
from hmip_docs.review.resolve import reject_all as reject_all
from hmip_docs.review.resolve import texts as texts
from hmip_docs.review.rows import row_text
from hmip_docs.review.wordml import (
    BODY_PART,
    DEL,
    INS,
    TBL,
    TC,
    TR,
    Marker,
    P,
    blocks,
    body_of,
    old_copy,
    paragraph_text,
)
from hmip_docs.review.words import opcodes, similarity

if TYPE_CHECKING:
    from lxml.etree import _Element

PAIR_MATCH = 0.4
"""How alike (0 to 1) two paragraphs must be to be shown as one paragraph changed."""

Status = Literal["equal", "changed", "inserted", "deleted"]


def _block_key(block: _Element) -> str:
    if block.tag == P:
        return "p\0" + paragraph_text(block)
    if block.tag == TBL:
        return "tbl\0" + "\0".join(paragraph_text(p) for p in block.iter(P))
    return "other\0" + etree.tostring(block).decode()


# ---- aligning blocks ------------------------------------------------------------------------


def _alike(old: _Element, new: _Element) -> bool:
    if old.tag != new.tag:
        return False
    if old.tag == TBL:
        return True  # tables are compared row by row
    return similarity(paragraph_text(old), paragraph_text(new)) >= PAIR_MATCH


def align(old: Sequence[str], new: Sequence[str]) -> Iterator[tuple[str, int, int, int, int]]:
    """difflib's opcodes for two sequences of keys, in bounded time (``words.opcodes``)."""
    yield from opcodes(old, new)


def _pair_region(
    old: Sequence[_Element], new: Sequence[_Element]
) -> Iterator[tuple[Status, _Element | None, _Element | None]]:
    """A replaced stretch, paired where blocks are alike: deletions before insertions."""
    i = j = 0
    while i < len(old) or j < len(new):
        if i < len(old) and j < len(new) and _alike(old[i], new[j]):
            yield "changed", old[i], new[j]
            i, j = i + 1, j + 1
        elif j < len(new) and (i >= len(old) or (j + 1 < len(new) and _alike(old[i], new[j + 1]))):
            yield "inserted", None, new[j]
            j += 1
        elif i < len(old):
            yield "deleted", old[i], None
            i += 1
        else:
            yield "inserted", None, new[j]
            j += 1


def _steps(
    old: Sequence[_Element], new: Sequence[_Element]
) -> Iterator[tuple[Status, _Element | None, _Element | None]]:
    keys_old = [_block_key(b) for b in old]
    keys_new = [_block_key(b) for b in new]
    for tag, i1, i2, j1, j2 in align(keys_old, keys_new):
        if tag == "equal":
            for k in range(i2 - i1):
                yield "equal", old[i1 + k], new[j1 + k]
        else:
            yield from _pair_region(old[i1:i2], new[j1:j2])


def redline_container(old: _Element, new: _Element, marker: Marker) -> None:
    """Mark in the body or cell ``new`` every difference from ``old``."""
    flagged: list[tuple[_Element, str]] = []
    anchor: _Element | None = None  # the last new block placed so far
    for status, before, after in list(_steps(blocks(old), blocks(new))):
        if status == "deleted":
            assert before is not None
            block = old_copy(before)
            if anchor is None:
                new.insert(_first_block_index(new), block)
            else:
                anchor.addnext(block)
            mark_block(block, DEL, marker)
            flagged.append((block, DEL))
            anchor = block
            continue
        assert after is not None
        anchor = after
        if status == "inserted":
            mark_block(after, INS, marker)
            flagged.append((after, INS))
        elif status == "changed" and after.tag == P:
            assert before is not None
            changed_paragraph(before, after, marker)
        elif status == "changed":
            assert before is not None
            _changed_table(before, after, marker)
    flag_container(new, flagged, marker)


def _first_block_index(container: _Element) -> int:
    for n, child in enumerate(container):
        if child.tag in (P, TBL):
            return n
    return len(container)


def _changed_table(old: _Element, new: _Element, marker: Marker) -> None:
    old_rows, new_rows = old.findall(TR), new.findall(TR)
    anchor: _Element | None = None
    for tag, i1, i2, j1, j2 in align(
        [row_text(r) for r in old_rows], [row_text(r) for r in new_rows]
    ):
        if tag == "equal":
            anchor = new_rows[j2 - 1]
            continue
        for before, after in rows.pair(old_rows[i1:i2], new_rows[j1:j2]):
            if before is not None and after is not None:
                for a, b in zip(before.findall(TC), after.findall(TC), strict=True):
                    redline_container(a, b, marker)
                anchor = after
            elif before is not None:
                gone = old_copy(before)
                if anchor is None:
                    first = new.find(TR)
                    assert first is not None
                    first.addprevious(gone)
                else:
                    anchor.addnext(gone)
                mark_block_row(gone, DEL, marker)
                anchor = gone
            elif after is not None:
                mark_block_row(after, INS, marker)
                anchor = after


# ---- the package ------------------------------------------------------------------------------


def redline(old: bytes, new: bytes, author: str, date: str) -> bytes:
    """The ``new`` .docx with tracked changes against ``old``, by ``author`` at ``date``
    (ISO 8601, as Word writes it). Every other part, and the package's entry order, dates and
    compression, are ``new``'s, so the same inputs give the same bytes."""
    _, old_body = body_of(old)
    root, new_body = body_of(new)
    redline_container(old_body, new_body, Marker(author, date))
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(new)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = xml if info.filename == BODY_PART else source.read(info.filename)
            target.writestr(info, data, compresslevel=6)
    return out.getvalue()
