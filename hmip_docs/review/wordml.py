"""The WordprocessingML that tracked changes are made of: element names, reading a paragraph's
text, the ``w:ins``/``w:del`` elements of one author and time, and flagging runs, paragraph marks
and table rows as inserted or deleted. Where the marks' flags go is ``marks``'s to decide.
"""

from __future__ import annotations

import copy
import io
import zipfile
from typing import TYPE_CHECKING

from lxml import etree

if TYPE_CHECKING:
    from lxml.etree import _Element

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
BODY_PART = "word/document.xml"


def w(name: str) -> str:
    return f"{{{W}}}{name}"


P, R, T, TBL, TR, TC = w("p"), w("r"), w("t"), w("tbl"), w("tr"), w("tc")
PPR, RPR, TRPR, INS, DEL, DELTEXT = w("pPr"), w("rPr"), w("trPr"), w("ins"), w("del"), w("delText")
TAB, BR, CR, HYPERLINK = w("tab"), w("br"), w("cr"), w("hyperlink")
RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
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


def run_text(run: _Element) -> str:
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
    return "".join(run_text(r) for r in p.iter(R))


def blocks(container: _Element) -> list[_Element]:
    """The paragraphs and tables of a body or a cell, in order."""
    return [child for child in container if child.tag in (P, TBL)]


# ---- marking whole blocks --------------------------------------------------------------------


def paragraph_mark(p: _Element) -> _Element:
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
    rpr = paragraph_mark(p)
    if rpr.find(tag) is not None:
        return
    rpr.insert(1 if tag == DEL and rpr.find(INS) is not None else 0, marker.make(tag))


def to_deleted(run: _Element) -> None:
    for child in run:
        if child.tag == T:
            child.tag = DELTEXT
            child.set(XML_SPACE, "preserve")
        elif child.tag == w("instrText"):
            child.tag = w("delInstrText")


def wrap(run: _Element, tag: str, marker: Marker) -> None:
    parent = run.getparent()
    assert parent is not None
    wrapper = marker.make(tag)
    parent.replace(run, wrapper)
    wrapper.append(run)
    if tag == DEL:
        to_deleted(run)


def mark_runs(element: _Element, tag: str, marker: Marker) -> None:
    for run in list(element.iter(R)):
        wrap(run, tag, marker)


def flag_row(row: _Element, tag: str, marker: Marker) -> None:
    trpr = row.find(TRPR)
    if trpr is None:
        trpr = etree.Element(TRPR)
        first = [n for n, child in enumerate(row) if child.tag in _TRPR_FIRST]
        row.insert(first[-1] + 1 if first else 0, trpr)
    trpr.append(marker.make(tag))


def old_copy(block: _Element) -> _Element:
    """A copy of the old document's ``block``, to be shown deleted in the new one. A link in it
    names the old document's relationship, which the new one may lack or hold for another
    address, so it is left out and its words kept."""
    copied = copy.deepcopy(block)
    for link in list(copied.iter(HYPERLINK)):
        if link.get(RELATIONSHIP_ID) is None:
            continue  # a link within the document, by bookmark: no relationship
        parent = link.getparent()
        assert parent is not None
        at = parent.index(link)
        for n, child in enumerate(list(link)):
            parent.insert(at + n, child)
        parent.remove(link)
    return copied


def body_of(docx: bytes) -> tuple[_Element, _Element]:
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        root = etree.fromstring(package.read(BODY_PART))
    body = root.find(w("body"))
    if body is None:
        raise ValueError("the document has no body")
    return root, body
