"""What this subpackage uses from the rest of hmip_docs, imported in one place.

Every other module of ``hmip_docs.cycle`` imports these names from here, so that a move of the
modules they come from changes this file only.
"""

from __future__ import annotations

from hmip_docs.findings import Finding, Severity
from hmip_docs.rules.base import Hit, Path, RecordFacts, Year
from hmip_docs.schema import instances, pointer
from hmip_docs.yamlload import Document, LoadResult, escape_pointer_token, load_file

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
