"""A list of changes printed for a reader: text (coloured on a terminal), Markdown for a
pull-request comment, or JSON for other tools."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple

from hmip_docs.review.items import SEPARATOR, Change
from hmip_docs.review.words import Piece, tokens

RED, GREEN, BOLD, DIM, RESET = "\033[31m", "\033[32m", "\033[1m", "\033[2m", "\033[0m"
COLOURS: Mapping[str, str] = {"added": GREEN, "removed": RED, "moved": BOLD, "changed": BOLD}


class Compared(NamedTuple):
    """The changes between two records, named as the user gave them (``REV:PATH`` or a path).
    ``status`` is "changed", "added" (no old record) or "removed" (no new one)."""

    old: str
    new: str
    changes: tuple[Change, ...]
    status: str = "changed"


CONTEXT_WORDS = 8
"""Unchanged words shown on each side of a change in a long text."""


def trimmed(pieces: Sequence[Piece]) -> list[Piece]:
    """The pieces with long unchanged stretches cut to ``CONTEXT_WORDS`` words either side of
    each change ("…" stands for the words left out)."""
    keep = CONTEXT_WORDS * 2  # tokens: a word and the space after it
    last = len(pieces) - 1
    out = []
    for n, piece in enumerate(pieces):
        parts = tokens(piece.text)
        if piece.op != "equal" or last == 0 or len(parts) <= 2 * keep + 2:
            out.append(piece)
        elif n == 0:
            out.append(Piece("equal", "…" + "".join(parts[-keep:])))
        elif n == last:
            out.append(Piece("equal", "".join(parts[:keep]) + "…"))
        else:
            out.append(Piece("equal", "".join(parts[:keep]) + "…" + "".join(parts[-keep:])))
    return out


def _count(n: int) -> str:
    return f"{n} change" + ("" if n == 1 else "s")


def _within(change: Change) -> str:
    return f" (in {SEPARATOR.join(change.within)})" if change.within else ""


# ---- text ------------------------------------------------------------------------------------


def _words_text(pieces: Sequence[Piece], colour: bool) -> str:
    out = []
    for piece in trimmed(pieces):
        if piece.op == "equal":
            out.append(piece.text)
        elif colour:
            out.append((RED if piece.op == "delete" else GREEN) + piece.text + RESET)
        else:
            out.append(("[-" if piece.op == "delete" else "{+") + piece.text)
            out.append("-]" if piece.op == "delete" else "+}")
    return "".join(out)


NOT_PRINTED = "not printed: data the checks use"
"""Said of a change to a field the document does not print (the schema's ``x-unprinted``)."""


def _detail_text(change: Change, colour: bool) -> list[str]:
    lines = []
    if change.kind == "changed" and change.words:
        lines.append(f"  {change.field}: {_words_text(change.words, colour)}")
    elif change.kind == "changed":
        lines.append(f"  {change.field}: {change.old or '(none)'} → {change.new or '(none)'}")
    elif change.kind == "moved":
        lines.append(f"  {change.field}")
    if change.where:
        lines.append(f"  prints at: {change.where}")
    elif not change.printed:
        lines.append(f"  {NOT_PRINTED}")
    return lines


def text(compared: Sequence[Compared], colour: bool = False) -> str:
    """Plain text, a block per change; coloured (ANSI) when ``colour``."""
    out: list[str] = []
    for one in compared:
        head = f"{one.old} → {one.new}: "
        head += one.status if one.status != "changed" else _count(len(one.changes))
        out.append(BOLD + head + RESET if colour else head)
        for change in one.changes:
            kind = f"{change.kind:<8}"
            if colour:
                kind = COLOURS[change.kind] + kind + RESET
            out.append(f"{kind} {change.item}{_within(change)}")
            out.extend(_detail_text(change, colour))
    if not compared:
        out.append("no records changed")
    return "\n".join(out) + "\n"


# ---- Markdown --------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~#])")


def _md(value: str) -> str:
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", value).replace("\n", " ")


def _words_md(pieces: Sequence[Piece]) -> str:
    tags = {"delete": "del", "insert": "ins"}
    out = []
    for piece in trimmed(pieces):
        body = _md(piece.text)
        out.append(body if piece.op == "equal" else f"<{tags[piece.op]}>{body}</{tags[piece.op]}>")
    return "".join(out)


def _detail_md(change: Change) -> str:
    if change.kind == "changed" and change.words:
        return f"`{change.field}`: {_words_md(change.words)}"
    if change.kind == "changed":
        before, after = _md(change.old or "(none)"), _md(change.new or "(none)")
        return f"`{change.field}`: {before} → {after}"
    if change.kind == "moved":
        return _md(change.field)
    return _md((change.new if change.kind == "added" else change.old) or "")


def markdown(compared: Sequence[Compared]) -> str:
    """Markdown for a pull-request comment: a heading per record, a list item per change."""
    out = ["## What changed", ""]
    if not compared:
        out.append("No records changed.")
    for one in compared:
        summary = one.status if one.status != "changed" else _count(len(one.changes))
        out += [f"### `{one.new if one.status != 'removed' else one.old}`: {summary}", ""]
        if one.old != one.new:
            out += [f"Compared with `{one.old}`.", ""]
        for change in one.changes:
            line = f"- **{change.kind}** {_md(change.item)}{_md(_within(change))}"
            detail = _detail_md(change)
            shown = (change.new if change.kind == "added" else change.old) or ""
            if detail and not (change.kind in ("added", "removed") and shown in change.item):
                line += f": {detail}"
            if change.where:
                line += f" *({_md(change.where)})*"
            elif not change.printed:
                line += f" *({NOT_PRINTED})*"
            out.append(line)
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


# ---- JSON ------------------------------------------------------------------------------------


def _change_json(change: Change) -> dict[str, object]:
    return {
        "kind": change.kind,
        "item": change.item,
        "within": list(change.within),
        "field": change.field,
        "old": change.old,
        "new": change.new,
        "words": [[piece.op, piece.text] for piece in change.words],
        "old_pointer": change.old_pointer,
        "new_pointer": change.new_pointer,
        "where": change.where,
        "printed": change.printed,
    }


def json_format(compared: Sequence[Compared]) -> str:
    """JSON: a list of records compared, each with its changes."""
    data = [
        {
            "old": one.old,
            "new": one.new,
            "status": one.status,
            "changes": [_change_json(c) for c in one.changes],
        }
        for one in compared
    ]
    return json.dumps({"records": data}, ensure_ascii=False, indent=2) + "\n"


FORMATS: Mapping[str, Callable[[Sequence[Compared], bool], str]] = {
    "text": text,
    "markdown": lambda compared, _: markdown(compared),
    "json": lambda compared, _: json_format(compared),
}
