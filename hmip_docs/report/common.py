"""What every report format shares: what was checked, the counts, and a finding's place and words.

Reporters receive findings already ranked and de-duplicated (``validate.Result.findings``); nothing
here re-sorts or filters them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import Final, NamedTuple

from hmip_docs.core.findings import Finding, Severity, spelled

RULES_PAGE: Final = "docs/rules.md"
"""The rules reference, relative to the repository root."""


def help_uri(rule: str) -> str:
    """Where ``docs/rules.md`` explains ``rule`` (each rule has an anchor named by its id)."""
    return f"{RULES_PAGE}#{rule}"


class Summary(NamedTuple):
    """What was checked, and how the report should look."""

    files: int
    """How many files were checked (the registry and each record)."""
    sources: Mapping[str, Sequence[str]] = MappingProxyType({})
    """The lines of each file, by report name, for code frames (text only)."""
    color: bool = False
    """Whether the text report may use terminal colours."""
    strict: bool = False
    """Whether warnings fail (``--strict``), for formats that give a verdict per finding."""
    checked: tuple[str, ...] = ()
    """The report names of the files checked, so that formats can list clean files too."""
    show_accepted: bool = False
    """Whether the formats read by people (text, github, markdown) list accepted findings in
    full; otherwise they count them in the summary line. Machine formats always list them."""
    describe: Callable[[str], str] = spelled
    """What a rule id checks, in one line, for formats that describe their rules (SARIF); the
    command hands over the validator's catalogue."""


class Counts(NamedTuple):
    """How many findings stand as errors and as warnings, and how many were accepted."""

    errors: int
    warnings: int
    accepted: int

    @classmethod
    def of(cls, findings: Sequence[Finding]) -> Counts:
        """Count ``findings``."""
        return cls(
            errors=sum(1 for f in findings if f.counts and f.severity is Severity.ERROR),
            warnings=sum(1 for f in findings if f.counts and f.severity is Severity.WARNING),
            accepted=sum(1 for f in findings if not f.counts),
        )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"


def summary_line(findings: Sequence[Finding], files: int, listed: bool = True) -> str:
    """``2 files checked: 1 error, 0 warnings, 4 accepted`` (accepted only when there are any);
    unless ``listed``, the accepted findings were left out and the line says how to see them."""
    counts = Counts.of(findings)
    line = f"{_plural(files, 'file')} checked: {_plural(counts.errors, 'error')}, "
    line += _plural(counts.warnings, "warning")
    if counts.accepted:
        line += f", {counts.accepted} accepted"
        if not listed:
            line += " (not shown: --show-accepted lists them)"
    return line


def shown(findings: Sequence[Finding], summary: Summary) -> list[Finding]:
    """The findings a report for people lists: those that stand, and the accepted ones too when
    ``--show-accepted`` asks for them."""
    return [f for f in findings if f.counts or summary.show_accepted]


def place(finding: Finding) -> str:
    """``file:line:column`` as far as it is known; ``hmip-docs`` for a finding about the tool."""
    where = finding.file or "hmip-docs"
    if finding.line:
        where += f":{finding.line}:{finding.column}" if finding.column else f":{finding.line}"
    return where


def status(finding: Finding) -> str:
    """``error``, ``warning``, or ``accepted`` for a suppressed finding."""
    return finding.severity.label if finding.counts else "accepted"


def details(finding: Finding) -> list[str]:
    """The lines that follow the message: the item, then the reason it was accepted or the fix."""
    lines = [f"in: {finding.item}"] if finding.item else []
    if finding.suppressed is not None:
        lines.append(f"accepted because: {finding.suppressed}")
    elif finding.hint:
        lines.append(f"fix: {finding.hint}")
    return lines


_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
"""Unicode general categories whose characters a report never shows as they are: controls
(escape sequences, line breaks), format characters (bidi controls such as U+202E, zero-width
characters), line and paragraph separators, and surrogates."""
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(char: str) -> str:
    if unicodedata.category(char) not in _HIDDEN:
        return char
    code = ord(char)
    if char in _SHORT:
        return _SHORT[char]
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def quoted(text: str) -> str:
    """``text`` with every character that could break a report's lines, reorder what a reader
    sees or hide itself written as an escape (``\\n``, ``\\u202e``), so that nothing quoted from a
    record (a key, a value, a file name) can forge a line or a verdict of the report."""
    if text.isprintable():  # the usual case: printable text holds none of them
        return text
    return "".join(map(_escape, text))


def visible(text: str) -> str:
    """``text`` with the same characters shown one for one, for a code frame whose caret must
    still line up: a control as its symbol (``␛`` for ESC), anything else as U+FFFD. Tabs stay."""
    if text.isprintable():
        return text
    out = []
    for char in text:
        if char == "\t" or unicodedata.category(char) not in _HIDDEN:
            out.append(char)
            continue
        code = ord(char)
        out.append(chr(0x2400 + code) if code < 0x20 else "\u2421" if code == 0x7F else "\ufffd")
    return "".join(out)


def escaped(findings: Sequence[Finding], summary: Summary) -> tuple[list[Finding], Summary]:
    """The findings and summary as every report must show them: each text that may quote a
    record (message, hint, item, file, path, reason) passed through ``quoted``."""
    out = []
    for f in findings:
        reason = f.suppressed
        out.append(
            f.replace(
                message=quoted(f.message),
                hint=quoted(f.hint),
                file=quoted(f.file),
                path=quoted(f.path),
                item=quoted(f.item),
                suppressed=None if reason is None else quoted(reason),
            )
        )
    shown = summary._replace(
        sources={quoted(name): lines for name, lines in summary.sources.items()},
        checked=tuple(quoted(name) for name in summary.checked),
    )
    return out, shown
