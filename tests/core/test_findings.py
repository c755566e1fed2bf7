"""The finding type: severities, copies with changes, suppression, report order, and the cap on
findings of one rule in one file."""

from __future__ import annotations

import pytest

from hmip_docs.core.findings import LISTED_PER_RULE, Finding, Severity, capped


def finding(rule: str = "r", file: str = "a.yaml", line: int = 1, **more: object) -> Finding:
    return Finding(
        rule=rule, severity=Severity.ERROR, message=f"m{line}", file=file, line=line, **more
    )


def test_an_error_outranks_a_warning() -> None:
    assert Severity.ERROR > Severity.WARNING
    assert max([Severity.WARNING, Severity.ERROR]) is Severity.ERROR


@pytest.mark.parametrize(
    ("severity", "label"), [(Severity.ERROR, "error"), (Severity.WARNING, "warning")]
)
def test_a_severity_is_printed_in_lower_case(severity: Severity, label: str) -> None:
    assert severity.label == label


def test_a_finding_has_unknown_position_and_no_hint_unless_given() -> None:
    bare = Finding(rule="r", severity=Severity.WARNING, message="m")
    assert (bare.hint, bare.file, bare.line, bare.column, bare.path, bare.item) == (
        "",
        "",
        0,
        0,
        "",
        "",
    )


def test_replace_makes_a_copy_and_leaves_the_finding_alone() -> None:
    original = finding(line=3)
    moved = original.replace(line=7, file="b.yaml")
    assert (moved.line, moved.file, moved.message) == (7, "b.yaml", "m3")
    assert (original.line, original.file) == (3, "a.yaml")


@pytest.mark.parametrize(("suppressed", "counts"), [(None, True), ("", False), ("accepted", False)])
def test_a_suppressed_finding_no_longer_counts(suppressed: str | None, counts: bool) -> None:
    """An empty reason still suppresses: only None means the finding stands."""
    assert finding(suppressed=suppressed).counts is counts


def test_findings_sort_by_file_then_position_then_rule() -> None:
    unsorted = [
        finding("b", "b.yaml", 1),
        finding("b", "a.yaml", 2),
        finding("a", "a.yaml", 2),
        finding("z", "a.yaml", 1, column=9),
        finding("y", "a.yaml", 1, column=2),
    ]
    ordered = sorted(unsorted, key=Finding.sort_key)
    assert [(f.file, f.line, f.column, f.rule) for f in ordered] == [
        ("a.yaml", 1, 2, "y"),
        ("a.yaml", 1, 9, "z"),
        ("a.yaml", 2, 0, "a"),
        ("a.yaml", 2, 0, "b"),
        ("b.yaml", 1, 0, "b"),
    ]


def test_findings_up_to_the_cap_are_kept_as_they_are() -> None:
    many = [finding(line=n) for n in range(1, LISTED_PER_RULE + 1)]
    assert capped(many) == many


def test_past_the_cap_the_last_listed_says_how_many_more() -> None:
    many = [finding(line=n) for n in range(1, 1_016)]
    kept = capped(many, per_rule=3)
    assert [f.line for f in kept] == [1, 2, 3]
    assert [f.message for f in kept] == ["m1", "m2", "m3 (and 1,012 more like it)"]


def test_the_cap_is_per_rule_and_per_file_and_keeps_the_order() -> None:
    mixed = [
        finding("r", "a.yaml", 1),
        finding("s", "a.yaml", 2),
        finding("r", "b.yaml", 3),
        finding("r", "a.yaml", 4),
        finding("r", "a.yaml", 5),
        finding("s", "a.yaml", 6),
    ]
    kept = capped(mixed, per_rule=2)
    assert [(f.rule, f.file, f.line) for f in kept] == [
        ("r", "a.yaml", 1),
        ("s", "a.yaml", 2),
        ("r", "b.yaml", 3),
        ("r", "a.yaml", 4),
        ("s", "a.yaml", 6),
    ]
    assert kept[3].message == "m4 (and 1 more like it)"
    assert [f.message for f in kept if f.line != 4] == ["m1", "m2", "m3", "m6"]
