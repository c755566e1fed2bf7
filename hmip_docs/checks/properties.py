"""The document's own properties: its title and its language."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from hmip_docs.checks.base import Problem
from hmip_docs.ooxml.package import Docx
from hmip_docs.ooxml.xml import DC, W, value_of

if TYPE_CHECKING:
    pass


LANGUAGE = "en-GB"
"""The language of every publication, as a document property and as the text's language."""


def document_title(doc: Docx) -> Iterator[Problem]:
    """The document has a title in its properties (File > Info > Title); screen readers and
    browsers announce it instead of the file name.

    Breaks it: an empty ``dc:title`` in ``docProps/core.xml``.
    """
    core = doc.parts.get("docProps/core.xml")
    title = core.find(f"{DC}title") if core is not None else None
    if title is None or not (title.text or "").strip():
        yield Problem(
            "the document has no title in its properties",
            "document properties",
            "the title comes from the record's document.title; check render/word.py sets it",
        )


def document_language(doc: Docx) -> Iterator[Problem]:
    """The document's language is British English both as a document property (``dc:language``)
    and as the language of its text (``w:lang`` in the styles' document defaults), so screen
    readers pronounce it correctly and spelling is checked in en-GB.

    Breaks it: ``<w:lang w:val="en-US"/>`` in the document defaults, or no ``dc:language``.
    """
    core = doc.parts.get("docProps/core.xml")
    language = core.find(f"{DC}language") if core is not None else None
    value = (language.text or "").strip() if language is not None else ""
    if value != LANGUAGE:
        yield Problem(
            f"the document's language property is {value or 'not set'}, not {LANGUAGE}",
            "document properties",
            "render/word.py sets it from the context (properties.language); check it still does",
        )
    defaults = doc.styles.default_run
    lang = defaults.find(f"{W}lang") if defaults is not None else None
    text_language = value_of(lang) or ""
    if text_language != LANGUAGE:
        yield Problem(
            f"the language of the document's text is {text_language or 'not set'}, not {LANGUAGE}",
            "styles, document defaults",
            "in the template, select all text, Review > Language > English (United Kingdom), "
            "and Set As Default",
        )
