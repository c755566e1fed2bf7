"""Property-based tests: mutate the valid 2021/22 record and hold the validator to its promises.

Each example takes the record's loaded data, applies a few mutations (delete a key or item,
duplicate one, retype a value, reorder a mapping or list, replace or extend a text with arbitrary
Unicode), writes it back out with PyYAML's safe dumper and validates the file. Whatever the input:

- validation never raises and never blames itself (no ``internal-error``);
- every finding points inside the file (a real line, a column within that line or just after it);
- a text holding a character a .docx cannot carry as written, or a key written twice, is refused
  with a finding;
- reordering the keys of mappings changes nothing;
- no finding is reported twice;
- a record it accepts renders, passes the output checks, and every printed text of the record
  appears in the .docx exactly as written once its inline markup is applied.

The same properties are checked for every node of the record (and of the registry) replaced in
turn, and for each input that once broke one. ``make fuzz`` runs all of it with the ``fuzz``
profile (see tests/conftest.py and docs/robustness.md).
"""

from __future__ import annotations

import copy
import dataclasses
import io
import re
import zipfile
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from lxml import etree

from hmip_docs.checks import document as checks
from hmip_docs.context import model
from hmip_docs.core.findings import INTERNAL_ERROR, Finding, Severity
from hmip_docs.load.yamlload import load_file
from hmip_docs.record import markup, placeholders
from hmip_docs.record.organisations import Registry
from hmip_docs.render import word
from hmip_docs.validate import schema, validator
from hmip_docs.validate.rules import RECORD_RULES
from hmip_docs.validate.validator import Checked, check_file
from tests.conftest import RECORD, REGISTRY, TEMPLATE

Path_ = tuple[str | int, ...]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")

# Plain texts the document prints (the other plain texts feed placeholders or are notes).
_PRINTED_PLAIN = (
    ("questions", "*", "topic"),
    ("questions", "*", "heading"),
    ("questions", "*", "decision", "programme", "strands", "*", "heading"),
    ("questions", "*", "decision", "programme", "strands", "*", "thematics", "*", "title"),
    ("respondents", "list", "*", "printed"),
    ("responses", "questions", "*", "heading"),
    ("responses", "questions", "*", "areas", "*", "heading"),
    ("responses", "questions", "*", "areas", "*", "suggestions", "*", "topic"),
)
_OUTCOME_TEXT = ("responses", "questions", "*", "areas", "*", "outcomes", "*", "text")


def _unprintable(char: str) -> bool:
    """Whether a .docx cannot carry ``char`` in text as written: XML 1.0 cannot hold it (its Char
    production), it is a non-character, or XML turns it into another (CR becomes LF)."""
    code = ord(char)
    if code in (0x9, 0xA):
        return False
    return code < 0x20 or 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF)


# ------------------------------------------------------------------------------------ fixtures


@cache
def _base() -> dict[str, Any]:
    loaded = load_file(RECORD)
    assert loaded.document is not None, loaded.findings
    return loaded.document.data


@cache
def _registry() -> Registry:
    loaded = load_file(REGISTRY)
    assert loaded.document is not None, loaded.findings
    return Registry.from_data(loaded.document.data)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for every example (hypothesis examples cannot use function-scoped ones)."""
    return tmp_path_factory.mktemp("properties")


# ------------------------------------------------------------------------------------ mutations


class _Twice:
    """A mapping that is written with one of its keys twice (a dict cannot hold that)."""

    def __init__(self, pairs: list[tuple[object, object]]) -> None:
        self.pairs = pairs


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper, plus ``_Twice``."""


def _represent_twice(dumper: yaml.SafeDumper, value: _Twice) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", value.pairs)


_Dumper.add_representer(_Twice, _represent_twice)


def _dump(data: object) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False)


def _nodes(data: object) -> list[tuple[Path_, object]]:
    """Every node with its path, in document order (``_Twice`` is a leaf)."""
    out: list[tuple[Path_, object]] = []
    stack: list[tuple[Path_, object]] = [((), data)]
    while stack:
        path, node = stack.pop()
        out.append((path, node))
        children: list[tuple[Path_, object]] = []
        if isinstance(node, dict):
            children = [((*path, key), value) for key, value in node.items()]
        elif isinstance(node, list):
            children = [((*path, index), value) for index, value in enumerate(node)]
        stack.extend(reversed(children))
    return out


def _get(data: object, path: Path_) -> Any:
    node: Any = data
    for part in path:
        node = node[part]
    return node


def _get_or_none(data: object, path: Path_) -> Any:
    try:
        return _get(data, path)
    except (KeyError, IndexError, TypeError):
        return None


def _short(value: object) -> str:
    text = repr(value.pairs if isinstance(value, _Twice) else value)
    return text if len(text) <= 120 else text[:117] + "..."


def _set(data: object, path: Path_, value: object) -> object:
    """``data`` with the node at ``path`` replaced (the root itself when ``path`` is empty)."""
    if not path:
        return value
    _get(data, path[:-1])[path[-1]] = value
    return data


_SPECIAL = (
    "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\x9b\u2028\u2029\ud800\udfff\ufffe\uffff\t\r\n"
    "{}[]*\\%#&<>\"'`|:-!@_~ \u00a0\u200b\u202e\U0001f600"
)
_CHARS = st.one_of(st.characters(exclude_categories=()), st.sampled_from(_SPECIAL))
_TEXT = st.text(_CHARS, max_size=30)
_KINDS: tuple[tuple[type, st.SearchStrategy[Any]], ...] = (
    (type(None), st.none()),
    (bool, st.booleans()),
    (int, st.integers()),
    (float, st.floats()),
    (str, st.text(max_size=12)),
    (list, st.lists(st.one_of(st.none(), st.integers(), st.text(max_size=8)), max_size=3)),
    (dict, st.dictionaries(st.text(max_size=8), st.one_of(st.none(), st.text()), max_size=3)),
)
_VALUE = st.one_of([strategy for _, strategy in _KINDS])


def _other_kind(node: object) -> st.SearchStrategy[Any]:
    """Values of every kind but ``node``'s (a bool is not an int here)."""
    return st.one_of([strategy for kind, strategy in _KINDS if type(node) is not kind])


class Case:
    """A mutated record: its data, the YAML written for it, and what was done to it."""

    def __init__(self, data: object) -> None:
        self.data = data
        self.steps: list[str] = []
        self.only_key_reorders = True

    @property
    def text(self) -> str:
        return _dump(self.data)

    def __repr__(self) -> str:
        return f"Case({'; '.join(self.steps)})"

    @property
    def twice(self) -> bool:
        """Whether a key is written twice somewhere."""
        return any(isinstance(node, _Twice) for _, node in _nodes(self.data))

    def illegal_chars(self) -> list[str]:
        """Characters a .docx cannot carry anywhere in the data (keys included)."""
        found: list[str] = []
        for _, node in _nodes(self.data):
            texts: list[object] = [node]
            if isinstance(node, dict):
                texts.extend(node)
            elif isinstance(node, _Twice):
                texts.extend(item for pair in node.pairs for item in pair)
            for text in texts:
                if isinstance(text, str):
                    found.extend(char for char in text if _unprintable(char))
        return found


@st.composite
def cases(draw: st.DrawFn) -> Case:
    case = Case(copy.deepcopy(_base()))
    for _ in range(draw(st.integers(1, 3))):
        # Texts twice as often: most text edits keep the record valid, so they reach the renderer.
        kind = draw(st.sampled_from(("delete", "duplicate", "retype", "reorder", "text", "text")))
        nodes = _nodes(case.data)
        if kind == "text":
            nodes = [(p, n) for p, n in nodes if isinstance(n, str)]
        elif kind == "reorder":
            nodes = [(p, n) for p, n in nodes if isinstance(n, dict | list) and len(n) > 1]
        elif kind in ("delete", "duplicate"):
            nodes = [(p, n) for p, n in nodes if p]
        if not nodes:
            continue
        path, node = draw(st.sampled_from(nodes))
        if kind != "reorder" or isinstance(node, list):
            case.only_key_reorders = False
        if kind == "delete":
            del _get(case.data, path[:-1])[path[-1]]
        elif kind == "duplicate":
            parent = _get(case.data, path[:-1])
            if isinstance(parent, list):
                parent.insert(path[-1] + 1, copy.deepcopy(node))
            else:
                pairs = list(parent.items())
                at = next(i for i, (key, _) in enumerate(pairs) if key == path[-1])
                pairs.insert(draw(st.integers(at + 1, len(pairs))), (path[-1], draw(_VALUE)))
                _set(case.data, path[:-1], _Twice(pairs))
        elif kind == "retype":
            case.data = _set(case.data, path, draw(_other_kind(node)))
        elif kind == "reorder":
            if isinstance(node, dict):
                keys = draw(st.permutations(list(node)))
                _set(case.data, path, {key: node[key] for key in keys})
            else:
                _set(case.data, path, draw(st.permutations(node)))
        else:
            assert isinstance(node, str)
            new = draw(_TEXT)
            if draw(st.booleans()):
                at = draw(st.integers(0, len(node)))
                new = node[:at] + new + node[at:]
            _set(case.data, path, new)
        where = "/".join(map(str, path))
        now = "(gone)" if kind == "delete" else _short(_get_or_none(case.data, path))
        case.steps.append(f"{kind} /{where} -> {now}")
    return case


# ------------------------------------------------------------------------------------ checking


def _validate(text: str, workdir: Path) -> tuple[Checked, list[str]]:
    path = workdir / "consultation-response.yaml"
    path.write_text(text, encoding="utf-8")
    checked = check_file(
        path, schema.compiled(schema.RECORD_SCHEMA), RECORD_RULES.values(), _registry()
    )
    return checked, text.split("\n")


def _assert_inside(finding: Finding, lines: list[str]) -> None:
    assert 1 <= finding.line <= len(lines), finding
    assert 1 <= finding.column <= len(lines[finding.line - 1]) + 1, finding


def _docx_text(docx: bytes) -> list[str]:
    """Every paragraph's text as a reader sees it: breaks as "\\n", tabs as "\\t"."""
    out: list[str] = []
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        for name in sorted(n for n in archive.namelist() if _PARTS.match(n)):
            root = etree.fromstring(archive.read(name))
            for paragraph in root.iter(f"{_W}p"):
                parts: list[str] = []
                for node in paragraph.iter(f"{_W}t", f"{_W}br", f"{_W}tab"):
                    if node.tag == f"{_W}t":
                        parts.append(node.text or "")
                    elif node.tag == f"{_W}br":
                        parts.append("\n")
                    else:
                        parts.append("\t")
                out.append("".join(parts))
    return out


def _printed(record: Mapping[str, Any], registry: Registry) -> Iterator[tuple[Path_, str]]:
    """Every printed text of a valid record, as the reader must see it."""
    compiled = schema.compiled(schema.RECORD_SCHEMA)
    values = placeholders.values(record, registry)
    for pattern in compiled.defs_at["text"]:
        for path, value in schema.instances(record, pattern):
            if tuple(pattern) == _OUTCOME_TEXT and not _outcome_used(record, path):
                continue  # an outcome no suggestion points at has no row to print in
            assert isinstance(value, str)
            yield path, markup.parse(value, values).plain
    for pattern in _PRINTED_PLAIN:
        for path, value in schema.instances(record, pattern):
            assert isinstance(value, str)
            yield path, value


def _outcome_used(record: Mapping[str, Any], path: Path_) -> bool:
    area = _get(record, path[:-3])
    outcome_id = area["outcomes"][path[-2]]["id"]
    return any(s.get("outcome") == outcome_id for s in area["suggestions"])


def _strings(data: object) -> Iterator[str]:
    for _, node in _nodes(data):
        if isinstance(node, str):
            yield node


def _check(case: Case, workdir: Path) -> bool:
    """Assert every property of one case; return whether the record was accepted."""
    checked, lines = _validate(case.text, workdir)
    findings = checked.findings
    assert not [f for f in findings if f.rule == INTERNAL_ERROR], findings
    for finding in findings:
        _assert_inside(finding, lines)
    assert len(set(findings)) == len(findings), "a finding is reported twice"
    rules = {f.rule for f in findings if f.counts and f.severity is Severity.ERROR}

    illegal = case.illegal_chars()
    if illegal:
        assert not checked.valid, f"{illegal!r} accepted"
        assert rules & {"yaml-bad-character", "yaml-syntax"}, findings
    if case.twice:
        assert "yaml-duplicate-key" in rules, findings
    if case.only_key_reorders:
        assert checked.valid, findings
    if not checked.valid:
        return False

    assert checked.data is not None
    ctx = model.build(checked.data, _registry())
    document = word.render(TEMPLATE, ctx)
    problems = checks.check(document, _strings(checked.data), "record")
    assert not [p for p in problems if p.severity is Severity.ERROR], problems
    shown = "\n\n".join(_docx_text(document))
    for path, text in _printed(checked.data, _registry()):
        assert text in shown, f"{'/'.join(map(str, path))}: {text!r} is not in the document"
    return True


# ------------------------------------------------------------------------------------ the tests


def test_the_unmutated_record_is_accepted_and_every_text_is_printed(workdir: Path) -> None:
    """The oracle itself: the shipped record passes every property."""
    assert _check(Case(copy.deepcopy(_base())), workdir)


def test_the_printed_text_check_notices_a_missing_text(workdir: Path) -> None:
    """The oracle can fail: a document without the last feedback paragraph is caught."""
    checked, _ = _validate(_dump(_base()), workdir)
    assert checked.data is not None
    ctx = model.build(checked.data, _registry())
    cut = dataclasses.replace(ctx, feedback=ctx.feedback[:-1])
    shown = "\n\n".join(_docx_text(word.render(TEMPLATE, cut)))
    printed = list(_printed(checked.data, _registry()))
    assert len(printed) > 100
    missing = [path for path, text in printed if text not in shown]
    assert missing == [("feedback", len(ctx.feedback) - 1)]


_DELETE = object()

# Inputs that broke a promise once (each fixed since), checked on every run.
FOUND = {
    "a section that is not a mapping": [(("document",), 5)],
    "contributors that are not a list": [
        (
            ("questions", 0, "decision", "programme", "strands", 0, "thematics", 0, "contributors"),
            True,
        )
    ],
    "a publisher that is a list": [(("document", "publisher"), [])],
    "questions that are not a list": [(("questions",), True)],
    "outcomes that are not a list": [(("responses", "questions", 0, "areas", 0, "outcomes"), True)],
    "an outcome id that is a list": [
        (("responses", "questions", 0, "areas", 0, "suggestions", 0, "outcome"), ["x"])
    ],
    "agreed thematics that are not a list": [
        (("questions", 0, "decision", "agreed_later", "thematics"), True)
    ],
    "a key holding NEXT LINE": [(("schema_version",), {"\x85": None})],
    "an escaped carriage return": [(("headings", "introduction"), "Intro\rduction")],
    "docxtpl's own escapes": [(("headings", "responses"), "Summary {_{ 1 }_} {_% x %_}")],
    "two required fields missing": [
        (("headings", "introduction"), _DELETE),
        (("headings", "summary"), _DELETE),
    ],
}


@pytest.mark.parametrize("name", FOUND)
def test_inputs_found_by_fuzzing(workdir: Path, name: str) -> None:
    case = Case(copy.deepcopy(_base()))
    case.only_key_reorders = False
    for path, value in FOUND[name]:
        if value is _DELETE:
            del _get(case.data, path[:-1])[path[-1]]
        else:
            case.data = _set(case.data, path, copy.deepcopy(value))
    _check(case, workdir)


_SWEEP_VALUES: tuple[object, ...] = (True,)
"""What every list and mapping is replaced by in turn (rules that iterate one met ``true``);
``make fuzz`` replaces every node by every kind of value, and deletes it."""
_SWEEP_ALL = settings().max_examples > 1000
if _SWEEP_ALL:
    _SWEEP_VALUES = (None, True, 7, 1.5, "x", [], ["x", 1], {}, {"k": "v"}, _DELETE)


def test_every_node_replaced_by_every_kind_of_value(workdir: Path) -> None:
    """Exhaustive where the random search is sparse: each node of the record, one at a time."""
    problems: list[str] = []
    for path, node in _nodes(_base()):
        for value in _SWEEP_VALUES:
            if not path or type(value) is type(node):
                continue
            if not _SWEEP_ALL and not isinstance(node, dict | list):
                continue
            case = Case(copy.deepcopy(_base()))
            case.only_key_reorders = False
            if value is _DELETE:
                del _get(case.data, path[:-1])[path[-1]]
            else:
                case.data = _set(case.data, path, copy.deepcopy(value))
            try:
                _check(case, workdir)
            except AssertionError as error:
                problems.append(f"/{'/'.join(map(str, path))} = {value!r}: {str(error)[:200]}")
    assert not problems, "\n".join(problems[:20])


def test_every_registry_node_replaced_by_every_kind_of_value(workdir: Path) -> None:
    """The same for the registry: it validates, and the record still validates against it."""
    loaded = load_file(REGISTRY)
    assert loaded.document is not None
    base = loaded.document.data
    record = workdir / "record.yaml"
    record.write_text(_dump(_base()), encoding="utf-8")
    problems: list[str] = []
    for path, node in _nodes(base):
        for value in _SWEEP_VALUES:
            if not path or type(value) is type(node):
                continue
            if not _SWEEP_ALL and not isinstance(node, dict | list):
                continue
            data = copy.deepcopy(base)
            if value is _DELETE:
                del _get(data, path[:-1])[path[-1]]
            else:
                data = _set(data, path, copy.deepcopy(value))
            text = _dump(data)
            registry = workdir / "organisations.yaml"
            registry.write_text(text, encoding="utf-8")
            result = validator.validate([record], registry)
            lines = text.split("\n")
            for finding in result.findings:
                where = f"/{'/'.join(map(str, path))} = {value!r}: {finding}"
                if finding.rule == INTERNAL_ERROR:
                    problems.append(where)
                elif finding.file.endswith("organisations.yaml"):
                    try:
                        _assert_inside(finding, lines)
                    except AssertionError:
                        problems.append(f"outside the file: {where}")
    assert not problems, "\n".join(problems[:20])


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(cases())
def test_mutated_records_never_break_the_validator(workdir: Path, case: Case) -> None:
    event("accepted" if _check(case, workdir) else "refused")
