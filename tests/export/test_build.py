"""`hmip-docs docx` end to end: valid records build, invalid ones leave earlier output alone."""

from __future__ import annotations

import zipfile
from pathlib import Path

from tests.conftest import edit, hmip

REL = Path("records/2021-22/consultation-response.yaml")
OUT = Path("build/consultation-response-2021-22.docx")


def test_builds_every_record_into_build(project: Path) -> None:
    run = hmip(project, "docx")
    assert run.returncode == 0, run.stderr
    assert f"wrote {OUT.as_posix()}" in run.stderr
    with zipfile.ZipFile(project / OUT) as package:
        assert package.testzip() is None
        assert "word/document.xml" in package.namelist()
    assert [p.name for p in (project / "build").iterdir()] == [OUT.name]


def test_invalid_record_builds_nothing_and_keeps_the_old_document(project: Path) -> None:
    assert hmip(project, "docx").returncode == 0
    before = (project / OUT).read_bytes()
    edit(
        project / REL,
        "            - topic: Case transfers\n              outcome: on-hold\n",
        "            - topic: Case transfers\n",
    )
    run = hmip(project, "docx")
    assert run.returncode == 1
    assert "[suggestion-outcome-missing]" in run.stdout
    assert "not built" in run.stderr
    assert (project / OUT).read_bytes() == before
    assert sorted(p.name for p in (project / "build").iterdir()) == [OUT.name]


def test_output_option_names_the_file(project: Path) -> None:
    run = hmip(project, "docx", str(REL), "-o", "out/response.docx")
    assert run.returncode == 0, run.stderr
    assert (project / "out" / "response.docx").is_file()


def test_missing_record_is_a_usage_error(project: Path) -> None:
    run = hmip(project, "docx", "records/2030-31/nothing.yaml")
    assert run.returncode == 2
    assert "records/2030-31/nothing.yaml: no such file or folder" in run.stderr
    assert "Traceback" not in run.stderr


def test_validate_defaults_to_every_record(project: Path) -> None:
    run = hmip(project, "validate", "--format", "json")
    assert run.returncode == 0, run.stdout
    assert '"files": 2' in run.stdout


def test_schema_export_writes_the_schemas(project: Path) -> None:
    run = hmip(project, "schema", "export", "exported")
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in (project / "exported").iterdir()) == [
        "consultation-response.schema.json",
        "organisations.schema.json",
    ]
