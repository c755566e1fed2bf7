"""Characters a reader cannot see: those that print as nothing, and those that reorder text.

Both classes are Unicode's own properties, not lists kept by hand. A text *prints as nothing*
when every character in it is White_Space or Default_Ignorable_Code_Point (zero-width spaces and
joiners, U+FEFF, the Hangul fillers, variation selectors, tags…), or one of the two graphic
characters whose glyph is empty by definition: U+2800 BRAILLE PATTERN BLANK and U+1D159 MUSICAL
SYMBOL NULL NOTEHEAD. *Bidi controls* are the characters of the property Bidi_Control: the
embeddings, overrides and isolates (U+202A to U+202E, U+2066 to U+2069) and the marks U+061C, U+200E
and U+200F, which change the order in which the text around them is shown.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any, Final

BIDI_CONTROLS: Final = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
"""The code points of the Unicode property Bidi_Control (a stable set, checked against the
property itself by the test suite)."""
_BIDI: Final = re.compile(f"[{''.join(sorted(BIDI_CONTROLS))}]")

BLANK_GLYPHS: Final = "\u2800\U0001d159"
"""Graphic characters drawn as nothing, which no Unicode property names."""
_VISIBLE_ASCII: Final = re.compile("[!-~]")


@cache
def _visible() -> Any:
    """A pattern for any character that prints as something. It needs the ``regex`` module,
    whose classes know Unicode's properties; imported only for a text with no visible ASCII
    character, which a record rarely holds."""
    import regex

    return regex.compile(rf"[^\p{{White_Space}}\p{{Default_Ignorable_Code_Point}}{BLANK_GLYPHS}]")


def invisible(text: str) -> list[str]:
    """The characters of ``text``, each once, when it prints as nothing although it is not
    empty or only white space (the blank-text checks report those); else an empty list."""
    if _VISIBLE_ASCII.search(text) or not text.strip() or _visible().search(text):
        return []
    return list(dict.fromkeys(char for char in text if not char.isspace()))


HIDDEN_IN_LABELS: Final = frozenset(
    "\u200b\u2060\ufeff\u180e\u2800\u3164\u115f\u1160\uffa0\U0001d159"
)
"""Characters that print as nothing and have no place in a title or name of English text:
zero-width space and word joiner, the byte-order mark, the Mongolian vowel separator, and the
blank glyphs (U+2800 BRAILLE PATTERN BLANK, the Hangul fillers). Inside a label they make two
titles that read alike differ, and hide from search and screen readers."""


def hidden_in_label(text: str) -> list[str]:
    """The characters of ``HIDDEN_IN_LABELS`` in ``text``, each once, in order of appearance."""
    if text.isascii():
        return []
    return list(dict.fromkeys(char for char in text if char in HIDDEN_IN_LABELS))


def bidi_controls(text: str) -> list[str]:
    """The bidi controls in ``text``, each once, in order of appearance."""
    if text.isascii():
        return []
    return list(dict.fromkeys(_BIDI.findall(text)))


def name(char: str) -> str:
    """A character as a hint names it: ``U+200B ZERO WIDTH SPACE``."""
    return f"U+{ord(char):04X} {unicodedata.name(char, '(a character with no name)')}"


def names(chars: list[str]) -> str:
    """Several characters named, joined with commas and "and"."""
    named = [name(char) for char in chars]
    return named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
