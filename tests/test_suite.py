"""The suite's own rules, which keep it passing for any records and from ever hanging.

- Only the tests named for the repository's records (``test_records.py``, ``test_fidelity.py``)
  read ``records/``; every other test builds its trees from ``tests/fixtures/``.
- Those tests pass whatever valid editions ``records/`` holds: they are run here on a copy of the
  repository with a second edition beside the first, as the README tells authors to make one.
- Every child process a test starts has a timeout (and pytest-timeout bounds each test).
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT, cli_env

TESTS = ROOT / "tests"
READERS = {"test_records.py", "test_fidelity.py"}
"""The tests named for the repository's records: the only ones that may read them."""
SOURCES = sorted(TESTS.rglob("*.py"))
READS_RECORDS = re.compile(r"""\bSHIPPED\b|\bROOT\s*/\s*["']records\b""")


def _id(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name


@pytest.mark.parametrize("path", SOURCES, ids=_id)
def test_only_the_tests_named_for_the_records_read_them(path: Path) -> None:
    if path.name in READERS or path in (TESTS / "conftest.py", Path(__file__)):
        return
    found = [
        f"{_id(path)}:{number}: {line.strip()}"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if READS_RECORDS.search(line) and "tests/fixtures" not in line
    ]
    assert found == [], "build the tree from tests/fixtures instead:\n" + "\n".join(found)


SPAWNERS = {"run", "call", "check_call", "check_output"}
WAITERS = {"communicate", "wait"}


def _calls_without_timeout(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        keywords = {keyword.arg for keyword in node.keywords}
        owner = node.func.value
        spawns = (
            node.func.attr in SPAWNERS and isinstance(owner, ast.Name) and owner.id == "subprocess"
        )
        waits = node.func.attr in WAITERS and not node.args
        if (spawns or waits) and "timeout" not in keywords and None not in keywords:
            found.append(f"{_id(path)}:{node.lineno}: {ast.unparse(node.func)}(…)")
    return found


def test_every_child_process_has_a_timeout() -> None:
    found = [line for path in SOURCES for line in _calls_without_timeout(path)]
    assert found == [], "give each a timeout:\n" + "\n".join(found)


def test_the_timeout_check_finds_a_call_without_one(tmp_path: Path) -> None:
    sample = tmp_path / "test_sample.py"
    sample.write_text(
        "import subprocess\n"
        "subprocess.run(['true'], check=True)\n"
        "subprocess.run(['true'], timeout=5)\n"
        "process = subprocess.Popen(['true'])\n"
        "process.communicate()\n"
        "process.wait(timeout=5)\n",
        encoding="utf-8",
    )
    found = _calls_without_timeout(sample)
    assert [line.split(": ", 1)[0].rsplit(":", 1)[1] for line in found] == ["2", "5"]


def test_every_test_has_a_time_limit(pytestconfig: pytest.Config) -> None:
    assert pytestconfig.pluginmanager.hasplugin("timeout")
    assert 0 < float(pytestconfig.getini("timeout")) <= 300
    constraints = (ROOT / "requirements" / "constraints.txt").read_text(encoding="utf-8")
    assert re.search(r"^pytest-timeout==[\d.]+$", constraints, re.M)


def test_the_record_tests_pass_with_a_second_edition(tmp_path: Path) -> None:
    """The README's "copy last year's folder", then the tests that read records/: a copy of the
    repository with the suite's 2022/23 edition in records/2022-23."""
    copy = tmp_path / "repository"
    for folder in ("records", "schemas", "templates", "tests"):
        shutil.copytree(ROOT / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy)
    edition = "2022-23" if not (copy / "records" / "2022-23").exists() else "2022-23-copy"
    shutil.copytree(FIXTURES / "2022-23", copy / "records" / edition)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-v", "-p", "no:cacheprovider", "-p", "no:xdist"]
        + [f"tests/{name}" for name in sorted(READERS)],
        cwd=copy,
        capture_output=True,
        text=True,
        check=False,
        env=cli_env(),
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    for test in ("resolves_to_a_schema", "validates_under_the_current_schema"):
        assert f"{test}[records/{edition}/consultation-response.yaml] PASSED" in run.stdout
    assert "test_every_seed_line_is_rendered_in_order PASSED" in run.stdout
