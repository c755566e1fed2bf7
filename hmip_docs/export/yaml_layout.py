"""A YAML file's own layout, measured, and kept when ruamel.yaml writes the file back.

ruamel.yaml writes every block with one set of indents (``YAML.indent``: the indent of a nested
mapping, of a list item's content and of its dash) and has no way to detect a file's own. So the
layout is measured here from the positions ruamel.yaml records for each key and item (the way
``ruamel.yaml.util.load_yaml_guess_indent`` does for the first list only), over every nested
block of the file, and the most common form of each wins:

- ``mapping``: how far a nested mapping's keys sit right of their parent key;
- ``sequence``: how far a list item's content sits right of the key that holds the list;
- ``offset``: how far the item's dash sits right of that key (0 for lists written at the key's
  column, ``- `` under ``key:``).

A file that mixes layouts (one list written at the key's column, another indented) cannot be
written back in both by ruamel.yaml, so ``keep_lines`` then puts back each line of the original
whose text is unchanged, and shifts the new lines by the indent of the line they follow; the
result is used only when it reads back as the same data, else the uniform layout stands.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from difflib import SequenceMatcher
from typing import Any, NamedTuple


class Layout(NamedTuple):
    """The indents ruamel.yaml writes with (``YAML.indent(mapping, sequence, offset)``)."""

    mapping: int
    sequence: int
    offset: int


DEFAULT = Layout(mapping=2, sequence=4, offset=2)
"""The shipped records' layout, for a file with no nested block to measure."""


def _is_block(node: Any) -> bool:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    return isinstance(node, (CommentedMap, CommentedSeq)) and not node.fa.flow_style()


def _samples(node: Any) -> Iterator[tuple[str, tuple[int, ...]]]:
    """("mapping", (indent,)) or ("sequence", (indent, offset)) for each block nested under a
    key, anywhere below ``node``."""
    from ruamel.yaml.comments import CommentedMap

    if isinstance(node, CommentedMap):
        for key, value in node.items():
            if _is_block(value) and value:
                line, column = node.lc.key(key)
                yield from _measure(value, line, column)
    if isinstance(node, (list, dict)):
        for child in node.values() if isinstance(node, dict) else node:
            yield from _samples(child)


def _measure(value: Any, key_line: int, key_column: int) -> Iterator[tuple[str, tuple[int, ...]]]:
    """The sample a block nested under the key at (``key_line``, ``key_column``) gives."""
    from ruamel.yaml.comments import CommentedMap

    if value.lc.line <= key_line:
        return  # not laid out below its key
    if isinstance(value, CommentedMap):
        yield "mapping", (value.lc.col - key_column,)
        return
    item_line, item_column = value.lc.item(0)
    if item_line == value.lc.line:  # the first item's content is on its dash's line
        yield "sequence", (item_column - key_column, value.lc.col - key_column)


def measure(data: Any) -> Layout:
    """The most common mapping indent and list layout of a document ruamel.yaml loaded round
    trip (``DEFAULT``'s where the file has none to measure)."""
    counts: dict[str, Counter[tuple[int, ...]]] = {"mapping": Counter(), "sequence": Counter()}
    for kind, sample in _samples(data):
        counts[kind][sample] += 1
    mapping = counts["mapping"].most_common(1)
    sequence = counts["sequence"].most_common(1)
    indent = mapping[0][0][0] if mapping else DEFAULT.mapping
    seq, offset = sequence[0][0] if sequence else (DEFAULT.sequence, DEFAULT.offset)
    if not (indent > 0 and offset >= 0 and seq >= offset + 2):
        return DEFAULT  # nothing ruamel.yaml can write: keep_lines restores what it can
    return Layout(mapping=indent, sequence=seq, offset=offset)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _columns(line: str) -> list[int]:
    """Where a line's content starts, and after each list dash it opens with (``-   key:``
    gives the dash's column and the key's)."""
    columns = [_indent(line)]
    while line.startswith("- ", columns[-1]) or line.startswith("-\t", columns[-1]):
        rest = line[columns[-1] + 1 :]
        columns.append(columns[-1] + 1 + len(rest) - len(rest.lstrip(" \t")))
    return columns


def _key(line: str) -> str:
    """A line as compared across layouts: its content without the indent, nor the spaces after
    the dashes it opens with."""
    columns = _columns(line)
    return "- " * (len(columns) - 1) + line[columns[-1] :].rstrip()


def _shifted(line: str, by: int) -> str:
    if by >= 0:
        return " " * by + line
    return line[min(-by, _indent(line)) :]


def _pairs(original: str, written: str) -> Iterator[tuple[str, list[str], list[str]]]:
    """The opcodes of ``difflib`` matching the two texts' lines by ``_key``, with the lines."""
    before = original.splitlines(keepends=True)
    after = written.splitlines(keepends=True)
    matcher = SequenceMatcher(
        None, [_key(line) for line in before], [_key(line) for line in after], autojunk=False
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        yield tag, before[i1:i2], after[j1:j2]


def keep_lines(original: str, written: str, same: Callable[[str], bool]) -> str:
    """``written`` with each line whose text (indents aside) is unchanged from ``original`` put
    back as the original wrote it, and each new line shifted as the nearest kept line above it
    at the same or a lesser column was; ``written`` itself unless ``same`` holds for the result
    (it reads back as the same data)."""
    out: list[str] = []
    kept: list[tuple[int, int]] = []  # (column as written, column in the original)
    for tag, before, after in _pairs(original, written):
        if tag == "equal":
            out.extend(before)
            for old, new in zip(before, after, strict=True):
                if old.strip():
                    kept.extend(zip(_columns(new), _columns(old), strict=True))
            continue
        for line in after:
            column = _indent(line)
            above = next((k for k in reversed(kept) if k[0] <= column), (0, 0))
            out.append(_shifted(line, above[1] - above[0]) if line.strip() else line)
    merged = "".join(out)
    return merged if merged == written or same(merged) else written


def reindented(original: str, result: str) -> int:
    """How many lines of ``result`` are lines of ``original`` with another indent."""
    return sum(
        old.rstrip() != new.rstrip()
        for tag, before, after in _pairs(original, result)
        if tag == "equal"
        for old, new in zip(before, after, strict=True)
    )
