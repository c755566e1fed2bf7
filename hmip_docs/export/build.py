"""Build documents: validate, build the context, render, check the output, write it atomically.

A record with errors gives no document and leaves any earlier one untouched. Rendering and the
output checks cost what the template makes them cost, so both run in a render process held to
the limits (``sandbox``); this process builds the context and writes the document.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hmip_docs.context import model
from hmip_docs.context.model import Context, Text
from hmip_docs.core.findings import Finding, Severity
from hmip_docs.export import write
from hmip_docs.render import sandbox

if TYPE_CHECKING:  # (the render process imports this module: it needs none of the validator)
    from hmip_docs.record.organisations import Registry
    from hmip_docs.render.sandbox import Renderer
    from hmip_docs.validate.validator import Checked

    Job = tuple[Checked, Registry, Path, Path, str, bool, write.Protected]
    """What ``build_one`` builds: a checked record, the registry, the template, the
    destination, the record's name as reports show it, whether warnings stop the write
    (``--strict``), and what the write must never replace."""


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


def printed_texts(ctx: Context) -> Iterator[str]:
    """Every text of the context as it prints (the record's own text, markup applied)."""
    stack: list[object] = [ctx]
    while stack:
        node = stack.pop()
        if isinstance(node, Text):
            yield node.plain
        elif isinstance(node, str):
            yield node
        elif isinstance(node, tuple):
            stack.extend(node)
        elif is_dataclass(node) and not isinstance(node, type):
            stack.extend(getattr(node, f.name) for f in fields(node))


def render_and_check(
    template: Path, ctx: Context, file: str, limits: sandbox.RenderLimits
) -> tuple[bytes, list[Finding]]:
    """The work of a build in its render process: the document, and what the output checks
    (accessibility, leftover tags) find in it."""
    from hmip_docs.checks import document as checks
    from hmip_docs.checks import heading_levels

    document = sandbox.render_document(template, ctx, limits)
    outline = heading_levels.outline(ctx)
    return document, checks.check(document, printed_texts(ctx), file, outline=outline)


def _job(job: Job, limits: sandbox.RenderLimits) -> sandbox.Job:
    checked, registry, template, _, file, _, _ = job
    assert checked.data is not None
    ctx = model.build(checked.data, registry)
    return sandbox.Job(render_and_check, (template, ctx, file, limits), template)


def _keep(job: Job, result: tuple[bytes, Sequence[Finding]]) -> Built:
    """Write a rendered document, unless its checks found an error (or, under ``strict``, any
    finding), and never over what the job protects (``write.destination``)."""
    checked, _, _, destination, _, strict, protected = job
    document, found = result
    problems = tuple(found)
    if any(p.severity is Severity.ERROR or strict for p in problems):
        return Built(checked.path, None, problems)
    target = write.destination(destination, protected)
    write.clean_stale_temps(target.parent, target.name)
    write.write_atomic(destination, document, protected)
    return Built(checked.path, destination, problems)


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
    if not checked.passes(strict) or checked.data is None:
        return Built(checked.path, None, ())
    job: Job = (checked, registry, template, destination, file, strict, protected)
    work = _job(job, sandbox.DEFAULT_LIMITS)
    result = renderer.run(work) if renderer else sandbox.run(work)
    return _keep(job, result)


def build_all(jobs: Sequence[Job], renderer: Renderer, processes: int) -> list[Built]:
    """``build_one`` of each job, in their order: the documents rendered and checked by up to
    ``processes`` render processes at once (``renderer``'s among them), each written as soon as
    it is checked. The first render error stops them all."""
    out = [Built(job[0].path, None, ()) for job in jobs]
    valid = [n for n, job in enumerate(jobs) if job[0].passes(job[5]) and job[0].data is not None]
    limits = sandbox.DEFAULT_LIMITS
    work: Iterable[sandbox.Job] = (_job(jobs[n], limits) for n in valid)
    for index, result in renderer.run_all(work, limits, processes=processes):
        out[valid[index]] = _keep(jobs[valid[index]], result)
    return out
