"""JSON pointers (RFC 6901), the paths findings give into a record: ``/responses/0/areas/1``."""

from __future__ import annotations

from collections.abc import Sequence


def escape_token(token: str) -> str:
    """One JSON pointer reference token: ``~`` becomes ``~0`` and ``/`` becomes ``~1``."""
    if "~" in token:
        token = token.replace("~", "~0")
    if "/" in token:
        token = token.replace("/", "~1")
    return token


def pointer(parts: Sequence[str | int]) -> str:
    """A JSON pointer from path parts (keys and list indexes); ``""`` for none."""
    tokens = [escape_token(part if type(part) is str else str(part)) for part in parts]
    return "/" + "/".join(tokens) if tokens else ""
