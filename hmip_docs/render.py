"""Render a template context into the bytes of a Word document through a docxtpl template.

The template sees the context as it is declared in ``context.py``: every dataclass becomes an
object with the same attribute names and every ``Text`` becomes a docxtpl ``RichText`` (bold,
italics, hyperlinks in the template's "Hyperlink" character style, line breaks), so the template
prints prose with ``{{r … }}``. Jinja runs sandboxed, escaping every value and refusing unknown
names; template mistakes come back as ``RenderError``. The output is reproducible: document
dates come from the publication month and the package's entry dates are fixed.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
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

from hmip_docs.context import Context, Text

HYPERLINK_STYLE = "Hyperlink"  # the character style id links are printed in
LANGUAGE = "en-GB"
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


class RenderError(Exception):
    """The template cannot be rendered: a syntax mistake, an unknown name, a refused operation."""


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


def _rich_text(text: Text, tpl: Any) -> Any:
    """A ``Text`` as docxtpl runs; a link without an address is printed as plain text."""
    rich = RichText()
    for run in text.runs:
        url_id = tpl.build_url_id(run.url) if run.link and run.url else None
        style = HYPERLINK_STYLE if url_id else None
        for index, line in enumerate(run.text.split("\n")):
            if index:
                # A line break of its own: docxtpl's "\n" handling would also touch tabs etc.
                rich.xml += "<w:r><w:br/></w:r>"
            if line:
                rich.add(line, style=style, bold=run.bold, italic=run.italic, url_id=url_id)
    return rich


def _jinja_value(value: object, tpl: Any) -> object:
    if isinstance(value, Text):
        return _rich_text(value, tpl)
    if is_dataclass(value) and not isinstance(value, type):
        return _node(
            type(value).__name__,
            {f.name: _jinja_value(getattr(value, f.name), tpl) for f in fields(value)},
        )
    if isinstance(value, tuple | list):
        return tuple(_jinja_value(item, tpl) for item in value)
    return value


def jinja_context(ctx: Context, tpl: Any) -> dict[str, object]:
    """The names the template may use: the fields of ``Context``, converted for Jinja."""
    return {f.name: _jinja_value(getattr(ctx, f.name), tpl) for f in fields(ctx)}


def _environment() -> SandboxedEnvironment:
    # Autoescaping matters: docxtpl splices values into XML and parses the result leniently, so
    # an unescaped "&" or "<" would silently cut the text short. RichText values declare
    # themselves safe (``__html__``) and are not escaped twice.
    return SandboxedEnvironment(autoescape=True, undefined=jinja2.StrictUndefined)


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
    """Remove the empty runs docxtpl leaves on both sides of every ``{{r … }}``."""
    for run in list(body.iter(qn("w:r"))):
        if len(run) == 1 and run[0].tag == qn("w:t") and not run[0].text:
            run.getparent().remove(run)


def _stable_zip(data: bytes) -> bytes:
    """The package with fixed entry dates, so the same input always gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def render(template: Path, ctx: Context) -> bytes:
    """The .docx bytes of ``ctx`` printed through the docxtpl ``template``."""
    published = _publication_datetime(ctx.properties.published)
    try:
        tpl = DocxTemplate(str(template))
        tpl.init_docx()
    except (OSError, PackageNotFoundError, zipfile.BadZipFile, KeyError) as exc:
        raise RenderError(
            f"{template}: cannot open the template as a Word document ({exc})"
        ) from exc
    _strict(tpl, template)
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
    props.modified = published
    props.revision = 1

    buffer = io.BytesIO()
    tpl.save(buffer)
    return _stable_zip(buffer.getvalue())
