"""Years left stale from last year's copy: every form of year in prose, through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import REL, edit, hmip, line_of

FEEDBACK = "    In early 2021, Dr Jake Phillips,"


def _year_findings(root: Path) -> list[dict[str, object]]:
    run = hmip(root, "validate", "--format", "json")
    assert "Traceback" not in run.stderr
    report = json.loads(run.stdout)
    return [f for f in report["findings"] if f["rule"] == "year-in-prose" and not f["suppressed"]]


def test_the_shipped_years_are_all_accounted_for(project: Path) -> None:
    assert _year_findings(project) == []


@pytest.mark.parametrize(
    ("written", "reported"),
    [
        ("In early 2019", "2019"),
        ("In 2019/2020", "2019/2020"),
        ("In 2019/20", "2019/20"),
        ("In 2020/21", "2020/21"),
        ("By March 2024", "2024"),
    ],
)
def test_a_year_the_record_does_not_hold_is_reported(
    project: Path, written: str, reported: str
) -> None:
    text = edit(project / REL, FEEDBACK, FEEDBACK.replace("In early 2021", written))
    (finding,) = _year_findings(project)
    assert finding["message"].startswith(f"{reported} ")  # type: ignore[union-attr]
    new_line = FEEDBACK.replace("In early 2021", written)
    assert finding["line"] == line_of(text, "- >-\n" + new_line)
    assert finding["path"] == "/feedback/0"


@pytest.mark.parametrize(
    "written",
    [
        "In early 2021",  # the year of the record's dates, and the programme year's first
        "In 2022",  # the programme year's second calendar year
        "In 2021/22",  # the programme year, short
        "In 2022/23",  # a later year the record holds (reconsider_in, agreed thematics)
        "In 2023",  # a calendar year of that later year
        "In 12021 or 2021.5 or 1,2000",  # not years
    ],
)
def test_a_year_the_record_accounts_for_is_not_reported(project: Path, written: str) -> None:
    edit(project / REL, FEEDBACK, FEEDBACK.replace("In early 2021", written))
    assert _year_findings(project) == []


def test_a_suppression_with_a_reason_accepts_a_past_year(project: Path) -> None:
    edit(project / REL, FEEDBACK, FEEDBACK.replace("In early 2021", "In early 2019"))
    assert len(_year_findings(project)) == 1
    with (project / REL).open("a", encoding="utf-8") as record:
        record.write(
            "  - rule: year-in-prose\n    path: /feedback/0\n"
            "    reason: The report came out in 2019.\n"
        )
    assert _year_findings(project) == []


def test_an_act_of_parliament_keeps_its_year(project: Path) -> None:
    edit(project / REL, "Services Act 2000", "Services Act 1999")
    assert _year_findings(project) == []


def test_the_year_a_commitment_was_made_in_accounts_for_no_year_in_prose(
    project: Path,
) -> None:
    """Next year's edition answers this year's commitments (``made_in: 2021/2022``): last
    year's years left in a copied paragraph are still reported, while the commitments' own
    words, quoted from the earlier edition, are not checked."""
    record = project / REL
    text = record.read_text(encoding="utf-8")
    for old, new in (("2021/2022", "2022/2023"), ("2021-09", "2022-09")):
        text = text.replace(f"programme_year: {old}", f"programme_year: {new}")
        text = text.replace(f"published: {old}", f"published: {new}")
    record.write_text(text, encoding="utf-8")
    edit(record, FEEDBACK, FEEDBACK.replace("In early 2021", "In early 2019"))
    before = {f["line"] for f in _year_findings(project)}
    with record.open("a", encoding="utf-8") as stream:
        stream.write(
            "commitments:\n  - made_in: 2019/2020\n    what: Research in 2019/20\n"
            "    outcome: dropped\n    reason: Done in 2019.\n"
        )
    after = {f["line"] for f in _year_findings(project)}
    assert after == before and before, "made_in: 2019/2020 hid the stale years"
