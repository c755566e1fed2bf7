"""The one finding type every stage reports: what is wrong, where, and how to fix it.

Positions are 1-based (line 1, column 1 is the first character of a file); 0 means unknown.
``path`` is a JSON pointer into the record (``/responses/0/areas/1``), ``""`` for the whole file.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any, NamedTuple


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
