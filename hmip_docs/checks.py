"""Check a rendered document before it is kept: what the template produced must be publishable
and accessible (the Public Sector Bodies Accessibility Regulations 2018 apply to it).

Each check reads the .docx bytes themselves (the XML Word will open), not the context. Each is a
small rule with a stable id, named after the Microsoft Word Accessibility Checker rule, the
LibreOffice accessibility check or the GOV.UK guidance it follows; ``OUTPUT_RULES`` is the table.
The docstring of a rule's check is its documentation in ``docs/rules.md``, with the example that
breaks it. Any error stops the build: no document is written and an earlier one stays as it was.

Where record content could trigger a rule (a text starting with a typed number, a link whose text
is an address, a blank text), ``rules/output.py`` has a record rule that reports it first, at its
line in the record, so a record that validates always builds.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple, TypeVar, cast

from hmip_docs import heading_levels
from hmip_docs.findings import Finding, Severity, capped
from hmip_docs.heading_levels import Heading
from hmip_docs.printed import BARE_ADDRESS, HEADING_LABELS, TYPED_NUMBER

if TYPE_CHECKING:
    from lxml.etree import _Element

T = TypeVar("T")

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_V = "{urn:schemas-microsoft-com:vml}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DECORATIVE = "http://schemas.microsoft.com/office/drawing/2017/decorative"

# Tags looked for in every paragraph and run, spelt out once.
_T, _TAB, _TABS, _BR, _CR = (f"{_W}{name}" for name in ("t", "tab", "tabs", "br", "cr"))
_TBL, _PPR, _PSTYLE, _RPR, _RSTYLE, _RFONTS, _SZ = (
    f"{_W}{name}" for name in ("tbl", "pPr", "pStyle", "rPr", "rStyle", "rFonts", "sz")
)

_TAG = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
_BODY = "word/document.xml"

LANGUAGE = "en-GB"
"""The language of every publication, as a document property and as the text's language."""

MIN_HALF_POINTS = 24
"""GOV.UK: body text at least 12 point (Word measures font sizes in half points)."""

SANS_SERIF = frozenset(
    {
        *("Arial", "Aptos", "Calibri", "Century Gothic", "DejaVu Sans", "Franklin Gothic Book"),
        *("GDS Transport", "Gill Sans", "Gill Sans MT", "Helvetica", "Helvetica Neue", "Lato"),
        *("Liberation Sans", "Noto Sans", "Open Sans", "Roboto", "Segoe UI", "Source Sans Pro"),
        *("Tahoma", "Trebuchet MS", "Verdana"),
    }
)
"""Fonts known to be sans-serif. Another font counts when Word's font table says so (family
``swiss``, or a PANOSE serif style of 11 to 15); a font it cannot tell about is refused."""

ROW_SPLIT_ALLOWED: Mapping[str, str] = {
    "Post-consultation decisions": "a question's decision (the whole thematic programme) can be "
    "longer than a page: kept whole, the row would leave the foot of the page before it empty",
}
"""Tables, by caption, whose data rows may break across pages, and why (a Suggestion/Response
row is short and stays whole, so a suggestion is never parted from its response). Header rows
never split."""

EMPTY_PARAGRAPH_ALLOWED = (
    "the only paragraph of a table cell: Word requires every cell to hold a paragraph",
    "the paragraph after a table that ends a table cell or the document: Word requires one there",
    "a paragraph that holds a section break (w:sectPr): it carries the section's page settings",
)
"""Empty paragraphs that are not spacing, as ``output-empty-paragraph`` documents them."""


def _parse(data: bytes) -> _Element:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.fromstring(data, parser)


def _is_on(element: _Element | None) -> bool:
    """Whether an on/off property (``<w:b/>``, ``<w:tblHeader w:val="0"/>``) is on."""
    if element is None:
        return False
    return element.get(f"{_W}val", "true") not in ("0", "false", "off")


def _val(element: _Element | None) -> str | None:
    return None if element is None else element.get(f"{_W}val")


def _child(element: _Element, tag: str) -> _Element | None:
    """``element.find(tag)``: its first child with the tag. A loop over the children costs a
    fraction of lxml's path search, and the checks ask this of every paragraph and run."""
    for child in element:
        if child.tag == tag:
            return child
    return None


def _grandchild(element: _Element, tag: str, inner: str) -> _Element | None:
    """``element.find(f"{tag}/{inner}")``: the first ``inner`` child of a ``tag`` child."""
    for child in element:
        if child.tag == tag:
            found = _child(child, inner)
            if found is not None:
                return found
    return None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def paragraph_text(paragraph: _Element) -> str:
    """The text of a paragraph as a reader sees it: tabs as ``\\t``, line breaks as ``\\n``."""
    out: list[str] = []
    # One walk over every node, matching tags here, is quicker than lxml's tag-filtered walk
    # on paragraphs of a few nodes each.
    for node in paragraph.iter():
        tag = node.tag
        if tag == _T:
            out.append(node.text or "")
        elif tag == _TAB:
            # A tab stop (w:tabs/w:tab in the paragraph properties) is not a tab character.
            parent = node.getparent()
            if parent is not None and parent.tag != _TABS:
                out.append("\t")
        elif tag in (_BR, _CR):
            out.append("\n")
    return "".join(out)


def _tags(text: str) -> list[str]:
    """The tag-like sequences (``_TAG``) in a text. Each holds a brace, so a text without one
    is passed over without running the pattern: most are."""
    return _TAG.findall(text) if "{" in text or "}" in text else []


def _snippet(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def _part_label(name: str) -> str:
    match = re.match(r"word/([a-z]+)(\d*)\.xml$", name)
    if not match:
        return name
    kind = "body" if match.group(1) == "document" else match.group(1)
    return f"{kind} {match.group(2)}".strip() if match.group(2) else kind


class Styles:
    """The styles part: styles by id, their ``basedOn`` chains, defaults and document defaults.

    Every paragraph and run asks for the same few chains and properties, so each is resolved
    once and kept for the life of the object (one document). What a chain gives (a property,
    a font) is worked out style by style, each from the style it is based on (``along``), so a
    template of many styles based on one another costs time linear in their number, not in the
    number of styles times the length of their chains."""

    def __init__(self, root: _Element | None) -> None:
        self.root = root
        self.by_id: dict[str, _Element] = {}
        self.defaults: dict[str, str] = {}
        self._chains: dict[tuple[str | None, str], tuple[_Element, ...]] = {}
        self._properties: dict[tuple[str | None, str], _Element | None] = {}
        self._along: dict[object, dict[str, object]] = {}
        if root is None:
            return
        for style in root.iter(f"{_W}style"):
            style_id = style.get(f"{_W}styleId")
            if style_id is None:
                continue
            self.by_id[style_id] = style
            if _is_on_attr(style.get(f"{_W}default")):
                self.defaults.setdefault(style.get(f"{_W}type", "paragraph"), style_id)

    def name(self, style_id: str | None) -> str:
        """The style's name as Word shows it ("Heading 1"), or its id when it has none."""
        style = self.by_id.get(style_id or "")
        name = _val(style.find(f"{_W}name")) if style is not None else None
        if not name:
            return style_id or ""
        # Word stores built-in heading names in lower case and shows them capitalised.
        return name[0].upper() + name[1:] if name.startswith("heading ") else name

    def by_name(self, name: str) -> _Element | None:
        """The style Word shows as ``name`` (compared without case, as Word does)."""
        wanted = name.casefold()
        for style_id in self.by_id:
            if self.name(style_id).casefold() == wanted:
                return self.by_id[style_id]
        return None

    def chain(self, style_id: str | None, kind: str = "paragraph") -> tuple[_Element, ...]:
        """The style and the styles it is based on, nearest first (the kind's default style
        when ``style_id`` is None or unknown)."""
        key = (style_id, kind)
        found = self._chains.get(key)
        if found is None:
            found = self._chains[key] = tuple(self._walk(style_id, kind))
        return found

    def _walk(self, style_id: str | None, kind: str) -> Iterator[_Element]:
        """``chain`` worked out: follow ``basedOn`` until a style is unknown or comes again."""
        current = self._start(style_id, kind)
        seen: set[str] = set()
        while current and current in self.by_id and current not in seen:
            seen.add(current)
            style = self.by_id[current]
            yield style
            current = self._based_on(current)

    def _start(self, style_id: str | None, kind: str) -> str | None:
        return style_id if style_id in self.by_id else self.defaults.get(kind)

    def _based_on(self, style_id: str) -> str | None:
        return _val(self.by_id[style_id].find(f"{_W}basedOn"))

    def along(
        self, style_id: str | None, kind: str, key: object, own: Callable[[_Element], T | None]
    ) -> T | None:
        """The first value ``own`` gives along the chain of ``style_id`` (``chain``'s styles,
        nearest first), or None. ``key`` names ``own``: the value of each style for it is
        worked out once, from the style it is based on, and kept."""
        memo = cast("dict[str, T | None]", self._along.setdefault(key, {}))
        start = self._start(style_id, kind)
        path: list[str] = []
        on_path: dict[str, int] = {}
        current = start
        while current and current in self.by_id and current not in memo:
            if current in on_path:
                break
            on_path[current] = len(path)
            path.append(current)
            current = self._based_on(current)
        after: T | None = None
        if current is not None and current in on_path:
            # The chain comes back to a style: the styles of the loop each see the whole loop.
            loop = path[on_path[current] :]
            path = path[: on_path[current]]
            values = [own(self.by_id[name]) for name in loop]
            for index in reversed(range(2 * len(loop))):
                value = values[index % len(loop)]
                after = value if value is not None else after
                if index < len(loop):
                    memo[loop[index]] = after
            after = memo[loop[0]]
        elif current is not None and current in memo:
            after = memo[current]
        for name in reversed(path):
            value = own(self.by_id[name])
            after = value if value is not None else after
            memo[name] = after
        return memo.get(start) if start is not None else None

    def style_property(self, style_id: str | None, tag: str) -> _Element | None:
        """A paragraph property (``numPr``, ``outlineLvl``) as the paragraph style ``style_id``
        sets it, itself or through the styles it is based on."""
        key = (style_id, tag)
        if key not in self._properties:
            path = f"{_W}pPr/{_W}{tag}"
            self._properties[key] = self.along(style_id, "paragraph", path, _finder(path))
        return self._properties[key]

    def paragraph_property(self, paragraph: _Element, tag: str) -> _Element | None:
        """A paragraph property (``numPr``, ``outlineLvl``): the paragraph's own, else its
        style chain's."""
        ppr = _child(paragraph, _PPR)
        if ppr is None:
            return self.style_property(None, tag)
        wanted = f"{_W}{tag}"
        style: _Element | None = None
        for child in ppr:  # the property and the style in one pass over the few children
            if child.tag == wanted:
                return child
            if child.tag == _PSTYLE and style is None:
                style = child
        return self.style_property(_val(style), tag)

    def paragraph_style(self, paragraph: _Element) -> str | None:
        """The paragraph's style id (its own, else the default paragraph style)."""
        found = _grandchild(paragraph, _PPR, _PSTYLE)
        return _val(found) if found is not None else self.defaults.get("paragraph")

    @cached_property
    def default_run(self) -> _Element | None:
        """The document defaults' run properties (``w:docDefaults/w:rPrDefault/w:rPr``)."""
        if self.root is None:
            return None
        return self.root.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr")


def _finder(path: str) -> Callable[[_Element], _Element | None]:
    """A style's own element at ``path``, or None."""
    return lambda style: style.find(path)


def _is_on_attr(value: str | None) -> bool:
    return value is not None and value not in ("0", "false", "off")


def heading_level(styles: Styles, paragraph: _Element) -> int | None:
    """The paragraph's heading level (1 to 9) from its outline level, or None for body text."""
    level = _int(_val(styles.paragraph_property(paragraph, "outlineLvl")))
    return level + 1 if level is not None and 0 <= level <= 8 else None


def is_numbered(styles: Styles, paragraph: _Element) -> bool:
    """Whether Word numbers the paragraph (its own or its style's numbering; numId 0 is none)."""
    num_pr = styles.paragraph_property(paragraph, "numPr")
    if num_pr is None:
        return False
    num_id = _int(_val(num_pr.find(f"{_W}numId")))
    return num_id is None or num_id != 0


@dataclass(frozen=True)
class Docx:
    """A .docx opened for checking: its XML parts, parsed once, and the relationships of each."""

    parts: Mapping[str, _Element]
    rels: Mapping[str, Mapping[str, str]]
    record_tags: int = 0
    """How many tag-like sequences (``{{``, ``%}``…) the record's own text holds."""
    outline: tuple[Heading, ...] = ()
    """The record's headings with the levels their places give them (``heading_levels``)."""
    # What several rules ask of the same paragraph, run style or font, worked out once.
    _texts: dict[_Element, str] = field(default_factory=dict, init=False, repr=False, compare=False)
    _table_styles: dict[_Element, str | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _style_fonts: dict[_RunStyles, _Font] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _theme_fonts: dict[str, str | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _sans_serif: dict[str, bool | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _row_numbers: dict[_Element, dict[_Element, int]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _snippets: dict[_Element, str] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @classmethod
    def read(
        cls, data: bytes, record_texts: Iterable[str] = (), outline: tuple[Heading, ...] = ()
    ) -> Docx:
        """Open the bytes of a .docx package."""
        parts: dict[str, _Element] = {}
        rels: dict[str, dict[str, str]] = {}
        wanted = re.compile(
            r"word/(document|header\d*|footer\d*|footnotes|endnotes|styles|numbering|fontTable)"
            r"\.xml$|word/theme/theme\d*\.xml$|docProps/core\.xml$"
        )
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            for name in names:
                if wanted.match(name):
                    parts[name] = _parse(archive.read(name))
            for name in list(parts):
                folder, _, base = name.rpartition("/")
                rels_name = f"{folder}/_rels/{base}.rels"
                if rels_name in names:
                    root = _parse(archive.read(rels_name))
                    rels[name] = {
                        rel.get("Id", ""): rel.get("Target", "")
                        for rel in root.iter(f"{_PKG_REL}Relationship")
                    }
        tags = sum(len(_tags(text)) for text in record_texts)
        return cls(parts, rels, tags, outline)

    @cached_property
    def styles(self) -> Styles:
        """The styles part."""
        return Styles(self.parts.get("word/styles.xml"))

    @cached_property
    def font_table(self) -> Mapping[str, _Element]:
        """The font table's entries by font name (the first of a name)."""
        table = self.parts.get("word/fontTable.xml")
        entries: dict[str, _Element] = {}
        for entry in table.iter(f"{_W}font") if table is not None else ():
            entries.setdefault(entry.get(f"{_W}name", ""), entry)
        return entries

    @property
    def body(self) -> _Element | None:
        """The ``w:body`` of the main document part."""
        root = self.parts.get(_BODY)
        return root.find(f"{_W}body") if root is not None else None

    def text(self, paragraph: _Element) -> str:
        """``paragraph_text`` of a paragraph, read once however many rules ask."""
        found = self._texts.get(paragraph)
        if found is None:
            # The dict keeps the element's proxy alive, so lxml hands back the same object
            # (and key) for the same paragraph every time.
            found = self._texts[paragraph] = paragraph_text(paragraph)
        return found

    def content_parts(self) -> Iterator[tuple[str, _Element]]:
        """The parts that hold text: body first, then headers, footers and notes, by name."""
        names = sorted(n for n in self.parts if _PARTS.match(n))
        for name in sorted(names, key=lambda n: n != _BODY):
            yield name, self.parts[name]

    def where(self, part: str, element: _Element) -> str:
        """Where an element is, as a reader would find it: the part, the table and row, and
        the text of its paragraph. (Each table's rows are numbered, and each paragraph's text
        shortened, once: a rule may find something in every row of a long table.)"""
        label = _part_label(part)
        is_table = element.tag == f"{_W}tbl"
        table = element if is_table else next(element.iterancestors(f"{_W}tbl"), None)
        if table is not None:
            label += f", table {caption(table)!r}" if caption(table) else ", table"
            row = element if element.tag == f"{_W}tr" else None
            if row is None and not is_table:
                row = next(element.iterancestors(f"{_W}tr"), None)
            number = self._row_number(table, row) if row is not None else None
            if number is not None:
                label += f", row {number}"
        paragraph = (
            element if element.tag == f"{_W}p" else next(element.iterancestors(f"{_W}p"), None)
        )
        if paragraph is not None:
            text = self._snippets.get(paragraph)
            if text is None:
                text = self._snippets[paragraph] = _snippet(self.text(paragraph))
            label += f", paragraph '{text}'" if text else ", an empty paragraph"
        return label

    def _row_number(self, table: _Element, row: _Element) -> int | None:
        """The row's number among the table's own rows (from 1), or None if not one of them."""
        numbers = self._row_numbers.get(table)
        if numbers is None:
            rows = table.iterchildren(f"{_W}tr")
            numbers = self._row_numbers[table] = {row: n for n, row in enumerate(rows, start=1)}
        return numbers.get(row)


def caption(table: _Element) -> str:
    """A table's caption (Table Properties > Alt Text > Title), or "". (Read from the table's
    properties without lxml's path search, which looks through every row of a long table.)"""
    return _val(_grandchild(table, f"{_W}tblPr", f"{_W}tblCaption")) or ""


@dataclass(frozen=True)
class Problem:
    """One problem a check found: what, where in the document, and how to fix it."""

    message: str
    where: str = ""
    hint: str = ""


Check = Callable[[Docx], Iterator[Problem]]


@dataclass(frozen=True)
class OutputRule:
    """A check of the built document: id, severity, one-line summary, the accessibility-checker
    rule or guidance it follows, and the check itself (its docstring is its documentation)."""

    id: str
    severity: Severity
    summary: str
    follows: str
    check: Check = field(repr=False)


# ----------------------------------------------------------------------------------- the rules


def template_tag(doc: Docx) -> Iterator[Problem]:
    """No template code is left in the document. Tag-like text the record itself holds (a
    literal ``{{`` in prose) is allowed, as many times as the record has it.

    Breaks it: a template tag the renderer did not recognise, such as ``{{ cover.title }`` with a
    brace missing, printed as it stands.
    """
    seen = 0
    for part, root in doc.content_parts():
        for paragraph in root.iter(f"{_W}p"):
            found = _tags(doc.text(paragraph))
            left = found[max(0, doc.record_tags - seen) :]
            seen += len(found)
            if left:
                yield Problem(
                    f"the document still shows template code {' '.join(left)}",
                    doc.where(part, paragraph),
                    "fix the tag in the template (run hmip-docs lint-template)",
                )


def document_title(doc: Docx) -> Iterator[Problem]:
    """The document has a title in its properties (File > Info > Title); screen readers and
    browsers announce it instead of the file name.

    Breaks it: an empty ``dc:title`` in ``docProps/core.xml``.
    """
    core = doc.parts.get("docProps/core.xml")
    title = core.find(f"{_DC}title") if core is not None else None
    if title is None or not (title.text or "").strip():
        yield Problem(
            "the document has no title in its properties",
            "document properties",
            "the title comes from the record's document.title; check render.py sets it",
        )


def document_language(doc: Docx) -> Iterator[Problem]:
    """The document's language is British English both as a document property (``dc:language``)
    and as the language of its text (``w:lang`` in the styles' document defaults), so screen
    readers pronounce it correctly and spelling is checked in en-GB.

    Breaks it: ``<w:lang w:val="en-US"/>`` in the document defaults, or no ``dc:language``.
    """
    core = doc.parts.get("docProps/core.xml")
    language = core.find(f"{_DC}language") if core is not None else None
    value = (language.text or "").strip() if language is not None else ""
    if value != LANGUAGE:
        yield Problem(
            f"the document's language property is {value or 'not set'}, not {LANGUAGE}",
            "document properties",
            "render.py sets it from the context (properties.language); check it still does",
        )
    defaults = doc.styles.default_run
    lang = defaults.find(f"{_W}lang") if defaults is not None else None
    text_language = _val(lang) or ""
    if text_language != LANGUAGE:
        yield Problem(
            f"the language of the document's text is {text_language or 'not set'}, not {LANGUAGE}",
            "styles, document defaults",
            "in the template, select all text, Review > Language > English (United Kingdom), "
            "and Set As Default",
        )


def heading_order(doc: Docx) -> Iterator[Problem]:
    """Headings start at level 1 and never skip a level on the way down (Heading 1 then
    Heading 3 leaves a reader's outline with a gap).

    Breaks it: a Heading 3 straight after a Heading 1.
    """
    body = doc.body
    if body is None:
        return
    previous = 0
    for paragraph in body.iter(f"{_W}p"):
        level = heading_level(doc.styles, paragraph)
        if level is None:
            continue
        if level > previous + 1:
            after = f"after a level {previous} heading" if previous else "as the first heading"
            yield Problem(
                f"a level {level} heading comes {after}",
                doc.where(_BODY, paragraph),
                f"use Heading {previous + 1} here, or add the missing level above it",
            )
        previous = level


def label_heading(doc: Docx) -> Iterator[Problem]:
    """A paragraph that starts with a heading label the template prints ("Consultation question
    \u2013 …") is a real heading of its level, in a heading style, and is not numbered: a heading
    that only looks like one is missing from a screen reader's list of headings.

    Breaks it: the "Consultation question \u2013 research" paragraph in Normal style, or numbered.
    """
    body = doc.body
    if body is None:
        return
    for paragraph in body.iter(f"{_W}p"):
        text = doc.text(paragraph)
        for label, level in HEADING_LABELS.items():
            if not text.startswith(label):
                continue
            actual = heading_level(doc.styles, paragraph)
            if actual != level:
                style = doc.styles.name(doc.styles.paragraph_style(paragraph))
                yield Problem(
                    f"'{label.strip()} …' is printed in the style '{style}', not as a level "
                    f"{level} heading",
                    doc.where(_BODY, paragraph),
                    f"give the paragraph the Heading {level} style in the template",
                )
            elif is_numbered(doc.styles, paragraph):
                yield Problem(
                    f"the heading '{label.strip()} …' is numbered",
                    doc.where(_BODY, paragraph),
                    "remove the numbering from this heading (its style or the paragraph)",
                )


def typed_number(doc: Docx) -> Iterator[Problem]:
    """Paragraph numbers come from Word's numbering, never typed: a typed "1.1" does not
    renumber, and screen readers do not announce it as a list (also in table cells).

    Breaks it: a paragraph whose text starts "1.1 The consultation…".
    """
    for part, root in doc.content_parts():
        for paragraph in root.iter(f"{_W}p"):
            match = TYPED_NUMBER.match(doc.text(paragraph))
            if match:
                yield Problem(
                    f"the paragraph starts with the typed number '{match.group(1)}'",
                    doc.where(part, paragraph),
                    "use a numbered style (Numbered Paragraph, List Number, Table Number); if "
                    "the text comes from the record, reword it (see the rule typed-number)",
                )


def _rows(table: _Element) -> list[_Element]:
    return list(table.iterchildren(f"{_W}tr"))


def _row_flag(row: _Element, name: str) -> bool:
    return _is_on(row.find(f"{_W}trPr/{_W}{name}"))


def table_header(doc: Docx) -> Iterator[Problem]:
    """Every table is a data table whose first row is a header row, marked to repeat at the top
    of each page (Table Properties > Row > "Repeat as header row at the top of each page",
    ``w:tblHeader``). A table without a header row is a layout table, which screen readers read
    cell by cell without saying what each cell is.

    Breaks it: the first row of a Suggestion/Response table without ``w:tblHeader``.
    """
    body = doc.body
    if body is None:
        return
    for table in body.iter(f"{_W}tbl"):
        rows = _rows(table)
        if not rows:
            continue
        if not _row_flag(rows[0], "tblHeader"):
            marked = any(_row_flag(row, "tblHeader") for row in rows[1:])
            yield Problem(
                "the table's header row is not its first row"
                if marked
                else "the table has no header row (a table used for layout)",
                doc.where(_BODY, rows[0]),
                'mark the first row "Repeat as header row at the top of each page" in the '
                "template; lay out text with styles, not tables",
            )


def row_split(doc: Docx) -> Iterator[Problem]:
    """Table rows do not break across pages (Table Properties > Row > "Allow row to break across
    pages" off, ``w:cantSplit``), so a suggestion is never parted from its response.

    The exceptions are data, ``ROW_SPLIT_ALLOWED``: the summary table's rows, whose decision can
    be taller than a page (such a row is broken whatever the flag says, and a row kept whole
    leaves the foot of the page before it empty).

    Breaks it: a Suggestion/Response row without ``w:cantSplit``.
    """
    body = doc.body
    if body is None:
        return
    for table in body.iter(f"{_W}tbl"):
        allowed = caption(table) in ROW_SPLIT_ALLOWED
        for row in _rows(table):
            if _row_flag(row, "cantSplit"):
                continue
            if allowed and not _row_flag(row, "tblHeader"):
                continue
            yield Problem(
                "the table row may break across pages",
                doc.where(_BODY, row),
                'turn off "Allow row to break across pages" for this row in the template',
            )


def merged_cells(doc: Docx) -> Iterator[Problem]:
    """Tables have no merged or split cells (``w:gridSpan``, ``w:vMerge``, ``w:hMerge``): screen
    readers lose track of which header a merged cell belongs to.

    Breaks it: ``<w:vMerge w:val="restart"/>`` in a cell's properties.
    """
    body = doc.body
    if body is None:
        return
    for cell in body.iter(f"{_W}tc"):
        props = _child(cell, f"{_W}tcPr")
        if props is None:
            continue
        span = _int(_val(_child(props, f"{_W}gridSpan"))) or 1
        merged = (
            _child(props, f"{_W}vMerge") is not None or _child(props, f"{_W}hMerge") is not None
        )
        if span > 1 or merged:
            yield Problem(
                "a table cell is merged with its neighbour",
                doc.where(_BODY, cell),
                "split the cell in the template (Layout > Split Cells); give each row its own "
                "cells",
            )


def alt_text(doc: Docx) -> Iterator[Problem]:
    """Every image has alternative text (``wp:docPr/@descr``, or ``alt`` on an older VML
    shape), unless it is marked decorative; every table has a caption or description
    (Table Properties > Alt Text).

    Breaks it: a picture inserted without a description, or a table without ``w:tblCaption``.
    """
    for part, root in doc.content_parts():
        for props in root.iter(f"{_WP}docPr"):
            decorative = any(
                _is_on_attr(mark.get("val", "1"))
                for mark in props.iter(f"{{{_DECORATIVE}}}decorative")
            )
            if not (props.get("descr") or "").strip() and not decorative:
                name = props.get("name") or "an image"
                yield Problem(
                    f"the image '{name}' has no alternative text",
                    doc.where(part, props),
                    "right-click the image > View Alt Text, and describe what it shows (or mark "
                    "it decorative)",
                )
        for shape in root.iter(f"{_V}shape"):
            if shape.find(f"{_V}imagedata") is not None and not (shape.get("alt") or "").strip():
                yield Problem(
                    "an image has no alternative text",
                    doc.where(part, shape),
                    "right-click the image > View Alt Text, and describe what it shows",
                )
    body = doc.body
    if body is None:
        return
    for table in body.iter(f"{_W}tbl"):
        description = _val(_grandchild(table, f"{_W}tblPr", f"{_W}tblDescription")) or ""
        if not caption(table).strip() and not description.strip():
            yield Problem(
                "the table has no alternative text (caption or description)",
                doc.where(_BODY, table),
                "in the template, Table Properties > Alt Text: give the table a title",
            )


def _link_target(doc: Docx, part: str, link: _Element) -> str:
    anchor = link.get(f"{_W}anchor")
    if anchor:
        return f"#{anchor}"
    rel_id = link.get(f"{_R}id")
    return doc.rels.get(part, {}).get(rel_id or "", "") if rel_id else ""


def link_text(doc: Docx) -> Iterator[Problem]:
    """A link's text says where it goes; it is not a bare web or email address ("https://…",
    "www.…", "justice.gov.uk/…"), which screen readers spell out character by character.

    Breaks it: a hyperlink whose text is ``https://www.justiceinspectorates.gov.uk/``.
    """
    for part, root in doc.content_parts():
        for link in root.iter(f"{_W}hyperlink"):
            text = "".join(t.text or "" for t in link.iter(f"{_W}t"))
            if not text.strip():
                yield Problem(
                    "a link has no text",
                    doc.where(part, link),
                    "give the link words that say where it goes",
                )
            elif BARE_ADDRESS.match(text):
                yield Problem(
                    f"the link text '{_snippet(text)}' is an address, not words saying where "
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
        for link in root.iter(f"{_W}hyperlink"):
            if not _link_target(doc, part, link).strip():
                yield Problem(
                    "a link has no address",
                    doc.where(part, link),
                    "give the link its address, or print its text without a link",
                )


def _visible(doc: Docx, paragraph: _Element) -> bool:
    """Whether a paragraph shows anything: text, an image or object, or a field (page number)."""
    if doc.text(paragraph).strip():
        return True
    shows = (
        f"{_W}drawing",
        f"{_W}pict",
        f"{_W}object",
        f"{_W}fldSimple",
        f"{_W}instrText",
        f"{_W}sym",
    )
    return any(True for _ in paragraph.iter(*shows))


_BLOCKS = (f"{_W}p", f"{_W}tbl", f"{_W}sdt")


def _next_block(element: _Element, *, before: bool) -> _Element | None:
    """The nearest block (paragraph, table, content control) beside ``element``, or None.
    Looking from each paragraph only as far as the next block keeps a container of many
    paragraphs linear (listing its blocks for each of them was quadratic)."""
    for sibling in element.itersiblings(preceding=before):
        if sibling.tag in _BLOCKS:
            return sibling
    return None


def _empty_allowed(paragraph: _Element) -> bool:
    """The exceptions of ``EMPTY_PARAGRAPH_ALLOWED``."""
    parent = paragraph.getparent()
    if parent is None:
        return False
    before = _next_block(paragraph, before=True)
    after = _next_block(paragraph, before=False)
    if parent.tag == f"{_W}tc" and before is None and after is None:
        return True
    after_table = before is not None and before.tag == f"{_W}tbl"
    if after is None and after_table and parent.tag in (f"{_W}tc", f"{_W}body"):
        return True
    return paragraph.find(f"{_W}pPr/{_W}sectPr") is not None


def empty_paragraph(doc: Docx) -> Iterator[Problem]:
    """No empty paragraphs are used for spacing: screen readers announce each as "blank", and
    spacing belongs in the styles (space before and after).

    Exceptions, where Word requires the paragraph (``EMPTY_PARAGRAPH_ALLOWED``): the only
    paragraph of a table cell (such as the summary table's row numbers, numbered paragraphs with
    no text); the paragraph after a table that ends a table cell or the document; a paragraph
    that holds a section break. Fields (page numbers) and images count as content; an empty
    numbered paragraph elsewhere (an empty heading or list item) does not.

    Breaks it: an empty paragraph between two numbered paragraphs.
    """
    for part, root in doc.content_parts():
        for paragraph in root.iter(f"{_W}p"):
            if _visible(doc, paragraph) or _empty_allowed(paragraph):
                continue
            yield Problem(
                "an empty paragraph is used for spacing",
                doc.where(part, paragraph),
                "delete it in the template and set the style's space before or after instead; "
                "if it comes from the record, see the rule blank-text",
            )


_Font = tuple[str | None, int | None]
"""A run's font and size in half points, None where nothing sets it."""


class _RunStyles(NamedTuple):
    """The styles a run takes its properties from below its own: its character style (None when
    it names none), its paragraph's style, and whether it is in a table and that table's style.
    Runs share a handful of these, so the font they give is resolved once for each."""

    character: str | None
    paragraph: str | None
    in_table: bool
    table: str | None


def _theme_font(doc: Docx, theme: str) -> str | None:
    """The font a theme font name (``minorHAnsi``…) stands for, looked up once per document."""
    kind = "majorFont" if theme.startswith("major") else "minorFont"
    if kind not in doc._theme_fonts:
        doc._theme_fonts[kind] = _read_theme_font(doc, kind)
    return doc._theme_fonts[kind]


def _read_theme_font(doc: Docx, kind: str) -> str | None:
    """The theme's Latin typeface for its ``majorFont`` or ``minorFont``."""
    for name, root in doc.parts.items():
        if name.startswith("word/theme/"):
            latin = root.find(f".//{_A}{kind}/{_A}latin")
            if latin is not None:
                return latin.get("typeface") or None
    return None


def _font_of(doc: Docx, rpr: _Element | None) -> str | None:
    fonts = _child(rpr, _RFONTS) if rpr is not None else None
    if fonts is None:
        return None
    theme = fonts.get(f"{_W}asciiTheme")
    if theme:
        return _theme_font(doc, theme)
    return fonts.get(f"{_W}ascii") or fonts.get(f"{_W}hAnsi")


def _resolve(doc: Docx, sources: Iterable[_Element | None]) -> _Font:
    """The first font and the first size set by run-property elements, nearest first."""
    font: str | None = None
    size: int | None = None
    for rpr in sources:
        if rpr is None:
            continue
        if font is None:
            font = _font_of(doc, rpr)
        if size is None:
            size = _int(_val(_child(rpr, _SZ)))
    return font, size


def _nearest_table(element: _Element) -> _Element | None:
    """``next(element.iterancestors(w:tbl), None)``, by a walk up the parents (quicker)."""
    parent = element.getparent()
    while parent is not None and parent.tag != _TBL:
        parent = parent.getparent()
    return parent


def _shows_text(run: _Element) -> bool:
    """Whether a run holds a ``w:t`` with more than white space. One unfiltered walk over a
    run's few nodes is quicker than lxml's tag-filtered one."""
    for node in run.iter():  # noqa: SIM110 - any() over a generator is slower here
        if node.tag == _T and (node.text or "").strip():
            return True
    return False


def _paragraph_run_styles(doc: Docx, paragraph: _Element) -> _RunStyles:
    """The styles every run of ``paragraph`` takes its properties from, before a run's own
    character style: the paragraph's style and, in a table cell, the table's style."""
    table = _nearest_table(paragraph)
    table_style = _table_style(doc, table) if table is not None else None
    return _RunStyles(None, doc.styles.paragraph_style(paragraph), table is not None, table_style)


def _table_style(doc: Docx, table: _Element) -> str | None:
    """A table's style id, read once for all the paragraphs in it."""
    if table not in doc._table_styles:
        doc._table_styles[table] = _val(_grandchild(table, f"{_W}tblPr", f"{_W}tblStyle"))
    return doc._table_styles[table]


def _chain_font(doc: Docx, style_id: str | None, kind: str) -> _Font:
    """The font and size a style chain sets (each the nearest style's that sets it)."""

    def font(style: _Element) -> str | None:
        return _font_of(doc, _child(style, _RPR))

    def size(style: _Element) -> int | None:
        rpr = _child(style, _RPR)
        return _int(_val(_child(rpr, _SZ))) if rpr is not None else None

    styles = doc.styles
    return styles.along(style_id, kind, "font", font), styles.along(style_id, kind, "size", size)


def _styles_font(doc: Docx, run_styles: _RunStyles) -> _Font:
    """The font and size a run's styles give it, nearest first: its character style chain, its
    paragraph style chain, its table style chain, the document defaults. Resolved once per
    combination of styles."""
    found = doc._style_fonts.get(run_styles)
    if found is None:
        chains: list[_Font] = []
        if run_styles.character:
            chains.append(_chain_font(doc, run_styles.character, "character"))
        chains.append(_chain_font(doc, run_styles.paragraph, "paragraph"))
        if run_styles.in_table:
            chains.append(_chain_font(doc, run_styles.table, "table"))
        chains.append(_resolve(doc, [doc.styles.default_run]))
        font = next((font for font, _ in chains if font is not None), None)
        size = next((size for _, size in chains if size is not None), None)
        found = doc._style_fonts[run_styles] = (font, size)
    return found


def _run_font(doc: Docx, run: _Element, paragraph_styles: _RunStyles) -> _Font:
    """``run_font`` with the paragraph's styles known: a run's own properties win, and only
    what they leave unset comes from its styles."""
    rpr = _child(run, _RPR)
    if rpr is None:
        return _styles_font(doc, paragraph_styles)
    font, size = _resolve(doc, [rpr])
    if font is None or size is None:
        character = _val(_grandchild(run, _RPR, _RSTYLE)) or None
        style_font, style_size = _styles_font(doc, paragraph_styles._replace(character=character))
        font = style_font if font is None else font
        size = style_size if size is None else size
    return font, size


def run_font(doc: Docx, paragraph: _Element, run: _Element) -> _Font:
    """The font and size (half points) a run prints in, resolved as Word does: the run, its
    character style, the paragraph style and the styles it is based on, the table style, then
    the document defaults. None where nothing sets it."""
    return _run_font(doc, run, _paragraph_run_styles(doc, paragraph))


def is_sans_serif(doc: Docx, font: str) -> bool | None:
    """Whether a font is sans-serif: known, or as Word's font table describes it; None when
    nothing says."""
    if font in SANS_SERIF:
        return True
    if font not in doc._sans_serif:
        doc._sans_serif[font] = _font_table_says_sans_serif(doc, font)
    return doc._sans_serif[font]


def _font_table_says_sans_serif(doc: Docx, font: str) -> bool | None:
    """What the font table's entry for the font (family, PANOSE) says, or None."""
    entry = doc.font_table.get(font)
    if entry is None:
        return None
    family = _val(entry.find(f"{_W}family"))
    if family == "swiss":
        return True
    if family in ("roman", "script", "decorative"):
        return False
    panose = _val(entry.find(f"{_W}panose1")) or ""
    if len(panose) >= 4 and panose[:2] == "02":  # PANOSE family kind 2: Latin text
        serif_style = int(panose[2:4], 16)
        if 11 <= serif_style <= 15:
            return True
        if 2 <= serif_style <= 10:
            return False
    return None


def body_font(doc: Docx) -> Iterator[Problem]:
    """Body text is in a sans-serif font of at least 12 point (GOV.UK guidance on accessible
    documents), as Word resolves it through the run, its styles and the styles they are based
    on, and the document defaults. Headers and footers (the page number) are not body text.
    One finding per style, font and size.

    Breaks it: the Table Text style set to Times New Roman, or Normal set to 10 point.
    """
    body = doc.body
    if body is None:
        return
    seen: dict[tuple[str, str | None, int | None], tuple[int, _Element]] = {}
    for paragraph in body.iter(f"{_W}p"):
        run_styles: _RunStyles | None = None
        for run in paragraph.iter(f"{_W}r"):
            if not _shows_text(run):
                continue
            if run_styles is None:  # once per paragraph, and only for one with text
                run_styles = _paragraph_run_styles(doc, paragraph)
            font, size = _run_font(doc, run, run_styles)
            sans = is_sans_serif(doc, font) if font else None
            if sans and size is not None and size >= MIN_HALF_POINTS:
                continue
            style = doc.styles.name(run_styles.paragraph)
            key = (style, font, size)
            count, first = seen.get(key, (0, paragraph))
            seen[key] = (count + 1, first)
    for (style, font, size), (count, first) in seen.items():
        problems = []
        if font is None:
            problems.append("no font is set")
        elif is_sans_serif(doc, font) is None:
            problems.append(f"{font} is not known to be sans-serif")
        elif not is_sans_serif(doc, font):
            problems.append(f"{font} is a serif font")
        if size is None:
            problems.append("no size is set")
        elif size < MIN_HALF_POINTS:
            problems.append(f"{size / 2:g} point is smaller than {MIN_HALF_POINTS / 2:g}")
        runs = "run" if count == 1 else "runs"
        yield Problem(
            f"{count} {runs} of text in the style '{style}': {' and '.join(problems)}",
            doc.where(_BODY, first),
            "set the style (or the one it is based on) to a sans-serif font such as Arial, at "
            "12 point or more; if the font is sans-serif, add it to checks.SANS_SERIF",
        )


E = Severity.ERROR

OUTPUT_RULES: dict[str, OutputRule] = {
    rule.id: rule
    for rule in (
        OutputRule(
            "output-template-tag",
            E,
            "no template code is left",
            "house rule: template code is never published",
            template_tag,
        ),
        OutputRule(
            "output-title",
            E,
            "the document has a title",
            'LibreOffice "Document title is not set"; GOV.UK: add a title in the document '
            "properties",
            document_title,
        ),
        OutputRule(
            "output-language",
            E,
            "the document and its text are in en-GB",
            'LibreOffice "Document default language is not set"',
            document_language,
        ),
        OutputRule(
            "output-heading-order",
            E,
            "headings start at level 1 and skip no level",
            'Word "Skipped heading levels"; LibreOffice "Headings not in order" and "Outline '
            'levels should start with level 1"',
            heading_order,
        ),
        OutputRule(
            "output-heading-level",
            E,
            "a heading's level follows from where the record puts it",
            'Word "Skipped heading levels" and "Documents use heading styles"; GOV.UK: nest '
            "headings in order",
            heading_levels.heading_level,
        ),
        OutputRule(
            "output-heading-label",
            E,
            '"Consultation question \u2013 …" is a real, unnumbered heading',
            'Word "Documents use heading styles"',
            label_heading,
        ),
        OutputRule(
            "output-typed-number",
            E,
            "paragraph numbers come from Word numbering",
            'LibreOffice "Fake numbering" (manual numbering)',
            typed_number,
        ),
        OutputRule(
            "output-table-header",
            E,
            "every table's first row is a repeating header row; no layout tables",
            'Word "Missing table header" (tables specify column header information); GOV.UK: '
            "do not use tables for layout",
            table_header,
        ),
        OutputRule(
            "output-row-split",
            E,
            "table rows do not break across pages",
            "house style: a row's cells stay together on the page, as in the published response",
            row_split,
        ),
        OutputRule(
            "output-merged-cells",
            E,
            "no merged or split table cells",
            'Word "Merged cells"; LibreOffice "Table contains merges or splits"',
            merged_cells,
        ),
        OutputRule(
            "output-alt-text",
            E,
            "images and tables have alternative text",
            'Word "Missing alternative text"; LibreOffice "No alt or description text"',
            alt_text,
        ),
        OutputRule(
            "output-link-text",
            E,
            "link text is words, not a bare address",
            'Word "Unclear hyperlink text"; LibreOffice "Hyperlink text is the same as the '
            'link address"',
            link_text,
        ),
        OutputRule(
            "output-link-address",
            E,
            "every link has an address",
            "house rule: a link without an address prints as plain text",
            link_address,
        ),
        OutputRule(
            "output-empty-paragraph",
            E,
            "no empty paragraphs for spacing",
            'LibreOffice "Avoid newlines to create space"; Word "Repeated blank characters"',
            empty_paragraph,
        ),
        OutputRule(
            "output-font",
            E,
            "body text is sans-serif, 12 point or more",
            "GOV.UK: use a sans serif font of at least 12 point",
            body_font,
        ),
    )
}


def check(
    docx: bytes,
    record_texts: Iterable[str],
    file: str,
    rules: Iterable[OutputRule] | None = None,
    outline: tuple[Heading, ...] = (),
) -> list[Finding]:
    """Every problem the output rules find in a rendered document, as findings on ``file``
    (at most ``findings.LISTED_PER_RULE`` of a rule listed one by one); ``outline`` is the
    record's headings and their levels (``heading_levels.outline``)."""
    doc = Docx.read(docx, record_texts, outline)
    findings: list[Finding] = []
    for rule in OUTPUT_RULES.values() if rules is None else rules:
        for problem in rule.check(doc):
            findings.append(
                Finding(
                    rule=rule.id,
                    severity=rule.severity,
                    message=problem.message,
                    hint=problem.hint,
                    file=file,
                    item=problem.where,
                )
            )
    return capped(findings)


def paragraphs(docx: bytes) -> list[tuple[str, str]]:
    """(part name, text) of every paragraph of the body, headers and footers, in order."""
    doc = Docx.read(docx)
    return [
        (name, paragraph_text(paragraph))
        for name, root in sorted(doc.content_parts())
        for paragraph in root.iter(f"{_W}p")
    ]


def leftover_tags(docx: bytes, record_texts: Iterable[str], file: str) -> list[Finding]:
    """Template tags left in the output, unless the record's own text contains that tag text."""
    return check(docx, record_texts, file, [OUTPUT_RULES["output-template-tag"]])
