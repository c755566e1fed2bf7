"""Each rule: one edit to the shipped record gives exactly that finding, and no other."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Standing, edit, line_of

REL = Path("records/2021-22/consultation-response.yaml")

# (rule, text to replace, replacement, snippet on the expected line, words in the item)
CASES = [
    (
        "suggestion-outcome",
        "            - topic: Case transfers\n              outcome: on-hold\n",
        "            - topic: Case transfers\n",
        "- topic: Case transfers",
        "suggestion 'Case transfers' in area 'Probation inspection'",
    ),
    (
        "joint-thematic-partners",
        "                partners: [ofsted, estyn]\n",
        "",
        "- id: ete",
        "thematic 'Education, training and employment'",
    ),
    (
        "thematic-lead",
        "                lead: hmicfrs\n                partners: [ofsted, cqc]\n",
        "                partners: [ofsted, cqc]\n",
        "- id: serious-youth-violence",
        "thematic 'Serious youth violence'",
    ),
    (
        "statutory-consultee",
        "    care_quality_commission: cqc\n",
        "",
        "  statutory:",
        "statutory consultees",
    ),
    (
        "single-agency-partners",
        "                kind: single-agency\n                lead: hmi-probation\n"
        "                description: >-\n                  A thematic review",
        "                kind: single-agency\n                lead: hmi-probation\n"
        "                partners: [ofsted]\n"
        "                description: >-\n                  A thematic review",
        "- id: race",
        "thematic 'Race'",
    ),
    (
        "outcome-year",
        "              decision: consider-in-later-year\n              year: 2022/2023\n",
        "              decision: consider-in-later-year\n",
        "- id: consider-next-year",
        "outcome 'consider-next-year'",
    ),
    (
        "registry-reference",
        "                lead: hmi-prisons\n",
        "                lead: hmi-prison\n",
        "lead: hmi-prison",
        "thematic 'Girls'",
    ),
    (
        "joint-thematic-partners",
        "                partners: [cqc, ofsted]\n",
        "                partners: [hmi-prisons, cqc, ofsted]\n",
        "partners: [hmi-prisons, cqc, ofsted]",
        "thematic 'Girls'",
    ),
    (
        "prose-names-partners",
        "                partners: [hmi-prisons]\n",
        "                partners: [hmi-prisons, hiw]\n",
        "description: >-\n                  A joint thematic with HM Inspectorate of Prisons",
        "thematic 'Offender Management in Custody'",
    ),
    (
        "prose-names-year",
        "          reconsider_in: 2022/2023\n",
        "          reconsider_in: 2023/2024\n",
        "text: >-\n            Due to competing resource demands",
        "removed proposal 'youth to adult transitions'",
    ),
    (
        "later-year",
        "          - topic: victims\n            year: 2022/2023\n",
        "          - topic: victims\n            year: 2021/2022\n",
        "\n            year: 2021/2022",
        "agreed thematic 'victims'",
    ),
    (
        "consecutive-years",
        "  programme_year: 2021/2022\n",
        "  programme_year: 2021/2023\n",
        "programme_year: 2021/2023",
        "document",
    ),
    (
        "date-order",
        "  deadline: 2021-04-30\n",
        "  deadline: 2021-03-01\n",
        "deadline: 2021-03-01",
        "consultation",
    ),
    (
        "publication-window",
        "  published: 2021-09\n",
        "  published: 2023-05\n",
        "published: 2023-05",
        "document",
    ),
    (
        "markup",
        "Respondents particularly supported our shift",
        "Respondents *particularly supported our shift",
        "Respondents *particularly",
        "paragraph 'Respondents *particularly supported our shift to focus on…' in question 2",
    ),
    (
        "publisher-name",
        "    This document summarises the responses received",
        "    This document of His Majesty's Inspectorate of Probation summarises the responses"
        " received",
        "  closing: >-\n    This document",
        "consultation",
    ),
    (
        "year-in-prose",
        "There was overwhelming support from respondents to our proposals for thematics in\n"
        "            {programme_year}.",
        "There was overwhelming support from respondents to our proposals for thematics in\n"
        "            2019/2020.",
        "- text: >-\n            There was overwhelming",
        "question 1 (thematic)",
    ),
    (
        "suggestion-outcome",
        "            - topic: Staff training\n              outcome: core-data\n",
        "            - topic: Staff training\n              outcome: core-dta\n",
        "outcome: core-dta",
        "suggestion 'Staff training'",
    ),
    (
        "unique-id",
        "              - id: race\n",
        "              - id: mappa\n",
        "- id: mappa\n                title: Race",
        "thematic 'Race'",
    ),
    (
        "question-reference",
        "    - question: research\n",
        "    - question: resarch\n",
        "question: resarch",
        "responses to question 'resarch'",
    ),
    (
        "link-reference",
        "[corporate plan][corporate-plan]",
        "[corporate plan][corporate-plna]",
        "  closing: >-\n    The full list",
        "responses",
    ),
    (
        "unknown-field",
        "  title: Response to the consultation",
        "  titel: Response to the consultation",
        "titel:",
        "document",
    ),
    (
        "not-allowed-value",
        "                kind: joint\n                lead: hmi-prisons\n",
        "                kind: jiont\n                lead: hmi-prisons\n",
        "kind: jiont",
        "thematic 'Girls'",
    ),
    (
        "bad-format",
        "  letter_issued: 2021-03-22\n",
        "  letter_issued: 2021-02-30\n",
        "letter_issued: 2021-02-30",
        "consultation",
    ),
    (
        "statutory-consultee",
        "    care_quality_commission: cqc\n",
        "    care_quality_commission: qcq\n",
        "care_quality_commission: qcq",
        "statutory consultees",
    ),
    (
        "outcome-unused",
        "            - topic: Case transfers\n              outcome: on-hold\n",
        "            - topic: Case transfers\n              outcome: core-data\n",
        "- id: on-hold",
        "outcome 'on-hold'",
    ),
    (
        "link-not-https",
        '  corporate-plan:\n    address: ""\n',
        "  corporate-plan:\n    address: http://example.org/plan\n",
        "address: http://example.org/plan",
        "link 'corporate-plan'",
    ),
]


def _names() -> list[str]:
    """A name per case: its rule id, with a number where a rule has several cases."""
    names: list[str] = []
    for rule, *_ in CASES:
        count = sum(1 for name in names if name.split("#")[0] == rule)
        names.append(f"{rule}#{count + 1}" if count else rule)
    return names


NAMED = dict(zip(_names(), CASES, strict=True))


@pytest.mark.parametrize(("rule", "old", "new", "line_snippet", "item"), CASES, ids=_names())
def test_one_edit_one_finding(
    project: Path, standing: Standing, rule: str, old: str, new: str, line_snippet: str, item: str
) -> None:
    text = edit(project / REL, old, new)
    findings = standing(project)
    assert [(f.rule, f.line) for f in findings] == [(rule, line_of(text, line_snippet))], findings
    (finding,) = findings
    assert finding.file.endswith("consultation-response.yaml")
    assert item in finding.item
    assert finding.column >= 1
    assert finding.message and finding.hint


def test_shipped_record_has_no_standing_findings(project: Path, standing: Standing) -> None:
    assert standing(project) == []


def test_every_rule_is_exercised() -> None:
    from hmip_docs.rules import RECORD_RULES

    tested = {case[0] for case in CASES}
    untested = set(RECORD_RULES) - tested - {"link-address-missing"}
    assert not untested, f"rules without a one-edit test: {sorted(untested)}"


def test_a_dozen_problems_all_reported(project: Path, standing: Standing) -> None:
    record = project / REL
    together = [
        "suggestion-outcome",
        "joint-thematic-partners",
        "statutory-consultee",
        "outcome-year",
        "joint-thematic-partners#2",
        "prose-names-year",
        "date-order",
        "markup",
        "suggestion-outcome#2",
        "question-reference",
        "unknown-field",
        "unique-id",
        "link-reference",
    ]
    picked = [NAMED[name] for name in together]
    for _, old, new, _, _ in picked:
        edit(record, old, new)
    rules = sorted(f.rule for f in standing(project))
    assert rules == sorted(c[0] for c in picked)
