"""Read the schemas' printing marks: which fields a document does not print.

A schema lists them on the object that holds them, ``"x-unprinted": ["lead", "partners"]``,
rather than as ``"x-printed": false`` on each field: a keyword editors do not know, beside a
``$ref``, breaks their hover and completion (``docs/editing.md``). The code that walks a schema
reads the older form, so ``with_printed_marks`` gives a copy with each field marked again.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def with_printed_marks(node: Any) -> Any:
    """A copy of a schema with ``"x-printed": false`` on every field its parent lists as
    ``x-unprinted``; the schema itself is left as it is."""
    if isinstance(node, list):
        return [with_printed_marks(child) for child in node]
    if not isinstance(node, Mapping):
        return node
    out = {key: with_printed_marks(value) for key, value in node.items()}
    properties = out.get("properties")
    unprinted = node.get("x-unprinted")
    if isinstance(properties, dict) and isinstance(unprinted, list):
        for name in unprinted:
            if isinstance(properties.get(name), dict):
                properties[name] = {**properties[name], "x-printed": False}
    return out
