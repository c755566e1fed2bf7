"""The WordprocessingML names and the small helpers every reader of a Word package uses:
namespaces, the tags looked for in every paragraph and run, on/off and value attributes, a
paragraph's text."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml.etree import _Element


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


V = "{urn:schemas-microsoft-com:vml}"


DC = "{http://purl.org/dc/elements/1.1/}"


PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


DECORATIVE = "http://schemas.microsoft.com/office/drawing/2017/decorative"


# Tags looked for in every paragraph and run, spelt out once.
TEXT, _TAB, _TABS, _BR, _CR = (f"{W}{name}" for name in ("t", "tab", "tabs", "br", "cr"))


TBL, PPR, PSTYLE, RPR, RSTYLE, RFONTS, SZ = (
    f"{W}{name}" for name in ("tbl", "pPr", "pStyle", "rPr", "rStyle", "rFonts", "sz")
)


def parse_xml(data: bytes) -> _Element:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.fromstring(data, parser)


def is_on(element: _Element | None) -> bool:
    """Whether an on/off property (``<w:b/>``, ``<w:tblHeader w:val="0"/>``) is on."""
    if element is None:
        return False
    return element.get(f"{W}val", "true") not in ("0", "false", "off")


def value_of(element: _Element | None) -> str | None:
    return None if element is None else element.get(f"{W}val")


def child_of(element: _Element, tag: str) -> _Element | None:
    """``element.find(tag)``: its first child with the tag. A loop over the children costs a
    fraction of lxml's path search, and the checks ask this of every paragraph and run."""
    for child in element:
        if child.tag == tag:
            return child
    return None


def grandchild_of(element: _Element, tag: str, inner: str) -> _Element | None:
    """``element.find(f"{tag}/{inner}")``: the first ``inner`` child of a ``tag`` child."""
    for child in element:
        if child.tag == tag:
            found = child_of(child, inner)
            if found is not None:
                return found
    return None


def to_int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


BLOCKS = (f"{W}p", f"{W}tbl", f"{W}sdt")
"""The tags of block-level content: paragraphs, tables and content controls."""


def block_beside(element: _Element, *, before: bool) -> _Element | None:
    """The nearest block (``BLOCKS``) before or after ``element`` in its container, or None.
    Looking only as far as the next block keeps a container of many paragraphs linear (listing
    its blocks for each of them was quadratic)."""
    for sibling in element.itersiblings(preceding=before):
        if sibling.tag in BLOCKS:
            return sibling
    return None


def paragraph_text(paragraph: _Element) -> str:
    """The text of a paragraph as a reader sees it: tabs as ``\\t``, line breaks as ``\\n``."""
    out: list[str] = []
    # One walk over every node, matching tags here, is quicker than lxml's tag-filtered walk
    # on paragraphs of a few nodes each.
    for node in paragraph.iter():
        tag = node.tag
        if tag == TEXT:
            out.append(node.text or "")
        elif tag == _TAB:
            # A tab stop (w:tabs/w:tab in the paragraph properties) is not a tab character.
            parent = node.getparent()
            if parent is not None and parent.tag != _TABS:
                out.append("\t")
        elif tag in (_BR, _CR):
            out.append("\n")
    return "".join(out)


def snippet(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "\u2026"


TEMPLATE_TAG = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
"""The openings and closings of Jinja tags, as docxtpl would read them."""


def template_tags(text: str) -> list[str]:
    """The tag-like sequences (``TEMPLATE_TAG``) in a text. Each holds a brace, so a text without
    one is passed over without running the pattern: most are."""
    return TEMPLATE_TAG.findall(text) if "{" in text or "}" in text else []
