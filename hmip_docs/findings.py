"""The one finding type every stage reports: what is wrong, where, and how to fix it.

Positions are 1-based (line 1, column 1 is the first character of a file); 0 means unknown.
``path`` is a JSON pointer into the record (``/responses/0/areas/1``), ``""`` for the whole file.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import IntEnum


class Severity(IntEnum):
    """How much a finding matters; an error makes the record invalid, a warning does not."""

    WARNING = 1
    ERROR = 2

    @property
    def label(self) -> str:
        """The lower-case word reports print."""
        return self.name.lower()


@dataclass(frozen=True, kw_only=True)
class Finding:
    """One problem found in one file (or in the tool itself, for rule ``internal-error``)."""

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

    def replace(self, **changes: object) -> Finding:
        """A copy with some fields changed (findings are never mutated)."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    @property
    def counts(self) -> bool:
        """Whether the finding still stands (is not suppressed)."""
        return self.suppressed is None

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Report order: by file, then position, then rule."""
        return (self.file, self.line, self.column, self.rule, self.path)
