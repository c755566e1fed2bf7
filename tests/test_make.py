"""The Makefile as the README describes it, run by the real ``make`` in scratch folders: set-up
says one line and shows pip's (or npm's) output only when it fails, ``make test`` lists skip
reasons and passes ``PYTEST_ARGS`` on, and make's exit status is make's own, not the tool's."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from hmip_docs.reference.rule_examples import EDITS
from tests.conftest import RECORDS, ROOT, cli_env, edit, hmip

REL = "records/2021-22/consultation-response.yaml"
BIN = Path(sys.executable).parent
"""The environment the tests run in, which the targets below run in instead of setting one up."""

FAKE_PYTHON = """#!/bin/sh
# Stands in for `python3 -m venv DIR`: DIR/bin/python and DIR/bin/pip print as much as pip does.
[ "$1" = "-m" ] && [ "$2" = "venv" ] || exit 3
mkdir -p "$3/bin"
for tool in python pip; do
  cp "$(dirname "$0")/fake-pip" "$3/bin/$tool"
done
"""
FAKE_PIP = """#!/bin/sh
i=0
while [ $i -lt 40 ]; do echo "Collecting package-$i"; i=$((i + 1)); done
echo "WARNING: a warning pip gives" >&2
exit "${FAKE_PIP_STATUS:-0}"
"""


def make(
    folder: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    if shutil.which("make") is None:
        pytest.skip("needs make")
    # As a user runs it, not as a make inside `make test` (which says "make[1]" and passes on
    # its own options).
    outer = ("MAKELEVEL", "MAKEFLAGS", "MFLAGS", "MAKEOVERRIDES")
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(folder), *args],
        capture_output=True,
        text=True,
        check=False,
        env={k: v for k, v in cli_env(env).items() if k not in outer},
        timeout=600,
    )


def ready(folder: Path) -> list[str]:
    """Arguments that make ``make`` use this test run's environment instead of setting one up."""
    stamp = folder / "installed"
    return ["-o", str(stamp), f"STAMP={stamp}", f"BIN={BIN}"]


def executable(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    """A folder with the Makefile and the files its set-up depends on, and a fake Python."""
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "requirements").mkdir()
    shutil.copy(ROOT / "requirements" / "constraints.txt", tmp_path / "requirements")
    executable(tmp_path / "fake-python", FAKE_PYTHON)
    executable(tmp_path / "fake-pip", FAKE_PIP)
    return tmp_path


def test_setting_up_says_one_line(scratch: Path) -> None:
    run = make(scratch, "install", f"PYTHON={scratch / 'fake-python'}")
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stderr == ""
    assert run.stdout.splitlines() == [
        "Setting up .venv (Python packages for hmip-docs and its tests; log in .venv.install.log)"
    ]
    assert (scratch / ".venv" / ".installed").is_file()
    log = (scratch / ".venv.install.log").read_text(encoding="utf-8")
    assert "Collecting package-39" in log and "WARNING: a warning pip gives" in log
    assert "`.venv.install.log`" in (ROOT / "README.md").read_text(encoding="utf-8")
    again = make(scratch, "install", f"PYTHON={scratch / 'fake-python'}")
    assert again.returncode == 0 and "Setting up" not in again.stdout


def test_a_failed_set_up_shows_pip_and_stops(scratch: Path) -> None:
    run = make(
        scratch, "install", f"PYTHON={scratch / 'fake-python'}", env={"FAKE_PIP_STATUS": "1"}
    )
    assert run.returncode != 0
    assert "Setting up .venv" in run.stdout
    assert "Collecting package-0" in run.stderr and "Collecting package-39" in run.stderr
    assert "Setting up .venv failed; the output above is kept in .venv.install.log" in run.stderr
    assert not (scratch / ".venv" / ".installed").exists()  # the next make tries again


def test_make_test_lists_skip_reasons_and_passes_pytest_args(tmp_path: Path) -> None:
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "test_chosen.py").write_text(
        "import pytest\n\n\n"
        "def test_runs():\n    assert True\n\n\n"
        "@pytest.mark.skip(reason='needs the moon')\n"
        "def test_skipped():\n    pass\n",
        encoding="utf-8",
    )
    (tests / "test_other.py").write_text("def test_fails():\n    assert False\n", "utf-8")
    args = "tests/test_chosen.py -p no:cacheprovider"
    run = make(tmp_path, *ready(tmp_path), "test", f"PYTEST_ARGS={args}")
    assert run.returncode == 0, run.stdout + run.stderr
    assert re.search(r"SKIPPED \[1\] tests/test_chosen\.py:\d+: needs the moon", run.stdout)
    assert re.search(r"\b1 passed, 1 skipped\b", run.stdout), run.stdout
    assert "test_other" not in run.stdout  # only what PYTEST_ARGS chose ran


def test_make_exits_with_its_own_status_as_the_readme_says(tmp_path: Path) -> None:
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    shutil.copytree(RECORDS, tmp_path / "records")
    change = next(e for e in EDITS if e.rule == "suggestion-outcome-missing")
    edit(tmp_path / REL, change.old, change.new)
    tool = hmip(tmp_path, "validate")
    assert tool.returncode == 1
    run = make(tmp_path, *ready(tmp_path), "validate")
    assert run.returncode == 2
    assert re.search(r"make: \*\*\* \[Makefile:\d+: validate\] Error 1", run.stderr), run.stderr
    assert "error [suggestion-outcome-missing]" in run.stdout

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    said = " ".join(readme.split())
    assert "Exit codes of `hmip-docs`: 0 valid" in said
    assert ", 1 findings, 2 the command could not run" in said
    assert "`make`'s exit status is make's own, not the tool's" in said
    assert "exits 2 whatever that code was" in said


FAKE_NPM = """#!/bin/sh
# Stands in for `npm ci --prefix DIR ...`: makes DIR/node_modules and prints as much as npm does.
mkdir -p "$3/node_modules"
i=0
while [ $i -lt 20 ]; do echo "npm: step $i"; i=$((i + 1)); done
echo "added 20 packages in 3s"
exit "${FAKE_NPM_STATUS:-0}"
"""


@pytest.mark.parametrize("status", ["0", "1"], ids=["installed", "failed"])
def test_installing_the_language_server_says_one_line(scratch: Path, status: str) -> None:
    """As the Python set-up does: one line, and npm's output only when it fails."""
    (scratch / "tools" / "editor").mkdir(parents=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copy(ROOT / "tools" / "editor" / name, scratch / "tools" / "editor" / name)
    (scratch / "bin").mkdir()
    executable(scratch / "bin" / "npm", FAKE_NPM)
    path = f"{scratch / 'bin'}:{os.environ['PATH']}"
    run = make(scratch, "editor-server", env={"PATH": path, "FAKE_NPM_STATUS": status})
    said = "Installing the YAML language server in tools/editor (log in tools/editor/install.log)"
    assert run.stdout.splitlines() == [said]
    log = (scratch / "tools" / "editor" / "install.log").read_text(encoding="utf-8")
    assert "added 20 packages" in log
    if status == "0":
        assert run.returncode == 0 and run.stderr == ""
    else:
        assert run.returncode != 0
        assert "npm: step 19" in run.stderr and "the output above is kept in" in run.stderr
