"""A decision that points to the programme may name a research project by its words: matched
with case, spacing and a final full stop set aside; a name the programme does not print is
reported with the closest project; a kind that does not point to the programme names none."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Standing, edit

REL = Path("records/2021-22/consultation-response.yaml")
DECIDED = "              decision: covered-by-core-inspections\n"


@pytest.mark.parametrize(
    "words",
    [
        "contextual safeguarding",
        "Contextual Safeguarding",
        "community   resolutions.",
        "'working with trauma in adult probation'",
    ],
)
def test_a_research_project_named_in_its_words_passes(
    project: Path, standing: Standing, words: str
) -> None:
    edit(project / REL, DECIDED, f"{DECIDED}              research: {words}\n")
    assert standing(project) == []


def test_a_research_project_the_programme_lacks_is_reported_with_the_closest(
    project: Path, standing: Standing
) -> None:
    edit(project / REL, DECIDED, f"{DECIDED}              research: community resolution\n")
    (finding,) = standing(project)
    assert finding.rule == "decision-item-unknown"
    assert "'community resolution'" in finding.message
    assert finding.hint == "did you mean 'community resolutions.'?"


def test_a_kind_that_does_not_point_to_the_programme_names_no_research_project(
    project: Path, standing: Standing
) -> None:
    on_hold = "              decision: on-hold\n"
    edit(project / REL, on_hold, f"{on_hold}              research: contextual safeguarding\n")
    (finding,) = standing(project)
    assert finding.rule == "decision-points-to"
    assert "`research:` has no place" in finding.message
