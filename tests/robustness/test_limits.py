"""The loader's resource limits: each accepted exactly at the limit and refused one past it.

The limits are ``hmip_docs.load.yamlload.Limits``; docs/robustness.md states them and those of the
render sandbox (``hmip_docs.render.sandbox.RenderLimits``), and a test here keeps that page in step
with the code.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hmip_docs.load import scalars
from hmip_docs.load.yamlload import DEFAULT_LIMITS, LoadResult, load_file, load_yaml
from hmip_docs.render import sandbox

ROOT = Path(__file__).resolve().parent.parent.parent
LIMITS = DEFAULT_LIMITS


def rules(result: LoadResult) -> list[str]:
    return [finding.rule for finding in result.findings]


def _file_of_size(size: int) -> bytes:
    head = b"schema_version: 1\n# "
    return head + b"x" * (size - len(head) - 1) + b"\n"


def test_file_size_at_the_limit_loads(tmp_path: Path) -> None:
    path = tmp_path / "record.yaml"
    path.write_bytes(_file_of_size(LIMITS.max_bytes))
    assert path.stat().st_size == LIMITS.max_bytes
    result = load_file(path)
    assert result.findings == ()
    assert result.document is not None
    assert result.document.data == {"schema_version": 1}


def test_file_size_one_past_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "record.yaml"
    path.write_bytes(_file_of_size(LIMITS.max_bytes + 1))
    result = load_file(path)
    assert rules(result) == ["yaml-too-large"]
    assert result.document is None
    assert f"{LIMITS.max_bytes + 1:,} bytes" in result.findings[0].message


def _nested(depth: int) -> bytes:
    """A record whose deepest list is at ``depth`` (the root mapping is depth 1)."""
    return b"a: " + b"[" * (depth - 1) + b"]" * (depth - 1) + b"\n"


@pytest.mark.parametrize("style", ["flow", "block"])
def test_depth_at_the_limit_loads(style: str) -> None:
    raw = _nested(LIMITS.max_depth) if style == "flow" else _block(LIMITS.max_depth)
    result = load_yaml(raw)
    assert result.findings == ()
    assert result.document is not None


@pytest.mark.parametrize("style", ["flow", "block"])
def test_depth_one_past_the_limit_is_refused(style: str) -> None:
    raw = _nested(LIMITS.max_depth + 1) if style == "flow" else _block(LIMITS.max_depth + 1)
    result = load_yaml(raw)
    assert rules(result) == ["yaml-too-deep"]
    assert result.document is None
    assert f"more than {LIMITS.max_depth} levels" in result.findings[0].message


def _block(depth: int) -> bytes:
    """Block mappings, one per level, each key indented two more spaces."""
    lines = [f"{'  ' * level}k{level}:" for level in range(depth - 1)]
    lines.append(f"{'  ' * (depth - 1)}k: v")
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize("where", ["value", "key"])
def test_string_at_the_limit_loads(where: str) -> None:
    text = "x" * LIMITS.max_string
    # A key this long must be written as an explicit key ("? "); YAML caps implicit ones at 1024.
    raw = f"a: {text}\n" if where == "value" else f"? {text}\n: a\n"
    result = load_yaml(raw.encode())
    assert result.findings == ()
    assert result.document is not None


@pytest.mark.parametrize("where", ["value", "key"])
def test_string_one_past_the_limit_is_refused(where: str) -> None:
    text = "x" * (LIMITS.max_string + 1)
    # A key this long must be written as an explicit key ("? "); YAML caps implicit ones at 1024.
    raw = f"a: {text}\n" if where == "value" else f"? {text}\n: a\n"
    result = load_yaml(raw.encode())
    assert rules(result) == ["yaml-string-too-long"]
    assert result.document is None


def test_alias_bomb_is_refused_before_it_expands() -> None:
    bomb = (ROOT / "tests" / "robustness" / "corpus" / "alias-bomb.yaml").read_bytes()
    result = load_yaml(bomb)
    assert result.document is None
    assert set(rules(result)) == {"yaml-alias"}
    # One finding per anchor or alias up to a cap, the last one counting the rest.
    assert len(result.findings) == 10
    assert "more anchors or aliases" in result.findings[-1].message


def _stated(text: str, label: str) -> int:
    match = re.search(rf"\| {label} \| ([\d,]+)", text)
    assert match, f"docs/robustness.md does not state the {label}"
    return int(match.group(1).replace(",", ""))


def test_the_documented_limits_are_the_limits() -> None:
    page = (ROOT / "docs" / "robustness.md").read_text(encoding="utf-8")
    assert _stated(page, "largest file, in bytes") == LIMITS.max_bytes
    assert _stated(page, "deepest nesting") == LIMITS.max_depth
    assert _stated(page, "longest text or key, in characters") == LIMITS.max_string
    digits = r"largest integer, in digits \(Python's own bound, not a `Limits` field\)"
    assert _stated(page, digits) == scalars.MAX_INT_DIGITS
    render = sandbox.DEFAULT_LIMITS
    assert _stated(page, "render wall-clock time, in seconds") == render.seconds
    assert _stated(page, "render processor time, in seconds") == render.cpu_seconds
    assert _stated(page, "render memory, in bytes") == render.memory_bytes
    assert _stated(page, "rendered document, in bytes") == render.output_bytes
