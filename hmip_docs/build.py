"""Build documents: validate, build the context, render, check the output, write it atomically.

A record with errors gives no document and leaves any earlier one untouched.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hmip_docs import checks, context, markup, write
from hmip_docs.findings import Finding, Severity
from hmip_docs.registry import Registry
from hmip_docs.validate import Checked

if TYPE_CHECKING:
    from hmip_docs.sandbox import Renderer


@dataclass(frozen=True)
class Built:
    """The outcome for one record: where it was written, or the findings that stopped it."""

    record: Path
    output: Path | None
    findings: tuple[Finding, ...]


def output_name(record: Path, records: Path | None = None) -> str:
    """The file name of a record's document: the record's name, then the folders it lies in
    below the records folder ``records``, joined by hyphens.

    ``records/2021-22/consultation-response.yaml`` → ``consultation-response-2021-22.docx``;
    ``records/consultation/2021-22/…`` → ``consultation-response-consultation-2021-22.docx``, so
    the same year under two folders gives two names. A record outside ``records`` is named after
    its own folder (unless that folder is called ``records``).
    """
    real = record.resolve()
    try:
        folders = real.parent.relative_to(records.resolve()).parts if records else None
    except ValueError:
        folders = None
    if folders is None:
        folder = real.parent.name
        folders = (folder,) if folder and folder != "records" else ()
    return "-".join((record.stem, *folders)) + ".docx"


def _strings(data: object) -> Iterator[str]:
    """Every text of the record, as written and, where it escapes characters (``\\{`` prints
    ``{``), as prose prints it: the output checks allow the tag-like text the record holds."""
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            yield node
            if "\\" in node:
                yield markup.parse(node, {}).plain
        elif isinstance(node, Mapping):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def build_one(
    checked: Checked,
    registry: Registry,
    template: Path,
    destination: Path,
    file: str,
    renderer: Renderer | None = None,
    strict: bool = False,
    protected: write.Protected = write.NOTHING,
) -> Built:
    """Render a validated record to ``destination``; nothing is written unless all checks pass
    (under ``strict``, unless no warning stands either), and never over what ``protected`` holds
    (``write.destination``).

    ``renderer`` is a render process started ahead (``sandbox.Renderer``), else one is started
    here."""
    from hmip_docs import sandbox

    if not checked.passes(strict) or checked.data is None:
        return Built(checked.path, None, ())
    data: Mapping[str, Any] = checked.data
    ctx = context.build(data, registry)
    # In a child process, under time and memory limits.
    document = renderer.render(template, ctx) if renderer else sandbox.render(template, ctx)
    # The output checks (accessibility, leftover tags): any error means nothing is written.
    problems = tuple(checks.check(document, _strings(data), file))
    if any(p.severity is Severity.ERROR or strict for p in problems):
        return Built(checked.path, None, problems)
    target = write.destination(destination, protected)
    write.clean_stale_temps(target.parent, target.name)
    write.write_atomic(destination, document, protected)
    return Built(checked.path, destination, problems)
