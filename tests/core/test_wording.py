"""How messages show values (as YAML, never as Python) and suggest the closest choice."""

from __future__ import annotations

import datetime as dt

import pytest

from hmip_docs.core.wording import did_you_mean, show


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, "an empty value"),
        (True, "`true`"),  # a bool is an int to Python, not to YAML
        (False, "`false`"),
        (0, "`0`"),
        (2.5, "`2.5`"),
        ("on-hold", '"on-hold"'),
        ("", '""'),
        ("caf\u00e9 \u2013 \u201cquoted\u201d", '"caf\u00e9 \u2013 \u201cquoted\u201d"'),
        ('say "hi"', '"say \\"hi\\""'),
        ([], "an empty list `[]`"),
        ([1, 2], "a list"),
        ({}, "an empty mapping `{}`"),
        ({"a": 1}, "a mapping"),
        (dt.date(2022, 4, 29), '"2022-04-29"'),
    ],
)
def test_a_value_is_shown_as_yaml_words(value: object, shown: str) -> None:
    assert show(value) == shown


@pytest.mark.parametrize(("length", "shown"), [(60, 60), (61, 57)])
def test_long_text_is_cut_with_an_ellipsis(length: int, shown: int) -> None:
    text = "x" * length
    expected = '"' + "x" * shown + ("\u2026" if shown < length else "") + '"'
    assert show(text) == expected


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("on-hld", "did you mean `on-hold`?"),
        ("ON-HOLD", "choose one of the list"),  # case matters to the comparison
        ("declined", "did you mean `declined`?"),
        ("something else", "choose one of the list"),
        (3, "choose one of the list"),
    ],
)
def test_the_closest_choice_is_suggested(value: object, hint: str) -> None:
    choices = ["on-hold", "declined", "accepted"]
    assert did_you_mean(value, choices, "choose one of the list") == hint


def test_the_suggestion_takes_a_form() -> None:
    assert did_you_mean("yaer", ["year"], "", form="'{}'") == "did you mean 'year'?"
