"""Commitments of the version 2 record model, through the command line: a response to a comment
on a proposal whose decision points to a later year, and thematics agreed for later years with
their kind, lead and partners.

The project holds the suite's 2021/22 record and the ``fixtures/editions`` 2022/23 and 2023/24
editions, which answer each other's commitments.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import FIXTURES, RECORDS, edit, hmip

NAME = "consultation-response.yaml"
EDITIONS = FIXTURES / "editions"
POINT = "Ratings should reflect what children say about the service."


def _project(root: Path) -> Path:
    shutil.copytree(RECORDS, root / "records")
    for year in ("2022-23", "2023-24"):
        (root / "records" / year).mkdir()
        shutil.copy(EDITIONS / year / NAME, root / "records" / year)
    return root


def _ledger(root: Path) -> dict[tuple[str, str], dict[str, str]]:
    run = hmip(root, "commitments", "--format", "json")
    assert run.returncode == 0, run.stderr
    return {(r["made_in"], r["what"]): r for r in json.loads(run.stdout)["commitments"]}


def _findings(root: Path) -> list[dict[str, Any]]:
    run = hmip(root, "validate", "--format", "json")
    assert "Traceback" not in run.stderr, run.stderr
    return [f for f in json.loads(run.stdout)["findings"] if not f["suppressed"]]


def _line(root: Path, at: str) -> str:
    file, line = at.rsplit(":", 1)
    return (root / file).read_text("utf-8").splitlines()[int(line) - 1]


def test_thematics_agreed_for_later_years_are_commitments_with_kind_lead_partners(
    tmp_path: Path,
) -> None:
    root = _project(tmp_path)
    assert _findings(root) == []
    ledger = _ledger(root)
    send = ledger["2022/2023", "children with special educational needs"]
    assert send["promise"] == (
        "agreed as a joint thematic led by hmi-probation with ofsted, cqc for 2023/2024"
    )
    assert send["happened"] == "in the programme (thematic special-educational-needs)"
    assert "children with special educational needs" in _line(root, send["made_at"])
    assert send["where"].startswith("records/2023-24/" + NAME + ":")
    abuse = ledger["2023/2024", "domestic abuse"]
    assert abuse["promise"] == (
        "agreed as a joint thematic led by hmi-probation with partners still to be named "
        "for 2024/2025"
    )
    assert abuse["happened"] == "open: no edition for 2024/2025 yet"

    # A thematic led by another body, the publisher a partner: the ledger says so.
    record = root / "records" / "2022-23" / NAME
    edit(
        record,
        "            lead: hmi-probation\n            partners: [ofsted, cqc]\n",
        "            lead: ofsted\n            partners: [hmi-probation, cqc]\n",
    )
    promise = _ledger(root)["2022/2023", "children with special educational needs"]["promise"]
    assert (
        promise == "agreed as a joint thematic led by ofsted with hmi-probation, cqc for 2023/2024"
    )


def test_a_response_to_a_comment_pointing_to_a_later_year_is_a_commitment(
    tmp_path: Path,
) -> None:
    root = _project(tmp_path)
    ledger = _ledger(root)
    points = {"The standards should say more about work with children's families.", POINT}
    assert not points & {what for _, what in ledger}  # their kinds point to the programme

    record = root / "records" / "2022-23" / NAME
    edit(
        record,
        "          decision: consider-in-drafting\n"
        "          response: We will consider this when the detailed wording is drafted.\n",
        "          decision: consider-in-later-year\n          year: 2023/2024\n"
        "          response: We will consider this alongside other priorities for 2023/2024.\n",
    )
    row = _ledger(root)["2022/2023", POINT]
    assert row["for_year"] == "2023/2024" and row["happened"] == "not answered"
    assert POINT in _line(root, row["made_at"])
    (finding,) = _findings(root)
    assert finding["rule"] == "commitment-unaddressed"
    assert finding["file"] == "records/2023-24/" + NAME
    assert f"records/2022-23/{NAME}:{row['made_at'].rsplit(':', 1)[1]}" in finding["message"]

    later = root / "records" / "2023-24" / NAME
    later.write_text(
        later.read_text("utf-8")
        + f"  - made_in: 2022/2023\n    what: {POINT}\n    outcome: deferred\n"
        + "    year: 2024/2025\n",
        "utf-8",
    )
    assert _findings(root) == []
    ledger = _ledger(root)
    assert ledger["2022/2023", POINT]["happened"] == "deferred to 2024/2025"
    assert ledger["2023/2024", POINT]["promise"] == "deferred again to 2024/2025"

    run = hmip(root, "new", "2024/2025")
    assert run.returncode == 0, run.stderr
    started = yaml.safe_load((root / "records" / "2024-25" / NAME).read_text("utf-8"))
    carried = {c["what"]: c for c in started["commitments"]}
    assert set(carried) == {POINT, "domestic abuse"}
    assert all(c["outcome"].startswith("TO DECIDE: ") for c in carried.values())
