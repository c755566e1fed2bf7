"""Word's tracked changes between two rendered documents: the new document, with what the old one
said and the new one does not shown as deleted (``w:del``), and what is new shown as inserted
(``w:ins``): words within a paragraph, whole paragraphs, and table rows.

The body's paragraphs and tables are aligned by their text (``difflib``); a paragraph changed in
place is diffed word by word (``words``); tables are aligned row by row, and a row's cells
paragraph by paragraph. The new document's other parts (styles, numbering, headers, footers,
properties) are kept as they are. ``accept_all`` and ``reject_all`` give the paragraph texts
Word shows after accepting or rejecting every change, so tests can hold the redline to both
renders.

A paragraph mark flagged as deleted joins its paragraph to the next one when accepted (one flagged
as inserted, when rejected). The last paragraph of a table cell or of the body cannot lose its
mark, so its flag goes on the paragraph before it.
"""

from __future__ import annotations

import copy
import difflib
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Literal

from lxml import etree

from hmip_docs.review.words import diff, similarity

if TYPE_CHECKING:
    from lxml.etree import _Element

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
BODY_PART = "word/document.xml"
PAIR_MATCH = 0.4
"""How alike (0 to 1) two paragraphs must be to be shown as one paragraph changed."""

Status = Literal["equal", "changed", "inserted", "deleted"]


def w(name: str) -> str:
    return f"{{{W}}}{name}"


P, R, T, TBL, TR, TC = w("p"), w("r"), w("t"), w("tbl"), w("tr"), w("tc")
PPR, RPR, TRPR, INS, DEL, DELTEXT = w("pPr"), w("rPr"), w("trPr"), w("ins"), w("del"), w("delText")
TAB, BR, CR = w("tab"), w("br"), w("cr")
# pPr children that come after its rPr (CT_PPr's sequence), and trPr's after ins/del.
_AFTER_RPR = (w("sectPr"), w("pPrChange"))
_TRPR_FIRST = (w("tblPrEx"),)


class Marker:
    """Makes the ``w:ins``/``w:del`` elements of one author at one time, numbered in order."""

    def __init__(self, author: str, date: str) -> None:
        self.author, self.date, self.next_id = author, date, 1

    def make(self, tag: str) -> _Element:
        element = etree.Element(tag)
        element.set(w("id"), str(self.next_id))
        element.set(w("author"), self.author)
        element.set(w("date"), self.date)
        self.next_id += 1
        return element


# ---- reading text ----------------------------------------------------------------------------


def _run_text(run: _Element) -> str:
    out = []
    for child in run:
        if child.tag in (T, DELTEXT):
            out.append(child.text or "")
        elif child.tag == TAB:
            out.append("\t")
        elif child.tag in (BR, CR):
            out.append("\n")
    return "".join(out)


def paragraph_text(p: _Element) -> str:
    """A paragraph's text as rendered (no tracked changes in it)."""
    return "".join(_run_text(r) for r in p.iter(R))


def _block_key(block: _Element) -> str:
    if block.tag == P:
        return "p\0" + paragraph_text(block)
    if block.tag == TBL:
        return "tbl\0" + "\0".join(paragraph_text(p) for p in block.iter(P))
    return "other\0" + etree.tostring(block).decode()


def _blocks(container: _Element) -> list[_Element]:
    """The paragraphs and tables of a body or a cell, in order."""
    return [child for child in container if child.tag in (P, TBL)]


# ---- marking whole blocks --------------------------------------------------------------------


def _paragraph_mark(p: _Element) -> _Element:
    """The paragraph mark's properties (``w:pPr/w:rPr``), made where missing."""
    ppr = p.find(PPR)
    if ppr is None:
        ppr = etree.Element(PPR)
        p.insert(0, ppr)
    rpr = ppr.find(RPR)
    if rpr is None:
        rpr = etree.Element(RPR)
        after = [n for n, child in enumerate(ppr) if child.tag in _AFTER_RPR]
        ppr.insert(after[0] if after else len(ppr), rpr)
    return rpr


def flag_mark(p: _Element, tag: str, marker: Marker) -> None:
    """Flag a paragraph's mark as inserted or deleted (``w:ins`` before ``w:del``, first)."""
    rpr = _paragraph_mark(p)
    if rpr.find(tag) is not None:
        return
    rpr.insert(1 if tag == DEL and rpr.find(INS) is not None else 0, marker.make(tag))


def _to_deleted(run: _Element) -> None:
    for child in run:
        if child.tag == T:
            child.tag = DELTEXT
            child.set(XML_SPACE, "preserve")
        elif child.tag == w("instrText"):
            child.tag = w("delInstrText")


def _wrap(run: _Element, tag: str, marker: Marker) -> None:
    parent = run.getparent()
    assert parent is not None
    wrapper = marker.make(tag)
    parent.replace(run, wrapper)
    wrapper.append(run)
    if tag == DEL:
        _to_deleted(run)


def _mark_runs(element: _Element, tag: str, marker: Marker) -> None:
    for run in list(element.iter(R)):
        _wrap(run, tag, marker)


def mark_block(block: _Element, tag: str, marker: Marker, own_mark: bool = True) -> None:
    """A whole paragraph or table inserted or deleted: its text, its paragraphs' marks (but
    not its own mark, where ``own_mark`` is false) and its rows."""
    _mark_runs(block, tag, marker)
    if block.tag == P:
        if own_mark:
            flag_mark(block, tag, marker)
        return
    for row in block.iter(TR):
        _flag_row(row, tag, marker)
    for cell in block.iter(TC):
        _flag_container(cell, [(p, tag) for p in _blocks(cell)], marker)


def _flag_row(row: _Element, tag: str, marker: Marker) -> None:
    trpr = row.find(TRPR)
    if trpr is None:
        trpr = etree.Element(TRPR)
        first = [n for n, child in enumerate(row) if child.tag in _TRPR_FIRST]
        row.insert(first[-1] + 1 if first else 0, trpr)
    trpr.append(marker.make(tag))


def _flag_container(
    container: _Element, flagged: Sequence[tuple[_Element, str]], m: Marker
) -> None:
    """Flag the marks of the container's inserted and deleted paragraphs. A mark that cannot go
    (the last of a cell or of the body, or one before a table that stays) gives its flag to the
    nearest paragraph before it not already flagged so: a run of paragraphs inserted at the end
    shifts its flags back by one."""
    blocks = _blocks(container)
    whole = {id(block): tag for block, tag in flagged}
    for n, (block, tag) in enumerate((b, whole.get(id(b))) for b in blocks):
        if tag is None or block.tag != P:
            continue
        after = blocks[n + 1] if n + 1 < len(blocks) else None
        stays = after is None or (after.tag == TBL and whole.get(id(after)) != tag)
        if not stays:
            flag_mark(block, tag, m)
            continue
        for before in reversed(blocks[:n]):
            if before.tag != P:
                break
            mark = before.find(f"{PPR}/{RPR}")
            if mark is None or mark.find(tag) is None:
                flag_mark(before, tag, m)
                break


# ---- a paragraph changed in place -------------------------------------------------------------


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
    return len(_run_text(run)) if run.find(T) is not None else 1 if len(run) > 0 else 0


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


def _changed_paragraph(old: _Element, new: _Element, marker: Marker) -> None:
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
            _wrap(run, INS, marker)
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
        _to_deleted(run)
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


# ---- aligning blocks ------------------------------------------------------------------------


def _alike(old: _Element, new: _Element) -> bool:
    if old.tag != new.tag:
        return False
    if old.tag == TBL:
        return True  # tables are compared row by row
    return similarity(paragraph_text(old), paragraph_text(new)) >= PAIR_MATCH


def align(old: Sequence[str], new: Sequence[str]) -> Iterator[tuple[str, int, int, int, int]]:
    """difflib's opcodes for two sequences of keys."""
    yield from difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()


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
    for status, before, after in list(_steps(_blocks(old), _blocks(new))):
        if status == "deleted":
            assert before is not None
            block = copy.deepcopy(before)
            if anchor is None:
                new.insert(_first_block_index(new), block)
            else:
                anchor.addnext(block)
            mark_block(block, DEL, marker, own_mark=False)
            flagged.append((block, DEL))
            anchor = block
            continue
        assert after is not None
        anchor = after
        if status == "inserted":
            mark_block(after, INS, marker, own_mark=False)
            flagged.append((after, INS))
        elif status == "changed" and after.tag == P:
            assert before is not None
            _changed_paragraph(before, after, marker)
        elif status == "changed":
            assert before is not None
            _changed_table(before, after, marker)
    _flag_container(new, flagged, marker)


def _first_block_index(container: _Element) -> int:
    for n, child in enumerate(container):
        if child.tag in (P, TBL):
            return n
    return len(container)


def _row_key(row: _Element) -> str:
    return "\0".join(paragraph_text(p) for p in row.iter(P))


def _changed_table(old: _Element, new: _Element, marker: Marker) -> None:
    old_rows, new_rows = old.findall(TR), new.findall(TR)
    anchor: _Element | None = None
    for tag, i1, i2, j1, j2 in align(
        [_row_key(r) for r in old_rows], [_row_key(r) for r in new_rows]
    ):
        if tag == "equal":
            anchor = new_rows[j2 - 1]
            continue
        olds, news = old_rows[i1:i2], new_rows[j1:j2]
        for k in range(max(len(olds), len(news))):
            before = olds[k] if k < len(olds) else None
            after = news[k] if k < len(news) else None
            same_shape = before is not None and after is not None
            if same_shape and len(before.findall(TC)) == len(after.findall(TC)):  # type: ignore[union-attr]
                for a, b in zip(before.findall(TC), after.findall(TC), strict=True):  # type: ignore[union-attr]
                    redline_container(a, b, marker)
                anchor = after
                continue
            if before is not None:
                gone = copy.deepcopy(before)
                if anchor is None:
                    first = new.find(TR)
                    assert first is not None
                    first.addprevious(gone)
                else:
                    anchor.addnext(gone)
                mark_block_row(gone, DEL, marker)
                anchor = gone
            if after is not None:
                mark_block_row(after, INS, marker)
                anchor = after


def mark_block_row(row: _Element, tag: str, marker: Marker) -> None:
    """A whole table row inserted or deleted, with everything in it."""
    _flag_row(row, tag, marker)
    _mark_runs(row, tag, marker)
    for cell in row.iter(TC):
        _flag_container(cell, [(p, tag) for p in _blocks(cell)], marker)


# ---- the package ------------------------------------------------------------------------------


def _body(docx: bytes) -> tuple[_Element, _Element]:
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        root = etree.fromstring(package.read(BODY_PART))
    body = root.find(w("body"))
    if body is None:
        raise ValueError("the document has no body")
    return root, body


def redline(old: bytes, new: bytes, author: str, date: str) -> bytes:
    """The ``new`` .docx with tracked changes against ``old``, by ``author`` at ``date``
    (ISO 8601, as Word writes it). Every other part, and the package's entry order, dates and
    compression, are ``new``'s, so the same inputs give the same bytes."""
    _, old_body = _body(old)
    root, new_body = _body(new)
    redline_container(old_body, new_body, Marker(author, date))
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(new)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = xml if info.filename == BODY_PART else source.read(info.filename)
            target.writestr(info, data, compresslevel=6)
    return out.getvalue()


# ---- what Word shows after accepting or rejecting every change -----------------------------------


def _resolved(container: _Element, accept: bool) -> list[str]:
    """The paragraph texts of a body or cell once every change is accepted (or rejected)."""
    drop_tag = DEL if accept else INS
    out: list[str] = []
    joining = False
    for block in _blocks(container):
        if block.tag == TBL:
            rows = [row for row in block.findall(TR) if not _dropped(row, drop_tag)]
            if rows:  # a table every row of which goes, goes: paragraphs around it meet
                joining = False
            for row in rows:
                for cell in row.findall(TC):
                    out.extend(_resolved(cell, accept))
            continue
        text = "".join(
            _run_text(r)
            for r in block.iter(R)
            if not any(a.tag == drop_tag for a in r.iterancestors())
        )
        if joining:
            out[-1] += text
        else:
            out.append(text)
        mark = block.find(f"{PPR}/{RPR}")
        joining = mark is not None and mark.find(drop_tag) is not None
    return out


def _dropped(row: _Element, tag: str) -> bool:
    trpr = row.find(TRPR)
    return trpr is not None and trpr.find(tag) is not None


def accept_all(docx: bytes) -> list[str]:
    """The body's paragraph texts, in order, with every change accepted."""
    return _resolved(_body(docx)[1], accept=True)


def reject_all(docx: bytes) -> list[str]:
    """The body's paragraph texts, in order, with every change rejected."""
    return _resolved(_body(docx)[1], accept=False)


def texts(docx: bytes) -> list[str]:
    """The body's paragraph texts, in order, of a document without tracked changes."""
    return _resolved(_body(docx)[1], accept=True)
