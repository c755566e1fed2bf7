"""The types of the document's context (``context/model.py``) as the template sees them:
attributes, lists and their elements, formatted text and plain values, and the names Jinja adds
(``loop``) or that the lint cannot type."""

from __future__ import annotations

import types
import typing
from dataclasses import is_dataclass
from functools import cache
from typing import Any

from hmip_docs.context import model
from hmip_docs.context.model import Context, Text


class _Unknown:
    """A value the lint cannot type (the result of an expression, a Jinja global)."""


class _Loop:
    """Jinja's ``loop`` variable inside a for loop."""


UNKNOWN: Any = _Unknown
LOOP: Any = _Loop
LOOP_ATTRS = frozenset(
    {
        *("index", "index0", "revindex", "revindex0", "first", "last", "length"),
        *("depth", "depth0", "previtem", "nextitem", "cycle", "changed"),
    }
)
LEAVES = (str, int, bool, float)


@cache
def field_types(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(model))


def unwrap_optional(kind: Any) -> Any:
    """``X | None`` → X."""
    if typing.get_origin(kind) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(kind) if a is not type(None)]
        return args[0] if len(args) == 1 else UNKNOWN
    return kind


def element_type(kind: Any) -> Any | None:
    """``tuple[X, ...]`` → X; None when ``kind`` is not a list."""
    if typing.get_origin(kind) is tuple:
        args = typing.get_args(kind)
        return args[0] if args else UNKNOWN
    return None


def is_group(kind: Any) -> bool:
    return is_dataclass(kind) and kind is not Text


def context_leaves(root: type = Context) -> dict[str, Any]:
    """Every printable attribute path of the context (``questions.decision.programme.intro``)
    and its type (``Text``, ``str``); list elements are named by the list."""
    out: dict[str, Any] = {}

    def walk(kind: Any, path: str) -> None:
        kind = unwrap_optional(kind)
        element = element_type(kind)
        if element is not None:
            walk(element, path)
        elif is_group(kind):
            for name, hint in field_types(kind).items():
                walk(hint, f"{path}.{name}" if path else name)
        else:
            out[path] = kind

    walk(root, "")
    return out
