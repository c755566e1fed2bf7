"""Which version of the record schema a record is written for, and what to say about an old one.

A record of an older ``schema_version`` gets one finding, ``schema-version-old``, and nothing
else: checked against the new schema it would fail in many places for one reason, and
``hmip-docs upgrade RECORD`` rewrites it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

CURRENT = 2
"""The record schema's version (``schema_version`` in schemas/consultation-response.schema.json)."""

UPGRADABLE = frozenset({1})
"""The older versions ``hmip-docs upgrade`` rewrites."""

RULE = "schema-version-old"


class OldVersion(NamedTuple):
    """What to report on a record of an older version."""

    message: str
    hint: str


def old_version(data: Mapping[str, Any], file: str) -> OldVersion | None:
    """The finding's words when ``data`` is a record of an older schema version, else None."""
    version = data.get("schema_version") if isinstance(data, Mapping) else None
    if type(version) is not int or version not in UPGRADABLE:
        return None
    return OldVersion(
        f"this record is written for schema version {version}; this version of hmip-docs reads "
        f"version {CURRENT}",
        f"run `hmip-docs upgrade {file}`: it rewrites the record to version {CURRENT}, keeping "
        "its comments and layout",
    )
