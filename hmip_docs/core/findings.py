"""The one finding type every stage reports: what is wrong, where, and how to fix it.

Positions are 1-based (line 1, column 1 is the first character of a file); 0 means unknown.
``path`` is a JSON pointer into the record (``/responses/0/areas/1``), ``""`` for the whole file.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum
from typing import Any, NamedTuple

INTERNAL_ERROR = "internal-error"
"""The rule id of a fault in hmip-docs itself (not a problem in the record)."""

LISTED_PER_RULE = 10
"""At most this many findings of one rule in one file are listed one by one (``capped``)."""


class Severity(IntEnum):
    """How much a finding matters; an error makes the record invalid, a warning does not."""

    WARNING = 1
    ERROR = 2

    @property
    def label(self) -> str:
        """The lower-case word reports print."""
        return self.name.lower()


class Finding(NamedTuple):
    """One problem found in one file (or in the tool itself, for rule ``internal-error``).

    Build it with keywords. (A named tuple rather than a dataclass: the value types of the
    ``validate`` path cost nothing to define, which matters to a command run on every commit.)
    """

    rule: str
    severity: Severity
    message: str
    hint: str = ""
    file: str = ""
    line: int = 0
    column: int = 0
    path: str = ""
    item: str = ""
    suppressed: str | None = None
    """The reason an author gave for accepting this finding, or None when it stands."""

    def replace(self, **changes: Any) -> Finding:
        """A copy with some fields changed (findings are never mutated)."""
        return self._replace(**changes)

    @property
    def counts(self) -> bool:
        """Whether the finding still stands (is not suppressed)."""
        return self.suppressed is None

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Report order: by file, then position, then rule."""
        return (self.file, self.line, self.column, self.rule, self.path)


def capped(findings: Iterable[Finding], per_rule: int = LISTED_PER_RULE) -> list[Finding]:
    """``findings`` with at most ``per_rule`` of one rule in one file, in their order; the last
    one listed says how many more there are. (A template with 15,000 empty paragraphs is one
    mistake made many times, not 15,000 lines of report.)"""
    kept: list[Finding] = []
    seen: dict[tuple[str, str], int] = {}
    last: dict[tuple[str, str], int] = {}
    for finding in findings:
        key = (finding.rule, finding.file)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] <= per_rule:
            last[key] = len(kept)
            kept.append(finding)
    for key, count in seen.items():
        if count > per_rule:
            at = last[key]
            more = count - per_rule
            kept[at] = kept[at].replace(message=f"{kept[at].message} (and {more:,} more like it)")
    return kept


def spelled(rule: str) -> str:
    """A rule id in words ("suggestion-outcome" → "suggestion outcome"): what a report says of a
    rule it has no description for."""
    return rule.replace("-", " ")
