"""The placeholders prose may use: counts in words, dates in words, the publication day, the
respondent count, and every value for a record (or for one missing its parts)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from hmip_docs.record import placeholders
from hmip_docs.record.organisations import Registry
from tests.conftest import RECORD, REGISTRY, load_data


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "zero"),
        (1, "one"),
        (13, "thirteen"),
        (20, "twenty"),
        (21, "21"),
        (100, "100"),
        (-1, "-1"),
    ],
)
def test_counts_are_words_up_to_twenty(number: int, words: str) -> None:
    assert placeholders.in_words(number) == words


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        ("2021-03-22", "22 March 2021"),
        ("2021-04-01", "1 April 2021"),
        ("2021-02-30", "2021-02-30"),  # no such day: printed as written
        ("", ""),
        (None, "None"),
    ],
)
def test_a_long_date(value: object, printed: str) -> None:
    assert placeholders.long_date(value) == printed


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        ("2021-09", "September 2021"),
        ("2022-01", "January 2022"),
        ("2021-13", "2021-13"),
        ("2021-00", "2021-00"),
        ("2021--1", "2021--1"),
        ("2021", "2021"),
        ("2021-09-01", "2021-09-01"),
        ("September", "September"),
    ],
)
def test_a_month_and_year(value: object, printed: str) -> None:
    assert placeholders.month_year(value) == printed


@pytest.mark.parametrize(
    ("published", "day"),
    [
        ("2021-09", dt.date(2021, 9, 30)),
        ("2021-02", dt.date(2021, 2, 28)),
        ("2024-02", dt.date(2024, 2, 29)),
        ("2021-12", dt.date(2021, 12, 31)),
        ("2021-13", None),
        ("2021", None),
        (202109, None),
    ],
)
def test_the_publication_day_is_the_last_of_the_month(
    published: object, day: dt.date | None
) -> None:
    assert placeholders.publication_day({"document": {"published": published}}) == day


@pytest.mark.parametrize("record", [{}, {"document": None}, {"document": {}}])
def test_no_publication_month_gives_no_day(record: dict[str, Any]) -> None:
    assert placeholders.publication_day(record) is None


@pytest.mark.parametrize(
    ("entries", "count"),
    [
        ([], 0),
        ([{"organisation": "ofsted"}, {"organisation": "yjb"}], 2),
        ([{"organisation": "ofsted"}, {"individuals": 5}, {"anonymous": 2}], 8),
        ([{"individuals": 0}, {"anonymous": -3}], 2),  # not a count: one response each
        ([{"individuals": True}], 1),  # a bool is not a count
        (["text", None], 2),
        ("not a list", 0),
    ],
)
def test_the_respondent_count(entries: object, count: int) -> None:
    assert placeholders.respondent_count({"respondents": {"list": entries}}) == count


def test_every_placeholder_of_the_2021_22_record() -> None:
    values = placeholders.values(load_data(RECORD), Registry.from_data(load_data(REGISTRY)))
    assert values == {
        "programme_year": "2021/2022",
        "publication_month": "September 2021",
        "publisher_name": "Her Majesty's Inspectorate of Probation",
        "publisher_short_name": "HM Inspectorate of Probation",
        "legal_basis": "Police and Criminal Justice Act 2006",
        "letter_issued": "22 March 2021",
        "deadline": "30 April 2021",
        "question_count": "2",
        "question_count_in_words": "two",
        "respondent_count": "13",
        "respondent_count_in_words": "thirteen",
    }


def test_the_publishers_name_is_the_one_in_force_when_published() -> None:
    record = load_data(RECORD)
    record["document"]["published"] = "2022-10"
    values = placeholders.values(record, Registry.from_data(load_data(REGISTRY)))
    assert values["publisher_name"] == "His Majesty's Inspectorate of Probation"


def test_a_record_missing_its_parts_still_has_a_value_for_every_placeholder() -> None:
    values = placeholders.values({"document": "not a mapping"}, Registry({}))
    assert set(values) == set(placeholders.PLACEHOLDERS)
    assert values["publisher_name"] == ""
    assert (values["question_count"], values["respondent_count_in_words"]) == ("0", "zero")
