"""`hmip-docs new` on editions of the version 2 model, through the command line: each part of
the record is kept, marked to write or left out as the yearly cycle says, and the scaffold never
builds.

Started from each ``fixtures/editions`` edition: 2022/23 (comments on a proposal, individual
respondents, the guidance given once, a thematic removed, a thematic agreed with its partners)
and 2023/24 (a question on which none were received, an anonymous respondent, no guidance, a
question with no heading or prompt in section 3, a thematic agreed whose partners are not yet
named).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import FIXTURES, RECORDS, hmip
from tests.validate.cycle.authoring import markers

NAME = "consultation-response.yaml"
EDITIONS = FIXTURES / "editions"
WRITE, DECIDE = "TO WRITE: ", "TO DECIDE: "
STARTS = {"2022-23": ("2023/2024", "2023-24"), "2023-24": ("2024/2025", "2024-25")}
OPTIONAL = ("heading", "guidance", "prompt")
"""The optional parts of a question in section 3 that stand from year to year."""


def _written(value: object) -> bool:
    return isinstance(value, str) and value.startswith(WRITE)


def _start(root: Path, source: str) -> tuple[dict[str, Any], dict[str, Any], Path]:
    shutil.copytree(RECORDS, root / "records")
    for year in sorted(EDITIONS.iterdir()):
        if year.is_dir() and year.name <= source:
            shutil.copytree(year, root / "records" / year.name)
    year, folder = STARTS[source]
    run = hmip(root, "new", year)
    assert run.returncode == 0, run.stderr
    assert f"from records/{source}/{NAME}" in run.stdout
    record = root / "records" / folder / NAME
    old = yaml.safe_load((EDITIONS / source / NAME).read_text("utf-8"))
    return old, yaml.safe_load(record.read_text("utf-8")), record


def _check_response(before: dict[str, Any], after: dict[str, Any]) -> set[str]:
    """Check one question of section 3; return the kinds of response it had."""
    assert after["question"] == before["question"]
    for part in OPTIONAL:  # kept where last year had it, and only there
        assert after.get(part) == before.get(part), part
    assert ("summary" in after) == ("summary" in before)
    assert "summary" not in after or _written(after["summary"])
    kinds = {k for k in ("areas", "comments", "none_received") if k in before}
    assert {k for k in ("areas", "comments", "none_received") if k in after} == kinds
    for area_before, area_after in zip(
        before.get("areas", []), after.get("areas", []), strict=True
    ):
        assert area_after["id"] == area_before["id"]
        assert area_after.get("heading") == area_before.get("heading")
        assert _written(area_after["outcomes"]) and _written(area_after["suggestions"])
    if "comments" in before:  # each point, response and decision was last year's
        assert _written(after["comments"]) and "point with its response" in after["comments"]
    if "none_received" in before:  # this year there may be responses after all
        assert _written(after["none_received"]) and "`comments:`" in after["none_received"]
    return kinds


@pytest.mark.parametrize("source", sorted(STARTS))
def test_new_marks_keeps_and_leaves_out_each_part_of_a_v2_edition(
    tmp_path: Path, source: str
) -> None:
    old, new, _ = _start(tmp_path, source)
    assert new["schema_version"] == old["schema_version"] == 2
    assert new["document"]["programme_year"] == STARTS[source][0]
    assert _written(new["document"]["published"])
    for date in ("letter_issued", "deadline"):
        assert _written(new["consultation"][date])
    for part in ("introduction", "guidance", "closing", "letter"):
        assert new["consultation"].get(part) == old["consultation"].get(part), part
    for part in ("legal_basis", "consultees", "headings"):
        assert new[part] == old[part], part
    assert all(
        _written(link["address"]) and set(link) == {"address"} for link in new["links"].values()
    )

    # Respondents: the list is this year's, whichever kinds it held; the intro stands.
    kinds = {next(k for k in r if k != "printed") for r in old["respondents"]["list"]}
    assert kinds & {"individuals", "anonymous"}
    assert new["respondents"]["intro"] == old["respondents"]["intro"]
    assert _written(new["respondents"]["list"])
    assert "individual or anonymous" in new["respondents"]["list"]

    responses = set()
    for before, after in zip(
        old["responses"]["questions"], new["responses"]["questions"], strict=True
    ):
        responses |= _check_response(before, after)
    assert responses & {"comments", "none_received"}
    assert new["responses"].get("closing") == old["responses"].get("closing")

    # Agreed thematics are carried in as commitments, with their kind, lead and partners.
    agreed = [
        t
        for q in old["questions"]
        for t in q["decision"].get("agreed_later", {}).get("thematics", [])
    ]
    assert agreed
    carried = {c["what"]: c for c in new["commitments"]}
    assert {c["made_in"] for c in carried.values()} == {old["document"]["programme_year"]}
    for thematic in agreed:
        outcome = carried[thematic["topic"]]["outcome"]
        assert outcome.startswith(DECIDE)
        assert f"agreed as a {thematic['kind']} thematic led by {thematic['lead']}" in outcome
        for partner in thematic.get("partners", []):
            assert partner in outcome
    for before, after in zip(old["questions"], new["questions"], strict=True):
        assert not {"removed", "agreed_later"} & set(after["decision"])
        assert _written(after["decision"]["opening"])
        assert {k: v for k, v in after.items() if k != "decision"} == {
            k: v for k, v in before.items() if k != "decision"
        }
    assert "suppressions" not in new


@pytest.mark.parametrize("source", sorted(STARTS))
def test_a_v2_scaffold_is_one_error_a_marker_and_never_builds(tmp_path: Path, source: str) -> None:
    _, new, record = _start(tmp_path, source)
    folder = f"records/{STARTS[source][1]}"
    run = hmip(tmp_path, "validate", "--format", "json", folder)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    findings = [f for f in json.loads(run.stdout)["findings"] if not f["suppressed"]]
    assert {f["rule"] for f in findings} == {"to-write"}
    assert len(findings) == len(markers(new))
    lines = record.read_text("utf-8").splitlines()
    assert all(
        (WRITE in lines[f["line"] - 1]) or (DECIDE in lines[f["line"] - 1]) for f in findings
    )
    build = hmip(tmp_path, "docx", folder)
    assert build.returncode == 1
    assert not (tmp_path / "build").exists() or not list((tmp_path / "build").iterdir())
