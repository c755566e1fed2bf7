"""Which schema version a record is written for, and the one finding an older record gets."""

from __future__ import annotations

import json
from typing import Any

import pytest

from hmip_docs.record import versions
from tests.conftest import ROOT


def test_the_current_version_is_the_schemas() -> None:
    schema = json.loads(
        (ROOT / "schemas" / "consultation-response.schema.json").read_text(encoding="utf-8")
    )
    assert schema["properties"]["schema_version"]["enum"] == [versions.CURRENT]
    assert versions.CURRENT not in versions.UPGRADABLE


def test_an_older_record_is_told_to_upgrade() -> None:
    old = versions.old_version({"schema_version": 1}, "records/2021-22/response.yaml")
    assert old is not None
    assert "schema version 1" in old.message
    assert f"reads version {versions.CURRENT}" in old.message
    assert "run `hmip-docs upgrade records/2021-22/response.yaml`" in old.hint


@pytest.mark.parametrize(
    "data",
    [
        {"schema_version": versions.CURRENT},
        {"schema_version": True},  # equal to 1 to Python, but not a version
        {"schema_version": "1"},
        {"schema_version": 1.0},
        {"schema_version": 99},
        {},
        ["schema_version", 1],
    ],
)
def test_anything_but_an_upgradable_version_gets_nothing(data: Any) -> None:
    assert versions.old_version(data, "r.yaml") is None
