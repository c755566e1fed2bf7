"""Show values the way an author wrote them: as YAML, never as a Python repr."""

from __future__ import annotations

import json
import re

_PLAIN = re.compile(r"^[A-Za-z0-9][\w .,'/()&-]*$")


def show(value: object) -> str:
    """A short YAML rendering of ``value`` for messages (quoted text, `true`, `null`, lists)."""
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "`true`" if value else "`false`"
    if isinstance(value, int | float):
        return f"`{value}`"
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "…"
        return json.dumps(text, ensure_ascii=False)
    if isinstance(value, list):
        return "a list" if value else "an empty list `[]`"
    if isinstance(value, dict):
        return "a mapping" if value else "an empty mapping `{}`"
    return json.dumps(str(value), ensure_ascii=False)
