"""The template's parts as Jinja sees them after docxtpl's preprocessing (body, headers,
footers, footnotes, core properties), where a source line sits (the part and its paragraph),
and which ``{{`` tags print formatted text (``{{r … }}``)."""

from __future__ import annotations

import html
import re
from collections import deque
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

_XML_TAG = re.compile(r"<[^<>]++>")
"""An XML tag in a line of a part. (``<[^>]+>`` would scan on past every ``<`` of a line that
holds no ``>``, in time quadratic in its length.)"""


@dataclass(frozen=True)
class Part:
    """One piece of the template as Jinja sees it after docxtpl's preprocessing."""

    name: str
    source: str
    xml: bool = True
    """False for a document property, which is plain text (never formatted text)."""
    _places: dict[int, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    @cached_property
    def lines(self) -> list[str]:
        """The source lines, numbered as Jinja numbers them (split once, however many findings
        ask)."""
        return self.source.split("\n")

    def near(self, line: int) -> str:
        """The text of the paragraph on a source line, tags stripped."""
        lines = self.lines
        if not 1 <= line <= len(lines):
            return ""
        text = html.unescape(_XML_TAG.sub("", lines[line - 1])) if self.xml else lines[line - 1]
        return " ".join(text.split())

    def where(self, line: int) -> str:
        """The part and the paragraph at a source line, as a finding's item (worked out once
        per line: a line may hold thousands of tags)."""
        place = self._places.get(line)
        if place is None:
            text = self.near(line)
            if len(text) > 120:
                text = text[:119] + "\u2026"
            if not text:
                place = self.name
            else:
                place = f"{self.name}, paragraph '{text}'" if self.xml else f"{self.name} '{text}'"
            self._places[line] = place
        return place


def _jinja_lines(xml: str) -> str:
    """The XML with a line per paragraph, exactly as docxtpl hands it to Jinja."""
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)


def _part_name(partname: str) -> str:
    match = re.search(r"/(header|footer)(\d*)\.xml$", partname)
    if match:
        return f"{match.group(1)} {match.group(2)}".strip()
    return partname.rsplit("/", 1)[-1].removesuffix(".xml")


# docxtpl renders these core properties through Jinja too (DocxTemplate.render_properties).
_RENDERED_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")


def parts(tpl: Any) -> list[Part]:
    """The parts docxtpl renders: body, headers, footers, footnotes, and core properties."""
    out = [Part("body", _jinja_lines(tpl.patch_xml(tpl.get_xml())))]
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        for _, part in tpl.get_headers_footers(uri):
            xml = tpl.patch_xml(tpl.get_part_xml(part))
            out.append(Part(_part_name(str(part.partname)), _jinja_lines(xml)))
    for part in tpl.docx.part.package.parts:
        if part.content_type.endswith(".footnotes+xml"):
            blob = part.blob.decode("utf-8") if isinstance(part.blob, bytes) else part.blob
            out.append(Part("footnotes", _jinja_lines(tpl.patch_xml(blob))))
    props = tpl.docx.core_properties
    for name in _RENDERED_PROPERTIES:
        value = getattr(props, name) or ""
        if value:
            out.append(Part(f"document property {name}", value, xml=False))
    return out


_TEXT_TOKENS = re.compile(r"<w:t(?:\s[^<>]*+)?>|</w:t>|\{\{")
"""Where text runs open and close, and where a ``{{`` tag starts. A ``w:t`` tag's attributes end
at the next ``<`` or ``>``, so each try stops there (``[^>]*`` went on to the next ``>``)."""


def rich_flags(part: Part) -> dict[int, deque[bool]]:
    """Per source line, for each ``{{`` on it in order: whether it was a ``{{r … }}`` tag.

    docxtpl's preprocessing moves ``{{r … }}`` outside the run's ``w:t`` (it becomes runs of
    its own) and leaves ``{{ … }}`` inside it, so the two can still be told apart."""
    flags: dict[int, deque[bool]] = {}
    if not part.xml:
        return flags
    last_open = last_close = -1
    line = 1
    position = 0
    for match in _TEXT_TOKENS.finditer(part.source):
        line += part.source.count("\n", position, match.start())
        position = match.start()
        token = match.group(0)
        if token == "{{":
            flags.setdefault(line, deque()).append(last_open <= last_close)
        elif token.startswith("</"):
            last_close = match.start()
        else:
            last_open = match.start()
    return flags
