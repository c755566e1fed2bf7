"""`hmip-docs validate` run as a real command: exit codes, --strict, --debug, what it checks by
default, colour only on a terminal, and every report format end to end."""

from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import jsonschema
import pytest
from junitparser import JUnitXml

from hmip_docs.reference.rule_examples import EDITS, Edit
from tests.conftest import FIXTURES, cli_env, edit, hmip, line_of

REL = "records/2021-22/consultation-response.yaml"
RED = "\033[31m"


def example(rule: str) -> Edit:
    return next(e for e in EDITS if e.rule == rule)


def break_record(root: Path, rule: str = "suggestion-outcome-missing") -> int:
    """Apply a rule's example edit; return the line its finding points at."""
    change = example(rule)
    text = edit(root / REL, change.old, change.new)
    return line_of(text, change.line)


def with_code(root: Path, code: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the command line in a fresh interpreter after ``code`` (which plants a fault)."""
    script = (
        f"import sys\n{code}\nfrom hmip_docs.cli.main import main\nsys.exit(main(sys.argv[1:]))"
    )
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env=cli_env(),
        timeout=300,
    )


# ----------------------------------------------------------------------------- exit codes


def test_valid_records_exit_0(project: Path) -> None:
    run = hmip(project, "validate")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "2 files checked: 0 errors, 0 warnings" in run.stdout


def test_findings_exit_1_with_file_line_and_rule(project: Path) -> None:
    line = break_record(project)
    run = hmip(project, "validate")
    assert run.returncode == 1
    assert f"{REL}:{line}:15: error [suggestion-outcome-missing]" in run.stdout
    assert "Traceback" not in run.stdout + run.stderr


def test_strict_makes_warnings_fail(project: Path) -> None:
    line = break_record(project, "link-not-https")
    run = hmip(project, "validate")
    assert run.returncode == 0, run.stdout
    assert f"{REL}:{line}:" in run.stdout and "warning [link-not-https]" in run.stdout
    strict = hmip(project, "validate", "--strict")
    assert strict.returncode == 1
    assert strict.stdout == run.stdout


def test_strict_passes_accepted_findings(project: Path) -> None:
    # The shipped record has accepted (suppressed) warnings: they never fail.
    run = hmip(project, "validate", "--strict", "--show-accepted")
    assert run.returncode == 0, run.stdout
    assert "accepted [" in run.stdout


@pytest.mark.parametrize(
    ("setup", "args", "message"),
    [
        (None, ("validate", "records/2020-21"), "records/2020-21: no such file or folder"),
        (
            ".hmip-docs.yaml",
            ("validate",),
            ".hmip-docs.yaml:1 (did you mean `records`?)",
        ),
        ("broken .hmip-docs.yaml", ("validate",), "cannot read"),
        ("no registry", ("validate",), "organisations.yaml does not exist"),
        ("no records folder", ("validate",), "the records folder"),
    ],
    ids=["missing-path", "unknown-setting", "broken-config", "no-registry", "no-records"],
)
def test_cannot_run_exits_2_without_a_traceback(
    project: Path, setup: str | None, args: tuple[str, ...], message: str
) -> None:
    if setup == ".hmip-docs.yaml":
        (project / ".hmip-docs.yaml").write_text("recrods: records\n", encoding="utf-8")
    elif setup == "broken .hmip-docs.yaml":
        (project / ".hmip-docs.yaml").write_text("records: [records\n", encoding="utf-8")
    elif setup == "no registry":
        (project / "records" / "organisations.yaml").unlink()
    elif setup == "no records folder":
        (project / ".hmip-docs.yaml").write_text(
            "records: nowhere\nregistry: records/organisations.yaml\n", encoding="utf-8"
        )
    run = hmip(project, *args)
    assert run.returncode == 2, run.stdout + run.stderr
    assert run.stderr.startswith("hmip-docs: ")
    assert message in run.stderr
    assert "Traceback" not in run.stderr
    assert "internal-error" not in run.stdout + run.stderr


BROKEN_RULE = """
from hmip_docs.core.findings import Severity
from hmip_docs.validate.rules import RECORD_RULES, Rule

def check(facts):
    raise KeyError("planted")
    yield

RECORD_RULES["planted"] = Rule("planted", Severity.ERROR, "fails on purpose", check)
"""


def test_a_broken_rule_is_an_internal_error_not_invalid_input(project: Path) -> None:
    run = with_code(project, BROKEN_RULE, "validate")
    assert run.returncode == 2
    assert f"{REL}: error [internal-error] hmip-docs failed while checking rule planted" in (
        run.stdout
    )
    assert "this is a fault in hmip-docs, not in the record" in run.stdout
    assert "Traceback" not in run.stderr
    # It is the tool's fault, so the sarif run reports the execution as failed.
    sarif = with_code(project, BROKEN_RULE, "validate", "--format", "sarif")
    assert json.loads(sarif.stdout)["runs"][0]["invocations"] == [{"executionSuccessful": False}]
    # Under --debug the rule's own traceback is shown as well.
    debug = with_code(project, BROKEN_RULE, "--debug", "validate")
    assert debug.returncode == 2
    assert "Traceback (most recent call last)" in debug.stderr
    assert "KeyError: 'planted'" in debug.stderr


BROKEN_REPORTER = """
from hmip_docs import report

def boom(findings, summary):
    raise RuntimeError("planted")

report.FORMATS["text"] = boom
"""


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_shows_the_traceback_of_an_internal_error(project: Path, where: str) -> None:
    plain = with_code(project, BROKEN_REPORTER, "validate")
    assert plain.returncode == 2
    assert "hmip-docs: internal error [internal-error]: RuntimeError: planted" in plain.stderr
    assert "Traceback" not in plain.stderr
    args = ("--debug", "validate") if where == "before" else ("validate", "--debug")
    debug = with_code(project, BROKEN_REPORTER, *args)
    assert debug.returncode == 2
    assert "Traceback (most recent call last)" in debug.stderr
    assert 'File "<string>", line 6, in boom' in debug.stderr
    assert "hmip-docs: internal error [internal-error]" in debug.stderr


# ----------------------------------------------------------------------------- what is checked


def test_no_arguments_checks_every_record_and_a_folder_its_records(project: Path) -> None:
    shutil.copytree(project / "records" / "2021-22", project / "records" / "copy" / "2021-22")
    everything = hmip(project, "validate", "--format", "json")
    assert json.loads(everything.stdout)["summary"]["files"] == 3
    folder = hmip(project, "validate", "--format", "json", "records/copy")
    assert json.loads(folder.stdout)["summary"]["files"] == 2
    one = hmip(project, "validate", "--format", "json", REL)
    assert json.loads(one.stdout)["summary"]["files"] == 2
    break_record(project)
    # Only the broken copy fails; the folder of the good one still passes.
    assert hmip(project, "validate", "records/copy").returncode == 0
    run = hmip(project, "validate")
    assert run.returncode == 1
    assert "3 files checked: 1 error" in run.stdout


# ----------------------------------------------------------------------------- colour


def on_terminal(root: Path, *args: str, env: Mapping[str, str] | None = None) -> str:
    """Run the command with its standard output on a pseudo-terminal; return what it showed."""
    main, secondary = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "hmip_docs", *args],
        cwd=root,
        stdout=secondary,
        stderr=subprocess.DEVNULL,
        env=cli_env(env),
    )
    os.close(secondary)
    chunks = []
    while True:
        try:
            data = os.read(main, 65536)
        except OSError:  # the terminal is closed once the command has exited
            break
        if not data:
            break
        chunks.append(data)
    os.close(main)
    assert process.wait(timeout=60) == 1
    return b"".join(chunks).decode("utf-8")


def test_colour_only_on_a_terminal_and_never_when_declined(project: Path) -> None:
    break_record(project)
    assert f"{RED}error" in on_terminal(project, "validate")
    assert f"{RED}error" in on_terminal(project, "validate", env={"NO_COLOR": ""})
    assert "\033[" not in on_terminal(project, "validate", env={"NO_COLOR": "1"})
    assert "\033[" not in on_terminal(project, "validate", "--no-color")
    assert "\033[" not in on_terminal(project, "validate", "--format", "github")
    assert "\033[" not in hmip(project, "validate").stdout


# ----------------------------------------------------------------------------- formats


def test_every_format_end_to_end(project: Path, tmp_path: Path) -> None:
    line = break_record(project)
    runs = {
        name: hmip(project, "validate", "--format", name)
        for name in ("text", "json", "github", "sarif", "junit", "markdown")
    }
    assert {name: run.returncode for name, run in runs.items()} == dict.fromkeys(runs, 1)
    assert all(run.stderr == "" for run in runs.values())

    (finding,) = [f for f in json.loads(runs["json"].stdout)["findings"] if not f["suppressed"]]
    assert (finding["rule"], finding["file"], finding["line"]) == (
        "suggestion-outcome-missing",
        REL,
        line,
    )

    assert f"::error file={REL},line={line},col=15,title=suggestion-outcome-missing::" in (
        runs["github"].stdout
    )
    assert "::notice" not in runs["github"].stdout  # accepted findings are counted only
    shown = hmip(project, "validate", "--format", "github", "--show-accepted")
    assert f"::notice file={REL}," in shown.stdout

    schema = json.loads((FIXTURES / "sarif-2.1.0.schema.json").read_text(encoding="utf-8"))
    log = json.loads(runs["sarif"].stdout)
    jsonschema.validate(log, schema, cls=jsonschema.Draft4Validator)
    results = log["runs"][0]["results"]
    standing = [r for r in results if "suppressions" not in r]
    assert [r["ruleId"] for r in standing] == ["suggestion-outcome-missing"]
    region = standing[0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": line, "startColumn": 15}
    rules = {
        r["id"]: r["shortDescription"]["text"] for r in log["runs"][0]["tool"]["driver"]["rules"]
    }
    assert rules["suggestion-outcome-missing"] == "every suggestion has an outcome"

    report = tmp_path / "junit.xml"
    report.write_text(runs["junit"].stdout, encoding="utf-8")
    suites = {suite.name: suite for suite in JUnitXml.fromfile(str(report))}
    assert list(suites) == ["records/organisations.yaml", REL]
    assert suites[REL].failures == 1

    assert f"| **error** | `{REL}` line {line}, column 15 |" in runs["markdown"].stdout


def test_a_long_line_is_framed_in_part_so_the_report_grows_with_the_findings(
    project: Path,
) -> None:
    """A paragraph of 100,000 characters on one line, with a finding every ten of them: each
    code frame shows a window of the line around its column, caret in place, not the line."""
    from hmip_docs.report.text import FRAME_WIDTH

    record = project / "records" / "2021-22" / "consultation-response.yaml"
    edit(record, "feedback:\n", "feedback:\n  - '" + "2020/2021 " * 10_000 + "'\n")
    result = hmip(project, "validate", str(record.relative_to(project)), env={"NO_COLOR": "1"})
    assert result.returncode == 0, result.stderr
    number = record.read_text(encoding="utf-8").split("\n").index("feedback:") + 2
    lines = result.stdout.splitlines()
    frames = [n for n, line in enumerate(lines) if line.startswith(f"  > {number} | ")]
    assert len(frames) == 10_000
    assert max(map(len, lines)) < FRAME_WIDTH + 200
    assert len(result.stdout) < 10_000 * 1_000
    first, caret = lines[frames[0]], lines[frames[0] + 1]
    assert first.endswith("…") and caret.index("^") == first.index("'")
