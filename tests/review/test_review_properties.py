"""Property test of ``diff`` and ``redline`` over random pairs of valid records: mutations of the
shipped record (prose edits, items added, removed and reordered, fields changed).

For each pair: ``diff`` reports every change made and nothing else (each matched by its JSON
pointer), and the redline, accepted in full, has the new build's text paragraph by paragraph,
and rejected in full, the old build's.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import yaml
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from hmip_docs.context import model as context
from hmip_docs.record.organisations import Registry
from hmip_docs.render import word as render
from hmip_docs.review import items, redline
from hmip_docs.review.stages import Record, side
from hmip_docs.validate import validator as validate
from tests.conftest import RECORD, REGISTRY, TEMPLATE, load_data

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

WORDS = ("further", "new", "several", "joint", "early")
"""Words a prose edit puts in (plain words: no markup, placeholder or organisation name)."""


class Expected(NamedTuple):
    """A change a mutation makes: its kind and the pointer on the side it is reported on."""

    kind: str
    pointer: str


Mutation = Callable[[dict[str, Any], Any], list[Expected]]


def at(data: Any, pointer: str) -> Any:
    for part in pointer.strip("/").split("/"):
        data = data[int(part)] if isinstance(data, list) else data[part]
    return data


PROSE = (
    "/consultation/closing",
    "/questions/0/decision/opening/0/text",
    "/questions/1/decision/closing/1/text",
    "/responses/questions/0/summary",
    "/responses/questions/1/prompt",
    "/feedback/0",
    "/questions/0/decision/programme/strands/0/thematics/1/description",
)
LISTS = (
    "/respondents/list",
    "/responses/questions/0/areas/0/suggestions",
    "/responses/questions/0/areas/1/suggestions",
    "/questions/0/decision/criteria/items",
    "/questions/1/decision/closing/2/items",
)


def _parent(data: Any, pointer: str) -> tuple[Any, str]:
    head, _, last = pointer.rpartition("/")
    return at(data, head), last


def prose_edit(pointer: str) -> Callable[[dict[str, Any], Any], list[Expected]]:
    def mutate(data: dict[str, Any], draw: Any) -> list[Expected]:
        holder, key = _parent(data, pointer)
        text: str = holder[int(key) if isinstance(holder, list) else key]
        words = text.split(" ")
        # At a plain word (no markup, placeholder, link or number beside it).
        plain = [n for n, word in enumerate(words) if n and word.isalpha() and word.islower()]
        where = draw(st.sampled_from(plain))
        word = draw(st.sampled_from(WORDS))
        if draw(st.booleans()):
            words.insert(where, word)
        else:
            words[where] = word if words[where] != word else word + "s"
        edited = " ".join(words)
        if edited == text:
            return []
        holder[int(key) if isinstance(holder, list) else key] = edited
        return [Expected("changed", pointer)]

    return mutate


def list_edit(pointer: str) -> Callable[[dict[str, Any], Any], list[Expected]]:
    def mutate(data: dict[str, Any], draw: Any) -> list[Expected]:
        items_ = at(data, pointer)
        how = draw(st.sampled_from(("remove", "add", "swap", "field")))
        n = draw(st.integers(0, len(items_) - 1))
        if how == "remove" and len(items_) > 2:
            del items_[n]
            return [Expected("removed", f"{pointer}/{n}")]
        if how == "swap" and len(items_) > 2:
            m = draw(st.integers(0, len(items_) - 1).filter(lambda m: m != n))
            items_[n], items_[m] = items_[m], items_[n]
            # Which of the items between them count as moved is a choice: as few as may be.
            return [Expected("moved?", f"{pointer}/{k}") for k in range(min(n, m), max(n, m) + 1)]
        if how == "field" and isinstance(items_[n], dict) and "outcome" in items_[n]:
            outcomes = [o["id"] for o in at(data, pointer.rpartition("/")[0])["outcomes"]]
            others = [o for o in outcomes if o != items_[n]["outcome"]]
            items_[n]["outcome"] = draw(st.sampled_from(others))
            return [Expected("changed", f"{pointer}/{n}/outcome")]
        added: Any
        if isinstance(items_[n], str):
            added = f"a {draw(st.sampled_from(WORDS))} project on court backlogs"
        elif "outcome" in items_[n]:
            added = {"topic": "Court backlogs", "outcome": items_[n]["outcome"]}
        else:
            return []  # respondents are only removed, reordered: a new one needs the registry
        items_.insert(n, added)
        return [Expected("added", f"{pointer}/{n}")]

    return mutate


TARGETS: tuple[tuple[str, Mutation], ...] = (
    *((p, prose_edit(p)) for p in PROSE),
    *((p, list_edit(p)) for p in LISTS),
)


@cache
def base() -> tuple[dict[str, Any], Registry, bytes]:
    data = load_data(RECORD)
    registry = Registry.from_data(load_data(REGISTRY))
    return data, registry, render.render(TEMPLATE, context.build(data, registry))


def valid(tmp: Path, data: dict[str, Any]) -> bool:
    path = tmp / "new.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return validate.validate([path], REGISTRY).files[-1].valid


@settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # each example renders: no shrinking
)
@given(st.data())
def test_diff_and_redline_of_mutated_records(tmp_path: Path, data: st.DataObject) -> None:
    old, registry, old_docx = base()
    new = copy.deepcopy(old)
    chosen = data.draw(st.sets(st.sampled_from(range(len(TARGETS))), min_size=1, max_size=3))
    expected: list[Expected] = []
    for index in sorted(chosen):
        expected += TARGETS[index][1](new, data.draw)
    assume(valid(tmp_path, new))  # a rare edit breaks a rule of the record's prose

    # diff: every change made, and nothing else.
    old_record = Record("old", RECORD, old, registry, ())
    new_record = Record("new", RECORD, new, registry, ())
    found = items.compare(old, new, side(old_record), side(new_record))
    printed_only = [c for c in found if c.field.endswith(items.PRINTED_ONLY)]
    found = [c for c in found if c not in printed_only]
    reported = {
        Expected(c.kind, (c.old_pointer if c.kind == "removed" else c.new_pointer) or "")
        for c in found
    }
    certain = {e for e in expected if e.kind != "moved?"}
    may_move = {Expected("moved", e.pointer) for e in expected if e.kind == "moved?"}
    assert certain <= reported
    assert reported <= certain | may_move, found
    if may_move:
        assert reported & may_move
    # Only the count of respondents prints otherwise without being written otherwise.
    assert all(c.new_pointer == "/respondents/intro" for c in printed_only)

    # redline: accepting every change gives the new build, rejecting every change the old.
    new_docx = render.render(TEMPLATE, context.build(new, registry))
    marked = redline.redline(old_docx, new_docx, "Reviewer", "2021-09-01T00:00:00Z")
    assert redline.accept_all(marked) == redline.texts(new_docx)
    assert redline.reject_all(marked) == redline.texts(old_docx)
