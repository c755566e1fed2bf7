"""docs/template.md explains every message of ``hmip-docs lint-template`` by an edit that gives it:
each edit gives its rule's finding with the words it promises, and nothing but the rules it
declares; every rule the lint can report has at least one edit; the page shows the reports."""

from __future__ import annotations

import re
from functools import cache

import pytest

from hmip_docs.reference import template_examples
from hmip_docs.reference.template_examples import EDITS, TemplateEdit
from hmip_docs.template_lint.lint import CONTRACT, TEMPLATE_RULES
from tests.conftest import ROOT, TEMPLATE


@cache
def outcomes() -> dict[TemplateEdit, template_examples.Outcome]:
    """What the lint gave for each edit, linted once for all the tests."""
    return {outcome.edit: outcome for outcome in template_examples.run(TEMPLATE)}


@pytest.mark.parametrize("edit", EDITS, ids=[f"{e.rule}: {e.did}" for e in EDITS])
def test_each_edit_gives_its_finding(edit: TemplateEdit) -> None:
    findings = outcomes()[edit].findings
    assert {f.rule for f in findings} <= {edit.rule, *edit.also}, findings
    assert any(edit.words in f.message for f in findings if f.rule == edit.rule), findings
    assert {f.rule for f in findings} >= edit.also
    assert all(f.hint for f in findings), findings


def test_every_rule_the_lint_reports_has_an_edit() -> None:
    assert {e.rule for e in EDITS} == {*TEMPLATE_RULES, *CONTRACT.output_rules}


def test_the_shipped_template_passes_so_each_finding_comes_from_its_edit() -> None:
    (outcome,) = template_examples.run(TEMPLATE, [TemplateEdit("none", "", bytes, "")])
    assert outcome.findings == ()


def test_the_page_shows_each_edit_and_its_report() -> None:
    text = (ROOT / "docs" / "template.md").read_text("utf-8")
    sections = re.split(r"\n(?=### )", text)
    for rule in {*TEMPLATE_RULES, *CONTRACT.output_rules}:
        (section,) = [s for s in sections if s.startswith(f'### <a id="{rule}"></a>')]
        edits = [e for e in EDITS if e.rule == rule]
        assert section.count("```text\n") == len(edits), rule
        for edit in edits:
            assert f"If you {edit.did}:" in section
            assert edit.words in section
        heads = re.findall(r"^templates/consultation-response\.docx: \w+ \[(.+?)\]", section, re.M)
        assert rule in heads
