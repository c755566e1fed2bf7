"""Rules that check what one part of a record names exists elsewhere: registry, outcomes, links."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from hmip_docs.core.wording import did_you_mean
from hmip_docs.record import markup
from hmip_docs.validate.rules.base import Hit, RecordFacts
from hmip_docs.validate.schema import instances

_STATUTORY = ("consultees", "statutory")


def registry_reference(facts: RecordFacts) -> Iterator[Hit]:
    """Every organisation id in the record is in the registry (records/organisations.yaml).

    Passes: ``lead: hmi-prisons``. Fails: ``lead: hmi-prison`` (no such id).
    """
    known = sorted(facts.registry.by_id)
    for path, value in facts.at("organisation"):
        if path[:2] == _STATUTORY:
            continue  # statutory-consultee-unknown checks these
        if isinstance(value, str) and value not in facts.registry.by_id:
            hint = did_you_mean(
                value,
                known,
                "add the organisation to records/organisations.yaml, or use an id listed there",
            )
            yield Hit(f"no organisation with the id `{value}` is in the registry", path, hint)


def statutory_consultee(facts: RecordFacts) -> Iterator[Hit]:
    """Each statutory consultee is an organisation of the registry (that every role is present
    is `statutory-consultee-missing`, from the schema).

    Passes: ``care_quality_commission: cqc``. Fails: ``care_quality_commission: qcq``.
    """
    known = sorted(facts.registry.by_id)
    for path, value in facts.at("organisation"):
        if path[:2] == _STATUTORY and isinstance(value, str) and facts.registry.get(value) is None:
            yield Hit(
                f"the statutory consultee `{value}` ({str(path[-1]).replace('_', ' ')}) is not "
                "in the registry",
                path,
                did_you_mean(value, known, "add it to records/organisations.yaml"),
            )


def unique_ids(facts: RecordFacts) -> Iterator[Hit]:
    """Ids are unique where they are used: questions, thematics, areas, and outcomes in an area.

    Passes: two outcomes `core-data` and `on-hold`. Fails: two outcomes both `core-data`.
    """
    scopes = (
        ("questions", "*", "id"),
        ("questions", "*", "decision", "programme", "strands", "*", "thematics", "*", "id"),
        ("responses", "questions", "*", "areas", "*", "id"),
    )
    for pattern in scopes:
        yield from _unique(facts, list(instances(facts.data, pattern)))
    for area_path, area in instances(facts.data, ("responses", "questions", "*", "areas", "*")):
        if isinstance(area, Mapping):
            found = list(instances(area, ("outcomes", "*", "id")))
            yield from _unique(facts, [((*area_path, *p), v) for p, v in found])


def _unique(facts: RecordFacts, found: list[tuple[tuple[str | int, ...], object]]) -> Iterator[Hit]:
    first: dict[object, tuple[str | int, ...]] = {}
    for path, value in found:
        if not isinstance(value, str) or not facts.ok(path):
            continue
        if value in first:
            yield Hit(
                f"the id `{value}` is used twice",
                path,
                "give each one its own id; ids must be unique so a copied record stays valid",
            )
        else:
            first[value] = path


def _areas(facts: RecordFacts) -> Iterator[tuple[tuple[str | int, ...], Mapping[str, Any]]]:
    for area_path, area in instances(facts.data, ("responses", "questions", "*", "areas", "*")):
        if isinstance(area, Mapping) and facts.ok(area_path):
            yield area_path, area


def _entries(area: Mapping[str, Any], key: str) -> list[object]:
    """The list under ``key``; a wrong type (which the schema reports) counts as no entries."""
    value = area.get(key)
    return value if isinstance(value, list) else []


def _outcome_ids(area: Mapping[str, Any]) -> list[object]:
    return [o.get("id") for o in _entries(area, "outcomes") if isinstance(o, Mapping)]


def suggestion_outcome(facts: RecordFacts) -> Iterator[Hit]:
    """Each suggestion's outcome is an outcome of its own area (that every suggestion names one
    is `suggestion-outcome-missing`, from the schema).

    Passes: ``outcome: core-data`` with an outcome `core-data` in the same area.
    Fails: ``outcome: core-dta``.
    """
    for area_path, area in _areas(facts):
        outcomes = [str(o) for o in _outcome_ids(area)]
        for index, suggestion in enumerate(_entries(area, "suggestions")):
            ref = suggestion.get("outcome") if isinstance(suggestion, Mapping) else None
            path = (*area_path, "suggestions", index, "outcome")
            if isinstance(ref, str) and ref not in outcomes and facts.ok(path):
                hint = did_you_mean(ref, outcomes, "use the id of one of this area's outcomes")
                yield Hit(f"this area has no outcome `{ref}`", path, hint)


def outcome_used(facts: RecordFacts) -> Iterator[Hit]:
    """Every outcome of an area answers at least one of its suggestions. A warning.

    Passes: outcome `on-hold` with a suggestion ``outcome: on-hold``.
    Fails: the same outcome once no suggestion points at it.
    """
    for area_path, area in _areas(facts):
        if not facts.clean((*area_path, "suggestions")):
            continue  # a suggestion without a valid outcome is already reported
        suggestions = _entries(area, "suggestions")
        refs = [s.get("outcome") for s in suggestions if isinstance(s, Mapping)]
        used = {ref for ref in refs if isinstance(ref, str)}  # a list or mapping is unhashable
        outcomes = [str(o) for o in _outcome_ids(area)]
        if any(ref not in outcomes for ref in used):
            continue  # a mistyped outcome id is one mistake, reported by suggestion-outcome-unknown
        for index, outcome_id in enumerate(_outcome_ids(area)):
            if isinstance(outcome_id, str) and outcome_id not in used:
                yield Hit(
                    f"no suggestion uses the outcome `{outcome_id}`",
                    (*area_path, "outcomes", index, "id"),
                    "point a suggestion at it, or remove it",
                )


def question_reference(facts: RecordFacts) -> Iterator[Hit]:
    """Section 3 answers each question once, in the order the questions are asked.

    Passes: responses for `thematic` then `research`. Fails: a response for `resarch`.
    """
    questions = [q.get("id") for q in _entries(facts.data, "questions") if isinstance(q, Mapping)]
    answered: list[object] = []
    responses = facts.get("responses")
    responses = responses if isinstance(responses, Mapping) else {}
    for index, response in enumerate(_entries(responses, "questions")):
        if not isinstance(response, Mapping):
            continue
        ref = response.get("question")
        path = ("responses", "questions", index, "question")
        if not isinstance(ref, str) or not facts.ok(path):
            continue
        if ref not in questions:
            hint = did_you_mean(ref, questions, "use the id of one of the questions")
            yield Hit(f"there is no question `{ref}`", path, hint)
        elif ref in answered:
            yield Hit(f"the question `{ref}` is answered twice", path, "merge the two entries")
        answered.append(ref)
    if any(a not in questions for a in answered):
        return  # a mistyped question id is one mistake, reported above
    order = list(dict.fromkeys(answered))
    if order != [q for q in questions if q in order]:
        yield Hit(
            "the responses are not in the order of the questions",
            ("responses", "questions"),
            "list the responses in the same order as `questions`",
        )
    for index, question in enumerate(_entries(facts.data, "questions")):
        if (
            isinstance(question, Mapping)
            and isinstance(question.get("id"), str)
            and question["id"] not in answered
            and facts.ok(("questions", index))
        ):
            yield Hit(
                f"no responses are recorded for the question `{question['id']}`",
                ("questions", index, "id"),
                "add an entry under `responses: questions:` for it",
            )


def link_reference(facts: RecordFacts) -> Iterator[Hit]:
    """Every ``[text][link-id]`` in prose names a link in ``links``; every link is used.

    Passes: ``[corporate plan][corporate-plan]`` with `corporate-plan` under `links`.
    Fails: ``[corporate plan][corporate-plna]``.
    """
    links = facts.get("links")
    links = links if isinstance(links, Mapping) else {}
    used: set[str] = set()
    unknown = False
    letter = facts.get("consultation", "letter")
    if isinstance(letter, str):
        used.add(letter)
        if letter not in links and facts.ok(("consultation", "letter")):
            yield Hit(
                f"there is no link `{letter}` under `links`",
                ("consultation", "letter"),
                "add it under `links:` with its address",
            )
    for path, text in facts.at("text"):
        if not isinstance(text, str):
            continue
        for link_id in markup.link_ids(text):
            used.add(link_id)
            if link_id not in links:
                unknown = True
                hint = did_you_mean(link_id, links, "add it under `links:` with its address")
                yield Hit(f"the text links to `{link_id}`, which is not under `links`", path, hint)
    for link_id in links:
        if link_id not in used and not unknown:
            yield Hit(
                f"no text uses the link `{link_id}`",
                ("links", link_id),
                "link some text to it with [text][id], or remove it",
                at_key=True,
            )
