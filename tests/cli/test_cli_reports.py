"""What each command prints, through the real command line: the build commands report their
findings as ``validate`` does (warnings included) and ``--strict`` stops a document on a warning;
accepted findings are counted unless asked for; JUnit fails a warning under ``--strict``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from junitparser import Failure, JUnitXml

from hmip_docs.reference.rule_examples import EDITS
from tests.conftest import edit, hmip, line_of, require_tools

REL = "records/2021-22/consultation-response.yaml"
BUILT = "build/consultation-response-2021-22.docx"


def warn(project: Path) -> int:
    """Give the record one standing warning (link-not-https); the line it is reported on."""
    change = next(e for e in EDITS if e.rule == "link-not-https")
    return line_of(edit(project / REL, change.old, change.new), change.line)


# ----------------------------------------------------------------------------- builds


def test_docx_prints_its_warnings_and_builds(project: Path) -> None:
    line = warn(project)
    run = hmip(project, "docx", REL)
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"{REL}:{line}:14: warning [link-not-https]" in run.stdout
    assert "fix: use the https address" in run.stdout
    assert re.search(r"2 files checked: 0 errors, 1 warning\b", run.stdout), run.stdout
    assert f"wrote {BUILT}" in run.stderr
    assert (project / BUILT).is_file()


def test_docx_prints_the_summary_of_a_clean_build(project: Path) -> None:
    run = hmip(project, "docx", REL)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "2 files checked: 0 errors, 0 warnings" in run.stdout
    assert f"wrote {BUILT}" in run.stderr


def test_docx_strict_writes_nothing_when_a_warning_stands(project: Path) -> None:
    warn(project)
    run = hmip(project, "docx", REL, "--strict")
    assert run.returncode == 1, run.stdout + run.stderr
    assert "warning [link-not-https]" in run.stdout
    assert "1 record(s) not built: fix the errors and warnings (--strict) above" in run.stderr
    assert "wrote" not in run.stderr
    assert not (project / "build").exists()


def test_docx_strict_leaves_an_earlier_document_as_it_was(project: Path) -> None:
    assert hmip(project, "docx", REL).returncode == 0
    before = (project / BUILT).read_bytes()
    edit(project / REL, "This document summarises", "This document sums up")
    warn(project)
    assert hmip(project, "docx", REL, "--strict").returncode == 1
    assert (project / BUILT).read_bytes() == before
    assert hmip(project, "docx", REL).returncode == 0  # without --strict the warning only warns
    assert (project / BUILT).read_bytes() != before


def test_docx_strict_builds_a_record_without_warnings(project: Path) -> None:
    run = hmip(project, "docx", REL, "--strict")
    assert run.returncode == 0, run.stdout + run.stderr
    assert (project / BUILT).is_file()


def test_text_strict_prints_no_document_when_a_warning_stands(project: Path) -> None:
    warn(project)
    plain = hmip(project, "text", REL)
    assert plain.returncode == 0
    assert "warning [link-not-https]" in plain.stderr  # the report goes beside the document
    assert "link-not-https" not in plain.stdout and "# Response to the consultation" in plain.stdout
    strict = hmip(project, "text", REL, "--strict")
    assert strict.returncode == 1
    assert strict.stdout == ""
    assert "no text: fix the errors and warnings (--strict) above" in strict.stderr


def test_pdf_prints_its_warnings_and_strict_stops_it(project: Path) -> None:
    require_tools("soffice")
    warn(project)
    strict = hmip(project, "pdf", REL, "--strict")
    assert strict.returncode == 1, strict.stdout + strict.stderr
    assert "warning [link-not-https]" in strict.stdout
    assert not (project / "build").exists()
    run = hmip(project, "pdf", REL)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "warning [link-not-https]" in run.stdout
    assert (project / "build" / "consultation-response-2021-22.pdf").is_file()


# ----------------------------------------------------------------------------- accepted findings


@pytest.mark.parametrize("command", ["validate", "docx"])
def test_accepted_findings_are_one_line_unless_asked_for(project: Path, command: str) -> None:
    accepted = [
        f for f in json.loads(hmip(project, "validate", REL, "--format", "json").stdout)["findings"]
    ]
    assert accepted and all(f["suppressed"] for f in accepted), "the record accepts findings"
    run = hmip(project, command, REL)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout == (
        f"2 files checked: 0 errors, 0 warnings, {len(accepted)} accepted "
        "(not shown: --show-accepted lists them)\n"
    )
    shown = hmip(project, command, REL, "--show-accepted")
    assert shown.stdout.count("accepted [") == len(accepted)
    assert all(f"accepted because: {f['reason']}" in shown.stdout for f in accepted)


def test_errors_stand_out_from_accepted_findings(project: Path) -> None:
    change = next(e for e in EDITS if e.rule == "suggestion-outcome-missing")
    edit(project / REL, change.old, change.new)
    run = hmip(project, "validate", REL)
    assert run.returncode == 1
    blocks = run.stdout.split("\n\n")
    assert [b.split("]")[0].split(": ", 1)[1] for b in blocks[:-1]] == [
        "error [suggestion-outcome-missing"
    ]
    assert "accepted (not shown: --show-accepted lists them)" in blocks[-1]


@pytest.mark.parametrize("name", ["github", "markdown"])
def test_review_formats_count_accepted_findings(project: Path, name: str) -> None:
    run = hmip(project, "validate", REL, "--format", name)
    assert "accepted (not shown: --show-accepted lists them)" in run.stdout
    assert "link-address-missing" not in run.stdout
    shown = hmip(project, "validate", REL, "--format", name, "--show-accepted")
    assert "link-address-missing" in shown.stdout


@pytest.mark.parametrize("name", ["json", "sarif", "junit"])
def test_machine_formats_keep_every_accepted_finding(project: Path, name: str) -> None:
    run = hmip(project, "validate", REL, "--format", name)
    assert run.stdout == hmip(project, "validate", REL, "--format", name, "--show-accepted").stdout
    assert "link-address-missing" in run.stdout


# ----------------------------------------------------------------------------- junit


def test_junit_fails_a_warning_only_under_strict(project: Path, tmp_path: Path) -> None:
    line = warn(project)
    name = f"link-not-https at line {line}, column 14"

    def case(*args: str) -> object:
        run = hmip(project, "validate", REL, "--format", "junit", *args)
        report = tmp_path / "junit.xml"
        report.write_text(run.stdout, encoding="utf-8")
        cases = {c.name: c for suite in JUnitXml.fromfile(str(report)) for c in suite}
        return run.returncode, cases[name]

    code, passing = case()
    assert code == 0 and passing.is_passed  # type: ignore[attr-defined]
    code, failing = case("--strict")
    assert code == 1
    (failure,) = failing.result  # type: ignore[attr-defined]
    assert isinstance(failure, Failure)
    assert failure.message.startswith("warning: the link `corporate-plan` uses http")
