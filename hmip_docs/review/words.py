"""A word-level diff of two printed texts: the pieces both share, and what was deleted and
inserted, so that two changed words show as two changed words."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Hashable, Sequence
from typing import Literal, NamedTuple

Op = Literal["equal", "delete", "insert"]

# A word (with the "/", "-", "'" or "." that join its parts: "2022/2023", "re-considered"), a run
# of spaces, or one other character. Each joiner must be followed by a word character, so the
# pattern never backtracks more than one character.
_WORD_TOKEN = re.compile(r"\w+(?:[/\-'\u2019.]\w+)*|\s+|[^\w\s]")


class Piece(NamedTuple):
    """A stretch of text that is in both texts (``equal``), only in the old or only in the new."""

    op: Op
    text: str


def tokens(text: str) -> list[str]:
    """``text`` as words, spaces and single other characters; joined they give ``text``."""
    return _WORD_TOKEN.findall(text)


def _push(out: list[Piece], op: Op, text: str) -> None:
    if not text:
        return
    if out and out[-1].op == op:
        out[-1] = Piece(op, out[-1].text + text)
    else:
        out.append(Piece(op, text))


PAIRS_LIMIT = 250_000
"""The most pairs of tokens one comparison weighs (500 words against 500, spaces aside):
difflib's matcher takes time that grows with the product of the two lengths and more, so what
is longer once the common start and end are set aside is shown as replaced whole."""

Opcode = tuple[Literal["replace", "delete", "insert", "equal"], int, int, int, int]


def opcodes(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[Opcode]:
    """difflib's opcodes turning ``a`` into ``b``, in bounded time. Within ``PAIRS_LIMIT``
    pairs, difflib's own; past it, the common start and end are found in one pass, and the
    middle is compared item by item only while it holds at most ``PAIRS_LIMIT`` pairs, else it
    is one ``replace``."""
    if len(a) * len(b) <= PAIRS_LIMIT:
        return list(difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes())
    shortest = min(len(a), len(b))
    start = 0
    while start < shortest and a[start] == b[start]:
        start += 1
    end = 0
    while end < shortest - start and a[len(a) - 1 - end] == b[len(b) - 1 - end]:
        end += 1
    a_end, b_end = len(a) - end, len(b) - end
    out: list[Opcode] = [("equal", 0, start, 0, start)] if start else []
    if (a_end - start) * (b_end - start) <= PAIRS_LIMIT:
        matcher = difflib.SequenceMatcher(None, a[start:a_end], b[start:b_end], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            out.append((tag, i1 + start, i2 + start, j1 + start, j2 + start))
    elif a_end > start or b_end > start:
        out.append(("replace", start, a_end, start, b_end))
    if end:
        out.append(("equal", a_end, len(a), b_end, len(b)))
    return out


def diff(old: str, new: str) -> list[Piece]:
    """The pieces that turn ``old`` into ``new``: joining the ``equal`` and ``delete`` pieces
    gives ``old``, the ``equal`` and ``insert`` pieces give ``new``. A deletion comes before the
    insertion that replaces it. A lone space between two changes is shown as changed too, so
    that a replaced phrase reads as one deletion and one insertion."""
    a, b = tokens(old), tokens(new)
    raw: list[Piece] = []
    for tag, i1, i2, j1, j2 in opcodes(a, b):
        if tag == "equal":
            raw.append(Piece("equal", "".join(a[i1:i2])))
            continue
        raw.append(Piece("delete", "".join(a[i1:i2])))
        raw.append(Piece("insert", "".join(b[j1:j2])))
    return _coalesce(raw)


def _coalesce(raw: list[Piece]) -> list[Piece]:
    """Merge neighbours of one kind; a blank ``equal`` between two changes joins them."""
    out: list[Piece] = []
    for index, piece in enumerate(raw):
        between = 0 < index < len(raw) - 1
        blank = piece.op == "equal" and between and not piece.text.strip()
        if blank and raw[index - 1].op != "equal" and raw[index + 1].op != "equal":
            _push_change(out, piece.text)
            continue
        _push(out, piece.op, piece.text)
    return _order(out)


def _push_change(out: list[Piece], text: str) -> None:
    """A space inside a change: deleted and inserted, so both sides keep it."""
    _push(out, "delete", text)
    _push(out, "insert", text)


def _order(pieces: list[Piece]) -> list[Piece]:
    """Within each run of changes, every deletion first, then every insertion."""
    out: list[Piece] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        _push(out, "delete", "".join(deleted))
        _push(out, "insert", "".join(inserted))
        deleted.clear()
        inserted.clear()

    for piece in pieces:
        if piece.op == "equal":
            flush()
            _push(out, "equal", piece.text)
        elif piece.op == "delete":
            deleted.append(piece.text)
        else:
            inserted.append(piece.text)
    flush()
    return out


def old_text(pieces: list[Piece]) -> str:
    """The old text the pieces were made from."""
    return "".join(p.text for p in pieces if p.op != "insert")


def new_text(pieces: list[Piece]) -> str:
    """The new text the pieces were made from."""
    return "".join(p.text for p in pieces if p.op != "delete")


def similarity(old: str, new: str) -> float:
    """How alike two texts are, word by word: 1.0 the same, 0.0 nothing shared."""
    if old == new:
        return 1.0
    a = [t for t in tokens(old) if not t.isspace()]
    b = [t for t in tokens(new) if not t.isspace()]
    if not a or not b:
        return 0.0
    if len(a) * len(b) > PAIRS_LIMIT:  # past the bound, the words both share, in any order
        same = sum((Counter(a) & Counter(b)).values())
    else:
        same = sum(i2 - i1 for tag, i1, i2, _, _ in opcodes(a, b) if tag == "equal")
    return 2.0 * same / (len(a) + len(b))


def is_prose(value: object) -> bool:
    """Whether a value is a text of words (an id, a year or a name of one word is not)."""
    return isinstance(value, str) and any(ch.isspace() for ch in value.strip())
