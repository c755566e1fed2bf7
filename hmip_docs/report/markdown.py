"""The Markdown report, for a CI job to post on a pull request: a summary line and a table with
one row per finding (GitHub-flavoured Markdown).

Record text is shown as written: Markdown characters in it are escaped (so a stray ``*`` stays a
``*``), `` `code` `` from the tool's own messages stays code, ``|`` never ends a cell early, and a
line break becomes ``<br>``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from hmip_docs.core.findings import Finding
from hmip_docs.report.common import Summary, shown, status, summary_line

TITLE = "## hmip-docs validate"

_CODE = re.compile(r"(`[^`\n]+`)")
# Characters that Markdown (or HTML inside it) would read as markup in running text.
_MARKUP = re.compile(r"([\\`*_\[\]<>|~&#!])")


def _plain(text: str) -> str:
    return _MARKUP.sub(r"\\\1", text).replace("\r\n", "\n").replace("\n", "<br>")


def cell(text: str) -> str:
    """``text`` made safe for one table cell, keeping `` `code` `` spans as code."""
    out = []
    for index, part in enumerate(_CODE.split(text)):
        if index % 2:
            # Inside a code span only the pipe needs escaping: GitHub splits cells before it
            # reads code spans.
            out.append(part.replace("|", "\\|"))
        else:
            out.append(_plain(part))
    return "".join(out)


def _code(text: str) -> str:
    return cell(f"`{text}`") if text and "`" not in text and "\n" not in text else cell(text)


def _where(finding: Finding) -> str:
    if not finding.file:
        return "hmip-docs"
    where = _code(finding.file)
    if finding.line:
        where += f" line {finding.line}"
        where += f", column {finding.column}" if finding.column else ""
    return where


def _row(finding: Finding) -> str:
    problem = cell(finding.message)
    if finding.item:
        problem += "<br>in: " + cell(finding.item)
    if finding.suppressed is not None:
        todo = "accepted because: " + cell(finding.suppressed)
    else:
        todo = cell(finding.hint)
    label = status(finding) if not finding.counts else f"**{status(finding)}**"
    return f"| {label} | {_where(finding)} | {problem} | {todo} | {_code(finding.rule)} |"


def render(findings: Sequence[Finding], summary: Summary) -> str:
    """The title, the summary line, and (when there are findings) the table."""
    rows = shown(findings, summary)
    lines = [TITLE, "", f"**{summary_line(findings, summary.files, summary.show_accepted)}**"]
    if rows:
        lines += [
            "",
            "| status | where | problem | what to do | rule |",
            "| --- | --- | --- | --- | --- |",
            *(_row(f) for f in rows),
        ]
    return "\n".join(lines) + "\n"
