"""Turn the bytes of one YAML record into plain Python data, with the position of every value.

Parsing is libyaml's (through PyYAML's event stream); typing is our own and follows the YAML 1.2
core schema, so ``no``, ``on`` and ``2021-02-30`` stay text and nothing ever becomes a date. The
event stream is converted without recursion, which lets the loader stop cheaply at the first sign
of trouble: a file that is too large, nested too deeply, not UTF-8, or that uses anchors and
aliases (refused outright, so an "alias bomb" costs nothing). Every problem is returned as a
:class:`~hmip_docs.core.findings.Finding` with a 1-based line and column and a hint; nothing here
raises for a bad file.
"""

from __future__ import annotations

import errno
import math
import os
import re
import stat
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final, NamedTuple

import yaml

from hmip_docs.core.findings import Finding, Severity

__all__ = [
    "DEFAULT_LIMITS",
    "Document",
    "Limits",
    "LoadResult",
    "escape_pointer_token",
    "load_file",
    "load_yaml",
    "read_regular",
]

_LOADER: Final[type[Any]] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# --------------------------------------------------------------------------- public types


class Limits(NamedTuple):
    """Bounds a record must stay within; checked before (or while) anything is built."""

    max_bytes: int = 2 * 1024 * 1024
    """Largest accepted file, in bytes."""
    max_depth: int = 64
    """Deepest accepted nesting of mappings and lists (the root mapping is depth 1)."""
    max_string: int = 1024 * 1024
    """Longest accepted single text value or key, in characters."""


DEFAULT_LIMITS: Final = Limits()


class Document(NamedTuple):
    """A loaded record: its data, where each value and key sits in the file, and the text itself.

    ``positions`` maps the JSON pointer (RFC 6901) of every value, ``""`` for the root, to its
    1-based ``(line, column)``; ``key_positions`` maps the pointer of every mapping member to the
    position of its key.
    """

    data: dict[str, Any]
    positions: Mapping[str, tuple[int, int]]
    key_positions: Mapping[str, tuple[int, int]]
    text: str

    def position(self, pointer: str) -> tuple[int, int]:
        """The position of the value at ``pointer``, or of its nearest ancestor that exists."""
        positions = self.positions
        current = pointer
        while True:
            found = positions.get(current)
            if found is not None:
                return found
            if not current:
                return (1, 1)
            cut = current.rfind("/")
            current = current[:cut] if cut > 0 else ""


class LoadResult(NamedTuple):
    """What loading produced: the document (None when it could not be loaded) and findings."""

    document: Document | None
    findings: tuple[Finding, ...]


def escape_pointer_token(token: str) -> str:
    """One JSON pointer reference token: ``~`` becomes ``~0`` and ``/`` becomes ``~1``."""
    if "~" in token:
        token = token.replace("~", "~0")
    if "/" in token:
        token = token.replace("/", "~1")
    return token


# --------------------------------------------------------------------------- YAML 1.2 core typing

_NULLS: Final = frozenset({"", "~", "null", "Null", "NULL"})
_TRUES: Final = frozenset({"true", "True", "TRUE"})
_FALSES: Final = frozenset({"false", "False", "FALSE"})
_INT_DEC: Final = re.compile(r"[-+]?[0-9]+")
_INT_OCT: Final = re.compile(r"0o[0-7]+")
_INT_HEX: Final = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT: Final = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_INF: Final = re.compile(r"[-+]?\.(?:inf|Inf|INF)")
_NAN: Final = re.compile(r"\.(?:nan|NaN|NAN)")
_TYPED_START: Final = frozenset("0123456789+-.~nNtTfF")
"""First characters of every plain scalar that is not a string; anything else is text."""

_CORE: Final = "tag:yaml.org,2002:"
_SCALAR_TAGS: Final = frozenset(_CORE + name for name in ("str", "null", "bool", "int", "float"))
_TAG_MAP: Final = _CORE + "map"
_TAG_SEQ: Final = _CORE + "seq"
_NON_SPECIFIC: Final = "!"

_NO_VALUE: Final = object()
"""Marks text that does not match the pattern an explicit tag asks for."""
_TOO_LARGE: Final = object()
"""Marks a number too large to read: more digits than Python converts, or past a float's range."""
_MAX_INT_DIGITS: Final = 4300
"""Python's own bound on the decimal digits of an integer it converts (``sys.int_info``); kept
here so that what a record may hold does not depend on the interpreter's setting."""
_MAX_INT_BITS: Final = int(_MAX_INT_DIGITS * 3.3219280948873626)
"""The bits of the largest integer of ``_MAX_INT_DIGITS`` decimal digits (log2 of 10 per digit)."""


def _resolve_plain(text: str) -> Any:
    """The value of an untagged plain scalar under the YAML 1.2 core schema."""
    if not text:
        return None
    if text[0] not in _TYPED_START:
        return text
    if text in _NULLS:
        return None
    if text in _TRUES:
        return True
    if text in _FALSES:
        return False
    value = _as_int(text)
    if value is not _NO_VALUE:
        return value
    value = _as_float(text)
    if value is not _NO_VALUE:
        return value
    return text


def _as_int(text: str) -> Any:
    """An integer, ``_TOO_LARGE`` past Python's digit limit, or ``_NO_VALUE``."""
    if _INT_DEC.fullmatch(text):
        if len(text) - (text[0] in "+-") > _MAX_INT_DIGITS:
            return _TOO_LARGE  # int() would refuse it, after quadratic work
        return int(text)
    if _INT_OCT.fullmatch(text):
        value = int(text[2:], 8)
    elif _INT_HEX.fullmatch(text):
        value = int(text[2:], 16)
    else:
        return _NO_VALUE
    # Octal and hexadecimal convert past the limit, but the value could never be shown.
    return _TOO_LARGE if value.bit_length() > _MAX_INT_BITS else value


def _as_float(text: str) -> Any:
    if _FLOAT.fullmatch(text):
        value = float(text)
        return _TOO_LARGE if math.isinf(value) else value  # written finite, read as infinity
    if _INF.fullmatch(text):
        return -math.inf if text[0] == "-" else math.inf
    if _NAN.fullmatch(text):
        return math.nan
    return _NO_VALUE


def _resolve_tagged(tag: str, text: str) -> Any:
    """The value of a scalar carrying an explicit core tag, or ``_NO_VALUE`` if it cannot be."""
    kind = tag[len(_CORE) :]
    if kind == "str":
        return text
    if kind == "null":
        return None if text in _NULLS else _NO_VALUE
    if kind == "bool":
        return True if text in _TRUES else False if text in _FALSES else _NO_VALUE
    if kind == "int":
        return _as_int(text)
    value = _as_float(text)  # kind == "float"; an integer written plainly is a float too
    if value is _NO_VALUE:
        value = _as_int(text)
        if isinstance(value, int):
            try:
                value = float(value)
            except OverflowError:  # past a float's range (!!float 0xfff…)
                value = _TOO_LARGE
    return value


# --------------------------------------------------------------------------- characters and text

_BAD_CHAR: Final = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]"
)
_BAD_ESCAPED: Final = re.compile(f"[\r{_BAD_CHAR.pattern[1:-1]}]")
"""What an escape must not make: the characters above, and a carriage return (``\\r``), which
XML turns into a line feed. A carriage return in the file itself is part of a line break."""
_YAML_ONLY_BREAKS: Final = re.compile("[\x85\u2028\u2029]")
"""Characters YAML reads as line breaks and "\n"-counting reports do not (all in _BAD_CHAR)."""
_LEADING_TAB_CONTENT: Final = re.compile(r"( *)\t[ \t]*[^ \t\r\n]")
_LEADING_TAB: Final = re.compile(r"( *)\t")
_UTF8_BOM: Final = b"\xef\xbb\xbf"
_MAX_REPEATS: Final = 10
"""At most this many findings of one rule are reported one by one; the last one counts the rest."""


def _describe_char(char: str) -> str:
    """Name a character for a person: ``U+0007 (a control character)``."""
    code = ord(char)
    if code == 0x85:
        kind = "NEXT LINE, which YAML reads as a line break"
    elif code == 0x2028:
        kind = "LINE SEPARATOR, which YAML reads as a line break"
    elif code == 0x2029:
        kind = "PARAGRAPH SEPARATOR, which YAML reads as a line break"
    elif code == 0x0D:
        kind = "CARRIAGE RETURN, which Word would not print as written"
    elif code in (0xFFFE, 0xFFFF):
        kind = "a non-character"
    elif 0xD800 <= code <= 0xDFFF:
        kind = "a lone surrogate"
    else:
        kind = "a control character"
    return f"U+{code:04X} ({kind})"


def _line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column (in characters) of ``text[index]``; lines end at LF (or CRLF)."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, line_start) + 1, index - line_start + 1


def _line_text(text: str, line: int) -> str:
    """The text of 1-based ``line``, without its line break ("" past the end)."""
    start = 0
    for _ in range(line - 1):
        start = text.find("\n", start) + 1
        if start == 0:
            return ""
    end = text.find("\n", start)
    return text[start:] if end < 0 else text[start:end]


# --------------------------------------------------------------------------- syntax messages

_PLAIN_PROBLEMS: Final[Mapping[str, str]] = {
    "could not find expected ':'": (
        "a line is missing the ':' between key and value, or is indented wrongly"
    ),
    "did not find expected key": (
        "a line is indented wrongly: it does not line up with the keys around it"
    ),
    "mapping values are not allowed in this context": (
        "a ': ' appears where a value was expected: text that contains ': ' must be quoted,"
        " or the line is indented wrongly"
    ),
    "did not find expected '-' indicator": (
        "a list item is indented wrongly: every '-' of one list must start in the same column"
    ),
    "block sequence entries are not allowed in this context": (
        "a '- ' list item appears where no list can start: check the indentation, or quote text"
        " that starts with '- '"
    ),
    "found character that cannot start any token": (
        "a value starts with a character YAML reserves (such as @, ` or %): put the value in quotes"
    ),
    "found unexpected end of stream": ("the file ends before a quoted text or a bracket is closed"),
    "did not find expected ',' or ']'": (
        "a [list] is missing a ',' between items or its closing ']'"
    ),
    "did not find expected ',' or '}'": (
        "a {mapping} is missing a ',' between entries or its closing '}'"
    ),
    "found unknown escape character": (
        "a backslash in double-quoted text starts an unknown escape: write \\\\ for a backslash,"
        " or use single quotes"
    ),
    "did not find expected hexdecimal number": (
        "a \\x, \\u or \\U escape in double-quoted text is not followed by hexadecimal digits (as"
        " in a Windows path such as C:\\Users): write \\\\ for a backslash, or use single quotes"
    ),
    "found invalid Unicode character escape code": (
        "a \\u or \\U escape in double-quoted text does not name a valid character"
    ),
    "did not find expected node content": (
        "a value is missing, or starts with a character that needs quotes"
    ),
    "did not find expected alphabetic or numeric character": (
        "a value starts with '&' or '*', which YAML reads as an anchor or alias: put the value"
        " in quotes"
    ),
    "found undefined tag handle": "a value starts with '!', which YAML reads as a tag: put the"
    " value in quotes",
    "found unexpected document indicator": (
        "a line inside quoted text starts with '---' or '...', which ends the document"
    ),
    "found incompatible YAML document": (
        "the %YAML line names a version of YAML this tool does not read: remove the line"
    ),
    "did not find expected <document start>": (
        "there is content after the end of the document: remove it, or the '---' or '...' line"
        " before it"
    ),
    "found a tab character that violates indentation": (
        "a tab is used for indentation; YAML indentation must be spaces"
    ),
    "found a tab character where an indentation space is expected": (
        "a tab is used for indentation; YAML indentation must be spaces"
    ),
}

_CONTEXTS: Final[Mapping[str, str]] = {
    "while scanning a simple key": "the entry",
    "while parsing a block mapping": "the mapping",
    "while parsing a block collection": "the list",
    "while parsing a flow sequence": "the [list]",
    "while parsing a flow mapping": "the {mapping}",
    "while scanning a quoted scalar": "the quoted text",
    "while parsing a quoted scalar": "the quoted text",
    "while scanning a block scalar": "the block of text",
    "while scanning a plain scalar": "the text",
}

_HINTS: Final[Mapping[str, str]] = {
    "file-unreadable": "Check that the path names a file (not a folder, pipe or device), that"
    " it exists (a symbolic link must lead to one) and that you may read it.",
    "yaml-too-large": "Split the record, or move long material out of it; records are small.",
    "yaml-too-deep": "Flatten the structure; no record needs nesting this deep.",
    "yaml-string-too-long": "Shorten the text or split it over several values.",
    "yaml-encoding": "Save the file as UTF-8 (in most editors: 'Save with encoding' > UTF-8).",
    "yaml-empty": "Fill in the record; start from an existing record or the template.",
    "yaml-not-mapping": "A record is a set of 'key: value' lines starting at the left margin.",
    "yaml-multiple-documents": "Keep one record per file: remove the second '---' and what"
    " follows it, or move it to a file of its own.",
    "yaml-syntax": "Compare this line with the lines around it: each key needs ': ' after it,"
    " lines at one level start in the same column, and text containing ': ' or ' #', or"
    " starting with a special character, goes in quotes.",
    "yaml-tab-indent": "Replace the tabs at the start of the line with spaces (set your editor"
    " to insert spaces for the Tab key).",
    "yaml-bad-character": "Delete the character or replace it with a space or a real line"
    " break; such characters usually come from pasting out of another program.",
    "yaml-alias": "Write the value out in full where it is needed. If you meant text that starts"
    " with '&' or '*', put it in quotes.",
    "yaml-tag": "Remove the '!' tag; if the value is text that starts with '!', quote it.",
    "yaml-number": "Check the value: if it is meant as text, put it in quotes.",
    "yaml-key-type": 'Keys are plain words: quote the key ("1": ...) if it really is a number,'
    " true/false or empty, and never use a list or mapping as a key.",
    "yaml-duplicate-key": "Remove one of the two entries, or merge them; only the first one is"
    " used.",
}


def _finding(rule: str, message: str, file: str, line: int, column: int, path: str = "") -> Finding:
    return Finding(
        rule=rule,
        severity=Severity.ERROR,
        message=message,
        hint=_HINTS[rule],
        file=file,
        line=line,
        column=column,
        path=path,
    )


def _plain_syntax_message(error: yaml.MarkedYAMLError) -> str:
    problem = (error.problem or "").strip()
    plain = _PLAIN_PROBLEMS.get(problem, f"the YAML is not well-formed: {problem or error}")
    context = _CONTEXTS.get((error.context or "").strip())
    if context and error.context_mark is not None and error.problem_mark is not None:
        start = error.context_mark.line + 1
        if start != error.problem_mark.line + 1:
            plain += f" ({context} that starts on line {start})"
    if problem and problem not in plain:
        plain += f" [parser: {problem}]"
    return plain


# --------------------------------------------------------------------------- the loader


class _Frame:
    """One open mapping or list while the event stream is converted."""

    __slots__ = ("container", "expect_key", "is_key", "is_map", "key", "member", "pointer")

    def __init__(self, container: Any, pointer: str | None, is_map: bool, is_key: bool) -> None:
        self.container = container
        """The dict or list being filled; None when the node is skipped."""
        self.pointer = pointer
        """None when the node is skipped (a repeated key's value, a list used as a key)."""
        self.is_map = is_map
        self.is_key = is_key
        """Whether this node is itself a (refused) mapping key."""
        self.expect_key = True
        self.key: str | None = None
        """The key whose value comes next; None when that value is to be skipped."""
        self.member = ""
        """The JSON pointer of the member under ``key``."""


class _Loader:
    """Converts one text's event stream; collects data, positions and findings."""

    def __init__(self, text: str, file: str, limits: Limits) -> None:
        self.text = text
        self.file = file
        self.limits = limits
        self.findings: list[Finding] = []
        self.positions: dict[str, tuple[int, int]] = {}
        self.key_positions: dict[str, tuple[int, int]] = {}
        self.root: Any = _NO_VALUE
        self.root_empty = False
        self.root_position = (1, 1)
        self.fatal = False
        """Set when the data must not be used (a bound exceeded, an alias, a syntax error)."""
        self.syntax_error: yaml.YAMLError | None = None
        self.alias_count = 0
        self.block_scalar_lines: list[tuple[int, int]] = []
        """First and last 1-based lines of each literal (|) or folded (>) block of text."""

    def add(self, rule: str, message: str, line: int, column: int, path: str = "") -> None:
        self.findings.append(_finding(rule, message, self.file, line, column, path))

    def run(self) -> None:
        """Convert the whole stream, stopping at the first syntax error or exceeded depth."""
        try:
            loader = _LOADER(self.text)  # the pure-Python reader checks characters right here
        except yaml.YAMLError as error:
            self.syntax_error = error
            self.fatal = True
            return
        try:
            self.convert(loader.get_event)
        except yaml.YAMLError as error:
            self.syntax_error = error
            self.fatal = True
        finally:
            loader.dispose()

    # One flat loop on purpose: it runs for every node of every record, so the common cases
    # (a plain scalar as a key, as a value, as a list item) are handled inline.
    def convert(self, get_event: Callable[[], Any]) -> None:  # noqa: C901 (split next)
        stack: list[_Frame] = []
        positions = self.positions
        max_depth = self.limits.max_depth
        max_string = self.limits.max_string
        track_blocks = "\t" in self.text
        typed_start = _TYPED_START
        documents = 0
        scalar_event = yaml.ScalarEvent
        mapping_start = yaml.MappingStartEvent
        sequence_start = yaml.SequenceStartEvent
        mapping_end = yaml.MappingEndEvent
        sequence_end = yaml.SequenceEndEvent
        while True:
            event = get_event()
            kind = type(event)
            if kind is scalar_event:
                frame = stack[-1] if stack else None
                if event.anchor is not None:
                    self.refuse_anchor(event.anchor, event.start_mark, anchor=True)
                style = event.style
                if track_blocks and style in ("|", ">"):
                    end = event.end_mark
                    last = end.line + 1 if end.column else end.line
                    self.block_scalar_lines.append((event.start_mark.line + 2, last))
                if frame is None:
                    self.take_root_scalar(event)
                    continue
                if frame.pointer is None:  # inside a skipped node
                    if frame.is_map:
                        frame.expect_key = not frame.expect_key
                    continue
                mark = event.start_mark
                where = (mark.line + 1, mark.column + 1)
                text = event.value
                if event.tag is None and style != '"' and len(text) <= max_string:
                    if style or not text or text[0] not in typed_start:
                        value: Any = text if text or style else None
                    else:
                        value = _resolve_plain(text)
                        if value is _TOO_LARGE:
                            value = self.checked_scalar(event, where, frame)
                else:
                    value = self.checked_scalar(event, where, frame)
                if not frame.is_map:
                    container = frame.container
                    positions[f"{frame.pointer}/{len(container)}"] = where
                    container.append(value)
                elif frame.expect_key:
                    self.take_key(frame, value, where, text)
                else:
                    if frame.key is not None:
                        frame.container[frame.key] = value
                        positions[frame.member] = where
                    frame.expect_key = True
                continue

            if kind is mapping_start or kind is sequence_start:
                mark = event.start_mark
                where = (mark.line + 1, mark.column + 1)
                if event.anchor is not None:
                    self.refuse_anchor(event.anchor, mark, anchor=True)
                frame = stack[-1] if stack else None
                is_map = kind is mapping_start
                pointer: str | None
                if frame is None:
                    pointer = ""
                elif frame.pointer is None:
                    pointer = None
                elif not frame.is_map:
                    pointer = f"{frame.pointer}/{len(frame.container)}"
                elif frame.expect_key:
                    what = "mapping" if is_map else "list"
                    message = f"a key must be a plain word, not a {what}"
                    self.add("yaml-key-type", message, *where, path=frame.pointer)
                    pointer = None
                else:
                    pointer = frame.member if frame.key is not None else None
                if len(stack) >= max_depth:
                    message = f"the data is nested more than {max_depth} levels deep"
                    self.add("yaml-too-deep", message, *where, path=pointer or "")
                    self.fatal = True
                    return
                if event.tag is not None:
                    self.check_collection_tag(event.tag, is_map, where, pointer)
                as_key = frame is not None and frame.is_map and frame.expect_key
                if pointer is None:
                    stack.append(_Frame(None, None, is_map, as_key))
                    continue
                new: Any = {} if is_map else []
                positions[pointer] = where
                if frame is None:
                    self.root = new
                    self.root_position = where
                elif frame.is_map:
                    frame.container[frame.key] = new
                else:
                    frame.container.append(new)
                stack.append(_Frame(new, pointer, is_map, False))
                continue

            if kind is mapping_end or kind is sequence_end:
                done = stack.pop()
                if stack:
                    parent = stack[-1]
                    if done.is_key:  # the value of a refused key is skipped
                        parent.expect_key = False
                        parent.key = None
                    elif parent.is_map:
                        parent.expect_key = True
                continue

            if kind is yaml.AliasEvent:
                self.refuse_anchor(event.anchor, event.start_mark, anchor=False)
                frame = stack[-1] if stack else None
                if frame is None:
                    self.root = None
                elif frame.is_map:
                    if frame.expect_key:
                        frame.key = None
                    frame.expect_key = not frame.expect_key
                elif frame.pointer is not None:
                    frame.container.append(None)  # keeps the later items' pointers right
                continue

            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    mark = event.start_mark
                    message = "the file holds more than one YAML document; only the first is read"
                    self.add("yaml-multiple-documents", message, mark.line + 1, mark.column + 1)
                    return
                continue

            if event is None or kind is yaml.StreamEndEvent:
                return

    def take_root_scalar(self, event: Any) -> None:
        mark = event.start_mark
        self.root_position = (mark.line + 1, mark.column + 1)
        self.root_empty = event.tag is None and not event.style and event.value == ""
        self.root = self.checked_scalar(event, self.root_position, None)

    def checked_scalar(self, event: Any, where: tuple[int, int], frame: _Frame | None) -> Any:
        """Type a scalar that needs more than the fast path: a tag, escapes, or great length."""
        text: str = event.value
        style = event.style
        if frame is None:
            path = ""
        elif not frame.is_map:
            path = f"{frame.pointer}/{len(frame.container)}"
        elif not frame.expect_key and frame.key is not None:
            path = frame.member
        else:
            path = frame.pointer or ""
        if len(text) > self.limits.max_string:
            message = (
                f"a text of {len(text):,} characters is longer than the limit of"
                f" {self.limits.max_string:,}"
            )
            self.add("yaml-string-too-long", message, *where, path=path)
            self.fatal = True
        if style == '"' and _BAD_ESCAPED.search(text):
            self.check_escapes(event, text, where, path)
        tag = event.tag
        if tag is None:
            value = text if style else _resolve_plain(text)
        elif tag == _NON_SPECIFIC:
            return text
        elif tag in _SCALAR_TAGS:
            value = _resolve_tagged(tag, text)
            if value is _NO_VALUE:
                message = f"the tag '{_short_tag(tag)}' does not fit the value {text!r}"
                self.add("yaml-tag", message, *where, path=path)
                value = text if style else _resolve_plain(text)
        else:
            message = f"the tag '{_short_tag(tag)}' is not allowed"
            self.add("yaml-tag", message, *where, path=path)
            value = text if style else _resolve_plain(text)
        if value is _TOO_LARGE:
            self.too_large(text, where, path)
            return text
        return value

    def too_large(self, text: str, where: tuple[int, int], path: str) -> None:
        """Report a number too large to read; the file's data is then not used."""
        shown = text if len(text) <= 20 else f"{text[:12]}…"
        if _INT_DEC.fullmatch(text):
            size = f"{len(text.lstrip('+-')):,} digits"
        elif _INT_HEX.fullmatch(text) or _INT_OCT.fullmatch(text):
            size = f"{len(text) - 2:,} digits"
        else:
            size = "more than a number can hold"
        message = f"the number {shown} ({size}) is too large to read; no record needs one so large"
        self.add("yaml-number", message, *where, path=path)
        self.fatal = True

    def check_escapes(self, event: Any, text: str, where: tuple[int, int], path: str) -> None:
        """Report characters that a double-quoted escape (``\\a``, ``\\N``...) put in the text."""
        source = self.text[event.start_mark.index : event.end_mark.index]
        reported: set[str] = set()
        for match in _BAD_ESCAPED.finditer(text):
            char = match.group()
            if char in reported or (char != "\r" and char in source):
                continue  # written literally: reported where it stands
            reported.add(char)
            self.add(
                "yaml-bad-character",
                f"an escape in this quoted text makes {_describe_char(char)},"
                " which a Word document cannot hold or YAML changes",
                *where,
                path=path,
            )

    def check_collection_tag(
        self, tag: str | None, is_map: bool, where: tuple[int, int], pointer: str | None
    ) -> None:
        if tag is None or tag == _NON_SPECIFIC or tag == (_TAG_MAP if is_map else _TAG_SEQ):
            return
        self.add(
            "yaml-tag", f"the tag {_short_tag(tag)!r} is not allowed", *where, path=pointer or ""
        )

    def take_key(self, frame: _Frame, key: Any, where: tuple[int, int], source: str) -> None:
        """Accept a mapping key, or report why it cannot be one (its value is then skipped)."""
        frame.expect_key = False
        if type(key) is not str:
            frame.key = None
            if key is None:
                message = "a key is empty or null; keys must be text"
            else:
                kind = "true/false" if isinstance(key, bool) else "a number"
                message = f"the key {source!r} is read as {kind}, not text"
            self.add("yaml-key-type", message, *where, path=frame.pointer or "")
            return
        member = f"{frame.pointer}/{escape_pointer_token(key)}"
        if key in frame.container:
            frame.key = None
            first = self.key_positions[member][0]
            message = f"key {key!r} appears twice: first on line {first}, again on line {where[0]}"
            self.add("yaml-duplicate-key", message, *where, path=member)
            return
        frame.key = key
        frame.member = member
        self.key_positions[member] = where

    def refuse_anchor(self, name: str, mark: Any, *, anchor: bool) -> None:
        self.fatal = True
        self.alias_count += 1
        if self.alias_count > _MAX_REPEATS:
            return
        what = f"the anchor '&{name}'" if anchor else f"the alias '*{name}'"
        message = f"{what} is not allowed: records do not use anchors or aliases"
        self.add("yaml-alias", message, mark.line + 1, mark.column + 1)


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


def _decode(raw: bytes, file: str, findings: list[Finding]) -> str | None:
    """The text of ``raw`` (UTF-8, BOM stripped), or None after reporting why there is none."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or 0 in raw[:2]:
        message = "the file is saved as UTF-16 or UTF-32, not UTF-8"
        findings.append(_finding("yaml-encoding", message, file, 1, 1))
        return None
    body = raw[len(_UTF8_BOM) :] if raw.startswith(_UTF8_BOM) else raw
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        # Are encoded surrogates all that is wrong? Then name them like other bad characters.
        text = body.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError as error:
        line_start = body.rfind(b"\n", 0, error.start) + 1
        line = body.count(b"\n", 0, line_start) + 1
        column = len(body[line_start : error.start].decode("utf-8", "replace")) + 1
        message = (
            f"byte 0x{body[error.start]:02X} is not valid UTF-8: the file seems to be saved in"
            " another encoding (such as Windows-1252 or Latin-1)"
        )
        findings.append(_finding("yaml-encoding", message, file, line, column))
        return None
    findings.extend(_bad_char_findings(text, file))
    return None


def _bad_char_findings(text: str, file: str) -> list[Finding]:
    """One finding per character of the file that a Word document cannot hold or YAML changes."""
    found: list[Finding] = []
    count = 0
    for match in _BAD_CHAR.finditer(text):
        count += 1
        if count > _MAX_REPEATS:
            continue
        line, column = _line_col(text, match.start())
        message = (
            f"the file contains {_describe_char(match.group())}, which a Word document cannot"
            " hold or YAML changes"
        )
        found.append(_finding("yaml-bad-character", message, file, line, column))
    _count_rest(found, count, "such characters")
    return found


def _count_rest(found: list[Finding], total: int, noun: str) -> None:
    """When only the first findings of a kind were kept, say on the last one how many follow."""
    if total > len(found) and found:
        last = found[-1]
        found[-1] = last.replace(message=f"{last.message} (and {total - len(found)} more {noun})")


def load_yaml(raw: bytes, *, file: str = "", limits: Limits = DEFAULT_LIMITS) -> LoadResult:
    """Load one YAML record from its bytes; never raises for bad input."""
    findings: list[Finding] = []
    if len(raw) > limits.max_bytes:
        message = f"the file is {len(raw):,} bytes, more than the limit of {limits.max_bytes:,}"
        return LoadResult(None, (_finding("yaml-too-large", message, file, 1, 1),))
    text = _decode(raw, file, findings)
    if text is None:
        return LoadResult(None, _sorted(findings))
    findings.extend(_bad_char_findings(text, file))
    bad_chars = bool(findings)

    # Once reported, YAML's extra line breaks are hidden from the parser (one character for one)
    # so that every position counts lines by "\n", as the reports and editors do.
    loader = _Loader(_YAML_ONLY_BREAKS.sub("\ufffd", text) if bad_chars else text, file, limits)
    loader.run()
    error = loader.syntax_error
    if error is not None and bad_chars:
        # libyaml stumbles on such characters; their own findings say all there is to say.
        return LoadResult(None, _sorted(findings))
    aliases = [finding for finding in loader.findings if finding.rule == "yaml-alias"]
    _count_rest(aliases, loader.alias_count, "anchors or aliases")
    findings.extend(finding for finding in loader.findings if finding.rule != "yaml-alias")
    findings.extend(aliases)
    if error is not None:
        findings.extend(_syntax_findings(error, text, file, loader.block_scalar_lines))
    elif "\t" in text:
        findings.extend(_tab_findings(text.split("\n"), file, loader.block_scalar_lines))
    if loader.fatal:
        return LoadResult(None, _sorted(findings))

    root = loader.root
    if root is _NO_VALUE or loader.root_empty:
        message = "the file holds no data (it is empty or only comments)"
        findings.append(_finding("yaml-empty", message, file, 1, 1))
        return LoadResult(None, _sorted(findings))
    if not isinstance(root, dict):
        shown = "a list" if isinstance(root, list) else "a single value"
        message = f"the file holds {shown}, not a mapping of 'key: value' entries"
        findings.append(_finding("yaml-not-mapping", message, file, *loader.root_position))
        return LoadResult(None, _sorted(findings))
    document = Document(
        data=root,
        positions=MappingProxyType(loader.positions),
        key_positions=MappingProxyType(loader.key_positions),
        text=text,
    )
    return LoadResult(document, _sorted(findings))


def _syntax_findings(
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
        message = _plain_syntax_message(error)
    else:
        position = getattr(error, "position", None)
        line, column = _line_col(text, position) if isinstance(position, int) else (1, 1)
        message = f"the YAML is not well-formed: {error}"
    lines = text.split("\n")
    if _LEADING_TAB.match(_line_text(text, line)) is not None:
        return _tab_findings(lines, file, [*blocks, *_blocks_by_indent(lines, line + 1)])
    found = _tab_findings(lines[: line - 1], file, blocks)
    problem = (
        _indentation_problem(error, lines) if isinstance(error, yaml.MarkedYAMLError) else None
    )
    if problem is not None:
        line, column, message = problem
    found.append(_finding("yaml-syntax", message, file, line, column))
    return found


def _tab_findings(lines: list[str], file: str, blocks: list[tuple[int, int]]) -> list[Finding]:
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
        if total <= _MAX_REPEATS:
            message = f"line {number} is indented with a tab; YAML indentation must be spaces"
            column = len(match.group(1)) + 1
            found.append(_finding("yaml-tab-indent", message, file, number, column))
    _count_rest(found, total, "lines indented with tabs")
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
    if key is None or line.lstrip(" ").startswith("-"):
        return None
    above = [n for n in range(number - 1, 0, -1) if _content_line(lines[n - 1])]
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
    over = _indent(lines[previous - 1]) < column
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
            f" has its value: start it in column {_indent(lines[previous - 1]) + 1}, in line"
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


def _sorted(findings: list[Finding]) -> tuple[Finding, ...]:
    return tuple(sorted(findings, key=Finding.sort_key))


_KINDS: Final = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)
_OPEN_FLAGS: Final = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO or device swapped in after the check cannot block
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def _not_a_file(mode: int) -> OSError:
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    return OSError(f"it is {kind}, not a file; only regular files are read")


def read_regular(path: Path, limit: int) -> bytes:
    """At most ``limit`` bytes of the regular file at ``path`` (a symbolic link is followed).

    Anything else (a folder, a FIFO, a device, a socket) is refused by name before it is opened,
    since opening or reading one can block for ever or act on a device; and the file opened is
    checked again, in case the path was swapped after the check. Raises OSError, with a reason a
    person can read, for every path it does not read.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise OSError("it is a symbolic link that loops back on itself") from error
        if isinstance(error, FileNotFoundError) and os.path.islink(path):
            target = os.readlink(path)
            raise OSError(f"it is a symbolic link to {target}, which does not exist") from error
        raise
    if not stat.S_ISREG(mode):
        raise _not_a_file(mode)
    descriptor = os.open(path, _OPEN_FLAGS)
    with open(descriptor, "rb") as stream:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise _not_a_file(mode)
        return stream.read(limit)


def load_file(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> LoadResult:
    """Read and load one record file; an unreadable file is a finding, never an exception."""
    file = str(path)
    try:
        raw = read_regular(path, limits.max_bytes + 1)
    except (OSError, ValueError) as error:  # ValueError: a NUL byte in the path
        reason = (error.strerror if isinstance(error, OSError) else None) or str(error)
        message = f"cannot read {file}: {reason}"
        return LoadResult(None, (_finding("file-unreadable", message, file, 0, 0),))
    if len(raw) > limits.max_bytes:
        # Not read to the end: say how big it is without reading more.
        try:
            size = max(path.stat().st_size, len(raw))
        except OSError:
            size = len(raw)
        message = f"the file is {size:,} bytes, more than the limit of {limits.max_bytes:,}"
        return LoadResult(None, (_finding("yaml-too-large", message, file, 1, 1),))
    return load_yaml(raw, file=file, limits=limits)
