"""The package keeps its shape: every module says its job, a long one says why it is long, and
the tests mirror its subpackages."""

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


SUBPACKAGES = sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py"))
TEST_FOLDERS = sorted(
    p.name for p in (ROOT / "tests").iterdir() if p.is_dir() and not p.name.startswith((".", "_"))
)
ACROSS_STAGES = {
    "editor": "the editor's help from the shipped schemas, through a real language server",
    "fixtures": "the records, registries and expected outputs the tests build their trees from",
    "robustness": "what no input may do to any command: crash, hang, or forge a report",
}
"""Test folders named for no subpackage, and why they stand apart."""


def test_the_subpackages_are_found() -> None:
    assert {"core", "load", "record", "validate", "cli"} <= set(SUBPACKAGES)


@pytest.mark.parametrize("name", SUBPACKAGES)
def test_every_subpackage_has_a_test_folder(name: str) -> None:
    """The tests mirror the package: those of ``hmip_docs/NAME/`` live in ``tests/NAME/``."""
    folder = ROOT / "tests" / name
    assert sorted(folder.glob("test_*.py")), f"hmip_docs/{name}/ has no tests in tests/{name}/"


@pytest.mark.parametrize("name", TEST_FOLDERS)
def test_every_test_folder_is_named_for_a_subpackage(name: str) -> None:
    assert name in SUBPACKAGES or name in ACROSS_STAGES, (
        f"tests/{name}/ mirrors no subpackage of hmip_docs: rename it, or say in ACROSS_STAGES "
        "why it stands apart"
    )
