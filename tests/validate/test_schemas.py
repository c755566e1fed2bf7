"""The schemas serve editors and reviewers: every property is titled and described, objects are
closed, enums are closed lists, and no ``oneOf`` over objects makes errors unreadable."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from hmip_docs.reference.editor_schema import GENERATED
from tests.conftest import ROOT

SCHEMAS = sorted((ROOT / "schemas").glob("*.schema.json"))


def _subschemas(node: Any, where: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        if node.get("$comment") == GENERATED:  # the editor's copy of a rule, checked beside it
            return
        yield where, node
        for key, child in node.items():
            if key in ("x-errors", "x-enum-descriptions", "enum", "const", "required", "if"):
                continue
            yield from _subschemas(child, f"{where}/{key}")
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from _subschemas(child, f"{where}/{index}")


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_schema_is_valid_draft_2020_12_with_an_id(path: Path) -> None:
    schema = json.loads(path.read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$id"].endswith("/" + path.name)


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_every_property_has_title_and_description(path: Path) -> None:
    schema = json.loads(path.read_text("utf-8"))
    missing = [
        f"{where}/properties/{name}"
        for where, node in _subschemas(schema)
        if isinstance(node.get("properties"), dict)
        for name, prop in node["properties"].items()
        if not (prop.get("title") and prop.get("description"))
    ]
    assert missing == []


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_objects_are_closed_and_no_one_of(path: Path) -> None:
    schema = json.loads(path.read_text("utf-8"))
    open_objects = [
        where
        for where, node in _subschemas(schema)
        if node.get("type") == "object"
        and "additionalProperties" not in node
        and not any(e.get("additionalProperties") is False for e in node.get("allOf", ()))
    ]
    assert open_objects == []
    assert [where for where, node in _subschemas(schema) if "oneOf" in node] == []
