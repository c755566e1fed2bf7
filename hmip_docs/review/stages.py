"""The rest of the package as review uses it: configuration, validation, the template context,
the reading-order text, rendering and the output checks in a render process under limits, and
the atomic write. This is the only module of ``review`` that imports other modules of
``hmip_docs``; each import is made where it is first needed, so ``diff`` loads no Word stack.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from hmip_docs.review import items, locate, revisions

if TYPE_CHECKING:
    from hmip_docs.context.model import Context
    from hmip_docs.core.findings import Finding
    from hmip_docs.export.write import Protected
    from hmip_docs.load.config import Config
    from hmip_docs.record.organisations import Registry
    from hmip_docs.render.sandbox import RenderLimits


class ReviewError(Exception):
    """The command cannot run as asked: a usage error (exit 2)."""


class Record(NamedTuple):
    """A record read and validated: as the user named it, the file read, its data (None when
    invalid), its registry, and the findings of both."""

    shown: str
    path: Path
    data: Any
    registry: Registry
    findings: tuple[Finding, ...]
    revision: bool = False


def config() -> Config:
    from hmip_docs.load import config as configuration

    try:
        return configuration.load()
    except configuration.ConfigError as error:
        raise ReviewError(str(error)) from error


def display(path: Path) -> str:
    from hmip_docs.validate.validator import display as shown

    return shown(path)


def record_suffixes() -> tuple[str, ...]:
    from hmip_docs.validate.validator import RECORD_SUFFIXES

    return RECORD_SUFFIXES


class Workspace:
    """Where records read from git revisions are put while a command runs."""

    def __init__(self) -> None:
        self._folder: Any = None  # made on first use: most runs read no revision
        self._count = 0

    def put(self, name: str, data: bytes) -> Path:
        if self._folder is None:
            import tempfile

            self._folder = tempfile.TemporaryDirectory(prefix="hmip-docs-review-")
        self._count += 1
        folder = Path(self._folder.name) / str(self._count)
        folder.mkdir()
        path = folder / (Path(name).name or "record.yaml")
        path.write_bytes(data)
        return path

    def close(self) -> None:
        if self._folder is not None:
            self._folder.cleanup()


def _fetch(argument: str, space: Workspace) -> tuple[Path, str, bool]:
    """The file to validate for ``argument``, the name reports give it, and whether it was read
    from a git revision."""
    revision = revisions.parse(argument)
    if revision is None:
        path = Path(argument)
        if not path.exists():
            raise ReviewError(f"{argument}: no such file")
        if path.is_dir():
            raise ReviewError(f"{argument}: give a record file, not a folder")
        if not path.is_file():  # a FIFO or a device: reading one could block for ever
            raise ReviewError(f"{argument}: not a regular file: give a record file")
        return path, display(path), False
    try:
        return space.put(revision.path, revisions.show(revision)), str(revision), True
    except revisions.RevisionError as error:
        raise ReviewError(f"{argument}: {error}") from None


def read(arguments: Sequence[str], cfg: Config, space: Workspace) -> list[Record]:
    """Read and validate records, each a file or ``REV:PATH`` at a git revision, together (the
    registry once). All are read with the current registry: a registry only gains names, and a
    record of an older revision is checked by today's rules, which it could fail against a
    registry from before them."""
    from hmip_docs.validate import validator as validate

    fetched = [_fetch(argument, space) for argument in arguments]
    registry = cfg.registry
    if not registry.is_file():
        raise ReviewError(f"the registry {display(registry)} does not exist")
    for path, shown, _ in fetched:
        if validate.resolved(path) == validate.resolved(registry):
            raise ReviewError(f"{shown} is the registry: give record files")
    result = validate.validate(
        [path for path, _, _ in fetched], registry, jobs=1, records_root=cfg.records
    )
    registry_ok = result.files[0].valid
    records = []
    for (path, shown, from_git), checked in zip(fetched, result.files[1:], strict=True):
        temp = {display(path): shown}
        findings = tuple(f.replace(file=temp.get(f.file, f.file)) for f in checked.findings)
        if not registry_ok:
            findings += result.files[0].findings
        data = checked.data if checked.valid and registry_ok else None
        records.append(Record(shown, path, data, result.registry, findings, from_git))
    return records


def report(records: Sequence[Record], colour: bool) -> str:
    """The validation report of records that could not be compared (text, as ``validate``)."""
    from hmip_docs.load.files import source_lines
    from hmip_docs.load.yamlload import DEFAULT_LIMITS
    from hmip_docs.report import FORMATS, Summary

    findings = sorted({f for r in records for f in r.findings}, key=lambda f: f.sort_key())
    sources: dict[str, list[str]] = {}
    for record in records:
        lines = None if record.revision else source_lines(record.path, DEFAULT_LIMITS.max_bytes)
        if lines is not None:  # else the findings say why, shown without code frames
            sources[record.shown] = lines
    summary = Summary(len(records), sources, colour, checked=tuple(r.shown for r in records))
    return FORMATS["text"](findings, summary)


def report_findings(findings: Sequence[Finding], colour: bool) -> str:
    """The output checks' findings on a redline, as ``validate`` prints findings."""
    from hmip_docs.report import FORMATS, Summary

    summary = Summary(1, {}, colour, checked=tuple({f.file for f in findings}))
    return FORMATS["text"](list(findings), summary)


def side(record: Record) -> items.Side:
    """How the record prints: texts with its placeholders filled and markup applied, as the
    template context prints them (``markup.parse``), organisations by name."""
    from hmip_docs.record import markup, placeholders

    values = placeholders.values(record.data, record.registry)
    filled: dict[str, str] = {}

    def fill(source: str) -> str:
        if source not in filled:
            try:
                filled[source] = "".join(span.text for span in markup.parse(source, values).spans)
            except Exception:  # a text the markup cannot read prints as written
                filled[source] = source
        return filled[source]

    def name(value: str) -> str | None:
        organisation = record.registry.get(value)
        return organisation.short if organisation is not None else None

    return items.Side(fill, name)


def context_of(record: Record) -> Context:
    from hmip_docs.context import model

    return model.build(record.data, record.registry)


def document_blocks(record: Record) -> list[locate.Block]:
    """The record's document in reading order, block by block, with where each block is."""
    from hmip_docs.export import markdown

    return locate.blocks(markdown.markdown(context_of(record)))


# ---- the redline, in a render process ------------------------------------------------------


def change_date(published: str) -> str:
    """When the changes were made, as Word writes it: ``SOURCE_DATE_EPOCH`` if set, else the
    first day of the new record's publication month."""
    from hmip_docs.render import word

    moment = word.modified_datetime(word._publication_datetime(published))
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def printed(ctx: Context) -> Iterable[str]:
    from hmip_docs.export.build import printed_texts

    return printed_texts(ctx)


def redline_job(
    template: Path, old: Context, new: Context, file: str, limits: RenderLimits
) -> tuple[bytes, list[Finding]]:
    """The work of ``redline`` in its render process: both documents rendered, the tracked
    changes between them, and the output checks of the result."""
    from hmip_docs.checks import document as checks
    from hmip_docs.render import sandbox
    from hmip_docs.review import redline

    before = sandbox.render_document(template, old, limits)
    after = sandbox.render_document(template, new, limits)
    date = change_date(new.properties.published)
    marked = redline.redline(before, after, new.properties.author, date)
    texts = [*printed(new), *printed(old)]
    return marked, checks.check(marked, texts, file)


def run_redline(template: Path, old: Record, new: Record) -> tuple[bytes, list[Finding]]:
    """The redline of two valid records, rendered and checked under the render's limits."""
    from hmip_docs.render import sandbox
    from hmip_docs.render.errors import RenderError

    job = sandbox.Job(
        redline_job,
        (template, context_of(old), context_of(new), new.shown, sandbox.DEFAULT_LIMITS),
        template,
    )
    try:
        result: tuple[bytes, list[Finding]] = sandbox.run(job)
    except RenderError as error:
        raise ReviewError(str(error)) from error
    return result


def fails(findings: Iterable[Finding]) -> bool:
    from hmip_docs.core.findings import Severity

    return any(f.counts and f.severity is Severity.ERROR for f in findings)


def write(output: Path, data: bytes, guard: Protected) -> None:
    """Write ``data`` atomically (``write.write_atomic``)."""
    from hmip_docs.export import write as writing

    try:
        target = writing.destination(output, guard)
        writing.clean_stale_temps(target.parent, target.name)
        writing.write_atomic(output, data, guard)
    except writing.OutputError as error:
        raise ReviewError(str(error)) from error
