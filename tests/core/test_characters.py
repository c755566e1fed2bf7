"""Characters a reader cannot see: text that prints as nothing, hidden label characters, bidi
controls, and how a hint names them."""

from __future__ import annotations

import unicodedata

import pytest

from hmip_docs.core import characters


def test_the_classes_are_unicode_properties() -> None:
    """The bidi controls are exactly Unicode's Bidi_Control; every White_Space and
    Default_Ignorable_Code_Point character prints as nothing, and no letter, digit, mark,
    punctuation or symbol but the two blank glyphs does."""
    import regex

    every = [chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000]
    assert {c for c in every if regex.match(r"\p{Bidi_Control}", c)} == characters.BIDI_CONTROLS
    ignorable = regex.compile(r"[\p{White_Space}\p{Default_Ignorable_Code_Point}]")
    for char in every:
        seen = not characters.invisible(f"{char}\u200b")
        if ignorable.match(char) or char in characters.BLANK_GLYPHS:
            assert not seen, f"U+{ord(char):04X} prints as nothing"
        elif unicodedata.category(char)[0] in "LNMPS":
            assert seen, f"U+{ord(char):04X} prints as something"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("\u200b", ["\u200b"]),
        ("\u200b\u2060\u200b", ["\u200b", "\u2060"]),  # each once, in order
        ("\u3000\u200b ", ["\u200b"]),  # white space is not named
        ("\u2800", ["\u2800"]),
        ("\U0001d159", ["\U0001d159"]),
        ("\ufe0f", ["\ufe0f"]),
    ],
)
def test_text_that_prints_as_nothing_names_its_characters(text: str, found: list[str]) -> None:
    assert characters.invisible(text) == found


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "a\u200b", "\u200b\u00e9", "\u200b\u4e00"])
def test_empty_blank_or_visible_text_is_not_invisible(text: str) -> None:
    """Empty and white-space-only text are the blank-text checks' to report, not this one's."""
    assert characters.invisible(text) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Probation", []),
        ("Youth\u200bJustice", ["\u200b"]),
        ("\ufeffYouth\u3164Justice\ufeff", ["\ufeff", "\u3164"]),
        ("Caf\u00e9 \u2013 na\u00efve", []),
        ("a\u2060b\u2800c", ["\u2060", "\u2800"]),
    ],
)
def test_characters_hidden_in_a_label(text: str, found: list[str]) -> None:
    assert characters.hidden_in_label(text) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("plain", []),
        ("abc\u202edef\u202e", ["\u202e"]),
        ("\u2066x\u2069 \u200f", ["\u2066", "\u2069", "\u200f"]),
        ("\u05d0\u05d1 Hebrew without controls", []),
    ],
)
def test_bidi_controls_are_found_each_once(text: str, found: list[str]) -> None:
    assert characters.bidi_controls(text) == found


@pytest.mark.parametrize(
    ("char", "named"),
    [
        ("\u200b", "U+200B ZERO WIDTH SPACE"),
        ("\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("\U0001d159", "U+1D159 MUSICAL SYMBOL NULL NOTEHEAD"),
        ("\ue000", "U+E000 (a character with no name)"),
    ],
)
def test_a_character_is_named_by_code_point_and_unicode_name(char: str, named: str) -> None:
    assert characters.name(char) == named


@pytest.mark.parametrize(
    ("chars", "named"),
    [
        (["\u200b"], "U+200B ZERO WIDTH SPACE"),
        (["\u200b", "\u2060"], "U+200B ZERO WIDTH SPACE and U+2060 WORD JOINER"),
        (
            ["\u200b", "\u2060", "\ufeff"],
            "U+200B ZERO WIDTH SPACE, U+2060 WORD JOINER and U+FEFF ZERO WIDTH NO-BREAK SPACE",
        ),
    ],
)
def test_several_characters_are_named_in_a_list(chars: list[str], named: str) -> None:
    assert characters.names(chars) == named
