"""A parse failure said of the line the author wrote: tabs used for indentation, and keys
indented wrongly (which the parser often notices a line or more later)."""

from __future__ import annotations

import re
from typing import Final

import yaml

from hmip_docs.core.findings import Finding
from hmip_docs.load.decoding import line_col, line_text
from hmip_docs.load.messages import MAX_REPEATS, count_rest, finding, syntax_message

_LEADING_TAB_CONTENT: Final = re.compile(r"( *)\t[ \t]*[^ \t\r\n]")
LEADING_TAB: Final = re.compile(r"( *)\t")


def syntax_findings(
    error: yaml.YAMLError, text: str, file: str, blocks: list[tuple[int, int]]
) -> list[Finding]:
    """The findings for a parse failure.

    A tab at the start of the failing line means the file is indented with tabs: every
    tab-indented line is reported (after the failure, blocks of literal text are told by their
    indentation, as the parser never read them). Otherwise the tab-indented lines before the
    failure, and the failure itself, said of the line the author wrote when indentation is the
    cause (``_indentation_problem``).
    """
    if isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None:
        line, column = error.problem_mark.line + 1, error.problem_mark.column + 1
        message = syntax_message(error)
    else:
        position = getattr(error, "position", None)
        line, column = line_col(text, position) if isinstance(position, int) else (1, 1)
        message = f"the YAML is not well-formed: {error}"
    lines = text.split("\n")
    if LEADING_TAB.match(line_text(text, line)) is not None:
        return tab_findings(lines, file, [*blocks, *_blocks_by_indent(lines, line + 1)])
    found = tab_findings(lines[: line - 1], file, blocks)
    problem = (
        _indentation_problem(error, lines) if isinstance(error, yaml.MarkedYAMLError) else None
    )
    if problem is not None:
        line, column, message = problem
    found.append(finding("yaml-syntax", message, file, line, column))
    return found


def tab_findings(lines: list[str], file: str, blocks: list[tuple[int, int]]) -> list[Finding]:
    """One finding per line indented with a tab, outside blocks of literal text (whose lines may
    start with tabs that are part of the text)."""
    found: list[Finding] = []
    total = 0
    literal = bytearray(len(lines) + 2)  # 1 for each line of a block of text
    for first, last in blocks:
        last = min(last, len(lines))
        if first <= last:
            literal[first : last + 1] = b"\x01" * (last - first + 1)
    for number, text in enumerate(lines, 1):
        if "\t" not in text or literal[number]:
            continue
        match = _LEADING_TAB_CONTENT.match(text)
        if match is None:
            continue
        total += 1
        if total <= MAX_REPEATS:
            message = f"line {number} is indented with a tab; YAML indentation must be spaces"
            column = len(match.group(1)) + 1
            found.append(finding("yaml-tab-indent", message, file, number, column))
    count_rest(found, total, "lines indented with tabs")
    return found


_BLOCK_START: Final = re.compile(
    r"[ \t]*+(?:- +)*+(?:[^#\s][^#]*?: +)?[|>][-+1-9]{0,2}[ \t]*(?:#.*)?$"
)
"""A line whose value is a literal (|) or folded (>) block of text, which follows on the lines
indented more than it."""


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _blocks_by_indent(lines: list[str], first: int) -> list[tuple[int, int]]:
    """The lines, from 1-based line ``first`` on, that belong to blocks of literal text, judged
    by indentation alone (for the part of a file the parser did not reach)."""
    blocks: list[tuple[int, int]] = []
    number = first
    while number <= len(lines):
        if not _BLOCK_START.match(lines[number - 1]):
            number += 1
            continue
        parent = _indent(lines[number - 1])
        last = number
        while last < len(lines) and (not lines[last].strip() or _indent(lines[last]) > parent):
            last += 1
        if last > number:
            blocks.append((number + 1, last))
        number = last + 1
    return blocks


_KEY: Final = re.compile(r"(?:- +)?([^\s#'\"\-\[\]{}][^:#]*?):(?: |$)")
"""The key a line starts with (after its indentation, and after a list item's '- ')."""


def _content_line(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _key(line: str) -> str | None:
    match = _KEY.match(line, _indent(line))
    return match.group(1).strip() if match else None


def _indentation_problem(
    error: yaml.MarkedYAMLError, lines: list[str]
) -> tuple[int, int, str] | None:
    """When the parser fails because a key is indented wrongly: the line the author indented
    wrongly (which is not always the line where the parser noticed), its column, and what is
    wrong with it. None when the failure is not one of these."""
    mark = error.problem_mark
    problem = (error.problem or "").strip()
    if mark is None or not 0 <= mark.line < len(lines):
        return None
    number = mark.line + 1
    line = lines[number - 1]
    key, column = _key(line), _indent(line)
    above = [n for n in range(number - 1, 0, -1) if _content_line(lines[n - 1])]
    if key is not None and line.lstrip(" ").startswith("- ") and above:
        return _over_indented_item(lines, number, column, above)
    if key is None or line.lstrip(" ").startswith("-"):
        return None
    if not above:
        return None
    previous = above[0]
    previous_key = _key(lines[previous - 1])
    if problem == "did not find expected '-' indicator" and error.context_mark is not None:
        # A field of a list item written in the column of its '-', or between '-' and fields.
        dash = error.context_mark.column
        item = next(
            (
                n
                for n in above
                if _indent(lines[n - 1]) == dash
                and lines[n - 1].lstrip(" ")[:2] == "- "
                and _key(lines[n - 1]) is not None
            ),
            None,
        )
        if item is None or column < dash:
            return None
        fields = dash + 2 + _indent(lines[item - 1][dash + 2 :])
        return (
            number,
            column + 1,
            f"`{key}:` is not lined up with the fields of the list item on line {item}: they "
            f"start in column {fields + 1}, after the '-'. Indent it to column {fields + 1}, or"
            " start a new list item with '- '",
        )
    over = _key_column(lines[previous - 1]) < column
    if (
        over
        and previous_key is not None
        and problem
        in (
            "did not find expected key",
            "mapping values are not allowed in this context",
        )
    ):
        if problem.startswith("mapping") and mark.column != line.index(":", column):
            return None  # a ': ' inside text, not after the key this line starts with
        return (
            number,
            column + 1,
            f"`{key}:` is indented more than `{previous_key}:` on line {previous}, which already"
            f" has its value: start it in column {_key_column(lines[previous - 1]) + 1}, in line"
            f" with `{previous_key}:` (if the line is text that belongs to that value, put the"
            " whole value in quotes)",
        )
    if problem != "did not find expected key" or over:
        return None
    # Less indented than the line above: too little here, or too much in the lines above.
    parent = next((n for n in above if _indent(lines[n - 1]) < column), None)
    between = [n for n in above if parent is None or n > parent]
    inner = min(_indent(lines[n - 1]) for n in between)
    siblings = [n for n in between if _indent(lines[n - 1]) == inner]
    after = next((n for n in range(number + 1, len(lines) + 1) if _content_line(lines[n - 1])), 0)
    if len(siblings) == 1 and after and _indent(lines[after - 1]) == column:
        lone = siblings[0]
        lone_key = _key(lines[lone - 1]) or "this line"
        return (
            lone,
            inner + 1,
            f"`{lone_key}:` is indented more than the keys after it (`{key}:` on line {number}"
            f" starts in column {column + 1}): start it in column {column + 1}, in line with"
            " them",
        )
    beside = ""
    if parent is not None:
        parent_key = _key(lines[parent - 1])
        what = f"`{parent_key}:` on line {parent}" if parent_key else f"line {parent}"
        beside = f" and more than {what} (column {_indent(lines[parent - 1]) + 1})"
    return (
        number,
        column + 1,
        f"`{key}:` is indented wrongly: less than the keys above it (column {inner + 1})"
        f"{beside}. Line it up with the keys it belongs with",
    )


def _key_column(line: str) -> int:
    """Where a line's key starts: after the '- ' of a list item that starts with one."""
    at = _indent(line)
    while line[at : at + 2] in ("- ", "-\t"):
        at += 2 + _indent(line[at + 2 :])
    return at


def _over_indented_item(
    lines: list[str], number: int, column: int, above: list[int]
) -> tuple[int, int, str] | None:
    """A list item whose '-' is indented more than the '-' of the item before it in the same
    list (the nearest line above that starts with '- ' and is less indented than this one,
    with no line between that is less indented still)."""
    for n in above:
        other = lines[n - 1]
        at = _indent(other)
        if at >= column:
            continue
        if other.lstrip(" ").startswith("- "):
            return (
                number,
                column + 1,
                f"this list item's '-' is indented more than the '-' of the item on line {n} "
                f"(column {at + 1}): every '-' of one list starts in the same column; start it "
                f"in column {at + 1}",
            )
        return None  # a key less indented than this item comes first: no list above to join
    return None
