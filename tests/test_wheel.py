"""The built wheel carries its schemas and template: install it into a fresh environment and run
it from a folder that has records but no templates or schemas of its own."""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import RECORDS, ROOT

# Builds and installs packages, so it may take longer than the suite's limit per test.
pytestmark = pytest.mark.timeout(900)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(work), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (wheel,) = work.glob("hmip_docs-*.whl")
    with zipfile.ZipFile(wheel) as package:
        names = package.namelist()
    assert "hmip_docs/_data/schemas/consultation-response.schema.json" in names
    assert "hmip_docs/_data/templates/consultation-response.docx" in names
    env = work / "env"
    venv.create(env, with_pip=True)
    subprocess.run(
        [
            str(env / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "--quiet",
            "-c",
            str(ROOT / "requirements" / "constraints.txt"),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return env


def test_installed_wheel_validates_and_builds_elsewhere(installed: Path, tmp_path: Path) -> None:
    shutil.copytree(RECORDS, tmp_path / "records")
    tool = str(installed / "bin" / "hmip-docs")
    validate = subprocess.run(
        [tool, "validate"], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert validate.returncode == 0, validate.stdout + validate.stderr
    build = subprocess.run(
        [tool, "docx"], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert build.returncode == 0, build.stdout + build.stderr
    assert (tmp_path / "build" / "consultation-response-2021-22.docx").stat().st_size > 10_000
    where = subprocess.run(
        [str(installed / "bin" / "python"), "-c", "import hmip_docs; print(hmip_docs.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    assert str(installed) in where.stdout


def test_installed_wheel_exports_its_schemas(installed: Path, tmp_path: Path) -> None:
    tool = str(installed / "bin" / "hmip-docs")
    run = subprocess.run(
        [tool, "schema", "export", "out"], cwd=tmp_path, capture_output=True, timeout=300
    )
    assert run.returncode == 0
    assert (tmp_path / "out" / "consultation-response.schema.json").read_bytes() == (
        ROOT / "schemas" / "consultation-response.schema.json"
    ).read_bytes()
