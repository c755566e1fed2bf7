"""Convert libyaml's event stream into plain data with the position of every value.

The stream is converted without recursion, which lets the loader stop cheaply at the first sign
of trouble: nesting too deep, a text too long, anchors and aliases (refused outright, so an
"alias bomb" costs nothing), tags, keys that are not text, keys written twice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

import yaml

from hmip_docs.core.findings import Finding
from hmip_docs.core.pointers import escape_token
from hmip_docs.load.decoding import BAD_ESCAPED
from hmip_docs.load.messages import MAX_REPEATS, describe_char, finding
from hmip_docs.load.scalars import (
    INT_DEC,
    INT_HEX,
    INT_OCT,
    NO_VALUE,
    NON_SPECIFIC,
    SCALAR_TAGS,
    TAG_MAP,
    TAG_SEQ,
    TOO_LARGE,
    TYPED_START,
    resolve_plain,
    resolve_tagged,
    short_tag,
)

if TYPE_CHECKING:
    from hmip_docs.load.yamlload import Limits

PARSER: Final[type[Any]] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser where PyYAML was built with it (it always is from the wheels)."""


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


class Converter:
    """Converts one text's event stream; collects data, positions and findings."""

    def __init__(self, text: str, file: str, limits: Limits) -> None:
        self.text = text
        self.file = file
        self.limits = limits
        self.findings: list[Finding] = []
        self.positions: dict[str, tuple[int, int]] = {}
        self.key_positions: dict[str, tuple[int, int]] = {}
        self.root: Any = NO_VALUE
        self.root_empty = False
        self.root_position = (1, 1)
        self.fatal = False
        """Set when the data must not be used (a bound exceeded, an alias, a syntax error)."""
        self.syntax_error: yaml.YAMLError | None = None
        self.alias_count = 0
        self.documents = 0
        self.track_blocks = "\t" in text
        """Whether to note the lines of blocks of text (only a file with tabs needs them)."""
        self.block_scalar_lines: list[tuple[int, int]] = []
        """First and last 1-based lines of each literal (|) or folded (>) block of text."""

    def add(self, rule: str, message: str, line: int, column: int, path: str = "") -> None:
        self.findings.append(finding(rule, message, self.file, line, column, path))

    def run(self) -> None:
        """Convert the whole stream, stopping at the first syntax error or exceeded depth."""
        try:
            loader = PARSER(self.text)  # the pure-Python reader checks characters right here
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

    # The loop handles the common cases (a plain scalar as a key, as a value, as a list item)
    # inline: it runs for every node of every record. Everything else has a method of its own.
    def convert(self, get_event: Callable[[], Any]) -> None:
        """Convert events until the stream ends or a reason to stop is found."""
        stack: list[_Frame] = []
        positions = self.positions
        max_string = self.limits.max_string
        track_blocks = self.track_blocks
        typed_start = TYPED_START
        scalar_event = yaml.ScalarEvent
        handlers: dict[type, Callable[[Any, list[_Frame]], bool]] = {
            yaml.MappingStartEvent: self.start_collection,
            yaml.SequenceStartEvent: self.start_collection,
            yaml.MappingEndEvent: self.end_collection,
            yaml.SequenceEndEvent: self.end_collection,
            yaml.AliasEvent: self.alias,
            yaml.DocumentStartEvent: self.document_start,
        }
        while True:
            event = get_event()
            kind = type(event)
            if kind is not scalar_event:
                if event is None or kind is yaml.StreamEndEvent:
                    return
                handler = handlers.get(kind)
                if handler is not None and handler(event, stack):
                    return
                continue
            frame = stack[-1] if stack else None
            style = event.style
            if (
                frame is None
                or frame.pointer is None
                or event.anchor is not None
                or (track_blocks and style in ("|", ">"))
            ) and self.scalar_aside(event, frame):
                continue
            assert frame is not None  # (scalar_aside took the root scalar)
            mark = event.start_mark
            where = (mark.line + 1, mark.column + 1)
            text = event.value
            if event.tag is None and style != '"' and len(text) <= max_string:
                if style or not text or text[0] not in typed_start:
                    value: Any = text if text or style else None
                else:
                    value = resolve_plain(text)
                    if value is TOO_LARGE:
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

    def scalar_aside(self, event: Any, frame: _Frame | None) -> bool:
        """What the common path leaves aside for a scalar: its anchor refused, the lines of a
        block of text noted (when the file has tabs), the root scalar taken, a scalar inside a
        skipped node passed over. True when nothing is left to do with the scalar."""
        if event.anchor is not None:
            self.refuse_anchor(event.anchor, event.start_mark, anchor=True)
        if self.track_blocks and event.style in ("|", ">"):
            end = event.end_mark
            last = end.line + 1 if end.column else end.line
            self.block_scalar_lines.append((event.start_mark.line + 2, last))
        if frame is None:
            self.take_root_scalar(event)
            return True
        if frame.pointer is None:  # inside a skipped node
            if frame.is_map:
                frame.expect_key = not frame.expect_key
            return True
        return False

    def start_collection(self, event: Any, stack: list[_Frame]) -> bool:
        """Open a mapping or list; True when nesting past the depth limit stops the run."""
        mark = event.start_mark
        where = (mark.line + 1, mark.column + 1)
        if event.anchor is not None:
            self.refuse_anchor(event.anchor, mark, anchor=True)
        frame = stack[-1] if stack else None
        is_map = type(event) is yaml.MappingStartEvent
        pointer = self.member_pointer(frame, is_map, where)
        if len(stack) >= self.limits.max_depth:
            message = f"the data is nested more than {self.limits.max_depth} levels deep"
            self.add("yaml-too-deep", message, *where, path=pointer or "")
            self.fatal = True
            return True
        if event.tag is not None:
            self.check_collection_tag(event.tag, is_map, where, pointer)
        if pointer is None:
            as_key = frame is not None and frame.is_map and frame.expect_key
            stack.append(_Frame(None, None, is_map, as_key))
            return False
        new: Any = {} if is_map else []
        self.positions[pointer] = where
        if frame is None:
            self.root = new
            self.root_position = where
        elif frame.is_map:
            frame.container[frame.key] = new
        else:
            frame.container.append(new)
        stack.append(_Frame(new, pointer, is_map, False))
        return False

    def member_pointer(
        self, frame: _Frame | None, is_map: bool, where: tuple[int, int]
    ) -> str | None:
        """The pointer of a mapping or list that opens in ``frame``; None when it is skipped (in
        a skipped node, under a refused or repeated key, or used as a key, which is refused)."""
        if frame is None:
            return ""
        if frame.pointer is None:
            return None
        if not frame.is_map:
            return f"{frame.pointer}/{len(frame.container)}"
        if frame.expect_key:
            what = "mapping" if is_map else "list"
            message = f"a key must be a plain word, not a {what}"
            self.add("yaml-key-type", message, *where, path=frame.pointer)
            return None
        return frame.member if frame.key is not None else None

    def end_collection(self, event: Any, stack: list[_Frame]) -> bool:
        """Close the innermost mapping or list."""
        done = stack.pop()
        if stack:
            parent = stack[-1]
            if done.is_key:  # the value of a refused key is skipped
                parent.expect_key = False
                parent.key = None
            elif parent.is_map:
                parent.expect_key = True
        return False

    def alias(self, event: Any, stack: list[_Frame]) -> bool:
        """Refuse an alias; it stands for nothing (None) so that later positions stay right."""
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
        return False

    def document_start(self, event: Any, stack: list[_Frame]) -> bool:
        """Count the documents; a second one is reported and stops the run."""
        self.documents += 1
        if self.documents == 1:
            return False
        mark = event.start_mark
        message = "the file holds more than one YAML document; only the first is read"
        self.add("yaml-multiple-documents", message, mark.line + 1, mark.column + 1)
        return True

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
        if style == '"' and BAD_ESCAPED.search(text):
            self.check_escapes(event, text, where, path)
        tag = event.tag
        if tag is None:
            value = text if style else resolve_plain(text)
        elif tag == NON_SPECIFIC:
            return text
        elif tag in SCALAR_TAGS:
            value = resolve_tagged(tag, text)
            if value is NO_VALUE:
                message = f"the tag '{short_tag(tag)}' does not fit the value {text!r}"
                self.add("yaml-tag", message, *where, path=path)
                value = text if style else resolve_plain(text)
        else:
            message = f"the tag '{short_tag(tag)}' is not allowed"
            self.add("yaml-tag", message, *where, path=path)
            value = text if style else resolve_plain(text)
        if value is TOO_LARGE:
            self.too_large(text, where, path)
            return text
        return value

    def too_large(self, text: str, where: tuple[int, int], path: str) -> None:
        """Report a number too large to read; the file's data is then not used."""
        shown = text if len(text) <= 20 else f"{text[:12]}…"
        if INT_DEC.fullmatch(text):
            size = f"{len(text.lstrip('+-')):,} digits"
        elif INT_HEX.fullmatch(text) or INT_OCT.fullmatch(text):
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
        for match in BAD_ESCAPED.finditer(text):
            char = match.group()
            if char in reported or (char != "\r" and char in source):
                continue  # written literally: reported where it stands
            reported.add(char)
            self.add(
                "yaml-bad-character",
                f"an escape in this quoted text makes {describe_char(char)},"
                " which a Word document cannot hold or YAML changes",
                *where,
                path=path,
            )

    def check_collection_tag(
        self, tag: str | None, is_map: bool, where: tuple[int, int], pointer: str | None
    ) -> None:
        if tag is None or tag == NON_SPECIFIC or tag == (TAG_MAP if is_map else TAG_SEQ):
            return
        self.add(
            "yaml-tag", f"the tag {short_tag(tag)!r} is not allowed", *where, path=pointer or ""
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
        member = f"{frame.pointer}/{escape_token(key)}"
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
        if self.alias_count > MAX_REPEATS:
            return
        what = f"the anchor '&{name}'" if anchor else f"the alias '*{name}'"
        message = f"{what} is not allowed: records do not use anchors or aliases"
        self.add("yaml-alias", message, mark.line + 1, mark.column + 1)
