"""Backslashes through the real command line: only the documented escapes are escapes.

A backslash before one of ``markup.ESCAPES`` prints that character; any other backslash prints as
written, in prose and in plain text, in the Word document and in the Markdown of ``text``.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest

from tests.conftest import REL, all_paragraphs, edit, hmip
from tests.robustness.test_corpus import assert_no_crash

# Written in single quotes, so that YAML hands the backslashes over as they are.
PROSE = (
    r"Files are kept in C:\Users\Public and\or \\server\share; a star: \*; a brace: "
    r"\{programme_year\}; not a tag: \{\{ x \}\}; a backslash at the end\\"
)
PRINTED = (
    r"Files are kept in C:\Users\Public and\or \server\share; a star: *; a brace: "
    r"{programme_year}; not a tag: {{ x }}; a backslash at the end"
) + "\\"
LINK = r"[the \[linked\] C:\text][impact-of-inspection]"
LINK_PRINTED = r"the [linked] C:\text"
HEADING = r"Probation inspection C:\Temp\*x*\\"  # plain text: no markup, no escapes


@pytest.fixture
def written(project: Path) -> Path:
    record = project / REL
    edit(
        record,
        "    repetition but also recognises the strength of the independent perspective.\n",
        "    repetition but also recognises the strength of the independent perspective.\n"
        f"  - '{PROSE}'\n"
        f"  - 'See {LINK}.'\n",
    )
    edit(record, "heading: Probation inspection\n", f"heading: '{HEADING}'\n")
    return project


def test_validate_accepts_backslashes_without_a_finding(written: Path) -> None:
    result = hmip(written, "validate", "--format", "json", str(REL))
    assert_no_crash(result)
    assert result.returncode == 0, result.stdout
    assert "backslash" not in result.stdout


def test_the_document_prints_them_as_written(written: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.docx"
    result = hmip(written, "docx", "-o", str(out), str(REL))
    assert_no_crash(result)
    assert result.returncode == 0, result.stdout + result.stderr
    document = docx.Document(io.BytesIO(out.read_bytes()))
    texts = [p.text for p in all_paragraphs(document)]
    assert PRINTED in texts
    assert f"See {LINK_PRINTED}." in texts
    assert HEADING in texts


def _unescape(markdown: str) -> str:
    """Markdown's own backslash escapes (before ASCII punctuation) undone, as a reader shows."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


def test_the_markdown_prints_them_as_written(written: Path) -> None:
    result = hmip(written, "text", str(REL))
    assert_no_crash(result)
    assert result.returncode == 0, result.stderr
    shown = _unescape(result.stdout)
    assert PRINTED in shown
    assert f"See {LINK_PRINTED}." in shown
    assert HEADING in shown
