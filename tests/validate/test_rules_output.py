"""The record rules that mirror output checks: one edit to the shipped record gives exactly that
finding, at its line; and the same edit, built, is what the matching output check refuses."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from hmip_docs.checks import document as checks
from hmip_docs.context import model
from hmip_docs.load import yamlload
from hmip_docs.record.organisations import Registry
from hmip_docs.render.word import render
from tests.conftest import FIXTURES, Standing, edit, hmip, line_of

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
    (
        "tables-apart",
        "        - id: youth\n          heading: Youth inspection\n",
        "        - id: youth\n",
        "- id: youth",
        "area 'youth' in responses to question 'thematic'",
        "output-tables-apart",
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


# The 2022/23 edition of the suite: its research question's one area has no heading, so the
# question's own words are all that part its table from the thematic question's last table.
NEXT = Path("records/2022-23/consultation-response.yaml")
_RESEARCH_WORDS = """\
      heading: research projects
      prompt: Do you have any alternative proposals for research projects in {programme_year}?
      summary: The following topics were offered for research.
"""
_FRAMEWORK_WORDS = """\
      heading: proposed youth justice standards
      prompt: >-
        Do you have any comments on our proposed change to the standards for inspecting youth
        justice services?
      summary: Respondents made the following comments on the proposed standards.
"""


@pytest.fixture
def next_edition(project: Path) -> Path:
    (project / NEXT).parent.mkdir()
    shutil.copyfile(FIXTURES / "editions" / "2022-23" / NEXT.name, project / NEXT)
    return project


def _tables_apart(project: Path) -> list[tuple[int, str, str]]:
    run = hmip(project, "validate", str(NEXT), "--format", "json")
    assert run.returncode in (0, 1), run.stderr
    return [
        (f["line"], f["item"], f["hint"])
        for f in json.loads(run.stdout)["findings"]
        if f["rule"] == "tables-apart"
    ]


def test_a_question_that_prints_only_its_table_runs_it_into_the_one_before(
    next_edition: Path,
) -> None:
    assert _tables_apart(next_edition) == []
    text = edit(next_edition / NEXT, _RESEARCH_WORDS, "")
    ((line, item, hint),) = _tables_apart(next_edition)
    assert line == line_of(text, "        - id: research\n")
    assert item == "area 'research' in responses to question 'research'"
    assert "give this area a heading, or give the question a heading" in hint


def test_a_table_of_comments_is_parted_from_the_table_before_it(next_edition: Path) -> None:
    text = edit(next_edition / NEXT, _FRAMEWORK_WORDS, "")
    ((line, item, _),) = _tables_apart(next_edition)
    assert line == line_of(text, "      comments:\n")
    assert "question 'framework'" in item


def test_a_heading_of_its_own_parts_the_table(next_edition: Path) -> None:
    edit(next_edition / NEXT, _RESEARCH_WORDS, "")
    edit(
        next_edition / NEXT,
        "        - id: research\n",
        "        - id: research\n          heading: Research\n",
    )
    assert _tables_apart(next_edition) == []
