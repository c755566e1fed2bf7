"""YAML 1.2 core schema typing of scalars: what a plain or tagged scalar is read as.

``no``, ``on`` and ``2021-02-30`` stay text and nothing ever becomes a date; a number too large
to read is marked ``TOO_LARGE`` (the loader reports it) rather than converted at great cost.
"""

from __future__ import annotations

import math
import re
from typing import Any, Final

NULLS: Final = frozenset({"", "~", "null", "Null", "NULL"})
TRUES: Final = frozenset({"true", "True", "TRUE"})
FALSES: Final = frozenset({"false", "False", "FALSE"})
INT_DEC: Final = re.compile(r"[-+]?[0-9]+")
INT_OCT: Final = re.compile(r"0o[0-7]+")
INT_HEX: Final = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT: Final = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_INF: Final = re.compile(r"[-+]?\.(?:inf|Inf|INF)")
_NAN: Final = re.compile(r"\.(?:nan|NaN|NAN)")
TYPED_START: Final = frozenset("0123456789+-.~nNtTfF")
"""First characters of every plain scalar that is not a string; anything else is text."""

CORE: Final = "tag:yaml.org,2002:"
SCALAR_TAGS: Final = frozenset(CORE + name for name in ("str", "null", "bool", "int", "float"))
TAG_MAP: Final = CORE + "map"
TAG_SEQ: Final = CORE + "seq"
NON_SPECIFIC: Final = "!"

NO_VALUE: Final = object()
"""Marks text that does not match the pattern an explicit tag asks for."""
TOO_LARGE: Final = object()
"""Marks a number too large to read: more digits than Python converts, or past a float's range."""
MAX_INT_DIGITS: Final = 4300
"""Python's own bound on the decimal digits of an integer it converts (``sys.int_info``); kept
here so that what a record may hold does not depend on the interpreter's setting."""
_MAX_INT_BITS: Final = int(MAX_INT_DIGITS * 3.3219280948873626)
"""The bits of the largest integer of ``MAX_INT_DIGITS`` decimal digits (log2 of 10 per digit)."""


def resolve_plain(text: str) -> Any:
    """The value of an untagged plain scalar under the YAML 1.2 core schema."""
    if not text:
        return None
    if text[0] not in TYPED_START:
        return text
    if text in NULLS:
        return None
    if text in TRUES:
        return True
    if text in FALSES:
        return False
    value = _as_int(text)
    if value is not NO_VALUE:
        return value
    value = _as_float(text)
    if value is not NO_VALUE:
        return value
    return text


def _as_int(text: str) -> Any:
    """An integer, ``TOO_LARGE`` past Python's digit limit, or ``NO_VALUE``."""
    if INT_DEC.fullmatch(text):
        if len(text) - (text[0] in "+-") > MAX_INT_DIGITS:
            return TOO_LARGE  # int() would refuse it, after quadratic work
        return int(text)
    if INT_OCT.fullmatch(text):
        value = int(text[2:], 8)
    elif INT_HEX.fullmatch(text):
        value = int(text[2:], 16)
    else:
        return NO_VALUE
    # Octal and hexadecimal convert past the limit, but the value could never be shown.
    return TOO_LARGE if value.bit_length() > _MAX_INT_BITS else value


def _as_float(text: str) -> Any:
    if _FLOAT.fullmatch(text):
        value = float(text)
        return TOO_LARGE if math.isinf(value) else value  # written finite, read as infinity
    if _INF.fullmatch(text):
        return -math.inf if text[0] == "-" else math.inf
    if _NAN.fullmatch(text):
        return math.nan
    return NO_VALUE


def resolve_tagged(tag: str, text: str) -> Any:
    """The value of a scalar carrying an explicit core tag, or ``NO_VALUE`` if it cannot be."""
    kind = tag[len(CORE) :]
    if kind == "str":
        return text
    if kind == "null":
        return None if text in NULLS else NO_VALUE
    if kind == "bool":
        return True if text in TRUES else False if text in FALSES else NO_VALUE
    if kind == "int":
        return _as_int(text)
    value = _as_float(text)  # kind == "float"; an integer written plainly is a float too
    if value is NO_VALUE:
        value = _as_int(text)
        if isinstance(value, int):
            try:
                value = float(value)
            except OverflowError:  # past a float's range (!!float 0xfff…)
                value = TOO_LARGE
    return value


def short_tag(tag: str) -> str:
    """``!!str`` for a core tag, the tag itself otherwise (for messages)."""
    return "!!" + tag[len(CORE) :] if tag.startswith(CORE) else tag
