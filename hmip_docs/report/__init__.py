"""Reporters: pure functions from findings to text, one module per format.

``FORMATS`` is the registry the CLI offers as ``--format`` choices.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from hmip_docs.findings import Finding
from hmip_docs.report import json_format, text


@dataclass(frozen=True)
class Summary:
    """What was checked: file count and source lines for code frames."""

    files: int
    sources: Mapping[str, Sequence[str]]
    color: bool = False


Reporter = Callable[[Sequence[Finding], Summary], str]

FORMATS: dict[str, Reporter] = {
    "text": lambda findings, s: text.render(findings, s.files, s.sources, color=s.color),
    "json": lambda findings, s: json_format.render(findings, s.files),
}
