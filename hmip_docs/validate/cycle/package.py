"""What this subpackage uses from the rest of hmip_docs, imported in one place.

Every other module of ``hmip_docs.validate.cycle`` imports these names from here, so that a
move of the modules they come from changes this file only. The rule types (``Hit``,
``RecordFacts``, ``Year``, ``Path``) are imported when first asked for: the rule table imports
this subpackage's rules, so importing them up front would be circular. The loader is not here:
the rule table is also read by the reporters, which never import it, so the two modules that
read records (``editions``, ``reading``) import it themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hmip_docs.core.findings import Finding, Severity
from hmip_docs.core.pointers import pointer
from hmip_docs.validate.schema import instances

if TYPE_CHECKING:
    from hmip_docs.validate.rules.base import Hit, Path, RecordFacts, Year
else:
    _LATER = {
        "Hit": "hmip_docs.validate.rules.base",
        "Path": "hmip_docs.validate.rules.base",
        "RecordFacts": "hmip_docs.validate.rules.base",
        "Year": "hmip_docs.validate.rules.base",
    }

    def __getattr__(name: str) -> Any:
        if name in _LATER:
            import importlib

            return getattr(importlib.import_module(_LATER[name]), name)
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Finding",
    "Hit",
    "Path",
    "RecordFacts",
    "Severity",
    "Year",
    "instances",
    "pointer",
]
