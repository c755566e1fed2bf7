"""Each rule: one edit to the shipped record gives exactly that finding, and no other."""

from __future__ import annotations

from pathlib import Path

import pytest

from hmip_docs.reference.rule_examples import EDITS
from tests.conftest import Standing, edit, line_of

REL = Path("records/2021-22/consultation-response.yaml")

# The edits are data in hmip_docs/reference/rule_examples.py, shared with docs/rules.md:
# (rule, text to replace, replacement, snippet on the expected line, words in the item); an
# edit of the registry (e.file) is made there, and its finding is looked for in the record.
CASES = [(e.rule, e.old, e.new, e.line, e.item) for e in EDITS]
FILES = {(e.rule, e.old, e.new): e.file for e in EDITS}


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
    edit(project / FILES[rule, old, new], old, new)
    text = (project / REL).read_text(encoding="utf-8")
    findings = standing(project)
    assert [(f.rule, f.line) for f in findings] == [(rule, line_of(text, line_snippet))], findings
    (finding,) = findings
    assert finding.file.endswith("consultation-response.yaml")
    assert item in finding.item
    # The column points at the start of the offending key or value on that line.
    line = text.splitlines()[finding.line - 1]
    assert 1 <= finding.column <= len(line)
    assert not line[finding.column - 1].isspace()
    assert finding.column == 1 or line[finding.column - 2] in " [,{"
    assert finding.message and finding.hint


def test_shipped_record_has_no_standing_findings(project: Path, standing: Standing) -> None:
    assert standing(project) == []


def test_every_rule_is_exercised() -> None:
    from hmip_docs.validate.rules import RECORD_RULES

    tested = {case[0] for case in CASES}
    untested = set(RECORD_RULES) - tested - {"link-address-missing"}
    assert not untested, f"rules without a one-edit test: {sorted(untested)}"


def test_a_dozen_problems_all_reported(project: Path, standing: Standing) -> None:
    record = project / REL
    together = [
        "suggestion-outcome-missing",
        "joint-thematic-partners-missing",
        "statutory-consultee-missing",
        "outcome-year",
        "thematic-roles-overlap",
        "prose-names-year",
        "date-order",
        "markup",
        "suggestion-outcome-unknown",
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
