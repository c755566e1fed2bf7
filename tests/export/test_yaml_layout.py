"""A file's own indents are measured, and its unchanged lines kept, when it is written back."""

from __future__ import annotations

from typing import Any

import pytest

from hmip_docs.export import yaml_layout
from hmip_docs.export.yaml_layout import Layout


def _load(text: str) -> Any:
    from ruamel.yaml import YAML

    return YAML(typ="rt", pure=True).load(text)


@pytest.mark.parametrize(
    ("text", "layout"),
    [
        ("a:\n  b:\n  - x: 1\n    y: 2\nc:\n- 1\n", Layout(2, 2, 0)),
        ("a:\n    b:\n        - x: 1\n          y: 2\n", Layout(4, 6, 4)),
        ("a:\n    b:\n    -   x: 1\n        y: 2\n", Layout(4, 4, 0)),
        ("a:\n  b:\n    - x\n", Layout(2, 4, 2)),
        ("a: 1\nb: [1, 2]\n", yaml_layout.DEFAULT),  # nothing nested to measure
    ],
    ids=["at-key-column", "by-4", "dash-at-key-column-by-4", "records", "flat"],
)
def test_the_layout_is_measured(text: str, layout: Layout) -> None:
    assert yaml_layout.measure(_load(text)) == layout


def test_the_most_common_layout_wins() -> None:
    text = "a:\n- 1\nb:\n- 2\nc:\n  - 3\n"
    assert yaml_layout.measure(_load(text)) == Layout(2, 2, 0)


def test_unchanged_lines_are_kept_and_new_ones_follow_the_line_above() -> None:
    original = "a:\n    -   x: 1\n        y: 2\nb:\n- 3\n"
    written = "a:\n- x: 1\n  y: 2\n  z: 4\nb:\n- 3\n"
    merged = yaml_layout.keep_lines(original, written, lambda _: True)
    assert merged == "a:\n    -   x: 1\n        y: 2\n        z: 4\nb:\n- 3\n"
    assert yaml_layout.reindented(original, merged) == 0
    assert yaml_layout.reindented(original, written) == 2


def test_what_does_not_read_back_the_same_is_not_used() -> None:
    original = "a:\n    -   x: 1\n"
    written = "a:\n- x: 1\n  z: 4\n"
    assert yaml_layout.keep_lines(original, written, lambda _: False) == written
