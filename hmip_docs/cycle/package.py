"""What this subpackage uses from the rest of hmip_docs, imported in one place.

Every other module of ``hmip_docs.cycle`` imports these names from here, so that a move of the
modules they come from changes this file only. The rule types (``Hit``, ``RecordFacts``,
``Year``, ``Path``) are imported when first asked for: the rule table imports this subpackage's
rules, so importing them here, up front, would be circular.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hmip_docs.findings import Finding, Severity
from hmip_docs.schema import instances, pointer
from hmip_docs.yamlload import Document, LoadResult, escape_pointer_token, load_file

if TYPE_CHECKING:
    from hmip_docs.rules.base import Hit, Path, RecordFacts, Year
else:
    _RULE_TYPES = frozenset({"Hit", "Path", "RecordFacts", "Year"})

    def __getattr__(name: str) -> Any:
        if name in _RULE_TYPES:
            from hmip_docs.rules import base

            return getattr(base, name)
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Document",
    "Finding",
    "Hit",
    "LoadResult",
    "Path",
    "RecordFacts",
    "Severity",
    "Year",
    "escape_pointer_token",
    "instances",
    "load_file",
    "pointer",
]
