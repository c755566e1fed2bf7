"""The JSON report, for tools: findings and a summary, positions 1-based, paths JSON pointers."""

from __future__ import annotations

import json
from collections.abc import Sequence

from hmip_docs.findings import Finding, Severity


def render(findings: Sequence[Finding], files: int) -> str:
    """``{"findings": [...], "summary": {"files", "errors", "warnings"}}`` as indented JSON."""
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
            "files": files,
            "errors": sum(1 for f in findings if f.counts and f.severity is Severity.ERROR),
            "warnings": sum(1 for f in findings if f.counts and f.severity is Severity.WARNING),
            "suppressed": sum(1 for f in findings if not f.counts),
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
