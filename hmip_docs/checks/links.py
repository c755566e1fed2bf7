"""Links: words that say where they go, and addresses that are web addresses."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from hmip_docs.checks.base import Problem
from hmip_docs.core.printed_patterns import BARE_ADDRESS
from hmip_docs.ooxml.package import Docx
from hmip_docs.ooxml.xml import R, W, snippet

if TYPE_CHECKING:
    from lxml.etree import _Element


def _link_target(doc: Docx, part: str, link: _Element) -> str:
    anchor = link.get(f"{W}anchor")
    if anchor:
        return f"#{anchor}"
    rel_id = link.get(f"{R}id")
    return doc.rels.get(part, {}).get(rel_id or "", "") if rel_id else ""


def link_text(doc: Docx) -> Iterator[Problem]:
    """A link's text says where it goes; it is not a bare web or email address ("https://…",
    "www.…", "justice.gov.uk/…"), which screen readers spell out character by character.

    Breaks it: a hyperlink whose text is ``https://www.justiceinspectorates.gov.uk/``.
    """
    for part, root in doc.content_parts():
        for link in root.iter(f"{W}hyperlink"):
            text = "".join(t.text or "" for t in link.iter(f"{W}t"))
            if not text.strip():
                yield Problem(
                    "a link has no text",
                    doc.where(part, link),
                    "give the link words that say where it goes",
                )
            elif BARE_ADDRESS.match(text):
                yield Problem(
                    f"the link text '{snippet(text)}' is an address, not words saying where "
                    "it goes",
                    doc.where(part, link),
                    "write what the reader will find there, for example 'our corporate plan'; "
                    "if the text comes from the record, see the rule link-text",
                )


def link_address(doc: Docx) -> Iterator[Problem]:
    """Every hyperlink goes somewhere. A link whose address the record does not know is printed
    as plain text (and ``validate`` warns about it), never as a link to nowhere.

    Breaks it: a ``w:hyperlink`` with no ``r:id`` (or one naming no address).
    """
    for part, root in doc.content_parts():
        for link in root.iter(f"{W}hyperlink"):
            if not _link_target(doc, part, link).strip():
                yield Problem(
                    "a link has no address",
                    doc.where(part, link),
                    "give the link its address, or print its text without a link",
                )
