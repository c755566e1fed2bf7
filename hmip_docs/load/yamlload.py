"""Turn the bytes of one YAML record into plain Python data, with the position of every value.

The entry points and the types they return. The work is done by the modules beside this one:
``files`` reads a regular file only; ``decoding`` reads its bytes as UTF-8 text and reports the
characters a Word document cannot hold; ``events`` converts libyaml's event stream (parsing is
libyaml's, through PyYAML) into data with positions, typed by ``scalars`` under the YAML 1.2 core
schema; ``syntax`` says a parse failure of the line the author wrote; ``messages`` holds the
words. Every problem is returned as a :class:`~hmip_docs.core.findings.Finding` with a 1-based
line and column and a hint; nothing here raises for a bad file.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final, NamedTuple

from hmip_docs.core.findings import Finding
from hmip_docs.load.decoding import YAML_ONLY_BREAKS, bad_char_findings, decode
from hmip_docs.load.events import Converter
from hmip_docs.load.files import read_regular
from hmip_docs.load.messages import count_rest, finding
from hmip_docs.load.scalars import NO_VALUE
from hmip_docs.load.syntax import syntax_findings, tab_findings

__all__ = [
    "DEFAULT_LIMITS",
    "Document",
    "Limits",
    "LoadResult",
    "load_file",
    "load_yaml",
]


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


def load_yaml(raw: bytes, *, file: str = "", limits: Limits = DEFAULT_LIMITS) -> LoadResult:
    """Load one YAML record from its bytes; never raises for bad input."""
    findings: list[Finding] = []
    if len(raw) > limits.max_bytes:
        message = f"the file is {len(raw):,} bytes, more than the limit of {limits.max_bytes:,}"
        return LoadResult(None, (finding("yaml-too-large", message, file, 1, 1),))
    text = decode(raw, file, findings)
    if text is None:
        return LoadResult(None, _sorted(findings))
    findings.extend(bad_char_findings(text, file))
    bad_chars = bool(findings)

    # Once reported, YAML's extra line breaks are hidden from the parser (one character for one)
    # so that every position counts lines by "\n", as the reports and editors do.
    loader = Converter(YAML_ONLY_BREAKS.sub("\ufffd", text) if bad_chars else text, file, limits)
    loader.run()
    error = loader.syntax_error
    if error is not None and bad_chars:
        # libyaml stumbles on such characters; their own findings say all there is to say.
        return LoadResult(None, _sorted(findings))
    aliases = [found for found in loader.findings if found.rule == "yaml-alias"]
    count_rest(aliases, loader.alias_count, "anchors or aliases")
    findings.extend(found for found in loader.findings if found.rule != "yaml-alias")
    findings.extend(aliases)
    if error is not None:
        findings.extend(syntax_findings(error, text, file, loader.block_scalar_lines))
    elif "\t" in text:
        findings.extend(tab_findings(text.split("\n"), file, loader.block_scalar_lines))
    if loader.fatal:
        return LoadResult(None, _sorted(findings))

    root = loader.root
    if root is NO_VALUE or loader.root_empty:
        message = "the file holds no data (it is empty or only comments)"
        findings.append(finding("yaml-empty", message, file, 1, 1))
        return LoadResult(None, _sorted(findings))
    if not isinstance(root, dict):
        shown = "a list" if isinstance(root, list) else "a single value"
        message = f"the file holds {shown}, not a mapping of 'key: value' entries"
        findings.append(finding("yaml-not-mapping", message, file, *loader.root_position))
        return LoadResult(None, _sorted(findings))
    document = Document(
        data=root,
        positions=MappingProxyType(loader.positions),
        key_positions=MappingProxyType(loader.key_positions),
        text=text,
    )
    return LoadResult(document, _sorted(findings))


def _sorted(findings: list[Finding]) -> tuple[Finding, ...]:
    return tuple(sorted(findings, key=Finding.sort_key))


def load_file(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> LoadResult:
    """Read and load one record file; an unreadable file is a finding, never an exception."""
    file = str(path)
    try:
        raw = read_regular(path, limits.max_bytes + 1)
    except (OSError, ValueError) as error:  # ValueError: a NUL byte in the path
        reason = (error.strerror if isinstance(error, OSError) else None) or str(error)
        message = f"cannot read {file}: {reason}"
        return LoadResult(None, (finding("file-unreadable", message, file, 0, 0),))
    if len(raw) > limits.max_bytes:
        # Not read to the end: say how big it is without reading more.
        try:
            size = max(path.stat().st_size, len(raw))
        except OSError:
            size = len(raw)
        message = f"the file is {size:,} bytes, more than the limit of {limits.max_bytes:,}"
        return LoadResult(None, (finding("yaml-too-large", message, file, 1, 1),))
    return load_yaml(raw, file=file, limits=limits)
