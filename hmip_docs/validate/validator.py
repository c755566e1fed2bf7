"""Validate records: load each file, check it against its schema, then run the cross-field rules.

All files are checked in one run and every finding is kept; a load failure or a broken rule is a
finding, never a crash. Rules stay quiet where the schema already failed, so one mistake gives one
finding. Suppressions written in a record mark matching findings as accepted, with the reason.

Many files are checked by worker processes (``core/workers.py``), one per processor, each reusing
one compiled schema and the registry; workers import only the validation modules, never the Word
stack. A few files are checked in this process: starting workers would cost more.

Longer than the 400 lines a module is kept to: the search for records, the run over them (in
this process or in workers) and suppressions share the checked files and their display.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Container, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from hmip_docs.core import workers
from hmip_docs.core.findings import INTERNAL_ERROR, Finding, Severity
from hmip_docs.core.pointers import pointer
from hmip_docs.load.yamlload import Document, load_file
from hmip_docs.record import decisions, decisions_file, versions
from hmip_docs.record.organisations import Registry
from hmip_docs.validate import schema
from hmip_docs.validate.cycle import cross, editions, markers
from hmip_docs.validate.rules import RECORD_RULES, REGISTRY_RULES, RecordFacts, Rule

POOL_MIN_FILES = 8
"""Below this many records, checking them here is quicker than starting workers."""


class Checked(NamedTuple):
    """One validated file: its data when it could be read, and its findings."""

    path: Path
    data: Mapping[str, Any] | None
    findings: tuple[Finding, ...]
    edition: editions.Edition | None = None
    """What the cross-edition rules need of a record (``cycle.editions``)."""

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
    problems: tuple[Finding, ...] = ()
    """Findings about the search for records (``discover``): folders that hide records."""

    @property
    def findings(self) -> list[Finding]:
        """Every finding of every file, and of the search, in report order."""
        found = [f for c in self.files for f in c.findings]
        return sorted([*found, *self.problems], key=Finding.sort_key)


def resolved(path: Path) -> Path:
    """``path`` absolute, with symbolic links followed as far as they lead: a link that loops
    (or a folder that cannot be read) is kept by name, where ``Path.resolve`` would raise."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a loop, before Python 3.13
        try:
            return path.parent.resolve() / path.name
        except (OSError, RuntimeError):
            return path.absolute()


def display(path: Path, root: Path | None = None) -> str:
    """A path as reports show it: relative to ``root`` (the current folder) where possible.
    A symbolic link is shown by its own name, not by where it leads (which may not exist)."""
    base = (root or Path.cwd()).resolve()
    named = resolved(path.parent) / path.name if path.name not in ("", "..") else resolved(path)
    try:
        return named.relative_to(base).as_posix()
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
        where = pointer(path)
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
    try:
        loaded = load_file(path)
    except Exception as error:  # the loader's own fault: this file's finding; the run goes on
        return Checked(path, None, (internal_error(error, file, "while reading the file"),))
    findings = [f.replace(file=file) for f in loaded.findings]
    document = loaded.document
    if document is None:
        return Checked(path, None, tuple(findings))
    data = document.data
    stamp = _Stamper(document, file, compiled)
    old = versions.old_version(data, file) if registry is not None else None
    if old is not None:  # one finding: the rest of the record is read once it is upgraded
        finding = stamp.finding(
            versions.RULE, Severity.ERROR, old.message, old.hint, ("schema_version",), False
        )
        return Checked(path, data, (*findings, finding))
    edition = None
    try:
        schema_findings = [
            stamp.finding(f.rule, Severity.ERROR, f.message, f.hint, f.path, f.at_key)
            for f in compiled.failures(data)
        ]
        # Items a new edition leaves to write are one finding each, from rule to-write.
        marked = markers.pointers(data) if registry is not None else frozenset()
        findings += markers.unmarked(schema_findings, marked) if marked else schema_findings
        if registry is not None:
            edition = editions.extract(document, file, path, registry.decisions)
        else:
            registry = Registry.from_data(data)
        facts = RecordFacts(
            data=data,
            schema=compiled,
            registry=registry,
            failed=frozenset(f.path for f in schema_findings) | marked,
        )
        findings += _run_rules(rules, facts, stamp)
        findings = _suppress(findings, data, stamp)
    except Exception as error:  # never let the tool's own fault pass as invalid input
        findings.append(internal_error(error, file, "while validating"))
    return Checked(path, data, tuple(sorted(findings, key=Finding.sort_key)), edition)


def validate(
    records: Sequence[Path],
    registry_path: Path,
    *,
    keep_data: bool = True,
    jobs: int | None = None,
    problems: Sequence[Finding] = (),
    records_root: Path | None = None,
) -> Result:
    """Validate the registry and the given record files.

    ``keep_data`` False drops each record's data once it is checked (``Checked.data`` is then
    None), which is all a report needs; ``jobs`` caps the worker processes (default: one per
    processor, and none for a few files); ``problems`` are the findings of the search for the
    records (``Discovered.findings``), reported with the rest; ``records_root`` is the records
    folder (default: the registry's), whose records are editions, each in its year's folder.
    """
    registry_check = check_file(
        registry_path,
        schema.compiled(schema.REGISTRY_SCHEMA),
        REGISTRY_RULES.values(),
        None,
    )
    try:
        registry = Registry.from_data(registry_check.data or {})
    except Exception:  # reported on the registry by check_file, which made the same call
        registry = Registry({})
    vocabulary, vocabulary_problems = decisions_file.load(
        decisions.beside(registry_path), display(decisions.beside(registry_path))
    )
    registry = registry._replace(decisions=vocabulary)
    problems = (*problems, *vocabulary_problems)
    skipped = {resolved(registry_path), resolved(decisions.beside(registry_path))}
    paths = [path for path in records if resolved(path) not in skipped]
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
    if vocabulary is None:
        checked = [
            _unchecked_decisions(c, display(decisions.beside(registry_path))) for c in checked
        ]
    root = resolved(records_root if records_root is not None else registry_path.parent)
    return Result(registry, (registry_check, *_across(checked, root)), tuple(problems))


def _unchecked_decisions(checked: Checked, vocabulary: str) -> Checked:
    """A record whose decisions could not be checked, the vocabulary being missing or broken:
    an error of its own, so that no document is built from it until the vocabulary is fixed."""
    if checked.data is None:
        return checked
    finding = Finding(
        rule="decisions-vocabulary",
        severity=Severity.ERROR,
        message=(
            f"the decisions of this record cannot be checked: the vocabulary of decision kinds "
            f"({vocabulary}) is missing or has errors"
        ),
        hint="fix the vocabulary (its findings are reported with it); nothing is built until then",
        file=display(checked.path),
        line=0,
        column=0,
    )
    return checked._replace(
        findings=tuple(sorted((*checked.findings, finding), key=Finding.sort_key))
    )


def _across(checked: list[Checked], root: Path) -> list[Checked]:
    """The files with the findings of the rules that compare editions added to theirs; the
    records under ``root`` are editions, each in its year's folder."""
    editions = []
    for c in checked:
        if c.edition is not None:
            where = resolved(c.path)
            editions.append(
                c.edition._replace(
                    in_records=where.is_relative_to(root), at_top=where.parent == root
                )
            )
    found = cross.findings(editions)
    if not found:
        return checked
    out = []
    for c in checked:
        more = found.get(c.edition.file, []) if c.edition is not None else []
        if more:
            c = c._replace(findings=tuple(sorted((*c.findings, *more), key=Finding.sort_key)))
        out.append(c)
    return out


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
    """Check one record (in a worker or here); whatever fails is a finding of this record, so
    that one file never stops the run or hides the others' findings."""
    try:
        checked = check_file(path, _STATE["schema"], _STATE["rules"], _STATE["registry"])
    except Exception as error:
        return Checked(path, None, (internal_error(error, display(path), "while validating"),))
    if not _STATE["keep_data"]:
        checked = Checked(checked.path, None, checked.findings, checked.edition)
    return checked


SEARCH_RULES = ("folder-unreadable", "folder-without-record", "no-records")
"""The rule ids of the findings the search for records makes."""

RECORD_SUFFIXES = (".yaml", ".yml")
"""How a record file's name ends (in any case: ``.YAML`` is a record too)."""


class Discovered(NamedTuple):
    """The record files to check, and findings for whatever could hide a record."""

    files: list[Path]
    findings: list[Finding]


def _search_finding(rule: str, severity: Severity, message: str, hint: str, path: Path) -> Finding:
    return Finding(rule=rule, severity=severity, message=message, hint=hint, file=display(path))


def _search(
    root: Path, skipped: Container[Path], files: list[Path], findings: list[Finding]
) -> None:
    """Add every record file under the folder ``root`` to ``files``, and to ``findings`` a
    finding for each folder that cannot be read or holds no record.

    Every entry named like a record that is not a folder is taken, whatever it is (a broken or
    looping symbolic link, a FIFO): reading it reports what is wrong with it. Folders are
    walked without recursion, each once (a symbolic link back to a folder already walked is not
    followed again); hidden folders (``.git``) are not walked.
    """
    parents: dict[Path, Path | None] = {}
    counts: dict[Path, int] = {}
    walked: set[tuple[int, int]] = set()
    stack: list[tuple[Path, Path | None]] = [(root, None)]
    while stack:
        folder, parent = stack.pop()
        try:
            info = os.stat(folder)
            if (info.st_dev, info.st_ino) in walked:
                continue
            walked.add((info.st_dev, info.st_ino))
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as error:
            findings.append(
                _search_finding(
                    "folder-unreadable",
                    Severity.ERROR,
                    f"cannot read the folder {display(folder)}: {error.strerror or error}",
                    "let hmip-docs read the folder (on Linux and macOS, `chmod u+rx`), or move "
                    "it out of the records; until then no record in it is checked",
                    folder,
                )
            )
            if parent is not None:
                counts[parent] += 1  # it may hold records: its parent is not reported as empty
            continue
        parents[folder] = parent
        subfolders, counts[folder] = _take_records(entries, skipped, files)
        findings.extend(_broken_folder_links(entries))
        stack.extend((subfolder, folder) for subfolder in reversed(subfolders))
    _report_empty(root, parents, counts, findings)


def _take_records(
    entries: list[os.DirEntry[str]], skipped: Container[Path], files: list[Path]
) -> tuple[list[Path], int]:
    """Add the records among one folder's ``entries`` to ``files``: the folder's subfolders to
    walk (hidden ones aside), and how many records it holds itself."""
    subfolders: list[Path] = []
    count = 0
    for entry in entries:
        name = entry.name
        path = Path(entry.path)
        try:
            is_folder = entry.is_dir()  # follows a symbolic link; False for a broken one
        except OSError:
            is_folder = False
        if is_folder and not name.startswith("."):
            subfolders.append(path)
        if not name.lower().endswith(RECORD_SUFFIXES) or resolved(path) in skipped:
            continue
        if name.startswith(".#") and entry.is_symlink() and not os.path.exists(path):
            continue  # an editor's lock file (Emacs), a broken link by design
        files.append(path)  # even a folder named like a record: reading it says what it is
        count += 1
    return subfolders, count


def _broken_folder_links(entries: list[os.DirEntry[str]]) -> list[Finding]:
    """A finding for each symbolic link named like a folder (no suffix) that leads nowhere: it
    may have been meant to hold records (a year folder kept elsewhere)."""
    found = []
    for entry in entries:
        path = Path(entry.path)
        if entry.name.startswith(".") or path.suffix or not entry.is_symlink():
            continue
        if os.path.exists(path):
            continue
        found.append(
            _search_finding(
                "folder-unreadable",
                Severity.ERROR,
                f"cannot read the folder {display(path)}: it is a symbolic link to "
                f"{os.readlink(path)}, which does not exist",
                "point the link at the folder it stands for, or remove it; until then no record "
                "in it is checked",
                path,
            )
        )
    return found


def _report_empty(
    root: Path,
    parents: dict[Path, Path | None],
    counts: dict[Path, int],
    findings: list[Finding],
) -> None:
    """Report a search that found no record at all, else each folder without a record beside
    folders that hold some (the records of a folder count for every folder above it)."""
    for folder in reversed(list(parents)):  # children before parents: add up the counts
        above = parents[folder]
        if above is not None:
            counts[above] += counts[folder]
    if root in counts and counts[root] == 0:
        findings.append(
            _search_finding(
                "no-records",
                Severity.ERROR,
                f"no record was found in {display(root)}",
                "a record is a .yaml or .yml file in this folder or below it (the registry "
                "aside): check the folder's name and the records' file names",
                root,
            )
        )
        return
    for folder, above in parents.items():
        if folder.name.lower().endswith(RECORD_SUFFIXES):
            continue  # reported as a record that is not a file
        if above is not None and counts[folder] == 0 and counts[above] > 0:
            findings.append(
                _search_finding(
                    "folder-without-record",
                    Severity.WARNING,
                    f"the folder {display(folder)} holds no record, so nothing in it is checked",
                    "save the record in it as a .yaml file, or remove the folder",
                    folder,
                )
            )


def discover(paths: Sequence[Path], records_root: Path, registry_path: Path) -> Discovered:
    """The record files to check: every ``*.yaml`` and ``*.yml`` under each folder given
    (default: the records root), and each file given, without the registry, in a stable order;
    with a finding for each folder that hides records or holds none (a run that found no record
    must not pass as one that found nothing wrong)."""
    found: list[Path] = []
    findings: list[Finding] = []
    # The registry and the vocabulary of decision kinds beside it are not records.
    skipped = {resolved(registry_path), resolved(decisions.beside(registry_path))}
    for path in paths or [records_root]:
        if path.is_dir():
            files: list[Path] = []
            _search(path, skipped, files, findings)
            found.extend(sorted(files))
        else:
            found.append(path)
    unique = dict.fromkeys(p for p in found if resolved(p) not in skipped)
    return Discovered(list(unique), findings)
