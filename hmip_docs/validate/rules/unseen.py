"""Rules on characters a reader cannot see: text that prints as nothing, and bidi controls.

The classes are Unicode properties (``hmip_docs.core.characters``); each finding names the
characters it found (``U+202E RIGHT-TO-LEFT OVERRIDE``), since the author cannot see them either.
"""

from __future__ import annotations

from collections.abc import Iterator

from hmip_docs.core import characters
from hmip_docs.validate.rules.base import Hit, Path, RecordFacts
from hmip_docs.validate.rules.output import (
    _paragraph_texts,  # printed texts, as the mirrors read them
)


def invisible_text(facts: RecordFacts) -> Iterator[Hit]:
    """A printed text has something to see: a heading, title or paragraph made only of
    characters that print as nothing (zero-width spaces and joiners, U+FEFF, U+2800 BRAILLE
    PATTERN BLANK, U+3164 HANGUL FILLER and every other White_Space or Default_Ignorable_Code_Point
    character of Unicode) passes for written but prints as a blank.

    A title, heading or name (a short label, printed as written) holds none of those
    characters anywhere, even beside visible ones: "Mental\\u200bhealth" reads as "Mental health"
    and is not the same title to the duplicate check, search or a screen reader.

    Passes: ``introduction: Introduction``. Fails: ``introduction: "\\u200b"``, which holds only
    U+200B ZERO WIDTH SPACE.
    """
    whole = set()
    for path, text in _paragraph_texts(facts):
        unseen = characters.invisible(text)
        if unseen:
            whole.add(path)
            named = characters.names(unseen)
            yield Hit(
                f"the text prints as nothing: it holds only {named}",
                path,
                f"delete {named} and write the text, or remove the entry; such characters "
                "show nothing when printed",
            )
    for path, value in facts.at("plain-text"):
        hidden = characters.hidden_in_label(value) if isinstance(value, str) else []
        if hidden and path not in whole and facts.ok(path):
            named = characters.names(hidden)
            yield Hit(
                f"the title or name holds {named}, which prints as nothing",
                path,
                f"delete {named}: it hides in the printed words, and makes two titles that "
                "read alike differ",
            )


def bidi_control(facts: RecordFacts) -> Iterator[Hit]:
    """No text holds a bidi control (U+202A to U+202E, U+2066 to U+2069, U+061C, U+200E, U+200F:
    Unicode's Bidi_Control). Each is invisible and changes the order in which the text around
    it is shown, so a name or sentence could read one way in the record, the review or the
    report and another in the document. Word sets the direction of right-to-left text itself.

    Passes: ``printed: Howard League``. Fails: ``printed: "Howard \\u202eeugaeL"``, which shows
    as "Howard League" but holds U+202E RIGHT-TO-LEFT OVERRIDE.
    """
    yield from _bidi_hits(facts)


def _bidi_hits(facts: RecordFacts) -> Iterator[Hit]:
    """A hit for each text of the record, at any depth, that holds a bidi control."""
    stack: list[tuple[Path, object]] = [((), facts.data)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, str):
            found = characters.bidi_controls(node)
            if found and facts.ok(path):
                named = characters.names(found)
                yield Hit(
                    f"the text holds {named}, which changes the order in which the text "
                    "around it is shown",
                    path,
                    f"delete {named}; Word sets the direction of right-to-left text itself",
                )
        elif isinstance(node, dict):
            stack.extend(((*path, key), value) for key, value in reversed(node.items()))
        elif isinstance(node, list):
            stack.extend(
                ((*path, index), value) for index, value in reversed(list(enumerate(node)))
            )
