"""The terminal report: each finding with its place, rule, item, message, hint and a code frame."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from hmip_docs.findings import Finding, Severity

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "suppressed": "\033[2m", "bold": "\033[1m"}
_RESET = "\033[0m"


def _paint(text: str, style: str, color: bool) -> str:
    return f"{_COLORS[style]}{text}{_RESET}" if color else text


def _frame(lines: Sequence[str], line: int, column: int) -> list[str]:
    if not 1 <= line <= len(lines):
        return []
    out = []
    width = len(str(min(line + 1, len(lines))))
    for number in range(max(1, line - 1), min(len(lines), line + 1) + 1):
        marker = ">" if number == line else " "
        out.append(f"  {marker} {number:>{width}} | {lines[number - 1].rstrip()}")
        if number == line and column >= 1:
            out.append(f"    {' ' * width} | {' ' * (column - 1)}^")
    return out


def render(
    findings: Sequence[Finding],
    files: int,
    sources: Mapping[str, Sequence[str]],
    *,
    color: bool = False,
) -> str:
    """The report as text: one block per finding, then a summary line."""
    blocks: list[str] = []
    for f in findings:
        where = f.file or "hmip-docs"
        if f.line:
            where += f":{f.line}:{f.column}" if f.column else f":{f.line}"
        if f.counts:
            label = _paint(f.severity.label, f.severity.label, color)
        else:
            label = _paint("accepted", "suppressed", color)
        head = f"{_paint(where, 'bold', color)}: {label} [{f.rule}] {f.message}"
        lines = [head]
        if f.item:
            lines.append(f"  in: {f.item}")
        if f.suppressed is not None:
            lines.append(f"  accepted because: {f.suppressed}")
        elif f.hint:
            lines.append(f"  fix: {f.hint}")
        if f.counts and f.file in sources:
            lines.extend(_frame(sources[f.file], f.line, f.column))
        blocks.append("\n".join(lines))
    errors = sum(1 for f in findings if f.counts and f.severity is Severity.ERROR)
    warnings = sum(1 for f in findings if f.counts and f.severity is Severity.WARNING)
    accepted = sum(1 for f in findings if not f.counts)
    noun = "file" if files == 1 else "files"
    summary = f"{files} {noun} checked: {errors} error{'s' * (errors != 1)}, "
    summary += f"{warnings} warning{'s' * (warnings != 1)}"
    if accepted:
        summary += f", {accepted} accepted"
    blocks.append(summary)
    return "\n\n".join(blocks) + "\n"
