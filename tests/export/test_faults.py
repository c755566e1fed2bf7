"""Faults while writing, and signals to the process: no fault ever leaves a broken document,
loses the previous one, or leaves a process behind.

The build is interrupted at a real system call: a small harness runs the real command line with a
Python audit hook (``sys.addaudithook``, outside the code under test) that waits, or fails, when
the finished document is about to be renamed into place. The harness is then killed, fails, or
is released once another build has run. Full disks are simulated with a file-size limit
(RLIMIT_FSIZE), which binds root too.

Signals go to the real command line started in a process group of its own, as a terminal's
Ctrl-C reaches a shell's foreground job: SIGTERM to the parent alone while its render process (or
worker pool) is busy with a template that loops, and SIGINT to the whole group at moments from
interpreter start-up to the rename. Afterwards no live process may remain in the group.
"""

from __future__ import annotations

import io
import os
import re
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

from hmip_docs.export.write import temp_prefix
from tests.conftest import FIXTURES, RECORDS, ROOT, template_with

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
from hmip_docs.cli.main import main
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
        + "from hmip_docs.export.write import write_atomic\n"
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


# ----------------------------------------------------------------------- signals and children

# A template that loops far longer than any test waits: its render process stays busy until the
# processor-time limit (60 s) stops it.
LOOP = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name, or None for a process gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()


def live() -> list[int]:
    """Every live process (not a zombie)."""
    found = []
    for entry in os.listdir("/proc"):
        fields = _stat(int(entry)) if entry.isdigit() else None
        if fields is not None and fields[0] != "Z":
            found.append(int(entry))
    return found


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def group(pgid: int) -> list[int]:
    """The live processes (not zombies) of the process group ``pgid``."""
    found = []
    for entry in os.listdir("/proc"):
        fields = _stat(int(entry)) if entry.isdigit() else None
        if fields is not None and fields[0] != "Z" and int(fields[2]) == pgid:
            found.append(int(entry))
    return found


def cpu_seconds(pid: int) -> float:
    fields = _stat(pid)
    return (int(fields[11]) + int(fields[12])) / TICKS if fields else 0.0


# The installed command, as a user runs it (else the module, as the rest of the suite does).
COMMAND = Path(sys.executable).with_name("hmip-docs")
LAUNCH = [str(COMMAND)] if COMMAND.is_file() else [sys.executable, "-m", "hmip_docs"]


def start(cwd: Path, *args: str) -> subprocess.Popen[str]:
    """The real command line in a new session (its own process group), as a shell job."""
    return subprocess.Popen(
        [*LAUNCH, *args],
        cwd=cwd,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def busy_renders(process: subprocess.Popen[str], count: int, timeout: float = 120) -> None:
    """Wait until ``count`` processes of the job besides the parent have each used a second and
    a half of processor time: their template is looping."""
    deadline = time.monotonic() + timeout
    while True:
        children = [pid for pid in group(process.pid) if pid != process.pid]
        if sum(cpu_seconds(pid) >= 1.5 for pid in children) >= count:
            return
        if process.poll() is not None:
            out, err = process.communicate(timeout=60)
            raise AssertionError(f"the build ended early ({process.returncode}): {out}{err}")
        assert time.monotonic() < deadline, "the render never started"
        time.sleep(0.05)


def assert_group_ends(pgid: int, timeout: float = 15) -> None:
    """No process of the job is left alive within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while group(pgid):
        assert time.monotonic() < deadline, f"still running after the parent: {group(pgid)}"
        time.sleep(0.05)


@pytest.fixture
def looping(project: Path) -> Path:
    """A project whose template renders for ever, with a second edition beside the first."""
    template_with(project / "templates", LOOP, "consultation-response.docx")
    (project / "records" / "2022-23").mkdir()
    shutil.copy(FIXTURES / "2022-23" / "consultation-response.yaml", project / "records/2022-23")
    return project


def _stopped(process: subprocess.Popen[str]) -> tuple[str, str]:
    """What the stopped job printed, which holds no traceback but for one of the interpreter's
    own start-up (``interpreter_start_up``)."""
    out, err = process.communicate(timeout=60)
    if not interpreter_start_up(process.returncode, err):
        assert "Traceback" not in out + err, out + err
    return out, err


def interpreter_start_up(code: int, err: str) -> bool:
    """Whether ``err`` is Python's own report of a Ctrl-C that came while the interpreter itself
    was starting (importing ``site`` and the ``.pth`` files of the installed packages, or the
    command's first line reaching the guard in ``hmip_docs/__main__.py``), before any code of
    hmip-docs could run: no program can catch that one (docs/robustness.md)."""
    if code not in (1, -signal.SIGINT) or not err.rstrip().endswith("KeyboardInterrupt"):
        return False
    if err.startswith("Fatal Python error: init_import_site: Failed to import the site module"):
        return True
    frames = re.findall(r'^ +File "([^"]+)", line \d+, in (\S+)', err, re.M)
    before_the_guard = {str(COMMAND), *(str(ROOT / "hmip_docs" / n) for n in STARTING)}
    return bool(frames) and all(
        name.startswith("<frozen ") or (name in before_the_guard and where == "<module>")
        for name, where in frames
    )


# The package's first lines, which run before the guard: they import nothing.
STARTING = ("__init__.py", "__main__.py")


@pytest.mark.parametrize("records", [1, 2], ids=["render-process", "worker-pool"])
def test_sigterm_to_the_parent_ends_its_children(looping: Path, records: int) -> None:
    """Killing the parent alone (SIGTERM, as a CI runner or `kill` does) takes its render
    processes and workers with it, instead of leaving them to loop until their own limit."""
    paths = ["records/2021-22", "records/2022-23"][:records]
    process = start(looping, "docx", *paths)
    busy_renders(process, min(records, os.cpu_count() or 1))
    process.send_signal(signal.SIGTERM)
    _, err = _stopped(process)
    assert process.returncode == 143, err
    assert err.endswith("hmip-docs: terminated\n"), err
    assert_group_ends(process.pid)


def test_sigterm_at_the_rename_keeps_the_old_document_and_leaves_no_temporary_file(
    built_before: Path, tmp_path: Path
) -> None:
    """SIGTERM ends the run as Ctrl-C does: what it held is let go on the way out, so the
    finished document's temporary file is removed at once, not left for the next build."""
    held = tmp_path / "held"
    process = harness(built_before, "docx", HOLD_AT_RENAME=str(held))
    wait_for(held, process)
    assert temps(built_before / OUT.parent) != []  # the finished document waits to be renamed
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 143, out + err
    assert err.endswith("hmip-docs: terminated\n"), err
    assert "Traceback" not in out + err
    assert (built_before / OUT).read_bytes() == OLD
    assert temps(built_before / OUT.parent) == []


def office_sessions() -> set[int]:
    """The sessions of the live office processes a conversion started (each is given a private
    profile with ``-env:UserInstallation``)."""
    found = set()
    for pid in live():
        fields = _stat(pid)
        if fields is not None and b"-env:UserInstallation=" in _cmdline(pid):
            found.add(int(fields[3]))
    return found


def test_sigterm_during_a_pdf_conversion_leaves_no_office_process_or_folder(
    project: Path, tmp_path: Path
) -> None:
    """LibreOffice runs in a session of its own, which a signal to the command's group does not
    reach: SIGTERM to the command kills that session and removes the conversion's folder (the
    document's copy and LibreOffice's profile), as the time limit and Ctrl-C do."""
    from tests.conftest import require_tools

    require_tools("soffice")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    before = office_sessions()
    process = subprocess.Popen(
        [*LAUNCH, "pdf", "-o", "build/out.pdf"],
        cwd=project,
        env=_env(TMPDIR=str(temporary)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while not (ours := office_sessions() - before):
        if process.poll() is not None:
            out, err = process.communicate(timeout=60)
            raise AssertionError(f"the run ended before LibreOffice started: {out}{err}")
        assert time.monotonic() < deadline, "LibreOffice never started"
        time.sleep(0.02)
    process.send_signal(signal.SIGTERM)
    _, err = _stopped(process)
    assert process.returncode == 143, err
    assert err.endswith("hmip-docs: terminated\n"), err
    deadline = time.monotonic() + 15
    while office_sessions() & ours:
        assert time.monotonic() < deadline, "LibreOffice is still converting after the command"
        time.sleep(0.05)
    assert list(temporary.iterdir()) == []
    assert not (project / "build" / "out.pdf").exists()


@pytest.mark.parametrize("records", [1, 2], ids=["render-process", "worker-pool"])
def test_ctrl_c_while_rendering_exits_130_at_once(looping: Path, records: int) -> None:
    paths = ["records/2021-22", "records/2022-23"][:records]
    process = start(looping, "docx", *paths)
    busy_renders(process, min(records, os.cpu_count() or 1))
    began = time.monotonic()
    os.killpg(process.pid, signal.SIGINT)
    _, err = _stopped(process)
    assert process.returncode == 130, err
    assert err.endswith("hmip-docs: interrupted\n"), err
    assert time.monotonic() - began < 30  # not the render's own limit of 60 s
    assert_group_ends(process.pid)
    assert not (looping / "build").exists() or temps(looping / OUT.parent) == []


# Seconds after the start: interpreter start-up, imports, validation, the render, the write.
MOMENTS = [0.0, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8, 1.2]


@pytest.mark.parametrize("moment", MOMENTS)
def test_ctrl_c_at_any_moment_exits_130_without_a_traceback(
    built_before: Path, moment: float
) -> None:
    process = start(built_before, "docx")
    time.sleep(moment)
    os.killpg(process.pid, signal.SIGINT)
    _, err = _stopped(process)
    # -SIGINT: the signal came before the interpreter set up its handler, as a shell also
    # reports with 130; 0: the build had finished.
    if not interpreter_start_up(process.returncode, err):
        assert process.returncode in (130, -signal.SIGINT, 0), err
    if process.returncode == 130:
        assert err.endswith("hmip-docs: interrupted\n"), err
    assert_group_ends(process.pid)
    document = (built_before / OUT).read_bytes()
    if document != OLD:
        assert_docx(document)
    assert temps(built_before / OUT.parent) == []


# Runs `hmip-docs ARGS` as the installed command does, with Ctrl-C arriving exactly while the
# module INTERRUPT_AT is being imported.
IMPORT_HARNESS = """
import os, sys

def hook(event, args):
    if event == "import" and args[0] == os.environ["INTERRUPT_AT"]:
        raise KeyboardInterrupt

sys.addaudithook(hook)
from hmip_docs.__main__ import run
sys.exit(run())
"""


@pytest.mark.parametrize(
    "module",
    # decimal: imported by jsonschema-rs's own start-up, where Ctrl-C becomes a Rust panic.
    [
        "hmip_docs.cli.main",
        "argparse",
        "hmip_docs.load.config",
        "hmip_docs.validate.validator",
        "yaml",
        "decimal",
    ],
)
def test_ctrl_c_during_start_up_exits_130_without_a_traceback(project: Path, module: str) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", IMPORT_HARNESS, "validate"],
        cwd=project,
        env=_env(INTERRUPT_AT=module),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    out, err = process.communicate(timeout=120)
    assert process.returncode == 130, out + err
    assert err == "hmip-docs: interrupted\n", err
    assert out == ""


def test_a_conversion_out_of_time_leaves_no_office_process(
    tmp_path: Path, reference: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """LibreOffice's launcher starts the office process that converts: when the time is up, both
    go, not only the launcher."""
    from hmip_docs.export import pdf
    from tests.conftest import require_tools

    require_tools("soffice")
    commands: list[list[str]] = []
    popen = subprocess.Popen

    def spy(command: list[str], **kwargs: object) -> subprocess.Popen[str]:
        commands.append(command)
        return popen(command, **kwargs)  # type: ignore[call-overload, no-any-return]

    monkeypatch.setattr(subprocess, "Popen", spy)
    document = tmp_path / "document.docx"
    document.write_bytes(reference)
    # Far less than LibreOffice takes to start with a new profile, so the limit is always met.
    with pytest.raises(pdf.PdfError, match=r"took longer than 0\.5 seconds"):
        pdf.convert(document, timeout=0.5)
    # Every office process of this conversion has its private profile on its command line.
    (profile,) = [arg for command in commands for arg in command if "UserInstallation" in arg]
    deadline = time.monotonic() + 15
    while running := [pid for pid in live() if profile.encode() in _cmdline(pid)]:
        assert time.monotonic() < deadline, f"office processes left converting: {running}"
        time.sleep(0.05)
