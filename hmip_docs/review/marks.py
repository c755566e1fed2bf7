"""Whole paragraphs, tables and rows inserted or deleted, and where their paragraph marks'
changes go.

A paragraph mark flagged as deleted joins its paragraph to the next one when the change is
accepted; one flagged as inserted, when it is rejected. The last paragraph of a cell or of the body
cannot lose its mark, nor can one before a table (a paragraph never joins a table, in Word or
LibreOffice), so a run of paragraphs inserted or deleted there hands each change back by one
paragraph: the mark before each paragraph takes that paragraph's change, and the paragraph before
the run takes the first. A mark then never carries both changes, which LibreOffice cannot undo
(it keeps a mark flagged both inserted and deleted when every change is rejected).

Where such a run has no paragraph before it (it opens a cell, or follows a table) and holds both
inserted and deleted paragraphs, one mark would have to carry both; instead its last deleted
paragraph is put into its last inserted one, as one paragraph whose old words are deleted and new
words inserted. The paragraph whose mark stays holds, on the side where it goes, another
paragraph's text: its properties are recorded as changed (``w:pPrChange``), so that paragraph
keeps its own style and numbering either way.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from lxml import etree

from hmip_docs.review.wordml import (
    DEL,
    INS,
    PPR,
    RPR,
    TC,
    TR,
    Marker,
    P,
    blocks,
    flag_mark,
    flag_row,
    mark_runs,
    w,
)

if TYPE_CHECKING:
    from lxml.etree import _Element

PPR_CHANGE, SECT_PR = w("pPrChange"), w("sectPr")
_NOT_BASE = (RPR, SECT_PR, PPR_CHANGE)
"""The children of ``w:pPr`` that are not paragraph properties proper (``CT_PPrBase``)."""

Run = list[tuple["_Element", str]]


def mark_block(block: _Element, tag: str, marker: Marker) -> None:
    """A whole paragraph or table inserted or deleted: its text, its rows and the marks of its
    cells' paragraphs. A paragraph's own mark is its container's to flag (``flag_container``)."""
    mark_runs(block, tag, marker)
    if block.tag == P:
        return
    for row in block.iter(TR):
        flag_row(row, tag, marker)
    for cell in block.iter(TC):
        flag_container(cell, [(p, tag) for p in blocks(cell)], marker)


def mark_block_row(row: _Element, tag: str, marker: Marker) -> None:
    """A whole table row inserted or deleted, with everything in it."""
    flag_row(row, tag, marker)
    mark_runs(row, tag, marker)
    for cell in row.iter(TC):
        flag_container(cell, [(p, tag) for p in blocks(cell)], marker)


def flag_container(container: _Element, flagged: Sequence[tuple[_Element, str]], m: Marker) -> None:
    """Flag the marks of the container's inserted and deleted paragraphs (``flagged``, with
    tables inserted or deleted whole among them), run by run."""
    for before, run, after in list(_runs(blocks(container), {id(b): t for b, t in flagged})):
        _flag_run(before, run, after, m)


def _runs(
    found: Sequence[_Element], tags: dict[int, str]
) -> Iterator[tuple[_Element | None, Run, _Element | None]]:
    """Each run of consecutive inserted or deleted paragraphs, with the block before and after."""
    before: _Element | None = None
    run: Run = []
    for block in found:
        tag = tags.get(id(block))
        if block.tag == P and tag is not None:
            run.append((block, tag))
            continue
        if run:
            yield before, run, block
            run = []
        before = block
    if run:
        yield before, run, None


def _flag_run(before: _Element | None, run: Run, after: _Element | None, m: Marker) -> None:
    if after is not None and after.tag == P:  # every mark may go
        for p, tag in run:
            flag_mark(p, tag, m)
        return
    if before is None or before.tag != P:
        before = None
        if len({tag for _, tag in run}) == 2:
            for p, tag in _merge_last(run, m):
                flag_mark(p, tag, m)
            return
    holders = [before, *(p for p, _ in run[:-1])]
    for holder, (_, tag) in zip(holders, run, strict=True):
        if holder is not None:  # else left: nothing before it can take the change
            flag_mark(holder, tag, m)
    last, tag = run[-1]
    others = [p for p, t in run if t != tag]
    source = others[-1] if others else before
    if source is not None:
        _carry_properties(last, tag, source, m)


def _merge_last(run: Run, m: Marker) -> Run:
    """Put the run's last deleted paragraph into its last inserted one, placed last; the rest of
    the run, whose marks may now all go."""
    deleted = next(p for p, tag in reversed(run) if tag == DEL)
    inserted = next(p for p, tag in reversed(run) if tag == INS)
    content = [child for child in deleted if child.tag != PPR]
    ppr = inserted.find(PPR)
    at = 1 if ppr is not None else 0
    for n, child in enumerate(content):
        inserted.insert(at + n, child)
    _carry_properties(inserted, INS, deleted, m)
    last = run[-1][0]
    if last is not inserted:
        last.addnext(inserted)
    parent = deleted.getparent()
    assert parent is not None
    parent.remove(deleted)
    return [(p, tag) for p, tag in run if p is not deleted and p is not inserted]


# ---- paragraph properties --------------------------------------------------------------------


def _base(p: _Element) -> list[_Element]:
    ppr = p.find(PPR)
    return [] if ppr is None else [child for child in ppr if child.tag not in _NOT_BASE]


def _same(a: Sequence[_Element], b: Sequence[_Element]) -> bool:
    return [etree.tostring(x) for x in a] == [etree.tostring(x) for x in b]


def _carry_properties(kept: _Element, tag: str, source: _Element, m: Marker) -> None:
    """``kept``'s mark stays whichever way its change goes: on the side where ``kept`` itself
    goes, its paragraph holds ``source``'s text, so there it takes ``source``'s properties. An
    inserted paragraph keeps its own and records ``source``'s as its former ones; a deleted one
    takes ``source``'s and records its own as former."""
    if _same(_base(kept), _base(source)):
        return
    if tag == INS:
        current, former = _base(kept), _base(source)
    else:
        current, former = _base(source), _base(kept)
    current, former = [copy.deepcopy(x) for x in current], [copy.deepcopy(x) for x in former]
    ppr = kept.find(PPR)
    if ppr is None:
        ppr = etree.Element(PPR)
        kept.insert(0, ppr)
    rest = [child for child in ppr if child.tag in (RPR, SECT_PR)]
    for child in list(ppr):
        ppr.remove(child)
    change = m.make(PPR_CHANGE)
    etree.SubElement(change, PPR).extend(former)
    ppr.extend([*current, *rest, change])
