"""The GitHub Actions report: one workflow command per finding, which GitHub shows as an
annotation on the file and line in the pull request, then the summary as a plain log line.

Errors are ``::error``, warnings ``::warning`` and, with ``--show-accepted``, accepted findings
``::notice`` (shown, not failing; otherwise only counted). Values are escaped as GitHub's runner
unescapes them (``actions/toolkit``, ``command.ts``): in the message ``%``, CR and LF; in
properties also ``:`` and ``,``.
"""

from __future__ import annotations

from collections.abc import Sequence

from hmip_docs.core.findings import Finding
from hmip_docs.report.common import Summary, details, shown, summary_line

_DATA = {"%": "%25", "\r": "%0D", "\n": "%0A"}
_PROPERTY = {**_DATA, ":": "%3A", ",": "%2C"}


def _escape(text: str, table: dict[str, str]) -> str:
    # One pass, so that the % of an escape is never escaped again.
    return "".join(table.get(char, char) for char in text)


def command(finding: Finding) -> str:
    """The workflow command for one finding."""
    kind = finding.severity.label if finding.counts else "notice"
    title = finding.rule if finding.counts else f"{finding.rule} (accepted)"
    properties = []
    if finding.file:
        properties.append(("file", finding.file))
        if finding.line:
            properties.append(("line", str(finding.line)))
            if finding.column:
                properties.append(("col", str(finding.column)))
    properties.append(("title", title))
    joined = ",".join(f"{key}={_escape(value, _PROPERTY)}" for key, value in properties)
    message = "\n".join([finding.message, *details(finding)])
    return f"::{kind} {joined}::{_escape(message, _DATA)}"


def render(findings: Sequence[Finding], summary: Summary) -> str:
    """One command line per finding (accepted ones only when asked), then the summary line."""
    lines = [command(f) for f in shown(findings, summary)]
    lines.append(summary_line(findings, summary.files, summary.show_accepted))
    return "\n".join(lines) + "\n"
