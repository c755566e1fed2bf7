"""ISO dates as records write them, and everything that is not one."""

from __future__ import annotations

import datetime as dt

import pytest

from hmip_docs.core.dates import iso_date


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2022-04-29", dt.date(2022, 4, 29)),
        ("2020-02-29", dt.date(2020, 2, 29)),  # a leap year
        ("0001-01-01", dt.date(1, 1, 1)),
        ("9999-12-31", dt.date(9999, 12, 31)),
    ],
)
def test_an_iso_date_is_read(text: str, day: dt.date) -> None:
    assert iso_date(text) == day


@pytest.mark.parametrize(
    "text",
    [
        "2021-02-29",  # not a leap year
        "2021-02-30",
        "2021-04-31",
        "2021-13-01",
        "2021-00-10",
        "0000-01-01",
        "2022-4-29",
        " 2022-04-29",
        "2022-04-29 ",
        "29/04/2022",
        "29 April 2022",
        "2022-04",
        "",
        # Other ISO 8601 forms, which Python's own reader also takes.
        "20220429",
        "2022-W17-5",
        "2022-04-29T10:00",
        "\uff12\uff10\uff12\uff12-04-29",  # full-width digits
    ],
)
def test_text_that_is_not_an_iso_date_gives_none(text: str) -> None:
    assert iso_date(text) is None


@pytest.mark.parametrize("value", [None, 20220429, 2022.0, dt.date(2022, 4, 29), ["2022-04-29"]])
def test_a_value_that_is_not_text_gives_none(value: object) -> None:
    """A date the loader kept as text is the only form a record holds (YAML dates stay text)."""
    assert iso_date(value) is None
