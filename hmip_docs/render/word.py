"""Render a template context into the bytes of a Word document through a docxtpl template.

The template sees the context as it is declared in ``context/model.py``: every dataclass becomes an
object with the same attribute names and every ``Text`` becomes a docxtpl ``RichText`` (bold,
italics, hyperlinks in the template's "Hyperlink" character style, line breaks), so the template
prints prose with ``{{r … }}``. Jinja runs sandboxed, escaping every value and refusing unknown
names; template mistakes come back as ``RenderError``.

The output is reproducible: the same record, template and tool version give the same bytes, in
any process and on any machine. The document is created in its publication month; it was last
modified then too, unless ``SOURCE_DATE_EPOCH`` (https://reproducible-builds.org/specs/
source-date-epoch/) names another moment. The package's entries are written in a fixed order,
with that modification date, fixed attributes and fixed compression.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
from collections.abc import Mapping, MutableMapping
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import jinja2
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docxtpl import DocxTemplate, RichText  # type: ignore[import-untyped]
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from hmip_docs.context.model import Context, Text
from hmip_docs.render import run_styles
from hmip_docs.render.errors import RenderError as RenderError

HYPERLINK_STYLE = "Hyperlink"  # the character style links are printed in, by the name Word shows
LANGUAGE = "en-GB"
SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"
# The content-types part first, as Office writes it (some readers sniff it there); then by name.
_FIRST_ENTRY = "[Content_Types].xml"
# Every entry as a regular file, rw-r--r--, made on Unix: the same bytes on every platform
# (zipfile would otherwise record the platform it runs on and owner-only permissions).
_CREATE_SYSTEM = 3
_EXTERNAL_ATTR = 0o100644 << 16
_COMPRESS_LEVEL = 6
# The range a zip entry's MS-DOS date can hold.
_ZIP_EARLIEST = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)
_ZIP_LATEST = dt.datetime(2107, 12, 31, 23, 59, 58, tzinfo=dt.UTC)


class _Node:
    """What the template sees of one context dataclass: the same attribute names, read only."""

    def __init__(self, values: dict[str, object]) -> None:
        self.__dict__.update(values)

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"


_NODE_TYPES: dict[str, type[_Node]] = {}


def _node(kind: str, values: dict[str, object]) -> _Node:
    """A node whose type is named after the dataclass, so Jinja's messages name it."""
    node_type = _NODE_TYPES.get(kind)
    if node_type is None:
        node_type = _NODE_TYPES[kind] = type(kind, (_Node,), {"__module__": "context"})
    return node_type(values)


_DOCXTPL_ESCAPE = re.compile(r"(?<=\{)(?=_[{%])|(?<=[}%])(?=_\})")


def link_style_id(tpl: Any) -> str:
    """The id of the template's character style named "Hyperlink". Word and LibreOffice may
    give a style another id than its name ("InternetLink"), so the style is found by name; the
    name itself when the template has no such style (``lint-template`` reports that)."""
    wanted = HYPERLINK_STYLE.casefold()
    tpl.init_docx(reload=False)  # opens the template unless it is open already
    for style in tpl.docx.styles.element.iterchildren(qn("w:style")):
        name = style.find(qn("w:name"))
        if (
            style.get(qn("w:type")) == "character"
            and name is not None
            and (name.get(qn("w:val")) or "").casefold() == wanted
        ):
            return str(style.get(qn("w:styleId")) or HYPERLINK_STYLE)
    return HYPERLINK_STYLE


def _rich_text(text: Text, tpl: Any, link_style: str) -> Any:
    """A ``Text`` as docxtpl runs; a link without an address is printed as plain text."""
    rich = RichText()
    for run in text.runs:
        url_id = tpl.build_url_id(run.url) if run.link and run.url else None
        style = link_style if url_id else None
        for index, line in enumerate(run.text.split("\n")):
            if index:
                # A line break of its own: docxtpl's "\n" handling would also touch tabs etc.
                rich.xml += "<w:r><w:br/></w:r>"
            if line:
                rich.add(line, style=style, bold=run.bold, italic=run.italic, url_id=url_id)
    # docxtpl turns "{_{", "}_}", "{_%" and "%_}" anywhere in the rendered XML into "{{", "}}",
    # "{%" and "%}" (its own escapes): a second w:t between the characters keeps such record
    # text as written.
    rich.xml = _DOCXTPL_ESCAPE.sub('</w:t><w:t xml:space="preserve">', rich.xml)
    return rich


def _jinja_value(value: object, tpl: Any, link_style: str) -> object:
    if isinstance(value, Text):
        return _rich_text(value, tpl, link_style)
    if is_dataclass(value) and not isinstance(value, type):
        return _node(
            type(value).__name__,
            {f.name: _jinja_value(getattr(value, f.name), tpl, link_style) for f in fields(value)},
        )
    if isinstance(value, tuple | list):
        return tuple(_jinja_value(item, tpl, link_style) for item in value)
    return value


def jinja_context(ctx: Context, tpl: Any) -> dict[str, object]:
    """The names the template may use: the fields of ``Context``, converted for Jinja."""
    link_style = link_style_id(tpl)
    return {f.name: _jinja_value(getattr(ctx, f.name), tpl, link_style) for f in fields(ctx)}


class _Environment(SandboxedEnvironment):
    """The sandboxed environment, compiling each distinct template text once per process: the
    same template is rendered for every document, and a render process that renders one
    document after another (``sandbox.run_all``) compiles it for the first only."""

    def __init__(self) -> None:
        # Autoescaping matters: docxtpl splices values into XML and parses the result leniently,
        # so an unescaped "&" or "<" would silently cut the text short. RichText values declare
        # themselves safe (``__html__``) and are not escaped twice.
        super().__init__(autoescape=True, undefined=jinja2.StrictUndefined)
        self.filters[run_styles.FILTER] = run_styles.run_style
        self._compiled: dict[str, jinja2.Template] = {}

    def from_string(
        self,
        source: str | jinja2.nodes.Template,
        globals: MutableMapping[str, Any] | None = None,
        template_class: type[jinja2.Template] | None = None,
    ) -> jinja2.Template:
        if not isinstance(source, str) or globals is not None or template_class is not None:
            return super().from_string(source, globals, template_class)
        found = self._compiled.get(source)
        if found is None:
            found = self._compiled[source] = super().from_string(source)
        return found


_ENVIRONMENT: list[_Environment] = []


def _environment() -> SandboxedEnvironment:
    if not _ENVIRONMENT:
        _ENVIRONMENT.append(_Environment())
    return _ENVIRONMENT[0]


def starved(error: BaseException) -> bool:
    """Whether an XML parser failed for want of memory: in a process held to a memory limit,
    libxml2 says "Memory allocation failed", or "unknown error" when it cannot even build its
    message, and expat "out of memory". Such a failure is the limit's, not the template's."""
    text = str(error)
    return any(
        sign in text for sign in ("Memory allocation failed", "unknown error", "out of memory")
    )


def _publication_datetime(published: str) -> dt.datetime:
    """The first day of the publication month, midnight UTC."""
    match = re.fullmatch(r"(\d{4})-(\d{2})(?:-\d{2})?", published.strip())
    try:
        if match is None:
            raise ValueError(published)
        return dt.datetime(int(match.group(1)), int(match.group(2)), 1, tzinfo=dt.UTC)
    except ValueError:
        raise RenderError(
            f"the publication date {published!r} is not a year and month (YYYY-MM)"
        ) from None


def modified_datetime(
    published: dt.datetime, environ: Mapping[str, str] | None = None
) -> dt.datetime:
    """When the document was last modified: ``SOURCE_DATE_EPOCH`` if set, else ``published``."""
    raw = (os.environ if environ is None else environ).get(SOURCE_DATE_EPOCH, "").strip()
    if not raw:
        return published
    try:
        if not raw.isdigit():
            raise ValueError(raw)
        return dt.datetime.fromtimestamp(int(raw), tz=dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise RenderError(
            f"{SOURCE_DATE_EPOCH}={raw!r} is not a time: it should be a whole number of "
            "seconds since 1970-01-01 UTC (for example `git log -1 --format=%ct`)"
        ) from None


def _near(exc: BaseException) -> str:
    """The template text around a Jinja error, as docxtpl records it, tags stripped."""
    lines = [line.strip() for line in getattr(exc, "docx_context", None) or ()]
    shown = " | ".join(line for line in lines if line)
    if len(shown) > 240:
        shown = shown[:240] + "…"
    return f" (near: {shown})" if shown else ""


def _strict(tpl: Any, template: Path) -> None:
    """Refuse malformed rendered XML instead of letting docxtpl's lenient parser drop text."""
    fix_tables = tpl.fix_tables

    def checked(xml: str) -> Any:
        try:
            ElementTree.fromstring(xml.encode("utf-8"))
        except ElementTree.ParseError as exc:
            if starved(exc):
                raise MemoryError from exc
            raise RenderError(
                f"{template}: the rendered document is not well-formed XML ({exc}); a formatted "
                "text is probably printed with {{ … }} where it needs {{r … }}"
            ) from exc
        return fix_tables(xml)

    tpl.fix_tables = checked


def _check_runs(body: Any, template: Path) -> None:
    """Refuse runs nested in text: well-formed XML, but a document Word will not open."""
    for text in body.iter(qn("w:t")):
        if len(text):
            raise RenderError(
                f"{template}: a formatted text is printed with {{{{ … }}}} where it needs "
                f"{{{{r … }}}} (near: {''.join(text.itertext())[:80]!r})"
            )


def _drop_empty_runs(body: Any) -> None:
    """Remove the empty runs docxtpl leaves on both sides of every ``{{r … }}`` (with the
    tag's run properties, when it has any)."""
    properties = qn("w:rPr")
    for run in list(body.iter(qn("w:r"))):
        kids = [kid for kid in run if kid.tag != properties]
        if len(kids) == 1 and len(run) <= 2 and kids[0].tag == qn("w:t") and not kids[0].text:
            run.getparent().remove(run)


def _zip_date(moment: dt.datetime) -> tuple[int, int, int, int, int, int]:
    moment = min(max(moment.astimezone(dt.UTC), _ZIP_EARLIEST), _ZIP_LATEST)
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


def _stable_zip(data: bytes, modified: dt.datetime) -> bytes:
    """The package rewritten so that only its contents decide its bytes.

    Entry order, dates, attributes and compression would otherwise follow the order python-docx
    happened to save the parts in, the clock, the operating system and zlib's defaults.
    """
    date_time = _zip_date(modified)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        names = sorted(
            (info.filename for info in source.infolist() if not info.is_dir()),
            key=lambda name: (name != _FIRST_ENTRY, name),
        )
        for name in names:
            entry = zipfile.ZipInfo(name, date_time=date_time)
            entry.create_system = _CREATE_SYSTEM
            entry.external_attr = _EXTERNAL_ATTR
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(name), compresslevel=_COMPRESS_LEVEL)
    return out.getvalue()


def render(template: Path, ctx: Context) -> bytes:
    """The .docx bytes of ``ctx`` printed through the docxtpl ``template``."""
    published = _publication_datetime(ctx.properties.published)
    modified = modified_datetime(published)
    try:
        tpl = DocxTemplate(str(template))
        tpl.init_docx()
    except (OSError, PackageNotFoundError, zipfile.BadZipFile, KeyError) as exc:
        raise RenderError(
            f"{template}: cannot open the template as a Word document ({exc})"
        ) from exc
    except etree.XMLSyntaxError as exc:  # a part of the package that is not well-formed XML
        if starved(exc):
            raise MemoryError from exc
        raise RenderError(
            f"{template}: cannot open the template as a Word document: a part of it is not "
            f"well-formed XML ({exc})"
        ) from exc
    _strict(tpl, template)
    run_styles.pass_on(tpl.docx.element.body)
    try:
        tpl.render(jinja_context(ctx, tpl), jinja_env=_environment(), autoescape=True)
    except jinja2.TemplateSyntaxError as exc:
        raise RenderError(f"{template}: template syntax error: {exc.message}{_near(exc)}") from exc
    except jinja2.UndefinedError as exc:
        raise RenderError(
            f"{template}: the template uses a name the document does not have: "
            f"{exc.message}{_near(exc)}"
        ) from exc
    except SecurityError as exc:
        raise RenderError(
            f"{template}: the template tries something not allowed: {exc}{_near(exc)}"
        ) from exc
    except jinja2.TemplateError as exc:
        raise RenderError(
            f"{template}: the template cannot be rendered: {exc}{_near(exc)}"
        ) from exc
    except RenderError:
        raise
    except Exception as exc:
        if isinstance(exc, etree.XMLSyntaxError | ElementTree.ParseError) and starved(exc):
            raise MemoryError from exc
        # Anything else raised while the template runs (a filter given the wrong value, a
        # division by zero in an expression) is still a template problem, not a crash.
        raise RenderError(
            f"{template}: the template cannot be rendered: {type(exc).__name__}: {exc}"
        ) from exc

    _check_runs(tpl.docx.element.body, template)
    _drop_empty_runs(tpl.docx.element.body)

    props = tpl.docx.core_properties
    props.title = ctx.properties.title
    props.author = ctx.properties.author
    props.last_modified_by = ctx.properties.author
    props.language = ctx.properties.language or LANGUAGE
    props.created = published
    props.modified = modified
    props.revision = 1

    buffer = io.BytesIO()
    tpl.save(buffer)
    return _stable_zip(buffer.getvalue(), modified)
