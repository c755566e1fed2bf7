"""The SARIF 2.1.0 report, for code-scanning services: one run, the rules that fired, a result
per finding; an accepted finding carries an accepted suppression with the author's reason.

Locations are relative to the repository root (``uriBaseId`` ``%SRCROOT%``), lines and columns
1-based as in every report; a finding about the tool itself has no location.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from hmip_docs import __version__
from hmip_docs.core.findings import INTERNAL_ERROR, Finding, Severity
from hmip_docs.report.common import Summary, details, help_uri

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning"}


_LINK_LIKE = re.compile(r"\[[^\[\]]*+\]\(")
"""``[text](``; a ``[`` inside the text starts a later match, so each try stops at the next one
and the search stays linear."""


def message(text: str) -> dict[str, str]:
    """A SARIF message object holding ``text`` as written (SARIF 2.1.0 section 3.11).

    Braces are doubled, since a single one would start a placeholder (3.11.5); square brackets
    are escaped where ``[text](`` would read as an embedded link (3.11.6).
    """
    text = text.replace("{", "{{").replace("}", "}}")
    if _LINK_LIKE.search(text):
        text = text.replace("[", "\\[").replace("]", "\\]")
    return {"text": text}


def _location(finding: Finding) -> list[dict[str, Any]]:
    if not finding.file:
        return []
    physical: dict[str, Any] = {"artifactLocation": {"uri": finding.file, "uriBaseId": "%SRCROOT%"}}
    if finding.line:
        region = {"startLine": finding.line}
        if finding.column:
            region["startColumn"] = finding.column
        physical["region"] = region
    location: dict[str, Any] = {"physicalLocation": physical}
    if finding.path or finding.item:
        logical: dict[str, str] = {}
        if finding.item:
            logical["name"] = finding.item
        if finding.path:
            logical["fullyQualifiedName"] = finding.path
        location["logicalLocations"] = [logical]
    return [location]


def _result(finding: Finding, index: int) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": index,
        "level": _LEVEL[finding.severity],
        "message": message("\n".join([finding.message, *details(finding)])),
    }
    location = _location(finding)
    if location:
        result["locations"] = location
    if finding.suppressed is not None:
        result["suppressions"] = [
            {"kind": "inSource", "status": "accepted", "justification": finding.suppressed}
        ]
    return result


def render(findings: Sequence[Finding], summary: Summary) -> str:
    """The SARIF log as indented JSON."""
    levels: dict[str, Severity] = {}
    for f in findings:
        levels.setdefault(f.rule, f.severity)
    ids = sorted(levels)
    rules = [
        {
            "id": rule,
            "shortDescription": message(summary.describe(rule)),
            "helpUri": help_uri(rule),
            "defaultConfiguration": {"level": _LEVEL[levels[rule]]},
        }
        for rule in ids
    ]
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "hmip-docs",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "invocations": [
                    {
                        "executionSuccessful": not any(
                            f.rule == INTERNAL_ERROR and f.counts for f in findings
                        )
                    }
                ],
                "columnKind": "unicodeCodePoints",
                "results": [_result(f, ids.index(f.rule)) for f in findings],
                "properties": {"filesChecked": summary.files},
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
