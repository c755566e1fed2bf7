"""Validate records: load each file, check it against its schema, then run the cross-field rules.

All files are checked in one run and every finding is kept; a load failure or a broken rule is a
finding, never a crash. Rules stay quiet where the schema already failed, so one mistake gives one
finding. Suppressions written in a record mark matching findings as accepted, with the reason.

Many files are checked by worker processes (``workers.py``), one per processor, each reusing one
compiled schema and the registry; workers import only the validation modules, never the Word
stack. A few files are checked in this process: starting workers would cost more.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from hmip_docs import schema, workers
from hmip_docs.findings import Finding, Severity
from hmip_docs.registry import Registry
from hmip_docs.rules import RECORD_RULES, REGISTRY_RULES, RecordFacts, Rule
from hmip_docs.yamlload import Document, load_file

INTERNAL_ERROR = "internal-error"

POOL_MIN_FILES = 8
"""Below this many records, checking them here is quicker than starting workers."""


class Checked(NamedTuple):
    """One validated file: its data when it could be read, and its findings."""

    path: Path
    data: Mapping[str, Any] | None
    findings: tuple[Finding, ...]

    @property
    def valid(self) -> bool:
        """Whether no unsuppressed error stands."""
        return not any(f.counts and f.severity is Severity.ERROR for f in self.findings)

    def passes(self, strict: bool) -> bool:
        """Whether the file may be built: valid, and under ``strict`` without standing warnings."""
        return self.valid and not (strict and any(f.counts for f in self.findings))


class Result(NamedTuple):
    """The outcome of validating a set of files together with their registry."""

    registry: Registry
    files: tuple[Checked, ...]

    @property
    def findings(self) -> list[Finding]:
        """Every finding of every file, in report order."""
        return sorted((f for c in self.files for f in c.findings), key=Finding.sort_key)


def display(path: Path, root: Path | None = None) -> str:
    """A path as reports show it: relative to ``root`` (the current folder) where possible."""
    base = (root or Path.cwd()).resolve()
    try:
        return path.resolve().relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


class _Stamper(NamedTuple):
    """Turns what a check knows (rule, message, path in the record) into a positioned Finding."""

    document: Document
    file: str
    schema: schema.CompiledSchema

    def position(self, pointer: str, at_key: bool) -> tuple[int, int]:
        """Where ``pointer`` is in the file: its key's place, or its value's.

        A missing key points at the key of the mapping that lacks it (for a list entry, at the
        entry itself), else at the nearest ancestor the file has.
        """
        document = self.document
        if at_key and pointer in document.key_positions:
            return document.key_positions[pointer]
        if not at_key and pointer in document.positions:
            return document.positions[pointer]
        parent = pointer.rsplit("/", 1)[0] if pointer else ""
        while parent:
            if parent in document.key_positions:
                return document.key_positions[parent]
            if parent in document.positions:
                return document.positions[parent]
            parent = parent.rsplit("/", 1)[0]
        return (1, 1)

    def finding(
        self,
        rule: str,
        severity: Severity,
        message: str,
        hint: str,
        path: tuple[str | int, ...],
        at_key: bool,
    ) -> Finding:
        """A finding at ``path``, with its position and the item in the author's words."""
        where = schema.pointer(path)
        line, column = self.position(where, at_key)
        return Finding(
            rule=rule,
            severity=severity,
            message=message,
            hint=hint,
            file=self.file,
            line=line,
            column=column,
            path=where,
            item=self.schema.item(self.document.data, path),
        )


def _run_rules(rules: Iterable[Rule], facts: RecordFacts, stamp: _Stamper) -> list[Finding]:
    findings: list[Finding] = []
    for rule in rules:
        try:
            findings.extend(
                stamp.finding(rule.id, rule.severity, hit.message, hit.hint, hit.path, hit.at_key)
                for hit in rule.check(facts)
            )
        except Exception as error:  # a broken rule is the tool's fault, reported as such
            findings.append(internal_error(error, stamp.file, f"while checking rule {rule.id}"))
    return findings


SHOW_TRACEBACKS = False
"""Set by ``--debug``: print the traceback of every internal error as it happens (to stderr)."""


def internal_error(error: BaseException, file: str, doing: str) -> Finding:
    """A finding that blames the tool, not the input."""
    import traceback  # (only here: a run without internal errors does not load it)

    if SHOW_TRACEBACKS:
        traceback.print_exception(error, file=sys.stderr)
    last = traceback.extract_tb(error.__traceback__)[-1:] if error.__traceback__ else []
    where = f" ({Path(last[0].filename).name}:{last[0].lineno})" if last else ""
    return Finding(
        rule=INTERNAL_ERROR,
        severity=Severity.ERROR,
        message=f"hmip-docs failed {doing}: {type(error).__name__}: {error}{where}",
        hint="this is a fault in hmip-docs, not in the record; run with --debug and report it",
        file=file,
    )


def _suppress(findings: list[Finding], data: Mapping[str, Any], stamp: _Stamper) -> list[Finding]:
    entries = data.get("suppressions")
    if not isinstance(entries, list):
        return findings
    used = [False] * len(entries)
    out: list[Finding] = []
    for finding in findings:
        for index, entry in enumerate(entries):
            if not isinstance(entry, Mapping) or finding.rule == INTERNAL_ERROR:
                continue
            where = entry.get("path")
            if (
                entry.get("rule") == finding.rule
                and isinstance(where, str)
                and (finding.path == where or finding.path.startswith(where.rstrip("/") + "/"))
                and isinstance(entry.get("reason"), str)
            ):
                finding = finding.replace(suppressed=" ".join(entry["reason"].split()))
                used[index] = True
                break
        out.append(finding)
    if any(f.counts and f.severity is Severity.ERROR for f in out):
        return out  # whether a suppression is stale is only known once the errors are fixed
    for index, entry in enumerate(entries):
        if not used[index] and isinstance(entry, Mapping):
            out.append(
                stamp.finding(
                    "suppression-unused",
                    Severity.WARNING,
                    f"this suppression of `{entry.get('rule')}` at `{entry.get('path')}` "
                    "matches no finding",
                    "remove it: the problem it accepted is gone",
                    ("suppressions", index),
                    False,
                )
            )
    return out


def check_file(
    path: Path,
    compiled: schema.CompiledSchema,
    rules: Iterable[Rule],
    registry: Registry | None,
) -> Checked:
    """Load, schema-check and rule-check one file; ``registry`` None means this is the registry."""
    file = display(path)
    loaded = load_file(path)
    findings = [f.replace(file=file) for f in loaded.findings]
    document = loaded.document
    if document is None:
        return Checked(path, None, tuple(findings))
    data = document.data
    stamp = _Stamper(document, file, compiled)
    try:
        schema_findings = [
            stamp.finding(f.rule, Severity.ERROR, f.message, f.hint, f.path, f.at_key)
            for f in compiled.failures(data)
        ]
        findings += schema_findings
        if registry is None:
            registry = Registry.from_data(data)
        facts = RecordFacts(
            data=data,
            schema=compiled,
            registry=registry,
            failed=frozenset(f.path for f in schema_findings),
        )
        findings += _run_rules(rules, facts, stamp)
        findings = _suppress(findings, data, stamp)
    except Exception as error:  # never let the tool's own fault pass as invalid input
        findings.append(internal_error(error, file, "while validating"))
    return Checked(path, data, tuple(sorted(findings, key=Finding.sort_key)))


def validate(
    records: Sequence[Path],
    registry_path: Path,
    *,
    keep_data: bool = True,
    jobs: int | None = None,
) -> Result:
    """Validate the registry and the given record files.

    ``keep_data`` False drops each record's data once it is checked (``Checked.data`` is then
    None), which is all a report needs; ``jobs`` caps the worker processes (default: one per
    processor, and none for a few files).
    """
    registry_check = check_file(
        registry_path,
        schema.compiled(schema.REGISTRY_SCHEMA),
        REGISTRY_RULES.values(),
        None,
    )
    registry = Registry.from_data(registry_check.data or {})
    registry_file = registry_path.resolve()
    paths = [path for path in records if path.resolve() != registry_file]
    count = workers.count(len(paths), jobs, POOL_MIN_FILES)
    if count > 1:
        # Compiled before the workers start, so forked ones inherit it.
        schema.compiled(schema.RECORD_SCHEMA)
        checked = workers.run(
            _check_record,
            paths,
            workers=count,
            initializer=_start,
            initargs=(registry, keep_data),
        )
    else:
        _start(registry, keep_data)
        checked = [_check_record(path) for path in paths]
    return Result(registry, (registry_check, *checked))


_STATE: dict[str, Any] = {}
"""What ``_check_record`` needs, set once per process by ``_start``."""


def _start(registry: Registry, keep_data: bool) -> None:
    _STATE.update(
        schema=schema.compiled(schema.RECORD_SCHEMA),
        rules=tuple(RECORD_RULES.values()),
        registry=registry,
        keep_data=keep_data,
    )


def _check_record(path: Path) -> Checked:
    checked = check_file(path, _STATE["schema"], _STATE["rules"], _STATE["registry"])
    if not _STATE["keep_data"]:
        checked = Checked(checked.path, None, checked.findings)
    return checked


def discover(paths: Sequence[Path], records_root: Path, registry_path: Path) -> list[Path]:
    """The record files to check: every ``*.yaml`` under each folder given (default: the
    records root), and each file given, without the registry, in a stable order."""
    found: list[Path] = []
    for path in paths or [records_root]:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.yaml") if p.is_file()))
            found.extend(sorted(p for p in path.rglob("*.yml") if p.is_file()))
        else:
            found.append(path)
    registry = registry_path.resolve()
    unique = dict.fromkeys(p for p in found if p.resolve() != registry)
    return list(unique)
