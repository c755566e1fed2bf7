"""Research projects named by their words: a project has no id, so a decision or a commitment
answer names it as the record prints it, with case, runs of spaces and a final full stop set
aside ("Community resolutions" names "community resolutions.")."""

from __future__ import annotations

import re

PROJECTS = ("questions", "*", "decision", "research", "*", "projects", "*")
"""Where a record lists its research projects (an ``instances`` pattern)."""

_SPACES = re.compile(r"\s+")


def project_key(text: str) -> str:
    """The words that name a project, as compared: case, runs of spaces and a final full stop
    set aside."""
    return _SPACES.sub(" ", text).strip().rstrip(".").rstrip().casefold()
