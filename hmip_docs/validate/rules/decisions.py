"""Rules on decisions and on the kind of each response: decision kinds read the vocabulary
(``records/decisions.yaml``), and each question's responses and each respondent are one kind."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from hmip_docs.core.wording import did_you_mean
from hmip_docs.record.decisions import Kind
from hmip_docs.record.research import project_key
from hmip_docs.validate.rules.base import Hit, Path, RecordFacts
from hmip_docs.validate.schema import instances

_ANSWERS = {"outcome": "suggestions", "comment": "comments"}
"""The schema's name for an entry that records a decision, and the kind of response it is."""

_RESPONSE_KINDS = ("areas", "comments", "none_received")
_RESPONDENT_KINDS = ("organisation", "individuals", "anonymous")


def _decided(facts: RecordFacts) -> Iterator[tuple[Path, Mapping[str, Any], str, Kind | None]]:
    """Each outcome and comment with a decision, the response kind it answers, and its kind
    (None when the vocabulary has no such kind). Nothing when the vocabulary is missing: that is
    reported on the vocabulary's file."""
    vocabulary = facts.registry.decisions
    if vocabulary is None:
        return
    for def_name, answers in _ANSWERS.items():
        for path, node in facts.at(def_name):
            if (
                isinstance(node, Mapping)
                and isinstance(node.get("decision"), str)
                and facts.ok((*path, "decision"))
            ):
                yield path, node, answers, vocabulary.get(node["decision"])


def decision_kind_unknown(facts: RecordFacts) -> Iterator[Hit]:
    """Every decision is a kind of the vocabulary of decision kinds (``records/decisions.yaml``,
    listed in docs/records.md); a policy team adds a kind there.

    Passes: ``decision: on-hold``. Fails: ``decision: onhold``.
    """
    vocabulary = facts.registry.decisions
    for path, node, _, kind in _decided(facts):
        if kind is None and vocabulary is not None:
            yield Hit(
                f"`{node['decision']}` is not a kind of decision of the vocabulary",
                (*path, "decision"),
                did_you_mean(
                    node["decision"],
                    sorted(vocabulary.kinds),
                    "use one of the kinds of decisions.yaml beside the registry (docs/records.md "
                    "lists them), or add a kind there",
                ),
            )


def decision_kind_use(facts: RecordFacts) -> Iterator[Hit]:
    """A decision kind answers the kind of response it is meant for (its ``for:`` in the
    vocabulary): suggested topics, or comments on a proposal.

    Passes: an outcome of a suggestion decided `on-hold`.
    Fails: an outcome of a suggestion decided `covered-by-new-standard` (a kind for comments).
    """
    for path, _node, answers, kind in _decided(facts):
        if kind is not None and answers not in kind.answers:
            yield Hit(
                f"the kind `{kind.id}` is not meant for {answers}",
                (*path, "decision"),
                "use a kind whose `for:` in the vocabulary lists "
                f"{answers}, or add {answers} to the kind's `for:`",
            )


def outcome_year(facts: RecordFacts) -> Iterator[Hit]:
    """A decision whose kind points to a later year (``points_to: later-year`` in the
    vocabulary) names that year under ``year:``.

    Passes: ``decision: consider-in-later-year`` with ``year: 2022/2023``.
    Fails: the same decision without ``year:``.
    """
    for path, node, _, kind in _decided(facts):
        if kind is not None and kind.points_to == "later-year" and "year" not in node:
            # An outcome by its id, a comment by the point it makes (as the record words it).
            label = str(node.get("id") or " ".join(str(node.get("point", "")).split()))
            label = label if len(label) <= 60 else label[:57] + "…"
            yield Hit(
                f"the {'outcome' if 'id' in node else 'comment'} '{label}' is decided as "
                f"{kind.id} but names no year",
                path,
                "add `year:` with the later programme year it points to, for example `2022/2023`",
            )


def decision_points_to(facts: RecordFacts) -> Iterator[Hit]:
    """A decision names a year only where its kind points to a later year, and an item of the
    programme only where its kind points to the programme.

    Passes: ``decision: on-hold`` alone. Fails: ``decision: on-hold`` with ``year: 2022/2023``.
    """
    wanted = {"year": "later-year", "item": "programme", "research": "programme"}
    for path, node, _, kind in _decided(facts):
        if kind is None:
            continue
        for key, points_to in wanted.items():
            if key in node and kind.points_to != points_to:
                yield Hit(
                    f"the kind `{kind.id}` points to {kind.points_to}, so `{key}:` has no place",
                    (*path, key),
                    f"remove `{key}:`, or choose a kind that points to {points_to}",
                    at_key=True,
                )


def _thematic_ids(facts: RecordFacts) -> list[str]:
    return [
        str(value)
        for _, value in instances(
            facts.data,
            ("questions", "*", "decision", "programme", "strands", "*", "thematics", "*", "id"),
        )
        if isinstance(value, str)
    ]


def _research_projects(facts: RecordFacts) -> dict[str, str]:
    """The record's research projects as printed, by the words that name them."""
    return {
        project_key(project): project
        for _, group in facts.at("research-group")
        if isinstance(group, Mapping)
        for project in group.get("projects") or ()
        if isinstance(project, str)
    }


def decision_item_unknown(facts: RecordFacts) -> Iterator[Hit]:
    """The item a decision points to is in the record's programme: ``item:`` is the id of a
    thematic, ``research:`` a research project in the words the record prints it in (case,
    spacing and a final full stop aside).

    Passes: ``item: mental-health``; ``research: Contextual safeguarding``. Fails:
    ``item: mental-heath``; ``research: contextual safeguard``.
    """
    for path, node, _, _kind in _decided(facts):
        item, research = node.get("item"), node.get("research")
        if isinstance(item, str) and facts.ok((*path, "item")):
            ids = facts.once("thematic ids", lambda: _thematic_ids(facts))
            if item not in ids:
                yield Hit(
                    f"no thematic of the programme has the id `{item}`",
                    (*path, "item"),
                    did_you_mean(item, ids, "use the id of a thematic of the programme"),
                )
        if isinstance(research, str) and facts.ok((*path, "research")):
            projects = facts.once("research projects", lambda: _research_projects(facts))
            if project_key(research) not in projects:
                yield Hit(
                    f"no research project of the programme is '{research}'",
                    (*path, "research"),
                    did_you_mean(
                        research,
                        projects.values(),
                        "write a research project as the programme's `research:` lists it",
                        form="'{}'",
                    ),
                )


def _one_of(
    facts: RecordFacts, pattern: tuple[str, ...], keys: tuple[str, ...]
) -> Iterator[tuple[Path, list[str]]]:
    for path, node in instances(facts.data, pattern):
        if isinstance(node, Mapping) and facts.ok(path):
            found = [key for key in keys if key in node]
            if len(found) != 1:
                yield path, found


def response_kind(facts: RecordFacts) -> Iterator[Hit]:
    """A question's responses are one kind: suggestions by area (``areas:``), comments on a
    proposal (``comments:``), or none received (``none_received:``, one sentence).

    Passes: ``areas:`` alone. Fails: ``areas:`` and ``none_received:`` together, or neither.
    """
    for path, found in _one_of(facts, ("responses", "questions", "*"), _RESPONSE_KINDS):
        if found:
            yield Hit(
                "the responses to this question are given as "
                + " and ".join(f"`{key}`" for key in found),
                (*path, found[1]),
                "keep one: a question's responses are suggestions, comments or none received",
                at_key=True,
            )
        else:
            yield Hit(
                "no responses are recorded for this question",
                path,
                "add `areas:` (suggestions), `comments:` (on a proposal) or `none_received:` "
                "(one sentence)",
            )


def respondent_kind(facts: RecordFacts) -> Iterator[Hit]:
    """A respondent is an organisation of the registry (``organisation:``), or a number of
    individual (``individuals:``) or anonymous (``anonymous:``) responses.

    Passes: ``individuals: 2`` with ``printed: Two individual responses``.
    Fails: ``organisation: napo`` with ``individuals: 2``.
    """
    for path, found in _one_of(facts, ("respondents", "list", "*"), _RESPONDENT_KINDS):
        yield Hit(
            "this respondent is "
            + (" and ".join(f"`{key}`" for key in found) if found else "none of the kinds"),
            path,
            "give one of `organisation:` (a registry id), `individuals:` or `anonymous:` "
            "(how many responses the entry stands for)",
        )
