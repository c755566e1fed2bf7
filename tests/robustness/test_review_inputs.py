"""``diff`` and ``redline`` given what they cannot use: a revision git does not know, a file
that is not there, a folder, the registry, a record that is not valid, no git repository, the
wrong number of records. Each gets a plain message naming what is wrong and an exit code (2 could
not run; 1 for an invalid record, whose findings are reported and nothing is compared), never a
traceback, and writes nothing."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REL, edit, hmip

RECORD = str(REL)


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return hmip(root, *args, env={"NO_COLOR": "1"})


def plain(result: subprocess.CompletedProcess[str], code: int, says: str) -> None:
    both = result.stdout + result.stderr
    assert result.returncode == code, both
    assert "Traceback" not in both and "internal-error" not in both, both
    assert says in result.stderr, result.stderr


@pytest.fixture
def repository(project: Path) -> Path:
    """The project as a git repository with one commit."""
    for args in (("init", "-q"), ("add", "."), ("commit", "-qm", "first")):
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
            cwd=project,
            check=True,
            capture_output=True,
            timeout=60,
        )
    return project


CASES = {
    "unknown revision": (("nosuch:" + RECORD, RECORD), "nosuch:" + RECORD + ": git show: "),
    "not in the revision": (("HEAD:records/none.yaml", RECORD), "does not exist in 'HEAD'"),
    "missing file": (("missing.yaml", RECORD), "missing.yaml: no such file"),
    "a folder": (("records", RECORD), "records: give a record file, not a folder"),
    "the registry": (("records/organisations.yaml", RECORD), "is the registry: give record"),
}


@pytest.mark.parametrize("command", ["diff", "redline"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_what_cannot_be_compared_is_a_usage_error(
    repository: Path, command: str, case: str
) -> None:
    records, says = CASES[case]
    out = ("-o", "red.docx") if command == "redline" else ()
    plain(run(repository, command, *records, *out), 2, says)
    assert not (repository / "red.docx").exists()


def test_an_unknown_revision_for_rev(repository: Path) -> None:
    plain(run(repository, "diff", "--rev", "nosuch"), 2, "'nosuch' is not a revision git knows")
    plain(run(repository, "diff", "--rev=--all"), 2, "'--all' is not a revision")


def test_outside_a_repository(project: Path) -> None:
    plain(run(project, "diff", "--rev", "HEAD"), 2, "not a git repository")
    plain(run(project, "diff", "HEAD:" + RECORD, RECORD), 2, "not a git repository")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        ((RECORD,), "diff compares two records"),
        (("--rev", "HEAD", RECORD, RECORD), "give either --rev REV or OLD and NEW"),
    ],
)
def test_the_wrong_number_of_records(repository: Path, args: tuple[str, ...], says: str) -> None:
    plain(run(repository, "diff", *args), 2, says)


@pytest.mark.parametrize("command", ["diff", "redline"])
def test_an_invalid_record_is_reported_not_compared(project: Path, command: str) -> None:
    bad = project / "bad.yaml"
    shutil.copyfile(project / REL, bad)
    edit(bad, "lead: hmi-prisons", "lead: nobody")
    out = ("-o", "red.docx") if command == "redline" else ()
    result = run(project, command, RECORD, "bad.yaml", *out)
    plain(result, 1, "nothing compared: fix the errors in bad.yaml above")
    assert "bad.yaml:" in result.stderr and "[registry-reference]" in result.stderr
    assert result.stdout == ""
    assert not (project / "red.docx").exists()


def test_an_invalid_record_at_a_revision_is_named_by_its_revision(repository: Path) -> None:
    edit(repository / REL, "lead: hmi-prisons", "lead: nobody")
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qam", "bad"],
        cwd=repository,
        check=True,
        capture_output=True,
        timeout=60,
    )
    shutil.copyfile(repository / REL, repository / "copy.yaml")
    result = run(repository, "diff", f"HEAD:{RECORD}", "copy.yaml")
    plain(result, 1, f"fix the errors in HEAD:{RECORD}, copy.yaml above")
    assert f"HEAD:{RECORD}:" in result.stderr  # the finding names the revision, not a temp file
    assert "/tmp" not in result.stderr


def test_a_redline_goes_to_a_file(project: Path) -> None:
    plain(run(project, "redline", RECORD, RECORD, "-o", "-"), 2, "name one with -o, not `-`")
    assert not (project / "-").exists()


@pytest.mark.parametrize("command", ["diff", "redline"])
def test_a_long_paragraph_changed_throughout_is_compared_in_bounded_time(
    project: Path, command: str
) -> None:
    """A paragraph of 5,000 words with every seventh changed: compared word by word it took
    minutes (the matcher's time grows faster than the product of the lengths); past a bound it
    is shown replaced whole, and either way the words come out right."""
    from hmip_docs.review import words
    from tests.robustness.bounded import run_within

    words_old = " ".join(["the"] * 5_000)
    words_new = " ".join("they" if n % 7 == 0 else "the" for n in range(5_000))
    record = project / "records" / "2021-22" / "consultation-response.yaml"
    new = project / "new.yaml"
    new.write_text(record.read_text(encoding="utf-8"), encoding="utf-8")
    edit(record, "feedback:\n", f"feedback:\n  - {words_old}\n")
    edit(new, "feedback:\n", f"feedback:\n  - {words_new}\n")
    rel = str(record.relative_to(project))
    if command == "diff":
        result = run_within(60, project, "diff", "--format", "json", rel, "new.yaml")
        (change,) = json.loads(result.stdout)["records"][0]["changes"]
        old_text = "".join(t for op, t in change["words"] if op != "insert")
        new_text = "".join(t for op, t in change["words"] if op != "delete")
        assert (old_text, new_text) == (words_old, words_new)
    else:
        result = run_within(120, project, "redline", rel, "new.yaml", "-o", "out.docx")
        assert result.returncode == 0, result.stdout + result.stderr
    assert len(words.tokens(words_old)) ** 2 > words.PAIRS_LIMIT  # past the bound
