"""What Word shows once every tracked change is accepted, or rejected: the paragraph texts of the
body, in order. Tests hold a redline to both renders with these."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hmip_docs.review.wordml import (
    DEL,
    INS,
    PPR,
    RPR,
    TBL,
    TC,
    TR,
    TRPR,
    R,
    blocks,
    body_of,
    run_text,
)

if TYPE_CHECKING:
    from lxml.etree import _Element


def _resolved(container: _Element, accept: bool) -> list[str]:
    """The paragraph texts of a body or cell once every change is accepted (or rejected)."""
    drop_tag = DEL if accept else INS
    out: list[str] = []
    joining = False
    for block in blocks(container):
        if block.tag == TBL:
            rows = [row for row in block.findall(TR) if not _dropped(row, drop_tag)]
            if rows:  # a table every row of which goes, goes: paragraphs around it meet
                joining = False
            for row in rows:
                for cell in row.findall(TC):
                    out.extend(_resolved(cell, accept))
            continue
        text = "".join(
            run_text(r)
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
    return _resolved(body_of(docx)[1], accept=True)


def reject_all(docx: bytes) -> list[str]:
    """The body's paragraph texts, in order, with every change rejected."""
    return _resolved(body_of(docx)[1], accept=False)


def texts(docx: bytes) -> list[str]:
    """The body's paragraph texts, in order, of a document without tracked changes."""
    return _resolved(body_of(docx)[1], accept=True)
