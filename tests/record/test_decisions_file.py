"""Reading the vocabulary of decision kinds from its file: each problem is a finding naming the
file and the line, and a vocabulary with any problem is not used."""

from __future__ import annotations

from pathlib import Path

import pytest

from hmip_docs.record import decisions_file
from hmip_docs.record.decisions import Kind, Vocabulary
from tests.conftest import REGISTRY

GOOD = """\
kinds:
  - id: adopt
    meaning: Take it up.
    points_to: programme
    for: [suggestions]
  - id: decline
    meaning: Do not take it up.
    points_to: nothing
    for: [suggestions, comments]
"""


def _load(tmp_path: Path, text: str) -> tuple[Vocabulary | None, list[tuple[int, str, str]]]:
    """The vocabulary in ``text`` and its problems as (line, message, hint)."""
    path = tmp_path / "decisions.yaml"
    path.write_text(text, encoding="utf-8")
    vocabulary, problems = decisions_file.load(path, "records/decisions.yaml")
    assert all(p.file == "records/decisions.yaml" for p in problems), problems
    return vocabulary, [(p.line, p.message, p.hint) for p in problems]


def test_the_suites_vocabulary_is_read_whole() -> None:
    path = REGISTRY.with_name("decisions.yaml")
    vocabulary, problems = decisions_file.load(path)
    assert problems == []
    assert vocabulary is not None
    assert vocabulary.file == str(path)
    kind = vocabulary.get("consider-in-later-year")
    assert kind is not None
    assert (kind.points_to, kind.answers) == ("later-year", ("suggestions", "comments"))


def test_a_good_vocabulary_keeps_its_kinds_in_order(tmp_path: Path) -> None:
    vocabulary, problems = _load(tmp_path, GOOD)
    assert problems == []
    assert vocabulary is not None
    assert list(vocabulary.kinds.values()) == [
        Kind("adopt", "Take it up.", "programme", ("suggestions",)),
        Kind("decline", "Do not take it up.", "nothing", ("suggestions", "comments")),
    ]


def test_a_missing_vocabulary_says_where_it_was_looked_for(tmp_path: Path) -> None:
    vocabulary, problems = decisions_file.load(
        tmp_path / "decisions.yaml", "records/decisions.yaml"
    )
    assert vocabulary is None
    assert [(p.rule, p.line, p.message) for p in problems] == [
        (
            "decisions-vocabulary",
            0,
            "there is no vocabulary of decision kinds at records/decisions.yaml",
        )
    ]


@pytest.mark.parametrize("text", ["kinds: []\n", "kinds: adopt\n", "other: 1\n"])
def test_a_vocabulary_without_kinds_is_refused(tmp_path: Path, text: str) -> None:
    vocabulary, problems = _load(tmp_path, text)
    assert vocabulary is None
    assert [message for _, message, _ in problems] == ["the vocabulary lists no kinds"]


@pytest.mark.parametrize(
    ("old", "new", "wanted"),
    [
        ("id: adopt", "id: Adopt", "`id:` (lower-case words joined by hyphens)"),
        ("id: adopt", "id: adopt-", "`id:` (lower-case words joined by hyphens)"),
        ("meaning: Take it up.", "meaning: ' '", "`meaning:` (plain words)"),
        ("points_to: programme", "points_to: elsewhere", "`points_to:` (one of later-year"),
        ("for: [suggestions]\n  - id: decline", "for: []\n  - id: decline", "`for:` (a list of"),
        ("for: [suggestions]\n  - id: decline", "for: [praise]\n  - id: decline", "`for:` (a list"),
        ("for: [suggestions]\n  - id: decline", "for: suggestions\n  - id: decline", "`for:`"),
        ("    for: [suggestions]\n", "    for: [suggestions]\n    notes: x\n", "(found `notes`)"),
    ],
)
def test_an_incomplete_kind_says_what_to_give_it(
    tmp_path: Path, old: str, new: str, wanted: str
) -> None:
    assert GOOD.count(old) == 1, old
    vocabulary, problems = _load(tmp_path, GOOD.replace(old, new))
    assert vocabulary is None
    ((line, message, hint),) = problems
    assert (line, message) == (2, "the decision kind #1 is not complete")
    assert wanted in hint


def test_a_kind_that_is_not_a_mapping_is_named_at_its_line(tmp_path: Path) -> None:
    vocabulary, problems = _load(tmp_path, GOOD.replace("kinds:\n", "kinds:\n  - adopt\n"))
    assert vocabulary is None
    assert problems == [(2, "a kind is not a mapping", "write `- id: …`")]


def test_a_kind_listed_twice_is_named_at_the_repeat(tmp_path: Path) -> None:
    vocabulary, problems = _load(tmp_path, GOOD.replace("id: decline", "id: adopt"))
    assert vocabulary is None
    assert problems == [(6, "the kind `adopt` is listed twice", "merge them")]


def test_every_incomplete_kind_is_reported(tmp_path: Path) -> None:
    text = GOOD.replace("points_to: programme", "points_to: x").replace("for: [sugg", "for: [x")
    _, problems = _load(tmp_path, text.replace("meaning: Do not", "meanin: Do not"))
    assert [(line, message) for line, message, _ in problems] == [
        (2, "the decision kind #1 is not complete"),
        (6, "the decision kind #2 is not complete"),
    ]


def test_a_file_the_loader_refuses_gives_the_loaders_findings(tmp_path: Path) -> None:
    vocabulary, problems = _load(tmp_path, "kinds:\n  - id: a\n   meaning: [\n")
    assert vocabulary is None
    assert problems
    assert all(line >= 1 for line, _, _ in problems)
