"""Validating many files: the worker pool gives exactly what checking one by one gives, and
``validate`` stays light (no Word stack, and no python-jsonschema for valid records)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hmip_docs.core import workers
from hmip_docs.validate import validator
from tests.conftest import edit, hmip

REL = Path("records/2021-22/consultation-response.yaml")
WORD_STACK = ("docx", "docxtpl", "lxml", "jinja2")
# What a one-record validate would spend its start-up on for nothing: dataclasses (with inspect,
# ast and dis), worker pools, shutil (which argparse imports to ask the terminal's width),
# tracebacks and "did you mean" suggestions.
START_UP_WEIGHTS = (
    *("dataclasses", "inspect", "multiprocessing", "concurrent", "threading"),
    *("shutil", "traceback", "difflib"),
)


def _many(project: Path, count: int) -> list[Path]:
    """``count`` copies of the record, every third one broken in its own way."""
    record = project / REL
    files: list[Path] = []
    for number in range(count):
        path = project / "records" / "many" / "2021-22" / f"record-{number:03d}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(record, path)
        if number % 3 == 1:
            edit(path, "programme_year:", "programme_yaer:")
        elif number % 3 == 2:
            edit(path, "outcome: on-hold", f"outcome: on-hold-{number}")
        files.append(path)
    return files


def test_pool_and_one_by_one_give_the_same_result(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    files = _many(project, validator.POOL_MIN_FILES + 4)
    registry = project / "records" / "organisations.yaml"
    serial = validator.validate(files, registry, jobs=1)
    pooled = validator.validate(files, registry, jobs=2)
    assert workers.count(len(files), 2, validator.POOL_MIN_FILES) == 2  # the pool did run
    assert [c.path for c in pooled.files] == [c.path for c in serial.files]
    assert pooled.findings == serial.findings
    assert [c.data for c in pooled.files] == [c.data for c in serial.files]
    rules = {f.rule for f in pooled.findings if f.counts}
    assert {"unknown-field", "suggestion-outcome-unknown"} <= rules


def test_a_report_keeps_no_record_data(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    files = _many(project, validator.POOL_MIN_FILES)
    registry = project / "records" / "organisations.yaml"
    for jobs in (1, 2):
        result = validator.validate(files, registry, keep_data=False, jobs=jobs)
        assert [c.data for c in result.files[1:]] == [None] * len(files)
        assert result.findings == validator.validate(files, registry, jobs=jobs).findings


_MODULES = """
import json, sys
from hmip_docs.cli.main import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""


def _modules_after(project: Path, *args: str) -> tuple[int, set[str]]:
    done = subprocess.run(
        [sys.executable, "-c", _MODULES, *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    last = json.loads(done.stderr.strip().splitlines()[-1])
    names = set(last["modules"])
    return last["code"], names | {name.split(".")[0] for name in names}


def test_validate_imports_no_word_stack_and_no_reference_engine(project: Path) -> None:
    code, modules = _modules_after(project, "validate", str(REL))
    assert code == 0
    assert modules.isdisjoint(WORD_STACK)
    # Nor the build's own steps (the output checks, the renderer, the template linter), nor the
    # review commands, the record upgrade or its round-trip YAML library.
    assert modules.isdisjoint(
        {
            "hmip_docs.checks.document",
            "hmip_docs.render.word",
            "hmip_docs.template_lint",
            "hmip_docs.review",
            "hmip_docs.export.upgrade",
            "ruamel",
        }
    )
    assert "jsonschema" not in modules  # a valid record never needs python-jsonschema
    assert "jsonschema_rs" in modules
    assert modules.isdisjoint(START_UP_WEIGHTS)


def test_the_module_check_sees_what_docx_imports(project: Path, tmp_path: Path) -> None:
    # The same check on `docx` must find what the build imports, or it proves nothing above.
    code, modules = _modules_after(project, "docx", "-o", str(tmp_path / "out.docx"), str(REL))
    assert code == 0
    assert {
        "hmip_docs.export.build",
        "hmip_docs.render.sandbox",
        "dataclasses",
    } <= modules  # the build
    # One document is rendered and checked by a child process that imports the renderer and the
    # output checks itself (on Linux, forked before validation and importing them meanwhile); no
    # pool is started, and this process imports none of the Word stack, not even lxml.
    assert modules.isdisjoint(
        {"docx", "docxtpl", "jinja2", "lxml", "hmip_docs.render.word", "hmip_docs.checks.document"}
    )
    if sys.platform == "linux":
        assert "multiprocessing" not in modules


def test_an_invalid_record_is_explained_by_the_reference_engine(project: Path) -> None:
    edit(project / REL, "programme_year:", "programme_yaer:")
    code, modules = _modules_after(project, "validate", str(REL))
    assert code == 1
    assert "jsonschema" in modules
    assert modules.isdisjoint(WORD_STACK)


def test_the_command_line_uses_the_pool_for_a_folder(project: Path) -> None:
    files = _many(project, validator.POOL_MIN_FILES * 2)
    done = hmip(project, "validate", "--format", "json", "records/many")
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    broken = {Path(f["file"]).name for f in report["findings"] if f["severity"] == "error"}
    expected = {path.name for number, path in enumerate(files) if number % 3}
    assert broken == expected


def test_the_schema_knows_the_unprinted_fields_as_the_template_linter_does() -> None:
    # Rules read them from the compiled schema, so validate never imports the linter.
    from hmip_docs.template_lint.coverage import not_printed
    from hmip_docs.validate import schema

    compiled = schema.compiled(schema.RECORD_SCHEMA)
    assert compiled.unprinted
    assert list(compiled.unprinted) == not_printed(compiled.schema)


def test_documents_built_side_by_side_are_those_built_alone(project: Path) -> None:
    # Several documents: a pool of workers, the template compiled once beforehand.
    files = [project / REL]
    for number in range(3):
        path = project / "records" / "many" / "2021-22" / f"record-{number}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(project / REL, path)
        files.append(path)
    command = [sys.executable, "-m", "hmip_docs", "docx"]
    many = subprocess.run(
        [*command, "--out-dir", "out", *map(str, files)],
        cwd=project,
        capture_output=True,
        timeout=300,
    )
    assert many.returncode == 0, many.stderr
    alone = subprocess.run(
        [*command, "-o", "alone.docx", str(REL)], cwd=project, capture_output=True, timeout=300
    )
    assert alone.returncode == 0, alone.stderr
    expected = (project / "alone.docx").read_bytes()
    built = sorted((project / "out").glob("*.docx"))
    assert len(built) == 4
    assert all(path.read_bytes() == expected for path in built)
