"""The record rules that mirror output checks: one edit to the shipped record gives exactly that
finding, at its line; and the same edit, built, is what the matching output check refuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from hmip_docs.checks import document as checks
from hmip_docs.context import model
from hmip_docs.load import yamlload
from hmip_docs.record.organisations import Registry
from hmip_docs.render.word import render
from tests.conftest import Standing, edit, line_of

REL = Path("records/2021-22/consultation-response.yaml")
DASH = "\u2013"

# (rule, text to replace, replacement, snippet on the expected line, words in the item,
#  the output rule the edit would break if the record rule did not stop it)
CASES = [
    (
        "typed-number",
        "    - 'The consultation set out the following {question_count_in_words} requests:'\n",
        "    - '1.3 The consultation set out the following {question_count_in_words} requests:'\n",
        "- '1.3 The consultation",
        "consultation",
        "output-typed-number",
    ),
    (
        # (Not a respondent's printed name, which must also be a name the registry knows.)
        "typed-number",
        "                title: Mental health\n",
        "                title: 2) Mental health\n",
        "title: 2) Mental health",
        "thematic",
        "output-typed-number",
    ),
    (
        "link-text",
        "[corporate plan][corporate-plan]",
        "[justiceinspectorates.gov.uk/hmiprobation][corporate-plan]",
        "  closing: >-\n    The full list",
        "responses",
        "output-link-text",
    ),
    (
        "link-text",
        "[corporate plan][corporate-plan]",
        "[ ][corporate-plan]",
        "  closing: >-\n    The full list",
        "responses",
        "output-link-text",
    ),
    (
        "blank-text",
        "  introduction: Introduction\n",
        "  introduction: '** **'\n",
        "introduction: '** **'",
        "",
        "output-empty-paragraph",
    ),
    (
        "heading-label",
        "    In early 2021, Dr Jake Phillips,",
        f"    Consultation question {DASH} research: in early 2021, Dr Jake Phillips,",
        "- >-\n    Consultation question",
        "",
        "output-heading-label",
    ),
]


@pytest.mark.parametrize(
    ("rule", "old", "new", "line_snippet", "item", "output_rule"),
    CASES,
    ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)],
)
def test_one_edit_one_finding(
    project: Path,
    standing: Standing,
    rule: str,
    old: str,
    new: str,
    line_snippet: str,
    item: str,
    output_rule: str,
) -> None:
    text = edit(project / REL, old, new)
    findings = standing(project)
    assert [(f.rule, f.line) for f in findings] == [(rule, line_of(text, line_snippet))], findings
    (finding,) = findings
    assert item in finding.item
    assert finding.column >= 1
    assert finding.message and finding.hint


@pytest.mark.parametrize(
    ("rule", "old", "new", "output_rule"),
    [(c[0], c[1], c[2], c[5]) for c in CASES],
    ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)],
)
def test_the_record_rule_stops_what_the_output_check_refuses(
    project: Path, rule: str, old: str, new: str, output_rule: str
) -> None:
    """Built anyway, the edited record breaks the output rule its record rule mirrors."""
    edit(project / REL, old, new)
    if output_rule == "output-link-text":  # a link without an address prints as plain text
        edit(
            project / REL,
            '  corporate-plan:\n    address: ""\n',
            "  corporate-plan:\n    address: https://www.example.org/plan\n",
        )
    record = yamlload.load_file(project / REL).document
    registry = yamlload.load_file(project / "records" / "organisations.yaml").document
    assert record is not None and registry is not None
    ctx = model.build(record.data, Registry.from_data(registry.data))
    document = render(project / "templates" / "consultation-response.docx", ctx)
    found = {f.rule for f in checks.check(document, [], "record")}
    assert output_rule in found


def test_fields_the_document_does_not_print_are_not_checked(
    project: Path, standing: Standing
) -> None:
    # legal_basis.act is listed in "x-unprinted": data the rules check, never printed.
    edit(
        project / REL,
        "  act: Criminal Justice and Court Services Act 2000\n",
        "  act: 1. Criminal Justice and Court Services Act 2000\n",
    )
    assert standing(project) == []


def test_a_link_with_words_passes(project: Path, standing: Standing) -> None:
    edit(project / REL, "[corporate plan][corporate-plan]", "[our corporate plan][corporate-plan]")
    assert standing(project) == []


def test_the_label_after_which_a_heading_is_printed_passes(
    project: Path, standing: Standing
) -> None:
    edit(project / REL, "      heading: research projects\n", "      heading: research work\n")
    assert standing(project) == []


def test_every_mirror_rule_is_exercised() -> None:
    from hmip_docs.validate.rules import RECORD_RULES, output

    mirrors = {
        rule_id
        for rule_id, rule in RECORD_RULES.items()
        if rule.check.__module__ == output.__name__
    }
    assert mirrors == {case[0] for case in CASES}
    assert {case[5] for case in CASES} <= set(checks.OUTPUT_RULES)
