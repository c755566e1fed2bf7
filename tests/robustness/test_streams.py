"""Standard streams the tool cannot write: a full disk, a closed descriptor, a reader gone.

Each is the user's situation, not a fault of the tool: exit 2 with one plain line on standard
error (when that can be written), never a traceback or an internal error, and never the
interpreter's own complaint at exit. The real command line runs in a child process whose streams
are set up as a shell would (``>/dev/full``, ``>&-``, ``| head``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import cli_env

REL = "records/2021-22/consultation-response.yaml"
FULL = Path("/dev/full")

# Commands that print to standard output, each with what it prints there.
PRINTERS = {
    "validate": ("validate",),
    "validate-json": ("validate", "--format", "json"),
    "text": ("text", REL),
    "lint-template": ("lint-template",),
    "schema-export": ("schema", "export", "exported"),
    "help": ("--help",),
    "version": ("--version",),
}


def launch(
    root: Path,
    *args: str,
    stdout: int | None = subprocess.PIPE,
    preexec: Callable[[], None] | None = None,
) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "hmip_docs", *args],
        cwd=root,
        env=cli_env({"NO_COLOR": "1"}),
        stdout=stdout,
        stderr=subprocess.PIPE,
        preexec_fn=preexec,
    )


def finish(process: subprocess.Popen[bytes]) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=120)
    return process.returncode, (out or b"").decode(errors="replace"), err.decode(errors="replace")


def assert_plain(code: int, both: str) -> None:
    assert code == 2, both
    assert "Traceback" not in both, both
    assert "internal-error" not in both and "internal error" not in both, both
    assert "Exception ignored" not in both, both


@pytest.mark.skipif(not FULL.exists(), reason="needs /dev/full")
@pytest.mark.parametrize("command", sorted(PRINTERS))
def test_a_full_standard_output_is_a_plain_error(project: Path, command: str) -> None:
    with FULL.open("wb") as full:
        code, _, err = finish(launch(project, *PRINTERS[command], stdout=full.fileno()))
    assert_plain(code, err)
    assert err == "hmip-docs: cannot write to standard output: No space left on device\n"


@pytest.mark.parametrize("command", sorted(PRINTERS))
def test_a_closed_standard_output_is_a_plain_error(project: Path, command: str) -> None:
    code, _, err = finish(
        launch(project, *PRINTERS[command], stdout=None, preexec=lambda: os.close(1))
    )
    assert_plain(code, err)
    assert "hmip-docs: standard output is closed" in err
    assert not (project / "exported").exists()


def test_a_closed_standard_error_does_not_move_messages_to_standard_output(
    project: Path,
) -> None:
    """With descriptor 2 closed, errors are lost, not printed into the document on stdout."""
    process = subprocess.Popen(
        [sys.executable, "-m", "hmip_docs", "text", "records/nothing.yaml"],
        cwd=project,
        env=cli_env({"NO_COLOR": "1"}),
        stdout=subprocess.PIPE,
        preexec_fn=lambda: os.close(2),
    )
    out, _ = process.communicate(timeout=120)
    assert process.returncode == 2
    assert out == b""


def test_a_closed_standard_input_is_no_trouble(project: Path) -> None:
    code, out, err = finish(launch(project, "validate", preexec=lambda: os.close(0)))
    assert code == 0, out + err
    assert "2 files checked" in out


def test_a_reader_that_stops_early_ends_the_run_quietly(project: Path) -> None:
    """``hmip-docs validate | head -1``: the pipe closes before the report is written."""
    read, write = os.pipe()
    os.close(read)  # nobody will read: every write fails with EPIPE
    try:
        code, _, err = finish(launch(project, "validate", stdout=write))
    finally:
        os.close(write)
    assert_plain(code, err)
    assert err == ""


def test_an_unwritable_standard_error_still_exits_2(project: Path) -> None:
    if not FULL.exists():
        pytest.skip("needs /dev/full")
    with FULL.open("wb") as full:
        process = subprocess.Popen(
            [sys.executable, "-m", "hmip_docs", "validate", "records/nothing.yaml"],
            cwd=project,
            env=cli_env({"NO_COLOR": "1"}),
            stdout=subprocess.PIPE,
            stderr=full.fileno(),
        )
        out, _ = process.communicate(timeout=120)
    assert process.returncode == 2
    assert out == b""
