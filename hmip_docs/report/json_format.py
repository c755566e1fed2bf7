"""The JSON report, for tools: findings and a summary, positions 1-based, paths JSON pointers."""

from __future__ import annotations

import json
from collections.abc import Sequence

from hmip_docs.core.findings import Finding
from hmip_docs.report.common import Counts, Summary


def render(findings: Sequence[Finding], summary: Summary) -> str:
    """``{"findings": [...], "summary": {"files", "errors", "warnings", "suppressed"}}`` as
    indented JSON; an accepted finding has ``"suppressed": true`` and its ``reason``."""
    counts = Counts.of(findings)
    document = {
        "findings": [
            {
                "rule": f.rule,
                "severity": f.severity.label,
                "file": f.file,
                "line": f.line,
                "column": f.column,
                "item": f.item,
                "message": f.message,
                "hint": f.hint,
                "path": f.path,
                "suppressed": f.suppressed is not None,
                "reason": f.suppressed,
            }
            for f in findings
        ],
        "summary": {
            "files": summary.files,
            "errors": counts.errors,
            "warnings": counts.warnings,
            "suppressed": counts.accepted,
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
