"""The words that name a research project, as a decision or a commitment answer compares them."""

from __future__ import annotations

import pytest

from hmip_docs.record.research import project_key


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("community resolutions.", "community resolutions"),
        ("Community Resolutions", "community resolutions"),
        ("  community \n  resolutions . ", "community resolutions"),
        ("working with trauma in adult probation...", "working with trauma in adult probation"),
        (
            "inspecting youth offending services: a review",
            "inspecting youth offending services: a review",
        ),
    ],
)
def test_case_spacing_and_a_final_full_stop_are_set_aside(text: str, key: str) -> None:
    assert project_key(text) == key


def test_other_words_stay_apart() -> None:
    assert project_key("community resolution") != project_key("community resolutions.")
    assert project_key("a.b") == "a.b"  # only a final full stop goes
