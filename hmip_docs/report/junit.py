"""The JUnit XML report, for CI services that show test results: a test suite per file checked,
a test case per finding (or one passing case for a file without findings).

An error is a ``<failure>`` (``<error>`` for a fault of the tool itself); a warning passes with
its text in ``<system-out>``, or fails under ``--strict``; an accepted finding is ``<skipped>``
with the author's reason.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from hmip_docs.core.findings import INTERNAL_ERROR, Finding, Severity
from hmip_docs.report.common import Summary, status
from hmip_docs.report.text import block

TOOL_SUITE = "hmip-docs"
"""The suite of findings that belong to no file (faults of the tool itself)."""

# Characters XML 1.0 cannot carry at all, even escaped; a message may quote one from a record.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _case(finding: Finding, suite: str, strict: bool) -> tuple[ET.Element, str]:
    """The test case of one finding, and its outcome: passed, failure, error or skipped."""
    name = finding.rule
    if finding.line:
        name += f" at line {finding.line}"
        name += f", column {finding.column}" if finding.column else ""
    case = ET.Element("testcase", name=name, classname=_clean(suite))
    if finding.file:
        case.set("file", _clean(finding.file))
    if finding.line:
        case.set("line", str(finding.line))
    text = _clean(block(finding))
    message = _clean(f"{status(finding)}: {finding.message}")
    if not finding.counts:
        skipped = ET.SubElement(case, "skipped", message=_clean(f"accepted: {finding.suppressed}"))
        skipped.text = text
        return case, "skipped"
    if finding.rule == INTERNAL_ERROR:
        ET.SubElement(case, "error", message=message, type=finding.rule).text = text
        return case, "error"
    if finding.severity is Severity.ERROR or strict:
        ET.SubElement(case, "failure", message=message, type=finding.rule).text = text
        return case, "failure"
    ET.SubElement(case, "system-out").text = text
    return case, "passed"


_COUNTED = {"failures": "failure", "errors": "error", "skipped": "skipped"}


def _tally(element: ET.Element, outcomes: Sequence[str]) -> None:
    element.set("tests", str(len(outcomes)))
    for attribute, outcome in _COUNTED.items():
        element.set(attribute, str(outcomes.count(outcome)))


def render(findings: Sequence[Finding], summary: Summary) -> str:
    """The report as a JUnit XML document."""
    suites: dict[str, list[Finding]] = {name: [] for name in summary.checked}
    for f in findings:
        suites.setdefault(f.file or TOOL_SUITE, []).append(f)
    root = ET.Element("testsuites", name="hmip-docs validate")
    everything: list[str] = []
    for suite_name, suite_findings in suites.items():
        suite = ET.SubElement(root, "testsuite", name=_clean(suite_name))
        outcomes: list[str] = []
        for f in suite_findings:
            case, outcome = _case(f, suite_name, summary.strict)
            suite.append(case)
            outcomes.append(outcome)
        if not suite_findings:
            ET.SubElement(suite, "testcase", name="valid", classname=_clean(suite_name))
            outcomes.append("passed")
        _tally(suite, outcomes)
        everything += outcomes
    _tally(root, everything)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"
