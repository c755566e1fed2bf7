"""The two schema engines agree: jsonschema-rs decides validity, python-jsonschema explains.

python-jsonschema is the reference. On every fixture (the shipped records, the test fixtures,
the bad-input corpus, each rule's example edit, and one mutation per schema keyword) both engines
must find the same set of (path, keyword) failures, so jsonschema-rs's "valid" can be trusted and
the messages, which are always made from python-jsonschema's errors, are the ones it would give.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hmip_docs.core.pointers import pointer
from hmip_docs.load.yamlload import load_file, load_yaml
from hmip_docs.reference.rule_examples import EDITS
from hmip_docs.validate import schema
from tests.conftest import FIXTURES, RECORD, ROOT

Failures = set[tuple[str, str]]


def _reference(compiled: schema.CompiledSchema, data: object) -> Failures:
    return {
        (pointer(list(e.absolute_path)), e.validator) for e in compiled.validator.iter_errors(data)
    }


def _fast(compiled: schema.CompiledSchema, data: object) -> Failures:
    return {
        (pointer(list(e.instance_path)), str(e.schema_path[-1]))
        for e in compiled.fast.iter_errors(data)
    }


def _compiled_for(path: Path) -> schema.CompiledSchema:
    name = schema.REGISTRY_SCHEMA if path.name == "organisations.yaml" else schema.RECORD_SCHEMA
    return schema.compiled(name)


def _files() -> list[Path]:
    found = sorted(FIXTURES.rglob("*.yaml"))
    found += sorted((ROOT / "tests" / "robustness" / "corpus").glob("*.yaml"))
    return [path for path in found if load_file(path).document is not None]


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_engines_agree_on_every_fixture_file(path: Path) -> None:
    document = load_file(path).document
    assert document is not None
    compiled = _compiled_for(path)
    assert _fast(compiled, document.data) == _reference(compiled, document.data)
    assert compiled.is_valid(document.data) == (not _reference(compiled, document.data))


@pytest.mark.parametrize("edit", EDITS, ids=[f"{e.rule}-{n}" for n, e in enumerate(EDITS)])
def test_engines_agree_on_every_rule_example(edit: Any) -> None:
    edited = ROOT / edit.file  # the record, or the registry
    loaded = load_yaml(edit.apply(edited.read_text("utf-8")).encode("utf-8"))
    if loaded.document is None:
        pytest.skip("the edit is a YAML problem: no data reaches the schema")
    compiled = _compiled_for(edited)
    data = loaded.document.data
    assert _fast(compiled, data) == _reference(compiled, data)
    assert compiled.is_valid(data) == (not _reference(compiled, data))


def _thematic(record: dict[str, Any], index: int) -> dict[str, Any]:
    found: dict[str, Any] = record["questions"][0]["decision"]["programme"]["strands"][0][
        "thematics"
    ][index]
    return found


def _outcome(record: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = record["responses"]["questions"][0]["areas"][0]["outcomes"][1]
    return found


# One mutation per keyword the record schema uses, and values JSON itself cannot hold.
MUTATIONS: dict[str, Callable[[dict[str, Any]], object]] = {
    "required": lambda r: r["document"].pop("title"),
    "additionalProperties": lambda r: r["document"].update(titel="x"),
    "type and enum": lambda r: r.update(schema_version="one"),
    "enum": lambda r: _thematic(r, 0).update(kind="solo"),
    "pattern": lambda r: r["document"].update(programme_year="2021-2022"),
    "format date": lambda r: r["consultation"].update(letter_issued="2021-02-30"),
    "minItems": lambda r: r["respondents"].update(list=[]),
    "minLength": lambda r: r["document"].update(title=""),
    "uniqueItems": lambda r: _thematic(r, 0)["partners"].append(_thematic(r, 0)["partners"][0]),
    "if-then required": lambda r: _thematic(r, 0).pop("partners"),
    "if-then not": lambda r: _thematic(r, 1).update(partners=["hmcpsi"]),
    "then required year": lambda r: _outcome(r).pop("year"),
    "anyOf format uri": lambda r: r["links"]["corporate-plan"].update(address="ftp:/x"),
    "propertyNames": lambda r: r["links"].update({"Bad Key": {"address": ""}}),
    "empty root": lambda r: r.clear(),
    "float that is whole": lambda r: r.update(schema_version=1.0),
    "boolean for number": lambda r: r.update(schema_version=True),
    "huge integer": lambda r: r.update(schema_version=10**30),
    "not a number": lambda r: r.update(schema_version=float("nan")),
}


@pytest.mark.parametrize("name", MUTATIONS)
def test_engines_agree_on_each_keyword(name: str) -> None:
    record = load_file(RECORD).document
    assert record is not None
    data = copy.deepcopy(record.data)
    MUTATIONS[name](data)
    compiled = schema.compiled(schema.RECORD_SCHEMA)
    reference = _reference(compiled, data)
    assert _fast(compiled, data) == reference
    assert compiled.is_valid(data) == (not reference)
    if name not in ("float that is whole",):
        assert reference, "the mutation should break the record"


# --------------------------------------------------------------------------- regex dialects

# A string each pattern accepts, so that characters can be tried inside a passing text too.
EXAMPLES = {
    r"\S": "text",
    r"^(/[^/]*)*$": "/links/a",
    r"^(000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})-(0[1-9]|1[0-2])$": "2021-09",
    r"^(000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})/"
    r"(000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})$": "2021/2022",
    r"^[a-z0-9]+(-[a-z0-9]+)*$": "hmi-probation",
    r"^https?://": "https://example.org/",
}


def _patterns() -> set[str]:
    found: set[str] = set()
    for name in (schema.RECORD_SCHEMA, schema.REGISTRY_SCHEMA):
        found |= schema.keyword_values(schema.compiled(name).schema, "pattern")
    return found


def test_every_schema_pattern_has_an_example() -> None:
    assert _patterns() <= set(EXAMPLES), "add an accepted example for each new pattern"


@pytest.mark.parametrize("pattern", sorted(EXAMPLES))
def test_jsonschema_rs_accepts_nothing_python_refuses_but_the_listed_characters(
    pattern: str,
) -> None:
    """Where the regex dialects differ, jsonschema-rs must be the stricter one, except for the
    characters ``schema._DIVERGENT`` lists (records holding them always go to the reference)."""
    import jsonschema_rs

    example = EXAMPLES[pattern]
    assert re.search(pattern, example)
    chars = [chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000]
    chars += [chr(c) for c in range(0x10000, 0x110000, 997)]
    texts = [t for c in chars for t in (c, example + c, c + example, example[:1] + c + example[1:])]
    refused = [text for text in texts if not re.search(pattern, text)]
    # An error for "not pattern" is a text jsonschema-rs accepts: few, so cheap to list.
    fast = jsonschema_rs.Draft202012Validator(
        {"type": "array", "items": {"not": {"pattern": pattern}}}
    )
    looser = {refused[int(e.instance_path[0])] for e in fast.iter_errors(refused)}
    assert looser or pattern != r"\S", "the known difference must show: is the check working?"
    unexplained = {text for text in looser if not schema._DIVERGENT.search(text)}
    assert unexplained == set()


def test_divergent_text_goes_to_the_reference() -> None:
    record = load_file(RECORD).document
    assert record is not None
    data = copy.deepcopy(record.data)
    data["document"]["title"] = "\x85"  # white space to Python, a character to ECMA-262
    compiled = schema.compiled(schema.RECORD_SCHEMA)
    assert compiled.fast.is_valid(data)  # jsonschema-rs alone would let it through
    assert not compiled.is_valid(data)
    assert [f.keyword for f in compiled.failures(data)] == ["pattern"]


# --------------------------------------------------------------------------- random values

_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text()
    | st.sampled_from(["", "2021/2022", "2021-09", "hmi-probation", "joint", "2021-02-30"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(node: object, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, child in node.items():
            found += _paths(child, (*path, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found += _paths(child, (*path, index))
    return found


_DATA = load_file(RECORD).document
_ALL_PATHS = _paths(_DATA.data if _DATA else {})[1:]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(where=st.sampled_from(_ALL_PATHS), value=_VALUES)
def test_is_valid_agrees_with_the_reference_for_any_value_anywhere(
    where: tuple[str | int, ...], value: object
) -> None:
    assert _DATA is not None
    data = copy.deepcopy(_DATA.data)
    node: Any = data
    for part in where[:-1]:
        node = node[part]
    node[where[-1]] = value
    compiled = schema.compiled(schema.RECORD_SCHEMA)
    assert compiled.is_valid(data) == (not _reference(compiled, data))
