"""A paragraph changed in place, as tracked changes: its runs split where the words change, the
new words wrapped as inserted, the old ones put back, as deleted, where they stood."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import TYPE_CHECKING

from lxml import etree

from hmip_docs.review.wordml import (
    DEL,
    INS,
    RPR,
    XML_SPACE,
    Marker,
    R,
    T,
    paragraph_text,
    run_text,
    to_deleted,
    wrap,
)
from hmip_docs.review.words import diff

if TYPE_CHECKING:
    from lxml.etree import _Element


def _explode(p: _Element) -> list[_Element]:
    """Split every run of ``p`` into runs of one content element each; the runs in order."""
    out: list[_Element] = []
    for run in list(p.iter(R)):
        rpr = run.find(RPR)
        content = [child for child in run if child.tag != RPR]
        if len(content) <= 1:
            out.append(run)
            continue
        parent = run.getparent()
        assert parent is not None
        at = parent.index(run)
        for n, child in enumerate(content):
            piece = etree.Element(R)
            if rpr is not None:
                piece.append(copy.deepcopy(rpr))
            piece.append(child)
            parent.insert(at + n, piece)
            out.append(piece)
        parent.remove(run)
    return out


def _length(run: _Element) -> int:
    return len(run_text(run)) if run.find(T) is not None else 1 if len(run) > 0 else 0


def _split(run: _Element, at: int) -> _Element:
    """Split a text run at ``at`` characters; the second half, placed after it."""
    text = run.find(T)
    assert text is not None
    second = copy.deepcopy(run)
    value = text.text or ""
    text.text, second.find(T).text = value[:at], value[at:]  # type: ignore[union-attr]
    text.set(XML_SPACE, "preserve")
    second.find(T).set(XML_SPACE, "preserve")  # type: ignore[union-attr]
    parent = run.getparent()
    assert parent is not None
    parent.insert(parent.index(run) + 1, second)
    return second


def _cut(p: _Element, bounds: Iterable[int]) -> list[tuple[int, _Element]]:
    """The runs of ``p`` split so that a run starts at each of ``bounds``; (start, run)."""
    runs = [r for r in _explode(p) if _length(r) or r.find(T) is None]
    wanted = sorted(set(bounds))
    out: list[tuple[int, _Element]] = []
    start = 0
    for run in runs:
        length = _length(run)
        while True:
            inside = [b for b in wanted if start < b < start + length]
            if not inside or run.find(T) is None:
                break
            cut = inside[0] - start
            out.append((start, run))
            run = _split(run, cut)
            start, length = start + cut, length - cut
        out.append((start, run))
        start += length
    return out


def changed_paragraph(old: _Element, new: _Element, marker: Marker) -> None:
    """Mark, in ``new``, the words that differ from ``old``: the new words inserted, the old
    ones put back as deleted where they stood."""
    pieces = diff(paragraph_text(old), paragraph_text(new))
    old_at = new_at = 0
    inserts: list[tuple[int, int]] = []
    deletes: list[tuple[int, int, int]] = []  # (position in new, old start, old end)
    for piece in pieces:
        size = len(piece.text)
        if piece.op == "equal":
            old_at, new_at = old_at + size, new_at + size
        elif piece.op == "delete":
            deletes.append((new_at, old_at, old_at + size))
            old_at += size
        else:
            inserts.append((new_at, new_at + size))
            new_at += size
    old_copy = copy.deepcopy(old)
    old_runs = _cut(old_copy, [b for _, s, e in deletes for b in (s, e)])
    new_runs = _cut(new, [b for s, e in inserts for b in (s, e)] + [d[0] for d in deletes])
    for start, run in new_runs:
        if any(s <= start < e for s, e in inserts):
            wrap(run, INS, marker)
    for at, begin, end in deletes:
        gone = [copy.deepcopy(run) for s, run in old_runs if begin <= s < end]
        _place(new, new_runs, at, gone, marker)


def _place(
    p: _Element, runs: list[tuple[int, _Element]], at: int, gone: list[_Element], m: Marker
) -> None:
    """Put the deleted runs ``gone`` into ``p`` before the run at ``at`` (at the end if none)."""
    following = [run for start, run in runs if start >= at]
    anchor = following[0] if following else None
    for run in gone:
        wrapper = m.make(DEL)
        wrapper.append(run)
        to_deleted(run)
        if anchor is not None:
            holder = anchor.getparent()
            assert holder is not None
            if holder.tag == INS:  # the anchor is itself inserted: go before its wrapper
                anchor_el, holder = holder, holder.getparent()
            else:
                anchor_el = anchor
            assert holder is not None
            holder.insert(holder.index(anchor_el), wrapper)
        else:
            p.append(wrapper)
