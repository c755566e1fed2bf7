"""Build documents: validate, build the context, render, check the output, write it atomically.

A record with errors gives no document and leaves any earlier one untouched.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hmip_docs import checks, context, markup
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


def output_name(record: Path) -> str:
    """``records/2021-22/consultation-response.yaml`` → ``consultation-response-2021-22.docx``."""
    folder = record.resolve().parent.name
    return (
        f"{record.stem}-{folder}.docx" if folder and folder != "records" else f"{record.stem}.docx"
    )


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
) -> Built:
    """Render a validated record to ``destination``; nothing is written unless all checks pass
    (under ``strict``, unless no warning stands either).

    ``renderer`` is a render process started ahead (``sandbox.Renderer``), else one is started
    here."""
    from hmip_docs import sandbox, write

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
    write.clean_stale_temps(destination.parent, destination.name)
    write.write_atomic(destination, document)
    return Built(checked.path, destination, problems)
