"""Check a rendered document before it is kept: what the template produced must be publishable.

These checks read the .docx bytes themselves (the XML Word will open), not the context.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable

from hmip_docs.findings import Finding, Severity

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TAG = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")


def paragraphs(docx: bytes) -> list[tuple[str, str]]:
    """(part name, text) of every paragraph of the body, headers and footers, in order."""
    from lxml import etree

    out: list[tuple[str, str]] = []
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        for name in sorted(n for n in archive.namelist() if _PARTS.match(n)):
            root = etree.fromstring(archive.read(name))
            for paragraph in root.iter(f"{_W}p"):
                text = "".join(t.text or "" for t in paragraph.iter(f"{_W}t"))
                out.append((name, text))
    return out


def leftover_tags(docx: bytes, record_texts: Iterable[str], file: str) -> list[Finding]:
    """Template tags left in the output, unless the record's own text contains that tag text."""
    allowed = sum(len(_TAG.findall(text)) for text in record_texts)
    found: list[Finding] = []
    seen = 0
    for part, text in paragraphs(docx):
        for match in _TAG.finditer(text):
            seen += 1
            if seen > allowed:
                found.append(
                    Finding(
                        rule="output-template-tag",
                        severity=Severity.ERROR,
                        message=f"the document still shows template code {match.group(0)!s} in "
                        f"{part}: '{text[:80]}'",
                        hint="fix the tag in the template (run hmip-docs lint-template)",
                        file=file,
                    )
                )
    return found
