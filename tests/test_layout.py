"""The package keeps its shape: every module says its job, and a long one says why it is long."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "hmip_docs"
MODULE_LINES = 400
"""Lines a module is kept to unless its docstring gives the reason."""
REASONS = ("Longer than the 400 lines", "Long because")

MODULES = sorted(PACKAGE.rglob("*.py"))
SCRIPTS = sorted([*(ROOT / "scripts").glob("*.py"), *(ROOT / "bench").glob("*.py")])


def _docstring(path: Path) -> str:
    return ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""


def test_the_modules_are_found() -> None:
    assert len(MODULES) > 50


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_module_says_its_job(path: Path) -> None:
    if path.name == "__init__.py" and not path.read_text(encoding="utf-8").strip():
        return
    assert _docstring(path).strip(), f"{path.relative_to(ROOT)} has no docstring"


@pytest.mark.parametrize("path", [*MODULES, *SCRIPTS], ids=lambda path: str(path.relative_to(ROOT)))
def test_a_long_module_says_why(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    if lines > MODULE_LINES:
        assert any(reason in _docstring(path) for reason in REASONS), (
            f"{path.relative_to(ROOT)} has {lines} lines: split it, or say at its top why it is "
            f"longer than {MODULE_LINES}"
        )


def test_test_modules_have_unique_names() -> None:
    """pytest imports test modules by their file name: two of one name in different folders
    stop the run from collecting the second."""
    names = [path.name for path in (ROOT / "tests").rglob("test_*.py")]
    assert sorted(name for name in set(names) if names.count(name) > 1) == []
