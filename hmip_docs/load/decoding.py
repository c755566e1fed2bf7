"""The file's bytes read as text: UTF-8 only, and no character a Word document cannot hold or
YAML changes. Each problem is a finding with its line and column."""

from __future__ import annotations

import re
from typing import Final

from hmip_docs.core.findings import Finding
from hmip_docs.load.messages import MAX_REPEATS, count_rest, describe_char, finding

BAD_CHAR: Final = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]"
)
BAD_ESCAPED: Final = re.compile(f"[\r{BAD_CHAR.pattern[1:-1]}]")
"""What an escape must not make: the characters above, and a carriage return (``\\r``), which
XML turns into a line feed. A carriage return in the file itself is part of a line break."""
YAML_ONLY_BREAKS: Final = re.compile("[\x85\u2028\u2029]")
"""Characters YAML reads as line breaks and "\n"-counting reports do not (all in BAD_CHAR)."""
_UTF8_BOM: Final = b"\xef\xbb\xbf"


def line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column (in characters) of ``text[index]``; lines end at LF (or CRLF)."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, line_start) + 1, index - line_start + 1


def line_text(text: str, line: int) -> str:
    """The text of 1-based ``line``, without its line break ("" past the end)."""
    start = 0
    for _ in range(line - 1):
        start = text.find("\n", start) + 1
        if start == 0:
            return ""
    end = text.find("\n", start)
    return text[start:] if end < 0 else text[start:end]


def decode(raw: bytes, file: str, findings: list[Finding]) -> str | None:
    """The text of ``raw`` (UTF-8, BOM stripped), or None after reporting why there is none."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or 0 in raw[:2]:
        message = "the file is saved as UTF-16 or UTF-32, not UTF-8"
        findings.append(finding("yaml-encoding", message, file, 1, 1))
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
        findings.append(finding("yaml-encoding", message, file, line, column))
        return None
    findings.extend(bad_char_findings(text, file))
    return None


def bad_char_findings(text: str, file: str) -> list[Finding]:
    """One finding per character of the file that a Word document cannot hold or YAML changes."""
    found: list[Finding] = []
    count = 0
    for match in BAD_CHAR.finditer(text):
        count += 1
        if count > MAX_REPEATS:
            continue
        line, column = line_col(text, match.start())
        message = (
            f"the file contains {describe_char(match.group())}, which a Word document cannot"
            " hold or YAML changes"
        )
        found.append(finding("yaml-bad-character", message, file, line, column))
    count_rest(found, count, "such characters")
    return found
