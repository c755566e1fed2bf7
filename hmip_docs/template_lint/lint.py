"""Check a Word template before it is used, so a Word edit that breaks it fails here and not at
publication: ``hmip-docs lint-template``.

The template is read the way the build reads it: docxtpl's own XML preprocessing (``patch_xml``
on the body, headers, footers and footnotes, and the core properties it renders), then Jinja with
the environment ``render/word.py`` uses. Four kinds of check:

- syntax: every Jinja mistake, with the text of the paragraph it is in and the part (body,
  header, footer);
- names: every variable path the template uses (``q.decision.programme.intro``, loop variables
  resolved to their element types) exists in the typed context of ``context/model.py``, whatever any
  one record holds; formatted text (``Text``) is printed with ``{{r … }}`` and plain values with
  ``{{ … }}``;
- coverage: record fields that the template prints nowhere are listed as warnings, unless the
  schema marks them unprinted, ``"x-unprinted"`` (data the rules check, not prose);
- contract: the styles, numbering, table header flags and properties the build relies on
  (``CONTRACT``, data) are present, and the template passes the output checks that do not depend
  on a record (fonts, heading order, alternative text…).

Longer than the 400 lines a module is kept to: the four kinds of check share one reading of
the template (its parts, paragraphs and tags with their positions), and the contract, the Jinja
type walker and the coverage are still to be parted along that reading.
"""

from __future__ import annotations

import difflib
import html
import io
import json
import re
import types
import typing
import zipfile
from collections import ChainMap, deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, is_dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hmip_docs.checks import document
from hmip_docs.checks.properties import LANGUAGE
from hmip_docs.checks.tables import ROW_SPLIT_ALLOWED
from hmip_docs.context import model
from hmip_docs.context.model import Context, Text
from hmip_docs.core import resources
from hmip_docs.core.findings import LISTED_PER_RULE, Finding, Severity, capped
from hmip_docs.ooxml.package import Docx, caption
from hmip_docs.validate import schema
from hmip_docs.validate.schema_marks import with_printed_marks

if TYPE_CHECKING:
    from jinja2 import Environment, nodes
    from lxml.etree import _Element

    from hmip_docs.render import sandbox

E, W = Severity.ERROR, Severity.WARNING

TEMPLATE_RULES: Mapping[str, tuple[Severity, str]] = {
    "template-unreadable": (E, "the template is a Word document"),
    "template-limits": (E, "the template can be checked within the time and memory limits"),
    "template-syntax": (E, "the template's tags are valid Jinja"),
    "template-name": (E, "every name the template uses exists in the document's context"),
    "template-print": (E, "formatted text is printed with {{r … }}, plain values with {{ … }}"),
    "template-unprinted-field": (W, "every record field is printed, or marked not printed"),
    "template-style": (E, "the styles the build relies on are present"),
    "template-numbering": (E, "the numbering the build relies on is present"),
    "template-table": (E, "tables have a repeating header row and rows that do not split"),
    "template-property": (E, "the document properties the build relies on are set"),
}
"""The lint's own rule ids; it also reports output rules (``checks/document.py``) that fail on the
template itself."""


# ----------------------------------------------------------------------------- the contract


@dataclass(frozen=True)
class StyleNeed:
    """A style the build relies on, by the name Word shows.

    ``numbered``: "decimal" or "bullet" when the style must carry list numbering of that kind,
    "none" when it must carry none, "" when it does not matter. ``heading``: the heading level
    it must have (1 for Heading 1), 0 for body text. Styles are found by name: Word and
    LibreOffice may give a style another internal id.
    """

    name: str
    kind: str = "paragraph"
    numbered: str = ""
    heading: int = 0


@dataclass(frozen=True)
class SharedList:
    """Styles numbered by one multilevel list, each at a level of it (0-based), so that a
    Heading 1 restarts the numbering of the paragraphs after it."""

    levels: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class PropertyNeed:
    """A property of the package: the value an XPath (a string expression) in a part must
    give; ``value`` None when any value will do but there must be one."""

    what: str
    part: str
    xpath: str
    value: str | None
    hint: str


@dataclass(frozen=True)
class RowNeed:
    """A row flag every table needs: on its header row, or on its data rows."""

    what: str
    rows: str  # "header" or "data"
    flag: str  # the w:trPr child
    hint: str


@dataclass(frozen=True)
class Contract:
    """What the build relies on in the template."""

    styles: tuple[StyleNeed, ...]
    lists: tuple[SharedList, ...]
    rows: tuple[RowNeed, ...]
    properties: tuple[PropertyNeed, ...]
    output_rules: tuple[str, ...]
    """Output checks run on the template itself: those that do not depend on a record."""


_REPEAT = 'Table Properties > Row > "Repeat as header row at the top of each page"'
_NO_BREAK = 'Table Properties > Row > untick "Allow row to break across pages"'

CONTRACT = Contract(
    styles=(
        StyleNeed("Heading 1", numbered="decimal", heading=1),
        StyleNeed("Heading 2", numbered="none", heading=2),
        StyleNeed("Heading 3", numbered="none", heading=3),
        # The cover title, the document's first heading for screen readers and bookmarks.
        StyleNeed("Title", numbered="none", heading=1),
        StyleNeed("Numbered Paragraph", numbered="decimal"),
        StyleNeed("List Bullet", numbered="bullet"),
        StyleNeed("List Number", numbered="decimal"),
        StyleNeed("Guidance"),
        StyleNeed("Table Text"),
        StyleNeed("Table Heading"),
        StyleNeed("Table Subheading"),
        StyleNeed("Table Bullet", numbered="bullet"),
        StyleNeed("Table Number", numbered="decimal"),
        StyleNeed("Table List Title", numbered="bullet"),
        StyleNeed("Table List Text", numbered="none"),
        # render/word.py prints links in this character style, found by its name.
        StyleNeed("Hyperlink", kind="character"),
    ),
    lists=(SharedList((("Heading 1", 0), ("Numbered Paragraph", 1))),),
    rows=(
        RowNeed("a header row marked to repeat", "header", "tblHeader", _REPEAT),
        RowNeed("a header row that does not break across pages", "header", "cantSplit", _NO_BREAK),
        RowNeed("data rows that do not break across pages", "data", "cantSplit", _NO_BREAK),
    ),
    properties=(
        PropertyNeed(
            "the language of the text (document defaults)",
            "word/styles.xml",
            "string(w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val)",
            LANGUAGE,
            "select all, Review > Language > English (United Kingdom) > Set As Default",
        ),
        # render/word.py sets the core properties (title, author, language, dates) itself, and the
        # output check output-font covers the fonts, so neither is needed here.
    ),
    output_rules=(
        "output-heading-order",
        "output-heading-label",
        "output-typed-number",
        "output-merged-cells",
        "output-alt-text",
        "output-link-text",
        "output-link-address",
        "output-empty-paragraph",
        "output-font",
    ),
)

_NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "dc": "http://purl.org/dc/elements/1.1/",
}
_W = "{%s}" % _NS["w"]  # noqa: UP031 - Clark notation braces would need doubling in an f-string


# ------------------------------------------------------------------ record fields and printing

PRINTS: Mapping[str, tuple[str, ...]] = {
    "properties.title": ("document/title",),
    "properties.author": ("document/publisher", "document/published"),
    "properties.language": (),
    "properties.published": ("document/published",),
    "cover.publisher_name": ("document/publisher", "document/published"),
    "cover.title": ("document/title",),
    "cover.byline": ("document/publisher", "document/published"),
    "headings.introduction": ("headings/introduction",),
    "headings.summary": ("headings/summary",),
    "headings.responses": ("headings/responses",),
    "headings.feedback": ("headings/feedback",),
    "introduction.paragraphs": ("consultation/introduction",),
    "introduction.guidance_lead_in": ("consultation/guidance/lead_in",),
    "introduction.guidance.text": ("consultation/guidance/text",),
    "introduction.guidance.points": ("consultation/guidance/points",),
    "introduction.closing": ("consultation/closing",),
    "questions.topic": ("questions/*/topic",),
    "questions.heading": ("questions/*/heading",),
    "questions.request": ("questions/*/request",),
    "questions.decision.opening.text": ("questions/*/decision/opening/*/text",),
    "questions.decision.opening.items": ("questions/*/decision/opening/*/items",),
    "questions.decision.removed": ("questions/*/decision/removed/*/text",),
    "questions.decision.programme.intro": ("questions/*/decision/programme/intro",),
    "questions.decision.programme.strands.heading": (
        "questions/*/decision/programme/strands/*/heading",
    ),
    "questions.decision.programme.strands.thematics.title": (
        "questions/*/decision/programme/strands/*/thematics/*/title",
        "questions/*/decision/programme/strands/*/thematics/*/abbreviation",
    ),
    "questions.decision.programme.strands.thematics.description": (
        "questions/*/decision/programme/strands/*/thematics/*/description",
    ),
    "questions.decision.agreed_later": ("questions/*/decision/agreed_later/text",),
    "questions.decision.criteria.intro": ("questions/*/decision/criteria/intro",),
    "questions.decision.criteria.items": ("questions/*/decision/criteria/items",),
    "questions.decision.research.intro": ("questions/*/decision/research/*/intro",),
    "questions.decision.research.items": ("questions/*/decision/research/*/projects",),
    "questions.decision.closing.text": ("questions/*/decision/closing/*/text",),
    "questions.decision.closing.items": ("questions/*/decision/closing/*/items",),
    "respondents_intro": ("respondents/intro",),
    "respondents": ("respondents/list/*/printed",),
    "responses.heading": ("responses/questions/*/heading",),
    "responses.guidance.text": ("responses/questions/*/guidance/text",),
    "responses.guidance.points": ("responses/questions/*/guidance/points",),
    # "Q1:": the number of the question the response answers.
    "responses.label": ("responses/questions/*/question",),
    "responses.prompt": ("responses/questions/*/prompt",),
    "responses.summary": ("responses/questions/*/summary",),
    "responses.areas.heading": ("responses/questions/*/areas/*/heading",),
    "responses.areas.rows.suggestions": ("responses/questions/*/areas/*/suggestions/*/topic",),
    # A row prints the outcome its suggestions point at.
    "responses.areas.rows.response": (
        "responses/questions/*/areas/*/outcomes/*/text",
        "responses/questions/*/areas/*/suggestions/*/outcome",
    ),
    "responses_closing": ("responses/closing",),
    "feedback": ("feedback",),
}
"""Which record fields each context attribute prints (``context/model.py`` builds one from the
other). Paths are the schema's (``*`` for any list entry or key); a field path covers the fields
below it. Every leaf of ``Context`` has an entry (a test keeps it so)."""

THROUGH_PROSE: tuple[str, ...] = (
    "document/programme_year",
    "document/published",
    "document/publisher",
    "legal_basis/cited_as",
    "consultation/letter_issued",
    "consultation/deadline",
    "links/*/address",
)
"""Record fields prose reaches through placeholders (``{programme_year}``…) and links
(``[text][id]``): printed wherever the template prints any formatted text."""

BUILD_PRINTS: tuple[str, ...] = (
    "properties.title",
    "properties.author",
    "properties.language",
    "properties.published",
)
"""Context attributes ``render/word.py`` writes into the document properties itself."""


@dataclass(frozen=True)
class RecordField:
    """A leaf field of the record schema: its path pattern, its title, and whether a document
    is meant to print it (``"x-printed": false`` on it or a field above it says not)."""

    pattern: str
    title: str
    printed: bool


def _resolve(node: Mapping[str, Any], defs: Mapping[str, Any]) -> tuple[Mapping[str, Any], str]:
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        name = ref.removeprefix("#/$defs/")
        return {**defs.get(name, {}), **{k: v for k, v in node.items() if k != "$ref"}}, name
    return node, ""


def record_fields(record_schema: Mapping[str, Any]) -> list[RecordField]:
    """Every leaf field of a record schema (a value, or a list of values), in schema order."""
    record_schema = with_printed_marks(record_schema)
    defs = record_schema.get("$defs", {})
    out: list[RecordField] = []

    def walk(
        node: Mapping[str, Any], path: tuple[str, ...], printed: bool, seen: frozenset[str]
    ) -> None:
        node, name = _resolve(node, defs)
        if name in seen:
            return
        seen = seen | {name} if name else seen
        printed = printed and node.get("x-printed", True) is not False
        children = [(key, child) for key, child in (node.get("properties") or {}).items()]
        extra = node.get("additionalProperties")
        if isinstance(extra, Mapping):
            children.append(("*", extra))
        items = node.get("items")
        if isinstance(items, Mapping):
            children.append(("*", items))
        if not children:
            out.append(RecordField("/".join(path), str(node.get("title", "")), printed))
            return
        for key, child in children:
            walk(child, (*path, key), printed, seen)

    walk(record_schema, (), True, frozenset())
    return out


def not_printed(record_schema: Mapping[str, Any]) -> list[tuple[str, ...]]:
    """The path patterns the schema marks ``"x-printed": false`` (the topmost of each)."""
    record_schema = with_printed_marks(record_schema)
    defs = record_schema.get("$defs", {})
    out: list[tuple[str, ...]] = []

    def walk(node: Mapping[str, Any], path: tuple[str, ...], seen: frozenset[str]) -> None:
        node, name = _resolve(node, defs)
        if name in seen:
            return
        seen = seen | {name} if name else seen
        if node.get("x-printed", True) is False:
            out.append(path)
            return
        for key, child in (node.get("properties") or {}).items():
            walk(child, (*path, key), seen)
        for key in ("additionalProperties", "items"):
            if isinstance(node.get(key), Mapping):
                walk(node[key], (*path, "*"), seen)

    walk(record_schema, (), frozenset())
    return out


@cache
def _record_schema() -> Mapping[str, Any]:
    loaded: Mapping[str, Any] = json.loads(
        (resources.schemas_dir() / schema.RECORD_SCHEMA).read_text("utf-8")
    )
    return loaded


def _covers(entry: str, pattern: str) -> bool:
    return pattern == entry or pattern.startswith(entry + "/")


def unprinted_fields(printed: Sequence[str], prose: bool) -> list[RecordField]:
    """The record fields meant to be printed that no printed context attribute reaches."""
    reached = [entry for path in (*printed, *BUILD_PRINTS) for entry in PRINTS.get(path, ())]
    if prose:
        reached += THROUGH_PROSE
    return [
        f
        for f in record_fields(_record_schema())
        if f.printed and not any(_covers(entry, f.pattern) for entry in reached)
    ]


# --------------------------------------------------------------------------- the context types


class _Unknown:
    """A value the lint cannot type (the result of an expression, a Jinja global)."""


class _Loop:
    """Jinja's ``loop`` variable inside a for loop."""


UNKNOWN: Any = _Unknown
LOOP: Any = _Loop
_LOOP_ATTRS = frozenset(
    {
        *("index", "index0", "revindex", "revindex0", "first", "last", "length"),
        *("depth", "depth0", "previtem", "nextitem", "cycle", "changed"),
    }
)
_LEAVES = (str, int, bool, float)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(model))


def _optional(kind: Any) -> Any:
    """``X | None`` → X."""
    if typing.get_origin(kind) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(kind) if a is not type(None)]
        return args[0] if len(args) == 1 else UNKNOWN
    return kind


def _element(kind: Any) -> Any | None:
    """``tuple[X, ...]`` → X; None when ``kind`` is not a list."""
    if typing.get_origin(kind) is tuple:
        args = typing.get_args(kind)
        return args[0] if args else UNKNOWN
    return None


def _group(kind: Any) -> bool:
    return is_dataclass(kind) and kind is not Text


def context_leaves(root: type = Context) -> dict[str, Any]:
    """Every printable attribute path of the context (``questions.decision.programme.intro``)
    and its type (``Text``, ``str``); list elements are named by the list."""
    out: dict[str, Any] = {}

    def walk(kind: Any, path: str) -> None:
        kind = _optional(kind)
        element = _element(kind)
        if element is not None:
            walk(element, path)
        elif _group(kind):
            for name, hint in _hints(kind).items():
                walk(hint, f"{path}.{name}" if path else name)
        else:
            out[path] = kind

    walk(root, "")
    return out


# ------------------------------------------------------------------------------ template parts


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


def _rich_flags(part: Part) -> dict[int, deque[bool]]:
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


# ------------------------------------------------------------------------------- the checks


@dataclass(frozen=True)
class _Value:
    kind: Any
    path: str = ""


def _expr_text(node: nodes.Node) -> str:
    from jinja2 import nodes

    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_expr_text(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return f"{_expr_text(node.node)}[{node.arg.value!r}]"
    if isinstance(node, nodes.Filter) and node.node is not None:
        return f"{_expr_text(node.node)}|{node.name}"
    return "the expression"


def _kind_name(kind: Any) -> str:
    if kind is Text:
        return "formatted text"
    if _element(kind) is not None:
        return "a list"
    if _group(kind):
        return f"a group of fields ({kind.__name__})"
    return "a plain value"


_NAMES_SHOWN = 30
"""At most this many of the names in scope are listed in a hint."""
_FILTERS_KEEP = frozenset({"default", "d"})
_FILTERS_ELEMENT = frozenset({"first", "last", "random"})
_FILTERS_NUMBER = frozenset({"length", "count", "wordcount"})


Scope = ChainMap[str, "_Value"]
"""The names a template sees at one point: a block's own names before those of the blocks
around it (a new block adds a map in front, not a copy of every name)."""


class _Walker:
    """Walks one part's Jinja AST with the context's types, collecting problems and the
    attribute paths the part prints. ``counts`` (shared by the walkers of one template) counts
    the problems of each rule, so that hints are worked out only for those a report lists."""

    def __init__(self, part: Part, env: Environment, file: str, counts: dict[str, int]) -> None:
        self.part = part
        self.env = env
        self.file = file
        self.counts = counts
        self.findings: list[Finding] = []
        self.printed: dict[str, Any] = {}
        self.flags = _rich_flags(part)

    def problem(self, rule: str, line: int, message: str, hint: str | Callable[[], str]) -> None:
        self.counts[rule] = self.counts.get(rule, 0) + 1
        listed = self.counts[rule] <= LISTED_PER_RULE
        self.findings.append(
            Finding(
                rule=rule,
                severity=TEMPLATE_RULES[rule][0],
                message=message,
                hint=(hint() if callable(hint) else hint) if listed else "",
                file=self.file,
                item=self.part.where(line),
            )
        )

    # statements

    def block(self, body: Sequence[nodes.Node], scope: Scope) -> None:
        for node in body:
            self.statement(node, scope)

    def statement(self, node: nodes.Node, scope: Scope) -> None:
        from jinja2 import nodes

        if isinstance(node, nodes.Output):
            for child in node.nodes:
                if not isinstance(child, nodes.TemplateData):
                    self.output(child, scope)
        elif isinstance(node, nodes.For):
            self.loop(node, scope)
        elif isinstance(node, nodes.If):
            self.expr(node.test, scope)
            self.block(node.body, scope)
            self.block(node.elif_, scope)
            self.block(node.else_, scope)
        elif isinstance(node, nodes.Assign):
            self.bind(node.target, self.expr(node.node, scope), scope)
        elif isinstance(node, nodes.AssignBlock):
            self.block(node.body, scope)
            self.bind(node.target, _Value(str), scope)
        elif isinstance(node, nodes.With):
            self.with_block(node, scope)
        elif isinstance(node, nodes.Macro | nodes.CallBlock):
            self.macro(node, scope)
        elif isinstance(node, nodes.ExprStmt):
            self.expr(node.node, scope)
        else:
            for inner_node in node.iter_child_nodes():
                if isinstance(inner_node, nodes.Expr):
                    self.expr(inner_node, scope)
                else:
                    self.statement(inner_node, scope)

    def with_block(self, node: nodes.With, scope: Scope) -> None:
        inner = scope.new_child()
        for target, value in zip(node.targets, node.values, strict=False):
            self.bind(target, self.expr(value, scope), inner)
        self.block(node.body, inner)

    def macro(self, node: nodes.Macro | nodes.CallBlock, scope: Scope) -> None:
        """A macro or a call block: its body walked with its arguments (and ``caller``) as
        names of unknown kind."""
        from jinja2 import nodes

        inner = scope.new_child()
        for arg in node.args:
            inner[arg.name] = _Value(UNKNOWN)
        for default in node.defaults:
            self.expr(default, scope)
        inner["caller"] = _Value(UNKNOWN)
        self.block(node.body, inner)
        if isinstance(node, nodes.Macro):
            scope[node.name] = _Value(UNKNOWN)
        else:
            self.expr(node.call, scope)

    def loop(self, node: nodes.For, scope: Scope) -> None:
        iterable = self.expr(node.iter, scope)
        kind = _optional(iterable.kind)
        element = _element(kind)
        if element is None:
            if kind is not UNKNOWN:
                self.problem(
                    "template-name",
                    node.lineno,
                    f"'{_expr_text(node.iter)}' is {_kind_name(kind)}, not a list to loop over",
                    "loop over a list of the context (see hmip_docs/context/model.py)",
                )
            element = UNKNOWN
        inner = scope.new_child()
        self.bind(node.target, _Value(element, iterable.path), inner)
        inner["loop"] = _Value(LOOP)
        if node.test is not None:
            self.expr(node.test, inner)
        self.block(node.body, inner)
        self.block(node.else_, scope)

    def bind(self, target: nodes.Node, value: _Value, scope: Scope) -> None:
        from jinja2 import nodes

        if isinstance(target, nodes.Name):
            scope[target.name] = value
        else:
            for child in target.find_all(nodes.Name):
                scope[child.name] = _Value(UNKNOWN)

    def output(self, node: nodes.Expr, scope: Scope) -> None:
        line_flags = self.flags.get(node.lineno)
        rich = line_flags.popleft() if line_flags else False
        value = self.expr(node, scope)
        kind = _optional(value.kind)
        shown = _expr_text(node)
        if kind is UNKNOWN or kind is LOOP:
            return
        if kind is Text:
            if not rich:
                how = (
                    "a document property cannot hold it"
                    if not self.part.xml
                    else f"print it with {{{{r {shown} }}}}"
                )
                self.problem(
                    "template-print",
                    node.lineno,
                    f"'{shown}' is formatted text, printed with {{{{ … }}}}",
                    how,
                )
        elif kind in _LEAVES:
            if rich:
                self.problem(
                    "template-print",
                    node.lineno,
                    f"'{shown}' is plain text, printed with {{{{r … }}}}",
                    f"print it with {{{{ {shown} }}}} (without the r)",
                )
        else:
            fields = ", ".join(sorted(_hints(kind))) if _group(kind) else ""
            self.problem(
                "template-print",
                node.lineno,
                f"'{shown}' is {_kind_name(kind)}, not a text to print",
                f"print one of its fields ({fields})"
                if fields
                else f"loop over it: {{%p for item in {shown} %}}",
            )
            return
        if value.path:
            self.printed.setdefault(value.path, kind)

    # expressions

    def expr(self, node: nodes.Node, scope: Scope) -> _Value:
        from jinja2 import nodes

        if isinstance(node, nodes.Name):
            return self.name(node, scope)
        if isinstance(node, nodes.Getattr):
            return self.attribute(self.expr(node.node, scope), node.attr, node)
        if isinstance(node, nodes.Getitem):
            base = self.expr(node.node, scope)
            self.expr(node.arg, scope)
            element = _element(_optional(base.kind))
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                return self.attribute(base, node.arg.value, node)
            return _Value(element, base.path) if element is not None else _Value(UNKNOWN)
        if isinstance(node, nodes.Filter):
            return self.filter(node, scope)
        if isinstance(node, nodes.Test):
            self.expr(node.node, scope)
            self.arguments(node, scope)
            if node.name not in self.env.tests:
                self.problem(
                    "template-syntax", node.lineno, f"there is no test named '{node.name}'", ""
                )
            return _Value(bool)
        if isinstance(node, nodes.Const):
            return _Value(type(node.value))
        if isinstance(node, nodes.CondExpr):
            self.expr(node.test, scope)
            first = self.expr(node.expr1, scope)
            second = self.expr(node.expr2, scope) if node.expr2 is not None else None
            same = second is None or second.kind == first.kind
            return first if same else _Value(UNKNOWN)
        for child in node.iter_child_nodes():
            self.expr(child, scope)
        if isinstance(node, nodes.Compare | nodes.And | nodes.Or | nodes.Not):
            return _Value(bool)
        return _Value(UNKNOWN)

    def arguments(self, node: nodes.Filter | nodes.Test, scope: Scope) -> None:
        for arg in node.args:
            self.expr(arg, scope)
        for keyword in node.kwargs:
            self.expr(keyword.value, scope)
        for extra in (node.dyn_args, node.dyn_kwargs):
            if extra is not None:
                self.expr(extra, scope)

    def name(self, node: nodes.Name, scope: Scope) -> _Value:
        if node.name in scope:
            return scope[node.name]
        if node.name in self.env.globals:
            return _Value(UNKNOWN)

        def hint() -> str:
            known = sorted(n for n in scope if n != "loop")
            close = difflib.get_close_matches(node.name, known, n=1)
            if close:
                return f"did you mean '{close[0]}'?"
            more = ", …" if len(known) > _NAMES_SHOWN else ""
            return "names here: " + ", ".join(known[:_NAMES_SHOWN]) + more

        self.problem(
            "template-name",
            node.lineno,
            f"the name '{node.name}' is not in the document's context",
            hint,
        )
        return _Value(UNKNOWN)

    def attribute(self, base: _Value, attr: str, node: nodes.Node) -> _Value:
        kind = _optional(base.kind)
        shown = _expr_text(node)
        if kind is UNKNOWN:
            return _Value(UNKNOWN)
        if kind is LOOP:
            if attr not in _LOOP_ATTRS:
                self.problem(
                    "template-name",
                    node.lineno,
                    f"'loop' has no attribute '{attr}'",
                    "loop has: " + ", ".join(sorted(_LOOP_ATTRS)),
                )
            return _Value(UNKNOWN)
        if _group(kind):
            hints = _hints(kind)
            if attr in hints:
                path = f"{base.path}.{attr}" if base.path else attr
                return _Value(hints[attr], path)
            close = difflib.get_close_matches(attr, list(hints), n=1)
            self.problem(
                "template-name",
                node.lineno,
                f"'{shown}': {kind.__name__} has no field '{attr}'",
                f"did you mean '{close[0]}'?"
                if close
                else f"{kind.__name__} has: " + ", ".join(hints),
            )
            return _Value(UNKNOWN)
        if kind in _LEAVES and hasattr(kind, attr):  # a method of a plain value, such as upper
            return _Value(UNKNOWN)
        if _element(kind) is not None and hasattr(tuple, attr):
            return _Value(UNKNOWN)
        self.problem(
            "template-name",
            node.lineno,
            f"'{shown}': {_expr_text(node).rsplit('.', 1)[0]} is {_kind_name(kind)}, which has "
            f"no field '{attr}'",
            "print it as it is"
            if kind is Text or kind in _LEAVES
            else "loop over the list and use each entry's fields",
        )
        return _Value(UNKNOWN)

    def filter(self, node: nodes.Filter, scope: Scope) -> _Value:
        base = self.expr(node.node, scope) if node.node is not None else _Value(UNKNOWN)
        self.arguments(node, scope)
        if node.name not in self.env.filters:
            self.problem(
                "template-syntax", node.lineno, f"there is no filter named '{node.name}'", ""
            )
            return _Value(UNKNOWN)
        kind = _optional(base.kind)
        if node.name in _FILTERS_KEEP:
            return base
        if node.name in _FILTERS_ELEMENT and _element(kind) is not None:
            return _Value(_element(kind), base.path)
        if node.name in _FILTERS_NUMBER:
            return _Value(int)
        if kind is Text:
            self.problem(
                "template-print",
                node.lineno,
                f"'{_expr_text(node)}': a filter cannot change formatted text",
                "print the text as it is, with {{r … }}",
            )
        return _Value(UNKNOWN)


_BLOCKS = frozenset({"for", "if", "macro", "call", "filter", "with", "block", "autoescape", "raw"})


def _unclosed(env: Environment, source: str) -> tuple[int, str, str] | None:
    """The innermost block tag still open at the end of the source: its line, the tag as
    written (``{% if x %}``) and its name, or None."""
    from jinja2 import TemplateSyntaxError

    stack: list[tuple[int, str, str]] = []
    tag: list[str] | None = None
    opened: tuple[int, str] | None = None
    try:
        for line, token, value in env.lex(source):
            if token == "block_begin":
                tag, opened = [], None
            elif token == "block_end" and tag is not None:
                if opened is not None:
                    stack.append((opened[0], "{% " + " ".join(tag) + " %}", opened[1]))
                tag = None
            elif tag is not None and token != "whitespace":
                if not tag and token == "name":
                    if value in _BLOCKS:
                        opened = (line, value)
                    elif value.startswith("end") and stack:
                        stack.pop()
                tag.append(value)
    except TemplateSyntaxError:
        return None
    return stack[-1] if stack else None


def _too_deep(part: Part, file: str, detail: str = "") -> Finding:
    """The finding for tags nested more deeply than Jinja can read or compile."""
    return Finding(
        rule="template-syntax",
        severity=E,
        message="template syntax error: the tags are nested too deeply to read"
        + (f" ({detail})" if detail else ""),
        hint="nest fewer blocks ({% for %}, {% if %}, brackets) inside one another",
        file=file,
        item=part.name,
    )


def _syntax(env: Environment, part: Part, file: str) -> tuple[nodes.Template | None, list[Finding]]:
    """The part's AST, or the syntax error that stops Jinja reading it."""
    from jinja2 import TemplateSyntaxError

    try:
        ast = env.parse(part.source)
        env.compile(ast)  # reports unknown filters and tests, as rendering would
    except (RecursionError, SyntaxError) as error:
        # Jinja reads nested tags by recursion, and Python compiles at most 20 nested blocks.
        return None, [_too_deep(part, file, str(getattr(error, "msg", "")))]
    except TemplateSyntaxError as error:
        line = error.lineno or 0
        message = f"template syntax error: {error.message}"
        hint = "correct the tag in Word; keep each {% … %} or {{ … }} tag typed in one go"
        if "Unexpected end of template" in (error.message or ""):
            opened = _unclosed(env, part.source)
            if opened is not None:
                line, tag, name = opened
                message = f"template syntax error: the tag {tag} is never closed"
                hint = f"add a paragraph {{%p end{name} %}} where the {name} block should end"
        finding = Finding(
            rule="template-syntax",
            severity=E,
            message=message,
            hint=hint,
            file=file,
            item=part.where(line),
        )
        return None, [finding]
    return ast, []


# ---------------------------------------------------------------------------------- contract


def _finding(rule: str, message: str, hint: str, file: str, item: str = "") -> Finding:
    return Finding(
        rule=rule,
        severity=TEMPLATE_RULES[rule][0],
        message=message,
        hint=hint,
        file=file,
        item=item,
    )


def _whole(value: str | None) -> int | None:
    """A whole number written in the package (``"3"``), or None."""
    return int(value) if value and value.isascii() and value.isdigit() else None


def _abstract_num(doc: Docx, num_id: int) -> _Element | None:
    """The ``w:abstractNum`` that numbering instance ``num_id`` uses."""
    root = doc.parts.get("word/numbering.xml")
    if root is None:
        return None
    abstract = next(
        (
            num.find(f"{_W}abstractNumId")
            for num in root.iterchildren(f"{_W}num")
            if _whole(num.get(f"{_W}numId")) == num_id
        ),
        None,
    )
    wanted = abstract.get(f"{_W}val") if abstract is not None else None
    return next(
        (a for a in root.iterchildren(f"{_W}abstractNum") if a.get(f"{_W}abstractNumId") == wanted),
        None,
    )


def _numbering(doc: Docx, num_id: int, level: int) -> _Element | None:
    """The ``w:lvl`` that numbering instance ``num_id`` uses at ``level``."""
    abstract = _abstract_num(doc, num_id)
    if abstract is None:
        return None
    return next(
        (lvl for lvl in abstract.iterchildren(f"{_W}lvl") if _whole(lvl.get(f"{_W}ilvl")) == level),
        None,
    )


def _style_numbering(doc: Docx, style: _Element) -> tuple[int, int] | None:
    """The (numId, level) a style's paragraphs are numbered with, through its chain.

    The level is that of the list level linked to the style (``w:pStyle`` in the ``w:lvl``,
    which the standard makes override the style's own ``w:ilvl``); without such a link, as
    LibreOffice saves a template, the style's own ``w:ilvl`` (0 when it has none)."""
    for link in doc.styles.chain(style.get(f"{_W}styleId")):
        num_pr = link.find(f"{_W}pPr/{_W}numPr")
        if num_pr is None:
            continue
        num = num_pr.find(f"{_W}numId")
        num_id = _whole(num.get(f"{_W}val")) if num is not None else None
        if not num_id:
            return None
        abstract = _abstract_num(doc, num_id)
        for lvl in abstract.iterchildren(f"{_W}lvl") if abstract is not None else ():
            linked = lvl.find(f"{_W}pStyle")
            if linked is not None and linked.get(f"{_W}val") == link.get(f"{_W}styleId"):
                return num_id, _whole(lvl.get(f"{_W}ilvl")) or 0
        ilvl = num_pr.find(f"{_W}ilvl")
        return num_id, (_whole(ilvl.get(f"{_W}val")) if ilvl is not None else None) or 0
    return None


def _contract_styles(doc: Docx, file: str) -> Iterator[Finding]:
    styles = doc.styles
    for need in CONTRACT.styles:
        style = styles.by_name(need.name)
        if style is None:
            yield _finding(
                "template-style",
                f"the style '{need.name}' is missing",
                f"recreate the {need.kind} style '{need.name}' (Styles pane > New Style), or "
                "copy it from the previous template (Manage Styles > Import/Export)",
                file,
            )
            continue
        style_id = style.get(f"{_W}styleId", "")
        if style.get(f"{_W}type", "paragraph") != need.kind:
            yield _finding(
                "template-style",
                f"'{need.name}' is a {style.get(f'{_W}type')} style, not a {need.kind} style",
                f"recreate '{need.name}' as a {need.kind} style",
                file,
            )
        if need.kind != "paragraph":
            continue
        level = None
        for link in styles.chain(style_id):
            found = link.find(f"{_W}pPr/{_W}outlineLvl")
            if found is not None:
                level = int(found.get(f"{_W}val", "9")) + 1
                break
        if need.heading and level != need.heading:
            yield _finding(
                "template-style",
                f"the style '{need.name}' is not a level {need.heading} heading",
                f"Modify Style > Format > Paragraph: set Outline level to Level {need.heading}",
                file,
            )
        numbering = _style_numbering(doc, style)
        if need.numbered == "none" and numbering is not None:
            yield _finding(
                "template-numbering",
                f"the style '{need.name}' is numbered; its headings must not be",
                "Modify Style > Format > Numbering: None",
                file,
            )
        elif need.numbered in ("decimal", "bullet"):
            if numbering is None:
                yield _finding(
                    "template-numbering",
                    f"the style '{need.name}' is not numbered",
                    f"give the style its {need.numbered} list again (Modify Style > Format > "
                    "Numbering)",
                    file,
                )
                continue
            lvl = _numbering(doc, *numbering)
            fmt = lvl.find(f"{_W}numFmt") if lvl is not None else None
            actual = fmt.get(f"{_W}val") if fmt is not None else None
            if lvl is None:
                yield _finding(
                    "template-numbering",
                    f"the style '{need.name}' refers to a list that does not exist",
                    "give the style its list again (Modify Style > Format > Numbering)",
                    file,
                )
            elif actual != need.numbered:
                yield _finding(
                    "template-numbering",
                    f"the style '{need.name}' is numbered as {actual}, not {need.numbered}",
                    "give the style its list again (Modify Style > Format > Numbering)",
                    file,
                )


def _contract_lists(doc: Docx, file: str) -> Iterator[Finding]:
    styles = doc.styles
    for shared in CONTRACT.lists:
        names = " and ".join(name for name, _ in shared.levels)
        found: list[tuple[str, int, tuple[int, int]]] = []
        for name, level in shared.levels:
            style = styles.by_name(name)
            numbering = _style_numbering(doc, style) if style is not None else None
            if numbering is None:
                return  # reported by the style checks
            found.append((name, level, numbering))
        if len({num_id for _, _, (num_id, _) in found}) != 1:
            yield _finding(
                "template-numbering",
                f"{names} are not numbered by the same multilevel list",
                "link them to one multilevel list again (Define New Multilevel List > More > "
                "Link level to style)",
                file,
            )
            continue
        for name, level, (num_id, actual) in found:
            if actual != level or _numbering(doc, num_id, level) is None:
                yield _finding(
                    "template-numbering",
                    f"level {level + 1} of the multilevel list of {names} is not linked to "
                    f"'{name}'",
                    f"Define New Multilevel List > More: link level {level + 1} to the style "
                    f"'{name}'",
                    file,
                )


def _control_row(row: _Element) -> bool:
    """A row holding only docxtpl's ``{%tr … %}`` tag: it is removed when rendered."""
    text = "".join(t.text or "" for t in row.iter(f"{_W}t"))
    return bool(re.match(r"\s*\{%-?\s*tr\s", text))


def _contract_tables(doc: Docx, file: str) -> Iterator[Finding]:
    body = doc.body
    if body is None:
        return
    for table in body.iter(f"{_W}tbl"):
        rows = [row for row in table.iterchildren(f"{_W}tr") if not _control_row(row)]
        if not rows:
            continue
        for need in CONTRACT.rows:
            if need.rows == "header":
                chosen = rows[:1]
            elif caption(table) in ROW_SPLIT_ALLOWED:
                continue
            else:
                chosen = rows[1:]
            for row in chosen:
                flag = row.find(f"{_W}trPr/{_W}{need.flag}")
                if flag is None or flag.get(f"{_W}val", "true") in ("0", "false", "off"):
                    yield _finding(
                        "template-table",
                        f"the table needs {need.what}",
                        need.hint,
                        file,
                        doc.where("word/document.xml", row),
                    )


def _contract_properties(doc: Docx, file: str) -> Iterator[Finding]:
    for need in CONTRACT.properties:
        root = doc.parts.get(need.part)
        value = str(root.xpath(need.xpath, namespaces=_NS)) if root is not None else ""
        if need.value is None and not value:
            yield _finding("template-property", f"{need.what} is not set", need.hint, file)
        elif need.value is not None and value != need.value:
            yield _finding(
                "template-property",
                f"{need.what} is {value or 'not set'}, not {need.value}",
                need.hint,
                file,
            )


def _contract_references(doc: Docx, file: str) -> Iterator[Finding]:
    """Every style the template's paragraphs, runs and tables name exists."""
    for part, root in doc.content_parts():
        for tag in ("pStyle", "rStyle", "tblStyle"):
            for ref in root.iter(f"{_W}{tag}"):
                style_id = ref.get(f"{_W}val", "")
                if style_id not in doc.styles.by_id:
                    yield _finding(
                        "template-style",
                        f"a style the template uses ('{style_id}') does not exist",
                        "apply one of the template's styles instead",
                        file,
                        doc.where(part, ref),
                    )


def contract(data: bytes, file: str) -> list[Finding]:
    """Whether the template holds what the build relies on (``CONTRACT``), and passes the
    output checks that do not depend on a record."""
    doc = Docx.read(data)
    findings = [
        *_contract_styles(doc, file),
        *_contract_lists(doc, file),
        *_contract_tables(doc, file),
        *_contract_properties(doc, file),
        *_contract_references(doc, file),
    ]
    rules = [document.OUTPUT_RULES[rule_id] for rule_id in CONTRACT.output_rules]
    findings += document.check(data, (), file, rules)
    return findings


# ------------------------------------------------------------------------------------- lint


@dataclass(frozen=True)
class Lint:
    """The outcome of linting one template: findings and the context paths it prints."""

    findings: tuple[Finding, ...]
    printed: Mapping[str, Any] = field(default_factory=dict)


def _open(data: bytes) -> Any:
    from docx.opc.exceptions import PackageNotFoundError
    from docxtpl import DocxTemplate  # type: ignore[import-untyped]

    from hmip_docs.render.word import starved

    try:
        tpl = DocxTemplate(io.BytesIO(data))
        tpl.init_docx()
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, SyntaxError) as exc:
        if starved(exc):  # a memory limit reached, not a damaged template
            raise MemoryError from exc
        raise ValueError(str(exc) or type(exc).__name__) from exc
    return tpl


def lint_findings(template: Path, file: str) -> tuple[Finding, ...]:
    """``lint(template, file).findings``: what ``lint-template`` runs in a process held to the
    limits (``sandbox``), since what reading a template costs is the template's to decide."""
    return lint(template, file).findings


def lint_limited(
    template: Path, file: str, limits: sandbox.RenderLimits | None = None
) -> tuple[Finding, ...]:
    """``lint_findings`` run in a child process held to ``limits`` (default: the render's), the
    way ``lint-template`` runs it; a template that cannot be checked within them gives one
    ``template-limits`` finding."""
    from hmip_docs.render import sandbox
    from hmip_docs.render.errors import RenderError

    job = sandbox.Job(lint_findings, (template, file), template, "checking the template")
    try:
        found: tuple[Finding, ...] = sandbox.run(job, limits or sandbox.DEFAULT_LIMITS)
    except RenderError as error:
        return (over_the_limits(str(error), template, file),)
    return found


def over_the_limits(message: str, template: Path, file: str) -> Finding:
    """The finding for a template that checking could not finish within the limits
    (``message``: the ``RenderError`` that says which)."""
    return _finding(
        "template-limits",
        message.removeprefix(f"{template}: "),
        "the template is far larger or more deeply nested than a document needs: open it in "
        "Word and save it again, or go back to the last template that passed",
        file,
    )


def lint(template: Path, file: str | None = None) -> Lint:
    """Every problem of a Word template, as findings on ``file`` (default: its path)."""
    from hmip_docs.render.word import _environment  # the environment the build renders with

    shown = file or str(template)
    try:
        data = template.read_bytes()
        tpl = _open(data)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return Lint(
            (
                _finding(
                    "template-unreadable",
                    f"cannot open the template as a Word document ({reason})",
                    "save it from Word as a Word Document (.docx)",
                    shown,
                ),
            )
        )
    env = _environment()
    findings: list[Finding] = []
    printed: dict[str, Any] = {}
    parsed = True
    root = {name: _Value(hint, name) for name, hint in _hints(Context).items()}
    counts: dict[str, int] = {}
    for part in parts(tpl):
        ast, problems = _syntax(env, part, shown)
        findings += problems
        if ast is None:
            parsed = False
            continue
        walker = _Walker(part, env, shown, counts)
        try:
            walker.block(ast.body, ChainMap(dict(root)))
        except RecursionError:
            findings.append(_too_deep(part, shown))
        findings += walker.findings
        for path, kind in walker.printed.items():
            printed.setdefault(path, kind)
    if parsed:
        prose = any(kind is Text for kind in printed.values())
        for missing in unprinted_fields(list(printed), prose):
            where = missing.pattern.replace("/*", "[]").replace("/", ".")
            findings.append(
                _finding(
                    "template-unprinted-field",
                    f"the record field `{where}` ({missing.title.lower()}) is printed nowhere "
                    "in this template",
                    'print it in the template, or list it in "x-unprinted" beside it in the schema '
                    "if it is data the document does not show",
                    shown,
                )
            )
    findings += contract(data, shown)
    return Lint(tuple(capped(findings)), printed)
