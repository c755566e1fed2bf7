"""Each field that reaches a pattern, at the largest size the loader accepts, in its worst shapes,
through the real command line: ``validate``, ``docx`` and ``text`` finish within a time bound.

The loader accepts a text of up to ``Limits.max_string`` characters (1,048,576) in a file of up to
``Limits.max_bytes``; every field below is filled to that length with a shape that made a
backtracking pattern quadratic (40,000 ``[`` took 17 s in the markup parser before it was made
linear; a million would have taken hours). ``tests/robustness/test_linear_time.py`` feeds every
pattern of the package its worst shapes on its own; this test feeds them to the program the way
a record does. ``BOUND`` is generous (the runs take a few seconds) and far below what the
quadratic versions took.
"""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

import docx
import pytest

from hmip_docs.load.yamlload import DEFAULT_LIMITS
from tests.conftest import RECORD, REGISTRY, TEMPLATE
from tests.robustness.bounded import run_within

MAX = DEFAULT_LIMITS.max_string
BOUND = 180.0
"""Seconds one command may take over all the records below (they take a few seconds each)."""

FEEDBACK_END = "    repetition but also recognises the strength of the independent perspective.\n"


def _filled(unit: str, end: str = "", start: str = "") -> str:
    """``unit`` repeated so that ``start``, the repeats and ``end`` are ``MAX`` characters."""
    count = (MAX - len(start) - len(end)) // len(unit)
    return start + unit * count + end


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _paragraph(text: str) -> tuple[str, str]:
    """One more paragraph of prose (the last one of the feedback)."""
    return FEEDBACK_END, f"{FEEDBACK_END}  - {_quoted(text)}\n"


# Each case: edits of the 2021/22 record (old text, new text), and the fields they fill.
CASES: dict[str, list[tuple[str, str]]] = {
    # Prose: the markup parser, placeholders, the years in prose, the output rules' patterns,
    # the Markdown escapes.
    "prose-brackets": [_paragraph(_filled("["))],
    "prose-link-open": [_paragraph(_filled("[a"))],
    "prose-link-unclosed": [_paragraph(_filled("[a][b"))],
    "prose-link-escapes": [_paragraph(_filled("[\\]", "][x]"))],
    "prose-braces": [_paragraph(_filled("{a"))],
    "prose-backslashes": [_paragraph(_filled("\\"))],
    "prose-stars": [_paragraph(_filled("**"))],
    "prose-years": [_paragraph(_filled("2021/"))],
    "prose-typed-number": [_paragraph(_filled("1.", "x"))],
    "prose-blank-start": [_paragraph(_filled(" ", "x", start="x"))],
    "prose-hashes": [_paragraph(_filled("#"))],
    "prose-tags": [_paragraph(_filled("{{%"))],
    # A link's text (is it a bare address?) and its address (the uri format, Markdown's <…>).
    "link-text-address": [_paragraph(_filled("a.", "][corporate-plan]", start="[www."))],
    "link-text-email": [_paragraph(_filled("a.", "][corporate-plan]", start="[a@"))],
    "link-address": [
        (
            '  corporate-plan:\n    address: ""',
            "  corporate-plan:\n    address: " + _quoted(_filled("a", " ", start="https://")),
        )
    ],
    # Plain text: a heading Markdown would end with its closing "#".
    "heading-hashes": [("heading: Probation inspection\n", f"heading: {_quoted(_filled('#'))}\n")],
    # Fields with schema patterns, which python-jsonschema runs when the record is invalid.
    "id": [("  - id: thematic\n", f"  - id: {_quoted(_filled('a-', '!'))}\n")],
    "programme-year": [
        ("  programme_year: 2021/2022\n", f"  programme_year: {_quoted(_filled('2021/'))}\n")
    ],
    "published": [("  published: 2021-09\n", f"  published: {_quoted(_filled('2021-0'))}\n")],
    "date": [
        ("  letter_issued: 2021-03-22\n", f"  letter_issued: {_quoted(_filled('2021-03-', '!'))}\n")
    ],
    # Plain scalars the loader types: a number of a million digits, a float.
    "integer": [("schema_version: 2\n", f"schema_version: {_filled('1')}\n")],
    "float": [("schema_version: 2\n", f"schema_version: {_filled('1', start='1.')}\n")],
    # A key: looked up among the known ones for a "did you mean".
    "key": [("schema_version: 2\n", f"schema_version: 2\n? {_filled('a ', 'x')}\n: 1\n")],
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with one record per case (a series named after it: records/NAME/2021-22/)."""
    root = tmp_path_factory.mktemp("field-sizes")
    (root / "records").mkdir()
    (root / "records" / "organisations.yaml").write_bytes(REGISTRY.read_bytes())
    (root / "records" / "decisions.yaml").write_bytes(
        REGISTRY.with_name("decisions.yaml").read_bytes()
    )
    (root / "templates").mkdir()
    (root / "templates" / TEMPLATE.name).write_bytes(TEMPLATE.read_bytes())
    source = RECORD.read_text(encoding="utf-8")
    for name, edits in CASES.items():
        text = source
        for old, new in edits:
            assert text.count(old) == 1, (name, old)
            text = text.replace(old, new)
        folder = root / "records" / name / "2021-22"
        folder.mkdir(parents=True)
        (folder / RECORD.name).write_text(text, encoding="utf-8")
        assert len(text.encode()) <= DEFAULT_LIMITS.max_bytes, name
    return root


def timed(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_within(BOUND, cwd, *args)


def _record(name: str) -> str:
    return f"records/{name}/2021-22/{RECORD.name}"


def _findings(stdout: str) -> dict[str, list[dict[str, object]]]:
    """The standing findings of a JSON report, by case."""
    findings: dict[str, list[dict[str, object]]] = {name: [] for name in CASES}
    for finding in json.loads(stdout)["findings"]:
        name = str(finding["file"]).split("/")[1]
        if name in findings and not finding["suppressed"]:
            findings[name].append(finding)
    return findings


def _errors(found: list[dict[str, object]]) -> set[object]:
    return {f["rule"] for f in found if f["severity"] == "error"}


# The findings that show a case's field reached the check with the pattern.
REFUSED = {
    "prose-stars": "blank-text",
    "prose-braces": "markup",  # a brace that opens or closes no placeholder
    "prose-tags": "markup",
    "prose-link-escapes": "link-reference",
    "link-text-address": "link-text",
    "link-address": "link-address-invalid",
    "id": "bad-format",
    "programme-year": "bad-format",
    "published": "bad-format",
    "date": "bad-format",
    "integer": "yaml-number",  # past the digits Python converts: refused as a number
    "float": "wrong-type",
    "key": "unknown-field",
}


def test_validate_and_docx_take_every_field_at_its_largest(project: Path) -> None:
    result = timed(project, "validate", "--format", "json")
    assert result.returncode == 1, result.stderr
    report = _findings(result.stdout)
    for name, found in report.items():
        assert "yaml-string-too-long" not in _errors(found), name  # each at the limit, not past
        if name in REFUSED:
            assert REFUSED[name] in _errors(found), (name, found[:3])
    valid = {name for name, found in report.items() if not _errors(found)}
    assert valid == set(CASES) - set(REFUSED)

    result = timed(project, "docx", "--out-dir", "out")
    assert result.returncode == 1, result.stderr  # some records are invalid
    assert sorted(path.name for path in (project / "out").iterdir()) == sorted(
        f"{RECORD.stem}-{name}-2021-22.docx" for name in valid
    )
    for name in valid:
        document = docx.Document(
            io.BytesIO((project / "out" / f"{RECORD.stem}-{name}-2021-22.docx").read_bytes())
        )
        longest = max(len(p.text) for p in document.paragraphs)
        assert longest >= MAX // 2, name  # the field is printed


@pytest.mark.parametrize("name", sorted(set(CASES) - set(REFUSED)))
def test_text_prints_every_valid_case(project: Path, name: str) -> None:
    result = timed(project, "text", _record(name))
    assert result.returncode in (0, 1), result.stderr
