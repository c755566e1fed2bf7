"""The bad-input corpus: each file through the real command line, with the outcome it must get.

``expected.yaml`` holds the table: file, rule id, exit code, and words the findings must contain.
Small files are kept in ``corpus/``; large and binary ones are written here at test time. Files
with the same exit code are checked in one run of ``hmip-docs validate``, once with the JSON
report (to read each file's findings) and once with the text report (what a person sees).
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from hmip_docs.load.yamlload import DEFAULT_LIMITS
from tests.conftest import RECORDS, hmip

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CORPUS = HERE / "corpus"
RECORD = RECORDS / "2021-22" / "consultation-response.yaml"
TEMPLATE = ROOT / "templates" / "consultation-response.docx"


@dataclass(frozen=True)
class Expected:
    """One row of expected.yaml."""

    name: str
    rule: str | None = None
    exit: int = 1
    says: str = ""
    role: str = "record"
    generated: bool = False


def _table() -> dict[str, Expected]:
    raw = yaml.safe_load((HERE / "expected.yaml").read_text(encoding="utf-8"))
    return {name: Expected(name=name, **row) for name, row in raw.items()}


TABLE = _table()


# ------------------------------------------------------------------------- generated inputs


def _record_line(text: str) -> bytes:
    return f"schema_version: 1\nheadings:\n  introduction: {text}\n".encode()


def _deep_block(depth: int) -> bytes:
    # "- - - x": each "- " opens a list inside the previous one, on one short line.
    return ("- " * depth + "x\n").encode()


GENERATORS: dict[str, Callable[[], bytes]] = {
    "raw-control.yaml": lambda: _record_line("Intro\x01duction"),
    "raw-terminal-escape.yaml": lambda: _record_line("\x1b[2J\x1b]0;owned\x07Introduction"),
    "raw-nul.yaml": lambda: _record_line("Intro\x00duction"),
    "raw-form-feed.yaml": lambda: _record_line("Intro\x0cduction") + b"  summary: Sum\x01mary\n",
    "raw-nonchar.yaml": lambda: _record_line("Introduction \ufffe"),
    "raw-surrogate.yaml": lambda: _record_line("Introduction ").rstrip(b"\n") + b"\xed\xa0\x80\n",
    "latin1.yaml": lambda: "schema_version: 1\nheadings:\n  introduction: Café\n".encode("latin-1"),
    "windows-1252.yaml": lambda: (
        "schema_version: 1\nheadings:\n  introduction: \u201cQuoted\u201d\n".encode("cp1252")
    ),
    "utf16-le-bom.yaml": lambda: "schema_version: 1\n".encode("utf-16"),
    "utf16-be-bom.yaml": lambda: b"\xfe\xff" + "schema_version: 1\n".encode("utf-16-be"),
    "utf16-le-no-bom.yaml": lambda: "schema_version: 1\n".encode("utf-16-le"),
    "utf32-le-bom.yaml": lambda: "schema_version: 1\n".encode("utf-32"),
    "random-bytes.bin": lambda: random.Random(20210922).randbytes(64 * 1024),
    "word-document.bin": TEMPLATE.read_bytes,
    "png-image.bin": lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
    "nul-bytes.bin": lambda: bytes(4096),
    "string-past-limit.yaml": lambda: (
        b"schema_version: 1\nheadings:\n  introduction: " + b"x" * (DEFAULT_LIMITS.max_string + 1)
    ),
    "file-past-limit.yaml": lambda: (
        b"schema_version: 1\n" + b"# padding\n" * (DEFAULT_LIMITS.max_bytes // 10 + 1)
    ),
    "number-past-digit-limit.yaml": lambda: b"schema_version: " + b"9" * 5000 + b"\n",
    "flow-nesting-10000.yaml": lambda: b"a: " + b"[" * 10_000 + b"]" * 10_000 + b"\n",
    "block-nesting-10000.yaml": lambda: _deep_block(10_000),
    "record-crlf-bom.yaml": lambda: b"\xef\xbb\xbf" + RECORD.read_bytes().replace(b"\n", b"\r\n"),
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with the shipped records, and every corpus file under ``corpus/``."""
    root = tmp_path_factory.mktemp("corpus-project")
    shutil.copytree(RECORDS, root / "records")
    shutil.copytree(CORPUS, root / "corpus")
    for name, generate in GENERATORS.items():
        (root / "corpus" / name).write_bytes(generate())
    return root


def run_cli(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real command line in a child process (no colour, UTF-8 output whatever the locale)."""
    return hmip(cwd, *args, env={"NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"})


def assert_no_crash(result: subprocess.CompletedProcess[str]) -> None:
    """No traceback, no internal error, and an exit code the CLI documents."""
    both = result.stdout + result.stderr
    assert result.returncode in (0, 1, 2), both[-2000:]
    assert "Traceback" not in both, both[-4000:]
    assert "internal-error" not in both, both[-4000:]


def _groups(role: str) -> dict[int, list[Expected]]:
    groups: dict[int, list[Expected]] = defaultdict(list)
    for row in TABLE.values():
        if row.role == role:
            groups[row.exit].append(row)
    return dict(groups)


RECORD_GROUPS = _groups("record")


# ------------------------------------------------------------------------- the table itself


def test_every_corpus_file_has_an_expected_outcome() -> None:
    committed = {p.name for p in CORPUS.iterdir()}
    listed = {name for name, row in TABLE.items() if not row.generated}
    assert committed == listed
    assert {name for name, row in TABLE.items() if row.generated} == set(GENERATORS)
    for row in TABLE.values():
        assert row.exit in (0, 1, 2), row
        assert (row.rule is None) == (row.exit == 0), row
        assert row.role in ("record", "registry"), row


def test_big_inputs_are_generated_not_committed() -> None:
    assert all(p.stat().st_size < 4096 for p in CORPUS.iterdir())


# ------------------------------------------------------------------------- records


def _findings_by_file(report: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for finding in report["findings"]:
        out[finding["file"]].append(finding)
    return out


@pytest.mark.parametrize("code", sorted(RECORD_GROUPS))
def test_records_get_their_outcome(project: Path, code: int) -> None:
    rows = RECORD_GROUPS[code]
    files = [f"corpus/{row.name}" for row in rows]
    result = run_cli(project, "validate", "--format", "json", *files)
    assert_no_crash(result)
    assert result.returncode == code, result.stderr
    by_file = _findings_by_file(json.loads(result.stdout))
    problems: list[str] = []
    for row, file in zip(rows, files, strict=True):
        found = by_file.get(file, [])
        rules = {f["rule"] for f in found if not f["suppressed"]}
        errors = {f["rule"] for f in found if not f["suppressed"] and f["severity"] == "error"}
        if row.rule is None and errors:
            problems.append(f"{row.name}: expected no errors, got {sorted(errors)}")
        elif row.rule is not None and row.rule not in rules:
            problems.append(f"{row.name}: expected [{row.rule}], got {sorted(rules)}")
        words = " ".join(f"{f['message']} {f['hint']}" for f in found)
        if row.says and row.says not in words:
            problems.append(f"{row.name}: the findings do not say {row.says!r}: {words[:300]}")
    assert not problems, "\n".join(problems)
    # Nothing in the corpus may make the tool run what it reads.
    assert not (project / "pwned.txt").exists()


@pytest.mark.parametrize("code", sorted(RECORD_GROUPS))
def test_text_report_names_each_file_and_rule(project: Path, code: int) -> None:
    rows = RECORD_GROUPS[code]
    result = run_cli(project, "validate", *(f"corpus/{row.name}" for row in rows))
    assert_no_crash(result)
    assert result.returncode == code
    for row in rows:
        if row.rule is not None:
            assert f"corpus/{row.name}:" in result.stdout, row.name
            assert f"[{row.rule}]" in result.stdout, row.name


def test_terminal_control_characters_are_not_echoed(project: Path) -> None:
    """The code frame of a file with escape sequences must not pass them to the terminal."""
    result = run_cli(project, "validate", "corpus/raw-terminal-escape.yaml")
    assert_no_crash(result)
    assert "[yaml-bad-character]" in result.stdout
    assert "\x1b" not in result.stdout + result.stderr
    assert "\u241b[2J" in result.stdout  # shown as a symbol instead


def test_code_frames_show_the_line_reported(project: Path) -> None:
    """A form feed (a line break to Python, not to YAML) does not shift the lines shown."""
    result = run_cli(project, "validate", "corpus/raw-form-feed.yaml")
    assert_no_crash(result)
    framed = [line for line in result.stdout.splitlines() if line.startswith("  > ")]
    assert framed == [
        "  > 3 |   introduction: Intro\u240cduction",
        "  > 4 |   summary: Sum\u2401mary",
    ]


# ------------------------------------------------------------------------- registries


@pytest.mark.parametrize(
    "row", [row for row in TABLE.values() if row.role == "registry"], ids=lambda row: row.name
)
def test_registries_get_their_outcome(project: Path, tmp_path: Path, row: Expected) -> None:
    shutil.copytree(RECORDS, tmp_path / "records")
    registry = tmp_path / "registry.yaml"
    shutil.copyfile(project / "corpus" / row.name, registry)
    (tmp_path / ".hmip-docs.yaml").write_text("registry: registry.yaml\n", encoding="utf-8")
    result = run_cli(tmp_path, "validate", "--format", "json")
    assert_no_crash(result)
    assert result.returncode == row.exit
    found = _findings_by_file(json.loads(result.stdout)).get("registry.yaml", [])
    assert row.rule in {f["rule"] for f in found}, found
    if row.says:
        assert row.says in " ".join(f["message"] for f in found)
