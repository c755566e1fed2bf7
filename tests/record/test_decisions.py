"""The vocabulary of decision kinds: look-ups by id, and where the file sits."""

from __future__ import annotations

from pathlib import Path

import pytest

from hmip_docs.record.decisions import Kind, Vocabulary, beside

LATER = Kind("consider-in-later-year", "Consider it later", "later-year", ("suggestions",))


def test_the_vocabulary_sits_beside_the_registry() -> None:
    assert beside(Path("records/organisations.yaml")) == Path("records/decisions.yaml")
    assert beside(Path("/a/b/registry.yaml")) == Path("/a/b/decisions.yaml")


@pytest.mark.parametrize(
    ("kind_id", "found"),
    [("consider-in-later-year", LATER), ("unknown", None), (None, None), (["x"], None), (1, None)],
)
def test_a_kind_is_found_by_its_id_only(kind_id: object, found: Kind | None) -> None:
    assert Vocabulary({LATER.id: LATER}).get(kind_id) == found
