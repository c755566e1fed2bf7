"""What this subpackage uses from the rest of hmip_docs, imported in one place.

Every other module of ``hmip_docs.validate.cycle`` imports these names from here, so that a
move of the modules they come from changes this file only. The rule types (``Hit``, ``RecordFacts``,
``Year``, ``Path``) are imported when first asked for: the rule table imports this subpackage's
rules, so importing them here, up front, would be circular.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hmip_docs.core.findings import Finding, Severity
from hmip_docs.core.pointers import pointer
from hmip_docs.load.yamlload import Document, LoadResult, load_file
from hmip_docs.validate.schema import instances

if TYPE_CHECKING:
    from hmip_docs.validate.rules.base import Hit, Path, RecordFacts, Year
else:
    _RULE_TYPES = frozenset({"Hit", "Path", "RecordFacts", "Year"})

    def __getattr__(name: str) -> Any:
        if name in _RULE_TYPES:
            from hmip_docs.validate.rules import base

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
    "instances",
    "load_file",
    "pointer",
]
