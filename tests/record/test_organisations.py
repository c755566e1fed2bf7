"""The registry of organisations: names by date, the forms a document may print, and a registry
built from data that may be invalid (validation reports that; look-ups must not fail)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from hmip_docs.record.organisations import OfficialName, Organisation, Registry
from tests.conftest import REGISTRY, load_data

RENAMED = Organisation(
    id="hmi-probation",
    kind="inspectorate",
    names=(
        OfficialName("Her Majesty's Inspectorate", None, dt.date(2022, 9, 7)),
        OfficialName("His Majesty's Inspectorate", dt.date(2022, 9, 8), None),
    ),
    short_name="HM Inspectorate",
    abbreviation="HMI",
    printed_variants=("H.M.I.",),
)


@pytest.mark.parametrize(
    ("start", "end", "day", "applies"),
    [
        (dt.date(2022, 1, 1), dt.date(2022, 12, 31), dt.date(2022, 1, 1), True),  # inclusive
        (dt.date(2022, 1, 1), dt.date(2022, 12, 31), dt.date(2022, 12, 31), True),
        (dt.date(2022, 1, 1), dt.date(2022, 12, 31), dt.date(2021, 12, 31), False),
        (dt.date(2022, 1, 1), dt.date(2022, 12, 31), dt.date(2023, 1, 1), False),
        (None, dt.date(2022, 12, 31), dt.date(1900, 1, 1), True),
        (dt.date(2022, 1, 1), None, dt.date(2999, 1, 1), True),
        (None, None, dt.date(2022, 6, 1), True),
    ],
)
def test_a_name_applies_on_the_days_of_its_period(
    start: dt.date | None, end: dt.date | None, day: dt.date, applies: bool
) -> None:
    assert OfficialName("X", start, end).applies_on(day) is applies


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (dt.date(2021, 9, 30), "Her Majesty's Inspectorate"),
        (dt.date(2022, 9, 7), "Her Majesty's Inspectorate"),
        (dt.date(2022, 9, 8), "His Majesty's Inspectorate"),
    ],
)
def test_the_name_in_force_on_a_day(day: dt.date, name: str) -> None:
    assert RENAMED.name_on(day) == name


def test_a_day_no_name_covers_takes_the_latest_name() -> None:
    gap = RENAMED._replace(
        names=(
            OfficialName("Old", None, dt.date(2020, 1, 1)),
            OfficialName("New", dt.date(2021, 1, 1), None),
        )
    )
    assert gap.name_on(dt.date(2020, 6, 1)) == "New"


@pytest.mark.parametrize(
    ("short_name", "abbreviation", "short"),
    [
        ("HM Inspectorate", "HMI", "HM Inspectorate"),
        (None, "HMI", "HMI"),
        (None, None, "His Majesty's Inspectorate"),
    ],
)
def test_the_short_form_falls_back_to_abbreviation_then_latest_name(
    short_name: str | None, abbreviation: str | None, short: str
) -> None:
    assert RENAMED._replace(short_name=short_name, abbreviation=abbreviation).short == short


def test_names_still_to_come_are_not_printed_forms_yet() -> None:
    assert list(RENAMED.printed_forms(dt.date(2021, 9, 30))) == [
        "Her Majesty's Inspectorate",
        "HM Inspectorate",
        "HMI",
        "H.M.I.",
    ]
    assert list(RENAMED.printed_forms(dt.date(2022, 9, 8)))[:2] == [
        "Her Majesty's Inspectorate",
        "His Majesty's Inspectorate",
    ]
    assert len(list(RENAMED.printed_forms())) == 5


def test_known_names_add_each_name_with_the_abbreviation_in_brackets() -> None:
    assert list(RENAMED.known_names(dt.date(2021, 9, 30))) == [
        "Her Majesty's Inspectorate",
        "HM Inspectorate",
        "HMI",
        "H.M.I.",
        "Her Majesty's Inspectorate (HMI)",
        "HM Inspectorate (HMI)",
    ]


def test_known_names_without_an_abbreviation_are_the_printed_forms() -> None:
    napo = Organisation("napo", "union", (OfficialName("Napo", None, None),), None, None, ("NAPO",))
    assert list(napo.known_names()) == ["Napo", "NAPO"]


def test_the_suites_registry_is_read() -> None:
    registry = Registry.from_data(load_data(REGISTRY))
    probation = registry.get("hmi-probation")
    assert probation is not None
    assert probation.name_on(dt.date(2021, 9, 30)) == "Her Majesty's Inspectorate of Probation"
    assert probation.name_on(dt.date(2022, 9, 8)) == "His Majesty's Inspectorate of Probation"
    assert probation.short == "HM Inspectorate of Probation"


def _registry(*entries: Any) -> Registry:
    return Registry.from_data({"organisations": list(entries)})


def test_entries_without_an_id_or_a_usable_name_are_left_out() -> None:
    registry = _registry(
        "not a mapping",
        {"names": [{"name": "No id"}]},
        {"id": 7, "names": [{"name": "Number id"}]},
        {"id": "no-names"},
        {"id": "bad-names", "names": [{"name": 3}, "text", {"from": "2020-01-01"}]},
        {"id": "kept", "names": [{"name": 3}, {"name": "Kept"}]},
    )
    assert list(registry.by_id) == ["kept"]
    assert registry.by_id["kept"].names == (OfficialName("Kept", None, None),)


def test_the_first_of_a_repeated_id_wins() -> None:
    registry = _registry(
        {"id": "a", "names": [{"name": "First"}]}, {"id": "a", "names": [{"name": "Second"}]}
    )
    assert registry.by_id["a"].names[0].name == "First"


def test_fields_of_the_wrong_type_are_taken_as_absent() -> None:
    registry = _registry(
        {
            "id": "a",
            "names": [{"name": "A", "from": "2021-02-30", "until": 20220101}],
            "short_name": ["A"],
            "abbreviation": 1,
            "printed_variants": ["a", 2, None],
        }
    )
    org = registry.by_id["a"]
    assert (org.kind, org.short_name, org.abbreviation, org.printed_variants) == (
        "other",
        None,
        None,
        ("a",),
    )
    assert org.names == (OfficialName("A", None, None),)


@pytest.mark.parametrize("data", [{}, {"organisations": None}, {"organisations": "a list"}])
def test_a_registry_without_a_list_is_empty(data: dict[str, Any]) -> None:
    assert Registry.from_data(data).by_id == {}


@pytest.mark.parametrize("org_id", [None, 1, ["hmi-probation"], "unknown"])
def test_looking_up_anything_but_a_known_id_gives_none(org_id: object) -> None:
    assert _registry({"id": "hmi-probation", "names": [{"name": "P"}]}).get(org_id) is None
