"""Word messages for authors: values shown as YAML (never a Python repr), and "did you mean"."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

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


def did_you_mean(
    value: object, choices: Iterable[object], otherwise: str, form: str = "`{}`"
) -> str:
    """A hint naming the closest of ``choices`` to ``value``, else ``otherwise``."""
    import difflib  # (only here: a valid record needs no suggestions)

    close = difflib.get_close_matches(str(value), [str(c) for c in choices], n=1)
    return f"did you mean {form.format(close[0])}?" if close else otherwise
