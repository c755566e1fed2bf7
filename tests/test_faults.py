"""Faults while writing: no fault ever leaves a broken document or loses the previous one.

The build is interrupted at a real system call: a small harness runs the real command line with a
Python audit hook (``sys.addaudithook``, outside the code under test) that waits, or fails, when
the finished document is about to be renamed into place. The harness is then killed, fails, or
is released once another build has run. Full disks are simulated with a file-size limit
(RLIMIT_FSIZE), which binds root too.
"""

from __future__ import annotations

import io
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from hmip_docs.write import temp_prefix
from tests.conftest import RECORDS, ROOT

OUT = Path("build") / "consultation-response-2021-22.docx"
OLD = b"PK the previous document"

# Runs `hmip-docs ARGS` with an audit hook on the rename of a .docx into place. HOLD_AT_RENAME:
# create that file, then wait until RELEASE exists (or for ever: the test kills the process).
# FAIL_AT_RENAME: raise an I/O error instead, as a failing disk would.
HARNESS = """
import errno, os, sys, time
from pathlib import Path

def hook(event, args):
    if event != "os.rename" or not str(args[1]).endswith(".docx"):
        return
    if os.environ.get("FAIL_AT_RENAME"):
        raise OSError(errno.EIO, os.strerror(errno.EIO))
    held = os.environ.get("HOLD_AT_RENAME")
    if held:
        Path(held).touch()
        release = Path(os.environ.get("RELEASE", "/nonexistent/never"))
        while not release.exists():
            time.sleep(0.01)

sys.addaudithook(hook)
from hmip_docs.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "NO_COLOR": "1", **extra}


def hmip(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hmip_docs", *args],
        cwd=cwd,
        env=_env(**env),
        capture_output=True,
        text=True,
        timeout=300,
    )


def harness(cwd: Path, *args: str, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", HARNESS, *args],
        cwd=cwd,
        env=_env(**env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(path: Path, process: subprocess.Popen[str], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if process.poll() is not None:
            out, err = process.communicate(timeout=60)
            raise AssertionError(f"the build ended before the rename: {out}{err}")
        assert time.monotonic() < deadline, "the build never reached the rename"
        time.sleep(0.02)


def temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(temp_prefix(OUT.name)))


def assert_docx(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        assert "word/document.xml" in archive.namelist()


@pytest.fixture
def built_before(project: Path) -> Iterator[Path]:
    """A project whose build folder already holds a document from an earlier build."""
    (project / OUT).parent.mkdir()
    (project / OUT).write_bytes(OLD)
    yield project


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The document an undisturbed build writes."""
    root = tmp_path_factory.mktemp("reference")
    shutil.copytree(RECORDS, root / "records")
    shutil.copytree(ROOT / "templates", root / "templates")
    run = hmip(root, "docx")
    assert run.returncode == 0, run.stderr
    return (root / OUT).read_bytes()


# ----------------------------------------------------------------------- killed mid-write


def test_write_atomic_killed_after_creating_its_temporary_file(tmp_path: Path) -> None:
    """The smallest case: a script calling write.write_atomic is killed before the rename."""
    dest = tmp_path / "out.docx"
    dest.write_bytes(OLD)
    held = tmp_path / "held"
    script = (
        HARNESS.split("sys.addaudithook(hook)")[0]
        + "sys.addaudithook(hook)\n"
        + "from hmip_docs.write import write_atomic\n"
        + f"write_atomic(Path({str(dest)!r}), b'PK' + bytes(1_000_000))\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script], env=_env(HOLD_AT_RENAME=str(held)), cwd=tmp_path
    )
    wait_for(held, process)
    leftover = [p for p in tmp_path.iterdir() if p.name.startswith(temp_prefix(dest.name))]
    assert len(leftover) == 1 and leftover[0].stat().st_size == 1_000_002
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    assert dest.read_bytes() == OLD


def test_killed_build_keeps_the_old_document_and_the_next_build_cleans_up(
    built_before: Path, reference: bytes
) -> None:
    held = built_before / "held"
    process = harness(built_before, "docx", HOLD_AT_RENAME=str(held))
    wait_for(held, process)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL
    folder = built_before / OUT.parent
    assert (built_before / OUT).read_bytes() == OLD
    assert len(temps(folder)) == 1  # the finished but unrenamed document of the killed build

    run = hmip(built_before, "docx")
    assert run.returncode == 0, run.stderr
    assert temps(folder) == []
    assert (built_before / OUT).read_bytes() == reference


def test_failing_disk_at_the_rename_keeps_the_old_document(built_before: Path) -> None:
    process = harness(built_before, "docx", FAIL_AT_RENAME="1")
    out, err = process.communicate(timeout=300)
    assert process.returncode == 2, out + err
    assert "Traceback" not in out + err
    assert f"cannot write {built_before / OUT}: Input/output error" in err
    assert (built_before / OUT).read_bytes() == OLD
    assert temps(built_before / OUT.parent) == []


# ----------------------------------------------------------------------- a full disk


def _file_size_limit(size: int) -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))


def test_full_disk_is_a_clear_error_and_keeps_the_old_document(built_before: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "hmip_docs", "docx"],
        cwd=built_before,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=lambda: _file_size_limit(4096),
    )
    assert run.returncode == 2, run.stdout + run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    assert f"hmip-docs: cannot write {built_before / OUT}: File too large" in run.stderr
    assert (built_before / OUT).read_bytes() == OLD
    assert temps(built_before / OUT.parent) == []


# ----------------------------------------------------------------------- builds at once


def test_two_builds_at_once_both_succeed(project: Path, reference: bytes) -> None:
    first, second = (
        subprocess.Popen(
            [sys.executable, "-m", "hmip_docs", "docx"],
            cwd=project,
            env=_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    )
    for process in (first, second):
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, out + err
    assert (project / OUT).read_bytes() == reference
    assert temps(project / OUT.parent) == []


def test_a_build_does_not_remove_the_file_another_is_writing(
    project: Path, reference: bytes
) -> None:
    """A build that starts while another is writing must not take its temporary file for a
    leftover of a killed run."""
    held, release = project / "held", project / "release"
    first = harness(project, "docx", HOLD_AT_RENAME=str(held), RELEASE=str(release))
    wait_for(held, first)
    second = hmip(project, "docx")
    release.touch()
    out, err = first.communicate(timeout=300)
    assert second.returncode == 0, second.stderr
    assert first.returncode == 0, out + err
    assert_docx((project / OUT).read_bytes())
    assert (project / OUT).read_bytes() == reference
    assert temps(project / OUT.parent) == []
