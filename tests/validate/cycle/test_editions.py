"""Year after year through the command line: `new` starts an edition, an author writes it, the
editions' commitments are answered, and the ledger says what became of each.

The chain is the suite's 2021/22 record, a 2022/23 edition made with `new` and written from the
fixture edition, and a 2023/24 edition made with `new` from that one and written in turn.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml

from tests.conftest import FIXTURES, RECORDS, ROOT, hmip
from tests.validate.cycle.authoring import markers, write_edition

NAME = "consultation-response.yaml"
SOURCE = FIXTURES / "2022-23" / NAME


def _project(root: Path) -> Path:
    shutil.copytree(RECORDS, root / "records")
    shutil.copytree(ROOT / "templates", root / "templates")
    return root


def _report(root: Path, *paths: str) -> tuple[int, list[dict[str, Any]]]:
    run = hmip(root, "validate", "--format", "json", *paths)
    assert "Traceback" not in run.stderr, run.stderr
    findings = [f for f in json.loads(run.stdout)["findings"] if not f["suppressed"]]
    return run.returncode, findings


def _later_kinds(root: Path) -> set[str]:
    """The decision kinds that point to a later year, read here from the vocabulary file."""
    vocabulary = yaml.safe_load((root / "records" / "decisions.yaml").read_text("utf-8"))
    return {k["id"] for k in vocabulary["kinds"] if k["points_to"] == "later-year"}


def _promised(data: dict[str, Any], later: set[str]) -> set[str]:
    """What a record promises for a later year, read here independently of the tool."""
    found = set()
    for question in data["questions"]:
        decision = question["decision"]
        found |= {r["topic"] for r in decision.get("removed", [])}
        found |= {t["topic"] for t in decision.get("agreed_later", {}).get("thematics", [])}
    for question in data["responses"]["questions"]:
        for area in question.get("areas", []):
            ids = {o["id"] for o in area["outcomes"] if o["decision"] in later}
            found |= {s["topic"] for s in area["suggestions"] if s["outcome"] in ids}
        found |= {c["point"] for c in question.get("comments", []) if c["decision"] in later}
    return found


def test_new_starts_an_edition_whose_every_item_is_one_error(tmp_path: Path) -> None:
    root = _project(tmp_path)
    run = hmip(root, "new", "2022/2023")
    assert run.returncode == 0, run.stderr
    record = root / "records" / "2022-23" / NAME
    text = record.read_text("utf-8")
    data = yaml.safe_load(text)
    todo = markers(data)
    promised = len(
        _promised(
            yaml.safe_load((RECORDS / "2021-22" / NAME).read_text("utf-8")), _later_kinds(root)
        )
    )
    assert promised == 6
    assert (
        f"{len(todo) - promised} items to write and {promised} commitments to decide" in run.stdout
    )

    code, findings = _report(root)
    assert code == 1
    assert {f["rule"] for f in findings} == {"to-write"}
    assert {f["severity"] for f in findings} == {"error"}
    assert all(f["file"] == "records/2022-23/" + NAME for f in findings)
    assert len(findings) == len(todo)
    lines = text.splitlines()
    for finding in findings:
        assert (
            "TO WRITE: " in lines[finding["line"] - 1]
            or "TO DECIDE: " in lines[finding["line"] - 1]
        ), finding
        assert finding["message"].startswith(("still to write: ", "still to decide: "))

    build = hmip(root, "docx", "records/2022-23")
    assert build.returncode == 1
    assert not (root / "build" / "consultation-response-2022-23.docx").exists()


def test_new_keeps_what_stands_and_leaves_out_what_was_last_years(tmp_path: Path) -> None:
    root = _project(tmp_path)
    assert hmip(root, "new", "2022/23").returncode == 0
    old = yaml.safe_load((root / "records" / "2021-22" / NAME).read_text("utf-8"))
    new = yaml.safe_load((root / "records" / "2022-23" / NAME).read_text("utf-8"))
    assert new["document"]["programme_year"] == "2022/2023"
    for part in ("legal_basis", "consultees", "headings", "schema_version"):
        assert new[part] == old[part], part
    for key in ("introduction", "guidance", "closing", "letter"):
        assert new["consultation"][key] == old["consultation"][key], key
    for before, after in zip(
        old["responses"]["questions"], new["responses"]["questions"], strict=True
    ):
        assert after["guidance"] == before["guidance"]
        assert after["prompt"] == before["prompt"]
        assert [a["heading"] for a in after["areas"]] == [a["heading"] for a in before["areas"]]
    assert (
        new["questions"][0]["decision"]["criteria"] == old["questions"][0]["decision"]["criteria"]
    )
    assert "removed" not in new["questions"][0]["decision"]
    assert "agreed_later" not in new["questions"][0]["decision"]
    assert "suppressions" not in new
    assert sorted(new["links"]) == ["consultation-letter", "corporate-plan"]  # feedback's is gone
    carried = new["commitments"]
    assert {c["what"] for c in carried} == _promised(old, _later_kinds(root))
    assert {c["made_in"] for c in carried} == {"2021/2022"}
    assert all(c["outcome"].startswith("TO DECIDE: ") for c in carried)


def test_new_never_writes_over_an_edition(tmp_path: Path) -> None:
    root = _project(tmp_path)
    assert hmip(root, "new", "2022/2023").returncode == 0
    record = root / "records" / "2022-23" / NAME
    record.write_text(record.read_text("utf-8") + "# written by hand\n", "utf-8")
    before = record.read_bytes()
    again = hmip(root, "new", "2022/2023")
    assert again.returncode == 2
    assert "records/2022-23 already exists" in again.stderr
    assert record.read_bytes() == before
    (root / "records" / "2023-24").mkdir()
    empty = hmip(root, "new", "2023/2024")
    assert empty.returncode == 2 and "already exists" in empty.stderr
    assert list((root / "records" / "2023-24").iterdir()) == []
    assert not [p for p in (root / "records").iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize(
    ("year", "says"),
    [
        ("2022/2024", "is not a programme year"),
        ("twenty", "is not a programme year"),
        ("2020/2021", "is not after the latest edition, 2021/2022"),
        ("2021/2022", "records/2021-22 already exists"),
    ],
)
def test_new_refuses_a_year_it_cannot_start(tmp_path: Path, year: str, says: str) -> None:
    root = _project(tmp_path)
    run = hmip(root, "new", year)
    assert run.returncode == 2
    assert says in run.stderr and "Traceback" not in run.stderr
    assert sorted(p.name for p in (root / "records").iterdir()) == [
        "2021-22",
        "decisions.yaml",
        "organisations.yaml",
    ]


ANSWERS_2022 = {
    what: {"outcome": "deferred", "year": "2023/2024"}
    for what in (
        "youth to adult transitions",
        "community supervision of those considered extremist/radicalised/TACT",
        "victims",
        "Post-sentence supervision",
        "Mental health of those have recently transitioned to adult services",
        "Victim and restorative justice work",
    )
}
ANSWERS_2023 = {
    "youth to adult transitions": {"outcome": "dropped", "reason": "Covered by the OMiC work."},
    "community supervision of those considered extremist/radicalised/TACT": {
        "outcome": "in-programme",
        "thematic": "mappa",
    },
    "victims": {"outcome": "in-programme", "thematic": "race"},
    "Post-sentence supervision": {"outcome": "deferred", "year": "2024/2025"},
    "Victim and restorative justice work": {"outcome": "in-programme", "thematic": "race"},
    # A research project named in other case, without its final full stop.
    "Mental health of those have recently transitioned to adult services": {
        "outcome": "in-programme",
        "research": "Working with trauma in  adult probation",
    },
}


def _shift(text: str) -> str:
    # "In early 2021" stays: the study came out then, as the suppression kept with it says.
    return text.replace("2023/2024", "2024/2025").replace("2022/2023", "2023/2024")


@pytest.fixture(scope="module")
def chain(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = _project(tmp_path_factory.mktemp("chain"))
    source = yaml.safe_load(SOURCE.read_text("utf-8"))
    assert hmip(root, "new", "2022/2023").returncode == 0
    write_edition(root / "records" / "2022-23" / NAME, source, answers=ANSWERS_2022)
    assert hmip(root, "new", "2023/2024").returncode == 0
    write_edition(
        root / "records" / "2023-24" / NAME,
        source,
        change=_shift,
        answers=ANSWERS_2023,
        extra={
            ("document", "published"): "2023-10",
            ("consultation", "letter_issued"): "2023-03-20",
            ("consultation", "deadline"): "2023-04-28",
        },
    )
    return root


def test_a_chain_of_written_editions_is_valid_and_builds(chain: Path) -> None:
    code, findings = _report(chain)
    assert (code, findings) == (0, [])
    build = hmip(chain, "docx", "records/2023-24")
    assert build.returncode == 0, build.stdout + build.stderr
    document = docx.Document(str(chain / "build" / "consultation-response-2023-24.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "TO WRITE" not in text and "TO DECIDE" not in text
    assert "2023/2024" in text and "2022/2023" not in text


def test_the_ledger_says_what_became_of_each_commitment(chain: Path) -> None:
    run = hmip(chain, "commitments", "--format", "json")
    assert run.returncode == 0, run.stderr
    rows = json.loads(run.stdout)["commitments"]
    happened = {(r["made_in"], r["what"]): r["happened"] for r in rows}
    for what in ANSWERS_2022:
        assert happened["2021/2022", what] == "deferred to 2023/2024"
    assert happened["2022/2023", "victims"] == "in the programme (thematic race)"
    mental_health = "Mental health of those have recently transitioned to adult services"
    assert happened["2022/2023", mental_health] == (
        "in the programme (research project 'Working with trauma in adult probation')"
    )
    assert happened["2022/2023", "youth to adult transitions"] == (
        "dropped: Covered by the OMiC work."
    )
    assert happened["2023/2024", "Post-sentence supervision"] == (
        "open: no edition for 2024/2025 yet"
    )
    made = next(r for r in rows if r["made_in"] == "2021/2022" and r["what"] == "victims")
    file, line = made["made_at"].rsplit(":", 1)
    assert "victims" in (chain / file).read_text("utf-8").splitlines()[int(line) - 1]
    where, line = made["where"].rsplit(":", 1)
    assert where == "records/2022-23/" + NAME
    assert "victims" in (chain / where).read_text("utf-8").splitlines()[int(line)]

    as_csv = list(csv.DictReader(io.StringIO(hmip(chain, "commitments", "--format", "csv").stdout)))
    assert [dict(r) for r in as_csv] == rows
    table = hmip(chain, "commitments", "--format", "markdown").stdout.splitlines()
    assert table[0].startswith("| made in |") and len(table) == len(rows) + 2
    text = hmip(chain, "commitments").stdout
    assert text.count("what happened: ") == len(rows)


def _latest_of_a_copy(chain: Path, tmp_path: Path) -> tuple[Path, Path, dict[str, Any]]:
    """A copy of the chain, its 2023/24 record and that record's data, to edit."""
    root = tmp_path / "copy"
    shutil.copytree(chain, root)
    record = root / "records" / "2023-24" / NAME
    return root, record, yaml.safe_load(record.read_text("utf-8"))


def test_an_unanswered_commitment_names_both_editions(chain: Path, tmp_path: Path) -> None:
    root, record, data = _latest_of_a_copy(chain, tmp_path)
    data["commitments"] = [c for c in data["commitments"] if c["what"] != "victims"]
    record.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    code, findings = _report(root)
    assert code == 1
    (finding,) = findings
    assert finding["rule"] == "commitment-unaddressed"
    assert finding["file"] == "records/2023-24/" + NAME
    assert record.read_text("utf-8").splitlines()[finding["line"] - 1].startswith("commitments:")
    earlier = f"records/2022-23/{NAME}:"
    assert earlier in finding["message"]
    line = int(finding["message"].split(earlier)[1].split(")")[0])
    made = (root / "records" / "2022-23" / NAME).read_text("utf-8").splitlines()[line - 1]
    assert "victims" in made


def test_an_answer_must_be_complete_and_name_a_commitment(chain: Path, tmp_path: Path) -> None:
    root, record, data = _latest_of_a_copy(chain, tmp_path)
    answers = {c["what"]: c for c in data["commitments"]}
    answers["victims"]["thematic"] = "no-such-thematic"
    mental_health = answers["Mental health of those have recently transitioned to adult services"]
    mental_health["research"] = "working with trauma"
    answers["youth to adult transitions"].pop("reason")
    answers["Post-sentence supervision"]["what"] = "Post sentence supervision, again"
    record.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    code, findings = _report(root)
    assert code == 1
    rules = sorted((f["rule"], f["message"].split(" ")[0]) for f in findings)
    assert rules == [
        ("commitment-answer", "`research:"),
        ("commitment-answer", "`thematic:"),
        ("commitment-answer", "an"),
        ("commitment-answer", "the"),
        ("commitment-unaddressed", "the"),
    ], findings


def test_a_copy_of_last_years_folder_is_not_this_years_edition(tmp_path: Path) -> None:
    root = _project(tmp_path)
    shutil.copytree(root / "records" / "2021-22", root / "records" / "2022-23")
    code, findings = _report(root, "records/2022-23")
    assert code == 1
    (finding,) = [f for f in findings if f["rule"] == "folder-year"]
    assert finding["file"] == "records/2022-23/" + NAME
    assert "programme year is 2021/2022" in finding["message"]
    line = (
        (root / "records" / "2022-23" / NAME).read_text("utf-8").splitlines()[finding["line"] - 1]
    )
    assert "programme_year: 2021/2022" in line


@pytest.mark.parametrize(
    "module",
    ["markers", "staleness", "editions", "cross", "scaffold", "ledger", "reading", "package"],
)
def test_each_module_can_be_imported_first(module: str) -> None:
    """The rule table imports rules of this subpackage, which use the rule types: whichever is
    imported first, neither finds the other half made."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", f"import hmip_docs.validate.cycle.{module}"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr


def test_make_new_starts_the_edition_the_readme_says(tmp_path: Path) -> None:
    from tests.test_make import make, ready

    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    shutil.copytree(RECORDS, tmp_path / "records")
    missing = make(tmp_path, *ready(tmp_path), "new")
    assert missing.returncode == 2 and "make new YEAR=2022/2023" in missing.stderr
    run = make(tmp_path, *ready(tmp_path), "new", "YEAR=2022/2023")
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "records" / "2022-23" / NAME).is_file()
    assert "run `make new`" in " ".join((ROOT / "README.md").read_text("utf-8").split())
    assert "cp -r records/2021-22" not in (ROOT / "README.md").read_text("utf-8")


def test_a_commitment_has_one_answer_with_only_its_outcomes_fields(
    chain: Path, tmp_path: Path
) -> None:
    """A second, contradicting answer to one commitment, and a year beside an answer that
    puts the commitment in the programme, are each a finding: the ledger must not pick one."""
    root, record, data = _latest_of_a_copy(chain, tmp_path)
    answers = {c["what"]: c for c in data["commitments"]}
    answers["victims"]["year"] = "2024/2025"
    again = {**answers["youth to adult transitions"], "outcome": "dropped", "reason": "Done."}
    again.pop("thematic", None)
    again.pop("year", None)
    data["commitments"].append(again)
    record.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    code, findings = _report(root)
    assert code == 1
    messages = sorted(f["message"] for f in findings if f["rule"] == "commitment-answer")
    assert len(messages) == 2, findings
    assert messages[0].startswith("`year:` goes with an answer `deferred` only")
    assert messages[1].startswith("this commitment is answered already, on line ")
