"""Commitments read the vocabulary of decision kinds: a kind a policy team adds to
``decisions.yaml`` that points to a later year makes commitments with no change of code.

Run through the command line in a project holding the suite's 2021/22 record and the
``fixtures/editions`` 2022/23 edition (comments on a proposal, thematics agreed for later years
with kind, lead and partners).
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
NEW_KIND = (
    "  - id: revisit-at-review\n"
    "    meaning: Revisited when the standards are reviewed in a named later year "
    '("We will look at this again at the review in 2023/2024").\n'
    "    points_to: later-year\n"
    "    for: [comments]\n"
)


def _project(root: Path, *years: str) -> Path:
    shutil.copytree(RECORDS, root / "records")
    for year in years:
        (root / "records" / year).mkdir()
        shutil.copy(EDITIONS / year / NAME, root / "records" / year)
    return root


def _ledger(root: Path) -> list[dict[str, str]]:
    run = hmip(root, "commitments", "--format", "json")
    assert run.returncode == 0, run.stderr
    rows: list[dict[str, str]] = json.loads(run.stdout)["commitments"]
    return rows


def _findings(root: Path) -> list[dict[str, Any]]:
    run = hmip(root, "validate", "--format", "json")
    assert "Traceback" not in run.stderr, run.stderr
    return [f for f in json.loads(run.stdout)["findings"] if not f["suppressed"]]


def _revisit(root: Path) -> Path:
    """The 2022/23 edition's response to ``POINT`` made a kind the vocabulary does not have yet,
    pointing to 2023/2024."""
    record = root / "records" / "2022-23" / NAME
    edit(
        record,
        "          decision: consider-in-drafting\n"
        "          response: We will consider this when the detailed wording is drafted.\n",
        "          decision: revisit-at-review\n          year: 2023/2024\n"
        "          response: We will look at this again at the review in 2023/2024.\n",
    )
    return record


def test_a_later_year_kind_added_to_the_vocabulary_makes_commitments(tmp_path: Path) -> None:
    root = _project(tmp_path, "2022-23")
    assert POINT not in {r["what"] for r in _ledger(root)}
    _revisit(root)
    assert {f["rule"] for f in _findings(root)} == {"decision-kind-unknown"}
    assert POINT not in {r["what"] for r in _ledger(root)}

    vocabulary = root / "records" / "decisions.yaml"
    vocabulary.write_text(vocabulary.read_text("utf-8") + NEW_KIND, "utf-8")
    assert _findings(root) == []
    (row,) = [r for r in _ledger(root) if r["what"] == POINT]
    assert row["made_in"] == "2022/2023" and row["for_year"] == "2023/2024"
    assert row["promise"] == (
        "decided revisit-at-review (revisited when the standards are reviewed in a named later "
        "year) for 2023/2024"
    )
    assert row["happened"] == "open: no edition for 2023/2024 yet"
    file, line = row["made_at"].rsplit(":", 1)
    assert POINT in (root / file).read_text("utf-8").splitlines()[int(line) - 1]

    run = hmip(root, "new", "2023/2024")
    assert run.returncode == 0, run.stderr
    started = yaml.safe_load((root / "records" / "2023-24" / NAME).read_text("utf-8"))
    (carried,) = [c for c in started["commitments"] if c["what"] == POINT]
    assert carried["made_in"] == "2022/2023"
    assert carried["outcome"].startswith("TO DECIDE: ")
    assert "revisit-at-review" in carried["outcome"]


def _promises(root: Path, what: str) -> list[str]:
    return [
        r["promise"] for r in _ledger(root) if r["made_in"] == "2022/2023" and r["what"] == what
    ]


def test_a_kind_that_no_longer_points_to_a_later_year_makes_none(tmp_path: Path) -> None:
    root = _project(tmp_path, "2022-23")
    what = "Post-sentence supervision"  # its outcome: consider-in-later-year, and a deferral
    assert _promises(root, what) == [
        "decided consider-in-later-year (consider it for a named later programme year) for "
        "2023/2024"
    ]
    vocabulary = root / "records" / "decisions.yaml"
    text = vocabulary.read_text("utf-8")
    kind = "  - id: consider-in-later-year\n"
    start = text.index(kind)
    end = text.index("  - id: ", start + len(kind))
    vocabulary.write_text(
        text[:start]
        + text[start:end].replace("points_to: later-year", "points_to: nothing")
        + text[end:],
        "utf-8",
    )
    assert _promises(root, what) == ["deferred again to 2023/2024"]


def test_an_unusable_vocabulary_stops_new_and_commitments_with_its_place(tmp_path: Path) -> None:
    root = _project(tmp_path, "2022-23")
    vocabulary = root / "records" / "decisions.yaml"
    text = vocabulary.read_text("utf-8")
    vocabulary.write_text(text.replace("    points_to: later-year\n", "    points_to: soon\n", 1))
    line = text.splitlines().index("  - id: consider-in-later-year") + 1
    for args in (("commitments",), ("new", "2023/2024")):
        run = hmip(root, *args)
        assert run.returncode == 2, run.stdout
        assert f"records/decisions.yaml:{line}: " in run.stderr
        assert "is not complete" in run.stderr and "Traceback" not in run.stderr
    assert not (root / "records" / "2023-24").exists()


def test_the_yearly_cycle_names_the_shipped_kinds_that_make_commitments(tmp_path: Path) -> None:
    """docs/yearly-cycle.md lists, as shipped, the kinds of the vocabulary pointing to a later
    year, and the output of `make new` it quotes is the one the shipped records give."""
    import re

    from tests.conftest import ROOT

    # The suite's copy of the shipped records (tests/fixtures/records), kept the same.
    shipped = yaml.safe_load((RECORDS / "decisions.yaml").read_text("utf-8"))
    later = {k["id"] for k in shipped["kinds"] if k["points_to"] == "later-year"}
    doc = " ".join((ROOT / "docs" / "yearly-cycle.md").read_text("utf-8").split())
    sentence = doc.split("As shipped, these are ", 1)[1].split(";", 1)[0]
    assert set(re.findall(r"`([a-z-]+)`", sentence)) == later

    shutil.copytree(RECORDS, tmp_path / "records")
    run = hmip(tmp_path, "new", "2022/2023")
    assert run.returncode == 0, run.stderr
    said = run.stdout.split(": ", 1)[1].split(";", 1)[0]
    assert said in doc, said
