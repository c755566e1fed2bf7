"""One edit per rule that turns the shipped record into one with exactly that rule's finding.

The edits are data, shared by the rule tests (each edit must give exactly its finding, on the
expected line) and by ``docs/rules.md`` (which shows, for each rule, the edit and the report the
validator gives for it). They are written against ``records/2021-22/consultation-response.yaml``.

Longer than the 400 lines a module is kept to because it is mostly data: one edit per rule.
"""

from __future__ import annotations

import difflib
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from hmip_docs.core.findings import Finding

RECORD = "records/2021-22/consultation-response.yaml"
"""The record the edits apply to, relative to the project root."""
REGISTRY = "records/organisations.yaml"


@dataclass(frozen=True)
class Edit:
    """Replace the one occurrence of ``old`` in ``file`` (the record, unless said) by ``new``."""

    rule: str
    old: str
    new: str
    line: str
    """A snippet that starts on the line of the record the finding points at."""
    item: str
    """Words the finding's item contains."""
    file: str = RECORD
    """The file edited: the record, or the registry for a rule that reads it."""

    def apply(self, text: str) -> str:
        """``text`` with the edit made; ValueError unless ``old`` occurs exactly once."""
        if text.count(self.old) != 1:
            raise ValueError(
                f"the edit for {self.rule} expects {self.old!r} once in {self.file}, "
                f"found it {text.count(self.old)} times"
            )
        return text.replace(self.old, self.new)


EDITS: tuple[Edit, ...] = (
    Edit(
        rule="suggestion-outcome-missing",
        old="            - topic: Case transfers\n              outcome: on-hold\n",
        new="            - topic: Case transfers\n",
        line="- topic: Case transfers",
        item="suggestion 'Case transfers' in area 'Probation inspection'",
    ),
    Edit(
        rule="joint-thematic-partners-missing",
        old="                partners: [ofsted, estyn]\n",
        new="",
        line="- id: ete",
        item="thematic 'Education, training and employment'",
    ),
    Edit(
        rule="thematic-lead",
        old="                lead: hmicfrs\n                partners: [ofsted, cqc]\n",
        new="                partners: [ofsted, cqc]\n",
        line="- id: serious-youth-violence",
        item="thematic 'Serious youth violence'",
    ),
    Edit(
        rule="statutory-consultee-missing",
        old="    care_quality_commission: cqc\n",
        new="",
        line="  statutory:",
        item="statutory consultees",
    ),
    Edit(
        rule="single-agency-partners",
        old=(
            "                kind: single-agency\n"
            "                lead: hmi-probation\n"
            "                description: >-\n"
            "                  A thematic review"
        ),
        new=(
            "                kind: single-agency\n"
            "                lead: hmi-probation\n"
            "                partners: [ofsted]\n"
            "                description: >-\n"
            "                  A thematic review"
        ),
        line="- id: race",
        item="thematic 'Race'",
    ),
    Edit(
        rule="outcome-year",
        old="              decision: consider-in-later-year\n              year: 2022/2023\n",
        new="              decision: consider-in-later-year\n",
        line="- id: consider-next-year",
        item="outcome 'consider-next-year'",
    ),
    Edit(
        rule="decision-kind-unknown",
        old="              decision: on-hold\n",
        new="              decision: onhold\n",
        line="decision: onhold",
        item="outcome 'on-hold'",
    ),
    Edit(
        rule="decision-kind-use",
        old="              decision: on-hold\n",
        new="              decision: covered-by-new-standard\n",
        line="decision: covered-by-new-standard",
        item="outcome 'on-hold'",
    ),
    Edit(
        rule="decision-points-to",
        old="              decision: on-hold\n",
        new="              decision: on-hold\n              item: mental-health\n",
        line="item: mental-health",
        item="outcome 'on-hold'",
    ),
    Edit(
        rule="decision-item-unknown",
        old="              decision: linked-to-thematic\n",
        new="              decision: linked-to-thematic\n              item: mental-heath\n",
        line="mental-heath",
        item="outcome 'linked-thematic'",
    ),
    Edit(
        rule="decision-item-unknown",
        old="              decision: covered-by-core-inspections\n",
        new=(
            "              decision: covered-by-core-inspections\n"
            "              research: contextual safeguard\n"
        ),
        line="research: contextual safeguard",
        item="outcome 'core-data'",
    ),
    Edit(
        rule="response-kind",
        old="      areas:\n        - id: research\n",
        new=(
            "      none_received: No responses were received.\n"
            "      areas:\n        - id: research\n"
        ),
        line="none_received:",
        item="responses to question 'research'",
    ),
    Edit(
        rule="respondent-kind",
        old="    - organisation: napo\n      printed: NAPO\n",
        new="    - organisation: napo\n      individuals: 2\n      printed: NAPO\n",
        line="organisation: napo",
        item="respondent 'NAPO'",
    ),
    Edit(
        rule="respondent-count-words",
        old="    - organisation: napo\n      printed: NAPO\n",
        new="    - organisation: napo\n      printed: NAPO\n"
        "    - individuals: 2\n      printed: Three individual responses\n",
        line="printed: Three individual responses",
        item="respondent 'Three individual responses'",
    ),
    Edit(
        rule="registry-reference",
        old="                lead: hmi-prisons\n",
        new="                lead: hmi-prison\n",
        line="lead: hmi-prison",
        item="thematic 'Girls'",
    ),
    Edit(
        rule="thematic-roles-overlap",
        old="                partners: [cqc, ofsted]\n",
        new="                partners: [hmi-prisons, cqc, ofsted]\n",
        line="partners: [hmi-prisons, cqc, ofsted]",
        item="thematic 'Girls'",
    ),
    Edit(
        rule="prose-names-partners",
        old="                partners: [hmi-prisons]\n",
        new="                partners: [hmi-prisons, hiw]\n",
        line="description: >-\n                  A joint thematic with HM Inspectorate of Prisons",
        item="thematic 'Offender Management in Custody'",
    ),
    Edit(
        rule="prose-names-year",
        old="          reconsider_in: 2022/2023\n",
        new="          reconsider_in: 2023/2024\n",
        line="text: >-\n            Due to competing resource demands",
        item="removed proposal 'youth to adult transitions'",
    ),
    Edit(
        rule="later-year",
        old="          - topic: victims\n            year: 2022/2023\n",
        new="          - topic: victims\n            year: 2021/2022\n",
        line="\n            year: 2021/2022",
        item="agreed thematic 'victims'",
    ),
    Edit(
        rule="consecutive-years",
        old="  programme_year: 2021/2022\n",
        new="  programme_year: 2021/2023\n",
        line="programme_year: 2021/2023",
        item="document",
    ),
    Edit(
        rule="date-order",
        old="  deadline: 2021-04-30\n",
        new="  deadline: 2021-03-01\n",
        line="deadline: 2021-03-01",
        item="consultation",
    ),
    Edit(
        rule="name-in-force",
        old="      - name: Her Majesty's Inspectorate of Probation\n        until: 2022-09-07\n",
        new=(
            "      - name: Her Majesty's Inspectorate of Probation\n"
            "        from: 2021-10-01\n        until: 2022-09-07\n"
        ),
        line="publisher: hmi-probation",
        item="document",
        file=REGISTRY,
    ),
    Edit(
        rule="publication-window",
        old="  published: 2021-09\n",
        new="  published: 2023-05\n",
        line="published: 2023-05",
        item="document",
    ),
    Edit(
        rule="markup",
        old="Respondents particularly supported our shift",
        new="Respondents *particularly supported our shift",
        line="Respondents *particularly",
        item="paragraph 'Respondents *particularly supported our shift to focus on…' in question 2",
    ),
    Edit(
        rule="markup",
        old="alternative proposals for thematic topics for {programme_year}?",
        new="alternative proposals for thematic topics for programme_year}?",
        line="request: Do you have any alternative proposals for thematic topics",
        item="question 1 (thematic)",
    ),
    Edit(
        rule="organisation-name",
        old="      printed: Youth Justice Board (YJB)\n",
        new="      printed: Youth Justise Board\n",
        line="printed: Youth Justise Board",
        item="respondent 'Youth Justise Board'",
    ),
    Edit(
        rule="publisher-name",
        old="    This document summarises the responses received",
        new=(
            "    This document of His Majesty's Inspectorate of Probation summarises the"
            " responses received"
        ),
        line="  closing: >-\n    This document",
        item="consultation",
    ),
    Edit(
        rule="year-in-prose",
        old=(
            "There was overwhelming support from respondents to our proposals for thematics in\n"
            "            {programme_year}."
        ),
        new=(
            "There was overwhelming support from respondents to our proposals for thematics in\n"
            "            2019/2020."
        ),
        line="- text: >-\n            There was overwhelming",
        item="question 1 (thematic)",
    ),
    Edit(
        rule="year-in-prose",
        old="    In early 2021, Dr Jake Phillips,",
        new="    In early 2019, Dr Jake Phillips,",
        line="- >-\n    In early 2019",
        item="",
    ),
    Edit(
        rule="to-write",
        old="  published: 2021-09\n",
        new="  published: 'TO WRITE: the month of publication, as YYYY-MM'\n",
        line="published: 'TO WRITE",
        item="document",
    ),
    Edit(
        rule="suggestion-outcome-unknown",
        old="            - topic: Staff training\n              outcome: core-data\n",
        new="            - topic: Staff training\n              outcome: core-dta\n",
        line="outcome: core-dta",
        item="suggestion 'Staff training'",
    ),
    Edit(
        rule="unique-id",
        old="              - id: race\n",
        new="              - id: mappa\n",
        line="- id: mappa\n                title: Race",
        item="thematic 'Race'",
    ),
    Edit(
        rule="duplicate-entry",
        old="    - organisation: ofsted\n      printed: Ofsted\n",
        new="    - organisation: ofsted\n      printed: Ofsted\n" * 2,
        line="- organisation: ofsted\n      printed: Ofsted\n    - organisation: yjb",
        item="respondent 'Ofsted'",
    ),
    Edit(
        rule="duplicate-entry",
        old="                title: Girls\n",
        new="                title: race\n",
        line="title: race",
        item="thematic 'race' in strand 'Youth'",
    ),
    Edit(
        rule="duplicate-entry",
        old="          - is this a ministerial priority?\n",
        new="          - is this a ministerial priority?\n" * 2,
        line="- is this a ministerial priority?\n          - >-",
        item="selection criteria",
    ),
    Edit(
        rule="question-reference",
        old="    - question: research\n",
        new="    - question: resarch\n",
        line="question: resarch",
        item="responses to question 'resarch'",
    ),
    Edit(
        rule="link-reference",
        old="[corporate plan][corporate-plan]",
        new="[corporate plan][corporate-plna]",
        line="  closing: >-\n    The full list",
        item="responses",
    ),
    Edit(
        rule="unknown-field",
        old="  title: Response to the consultation",
        new="  titel: Response to the consultation",
        line="titel:",
        item="document",
    ),
    Edit(
        rule="not-allowed-value",
        old="                kind: joint\n                lead: hmi-prisons\n",
        new="                kind: jiont\n                lead: hmi-prisons\n",
        line="kind: jiont",
        item="thematic 'Girls'",
    ),
    Edit(
        rule="bad-format",
        old="  letter_issued: 2021-03-22\n",
        new="  letter_issued: 2021-02-30\n",
        line="letter_issued: 2021-02-30",
        item="consultation",
    ),
    Edit(
        rule="statutory-consultee-unknown",
        old="    care_quality_commission: cqc\n",
        new="    care_quality_commission: qcq\n",
        line="care_quality_commission: qcq",
        item="statutory consultees",
    ),
    Edit(
        rule="outcome-unused",
        old="            - topic: Case transfers\n              outcome: on-hold\n",
        new="            - topic: Case transfers\n              outcome: core-data\n",
        line="- id: on-hold",
        item="outcome 'on-hold'",
    ),
    Edit(
        rule="link-not-https",
        old='  corporate-plan:\n    address: ""\n',
        new="  corporate-plan:\n    address: http://example.org/plan\n",
        line="address: http://example.org/plan",
        item="link 'corporate-plan'",
    ),
    Edit(
        rule="link-address-invalid",
        old='  corporate-plan:\n    address: ""\n',
        new="  corporate-plan:\n    address: https://www.example.org/corporate plan\n",
        line="address: https://www.example.org/corporate plan",
        item="link 'corporate-plan'",
    ),
    Edit(
        rule="typed-number",
        old="    - 'The consultation set out the following",
        new="    - '1.3 The consultation set out the following",
        line="- '1.3 The consultation",
        item="consultation",
    ),
    Edit(
        rule="link-text",
        old="[corporate plan][corporate-plan]",
        new="[justiceinspectorates.gov.uk/hmiprobation][corporate-plan]",
        line="  closing: >-\n    The full list",
        item="responses",
    ),
    Edit(
        rule="blank-text",
        old="  introduction: Introduction\n",
        new="  introduction: '** **'\n",
        line="introduction: '** **'",
        item="",
    ),
    Edit(
        rule="invisible-text",
        old="  introduction: Introduction\n",
        new='  introduction: "\\u200b"\n',
        line='introduction: "\\u200b"',
        item="section headings",
    ),
    Edit(
        rule="bidi-control",
        old="  feedback: Stakeholder feedback\n",
        new='  feedback: "Stakeholder \\u202ekcabdeef"\n',
        line='feedback: "Stakeholder',
        item="section headings",
    ),
    Edit(
        rule="heading-label",
        old="    In early 2021, Dr Jake Phillips,",
        new="    Consultation question \u2013 research: in early 2021, Dr Jake Phillips,",
        line="- >-\n    Consultation question",
        item="",
    ),
    Edit(
        rule="tables-apart",
        old="        - id: youth\n          heading: Youth inspection\n",
        new="        - id: youth\n",
        line="- id: youth",
        item="area 'youth' in responses to question 'thematic'",
    ),
)


@dataclass(frozen=True)
class Outcome:
    """What validating the edited record gave."""

    edit: Edit
    diff: tuple[str, ...]
    """The changed lines, ``-`` before and ``+`` after."""
    findings: tuple[Finding, ...]
    """The findings that stand, with ``file`` relative to the project root."""
    lines: tuple[str, ...]
    """The record's lines once edited (for code frames)."""


def _diff(before: str, after: str) -> tuple[str, ...]:
    lines = difflib.unified_diff(before.splitlines(), after.splitlines(), n=0, lineterm="")
    return tuple(line for line in lines if line[:3] not in ("---", "+++", "@@ "))


def run(records: Path, edits: Sequence[Edit] = EDITS) -> Iterator[Outcome]:
    """Validate a copy of ``records`` (a project's records folder) once per edit."""
    from hmip_docs.validate.validator import validate

    with tempfile.TemporaryDirectory(prefix="hmip-docs-examples-") as folder:
        root = Path(folder).resolve()
        shutil.copytree(records, root / "records")
        record = root / RECORD
        shipped = {name: (root / name).read_text(encoding="utf-8") for name in (RECORD, REGISTRY)}
        for edit in edits:
            edited = edit.apply(shipped[edit.file])
            (root / edit.file).write_text(edited, encoding="utf-8")
            result = validate([record], root / REGISTRY)
            (root / edit.file).write_text(shipped[edit.file], encoding="utf-8")
            findings = tuple(
                f.replace(file=(Path.cwd() / f.file).resolve().relative_to(root).as_posix())
                for f in result.findings
                if f.counts
            )
            lines = edited if edit.file == RECORD else shipped[RECORD]
            diff = _diff(shipped[edit.file], edited)
            yield Outcome(edit, diff, findings, tuple(lines.splitlines()))
