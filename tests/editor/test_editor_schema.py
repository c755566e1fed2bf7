"""The editor's help in the shipped schemas is current and made from the CLI's own wording."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from hmip_docs.reference import editor_schema
from tests.conftest import ROOT


def test_the_shipped_schemas_carry_current_editor_help() -> None:
    for path in sorted((ROOT / "schemas").glob("*.schema.json")):
        assert editor_schema.render(path) == path.read_text(encoding="utf-8"), (
            f"{path.name} is out of date: run make docs"
        )


def test_a_changed_message_changes_the_editor_help(tmp_path: Path) -> None:
    path = tmp_path / "record.schema.json"
    shutil.copy(ROOT / "schemas" / "consultation-response.schema.json", path)
    schema = json.loads(path.read_text(encoding="utf-8"))
    entry = schema["$defs"]["suggestion"]["x-errors"]["required:outcome"]
    entry["message"] = "the suggestion '{topic}' is not answered"
    path.write_text(json.dumps(schema, indent=2, ensure_ascii=False), encoding="utf-8")
    made = json.loads(editor_schema.render(path))
    (rule,) = [e for e in made["$defs"]["suggestion"]["allOf"] if "required" in e]
    assert rule["errorMessage"].startswith("the suggestion is not answered — add `outcome:`")
    assert rule["x-errors"]["required:outcome"]["message"] == entry["message"]
    assert "outcome" not in made["$defs"]["suggestion"]["required"]
    # Written twice, the schema is the same.
    path.write_text(json.dumps(made, indent=2, ensure_ascii=False), encoding="utf-8")
    assert json.loads(editor_schema.render(path)) == made


def test_no_unknown_keyword_stands_beside_a_ref() -> None:
    """yaml-language-server rewrites a ``$ref`` with any other keyword beside it than these,
    and then shows the shared definition's help instead of the field's own."""
    allowed = {"$ref", "$comment", "title", "description", "markdownDescription", "default"}
    allowed |= {"examples"}
    found = []
    for path in sorted((ROOT / "schemas").glob("*.schema.json")):
        stack = [json.loads(path.read_text(encoding="utf-8"))]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                if "$ref" in node and set(node) - allowed:
                    found.append((path.name, node["$ref"], sorted(set(node) - allowed)))
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(node)
    assert found == []


def test_every_editor_message_is_complete() -> None:
    """No placeholder is left for the editor to show as typed, and each rule keeps its advice."""
    for path in sorted((ROOT / "schemas").glob("*.schema.json")):
        stack = [json.loads(path.read_text(encoding="utf-8"))]
        messages = []
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                messages += [node[k] for k in ("errorMessage", "patternErrorMessage") if k in node]
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(node)
        assert messages, path.name
        for message in messages:
            assert not re.search(r"\{\w+\}", message), message
            assert " — " in message, message


def test_the_marks_script_has_been_applied_and_can_run_again(tmp_path: Path) -> None:
    """scripts/reshape_schema_marks.py leaves the shipped schemas as they are, and moves an
    ``x-printed`` mark it finds to the field's object."""
    copies = []
    for path in sorted((ROOT / "schemas").glob("*.schema.json")):
        copies.append((path, tmp_path / path.name))
        shutil.copy(path, tmp_path / path.name)
    schema = json.loads(copies[0][1].read_text(encoding="utf-8"))
    schema["$defs"]["thematic"]["properties"]["title"]["x-printed"] = False
    marked = tmp_path / "marked.schema.json"
    marked.write_text(json.dumps(schema, indent=2, ensure_ascii=False), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "reshape_schema_marks.py")]
        + [str(copy) for _, copy in copies]
        + [str(marked)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for shipped, copy in copies:
        assert copy.read_text(encoding="utf-8") == shipped.read_text(encoding="utf-8")
    thematic = json.loads(marked.read_text(encoding="utf-8"))["$defs"]["thematic"]
    assert "x-printed" not in thematic["properties"]["title"]
    assert thematic["x-unprinted"] == ["id", "title", "kind", "lead", "partners", "contributors"]
