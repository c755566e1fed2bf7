"""What the loader says: the plain words for libyaml's syntax errors, the hint of every rule the
loader reports, and the names of characters a person cannot see.

The tables are data: a parser message not listed here is still reported, in the parser's words.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import yaml

from hmip_docs.core.findings import Finding, Severity

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

HINTS: Final[Mapping[str, str]] = {
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


def finding(rule: str, message: str, file: str, line: int, column: int, path: str = "") -> Finding:
    return Finding(
        rule=rule,
        severity=Severity.ERROR,
        message=message,
        hint=HINTS[rule],
        file=file,
        line=line,
        column=column,
        path=path,
    )


def syntax_message(error: yaml.MarkedYAMLError) -> str:
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


def describe_char(char: str) -> str:
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


MAX_REPEATS: Final = 10
"""At most this many findings of one rule are reported one by one; the last one counts the rest."""


def count_rest(found: list[Finding], total: int, noun: str) -> None:
    """When only the first findings of a kind were kept, say on the last one how many follow."""
    if total > len(found) and found:
        last = found[-1]
        found[-1] = last.replace(message=f"{last.message} (and {total - len(found)} more {noun})")
