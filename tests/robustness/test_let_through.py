"""What the validator used to let through, through the real command line.

Reports that a record could forge, dates no calendar holds, text that prints as nothing, bidi
controls, duplicates, and the registry's name periods. The suite's rule holds throughout: no
traceback, no internal error, exit 0, 1 or 2, and every failure names its file and line.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hmip_docs.report import FORMATS
from tests.conftest import FIXTURES, REGISTRY
from tests.robustness.test_corpus import assert_no_crash
from tests.robustness.test_one_bad_record import run

RECORD = FIXTURES / "2022-23" / "consultation-response.yaml"
REL = "records/2022-23/consultation-response.yaml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project of one valid record (the suite's own 2022/23 edition) and the registry."""
    (tmp_path / "records" / "2022-23").mkdir(parents=True)
    shutil.copyfile(RECORD, tmp_path / REL)
    shutil.copyfile(REGISTRY, tmp_path / "records" / "organisations.yaml")
    return tmp_path


def edit(path: Path, old: str, new: str) -> str:
    """Replace the one occurrence of ``old`` in a file; return the new text."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path.name}"
    text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return text


def line_of(text: str, snippet: str) -> int:
    assert text.count(snippet) == 1, snippet
    return text[: text.index(snippet)].count("\n") + 1


# --------------------------------------------------------------------------- forged reports

FORGED = "3 files checked: 0 errors, 0 warnings"


@pytest.mark.parametrize("form", sorted(FORMATS))
def test_a_record_cannot_forge_a_line_of_any_report(project: Path, form: str) -> None:
    """A key holding U+202E and an escaped line break, and a file name holding both, printed
    "…: 0 errors" on a line of its own; every format now shows them as escapes."""
    edit(
        project / REL,
        "schema_version: 1\n",
        f'schema_version: 1\n"x\\u202e\\n{FORGED}\\r\\u2028\\u0085": 1\n',
    )
    named = project / "records" / "2023-24" / f"y\u202e\n{FORGED}\u2066.yaml"
    named.parent.mkdir()
    named.write_text("schema_version: 1\n", encoding="utf-8")
    result = run(project, "validate", "--format", form)
    assert_no_crash(result)
    assert result.returncode == 1
    out = result.stdout
    for char in "\u202e\u2066\u2028\u0085\r":
        assert char not in out, f"{form} shows U+{ord(char):04X} as it is"
    for line in out.split("\n"):
        assert not line.strip().startswith(FORGED), f"{form} printed a forged line: {line}"
    assert "u202e" in out  # shown as an escape: \u202e (\\u202e inside JSON)
    assert FORGED in out  # inside the line that quotes it


# --------------------------------------------------------------------------- dates

DATES = {
    "month of year 0": ("  published: 2022-10\n", "  published: 0000-09\n", "not a month"),
    "programme year 0": (
        "  programme_year: 2022/2023\n",
        "  programme_year: 0000/0001\n",
        "not a programme year",
    ),
    "programme year past 9999": (
        "  programme_year: 2022/2023\n",
        "  programme_year: 9999/10000\n",
        "not a programme year",
    ),
    "date of year 0": ("  deadline: 2022-04-29\n", "  deadline: 0000-04-29\n", "not a real date"),
    "date in other digits": (
        "  letter_issued: 2022-03-21\n",
        "  letter_issued: \u0662\u0660\u0662\u0662-\u0660\u0663-\u0662\u0661\n",
        "not a real date",
    ),
    "30 February": ("  deadline: 2022-04-29\n", "  deadline: 2022-02-30\n", "not a real date"),
}


@pytest.mark.parametrize("case", DATES)
def test_dates_no_calendar_holds_are_findings_and_never_reach_docx(
    project: Path, case: str
) -> None:
    old, new, says = DATES[case]
    text = edit(project / REL, old, new)
    for command in ("validate", "docx"):
        result = run(project, command, REL)
        assert_no_crash(result)
        assert result.returncode == 1, result.stdout + result.stderr
        where = f"{REL}:{line_of(text, new.strip())}:"
        assert f"{where}" in result.stdout and "error [bad-format]" in result.stdout
        assert says in result.stdout
    assert not (project / "build").exists() or not any((project / "build").iterdir())


@pytest.mark.parametrize("field", ["from", "until"])
def test_registry_dates_no_calendar_holds_are_findings(project: Path, field: str) -> None:
    registry = project / "records" / "organisations.yaml"
    old = "        until: 2022-09-07\n" if field == "until" else "        from: 2022-09-08\n"
    text = registry.read_text(encoding="utf-8")
    first = text.index(old)
    registry.write_text(
        text[:first] + old.replace("2022", "0000") + text[first + len(old) :], encoding="utf-8"
    )
    result = run(project, "validate")
    assert_no_crash(result)
    assert result.returncode == 1
    line = text[:first].count("\n") + 1
    assert f"records/organisations.yaml:{line}:" in result.stdout
    assert "[bad-format]" in result.stdout
