"""The terminal report: each finding with its place, rule, item, message, hint and a code frame."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from hmip_docs.core.findings import Finding
from hmip_docs.report.common import (
    Summary,
    details,
    place,
    shown,
    status,
    summary_line,
    visible,
)

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "accepted": "\033[2m", "bold": "\033[1m"}
_RESET = "\033[0m"


def _visible(text: str) -> str:
    """``text`` with control, bidi and line-breaking characters shown one for one (so carets
    still line up): a record's bytes must never drive the terminal, as an escape sequence
    could, nor reorder or break what the reader sees."""
    return visible(text)


def _paint(text: str, style: str, color: bool) -> str:
    return f"{_COLORS[style]}{text}{_RESET}" if color else text


FRAME_WIDTH = 240
"""The most characters of a source line a code frame shows: the window around the column. A
long line (a paragraph on one line) is shown in part, so that a report of many findings on it
stays as long as the findings, not as the findings times the line."""


def _window(text: str, start: int) -> str:
    """``text[start:start + FRAME_WIDTH]``, with "…" where it was cut."""
    part = text[start : start + FRAME_WIDTH]
    return ("…" if start > 0 else "") + part + ("…" if start + FRAME_WIDTH < len(text) else "")


def _frame(lines: Sequence[str], line: int, column: int) -> list[str]:
    if not 1 <= line <= len(lines):
        return []
    out = []
    width = len(str(min(line + 1, len(lines))))
    start = max(0, column - 1 - FRAME_WIDTH // 2) if len(lines[line - 1]) > FRAME_WIDTH else 0
    for number in range(max(1, line - 1), min(len(lines), line + 1) + 1):
        marker = ">" if number == line else " "
        shown_line = _visible(_window(lines[number - 1], start))
        out.append(f"  {marker} {number:>{width}} | {shown_line}".rstrip())
        if number == line and column >= 1:
            offset = column - 1 - start + (1 if start > 0 else 0)
            out.append(f"    {' ' * width} | {' ' * offset}^")
    return out


def block(
    finding: Finding, sources: Mapping[str, Sequence[str]] | None = None, *, color: bool = False
) -> str:
    """One finding as text: the head line, its details, and a code frame when the source is
    known (not for an accepted finding, which needs no fixing)."""
    label = _paint(status(finding), status(finding), color)
    where = _paint(_visible(place(finding)), "bold", color)
    head = f"{where}: {label} [{finding.rule}] {_visible(finding.message)}"
    lines = [head, *(f"  {_visible(line)}" for line in details(finding))]
    if finding.counts and sources and finding.file in sources:
        lines.extend(_frame(sources[finding.file], finding.line, finding.column))
    return "\n".join(lines)


def render(findings: Sequence[Finding], summary: Summary) -> str:
    """The report as text: one block per finding (accepted ones only when asked), then a
    summary line."""
    blocks = [block(f, summary.sources, color=summary.color) for f in shown(findings, summary)]
    blocks.append(summary_line(findings, summary.files, summary.show_accepted))
    return "\n\n".join(blocks) + "\n"
