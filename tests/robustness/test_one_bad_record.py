"""One bad record never stops or hides the others, through the real command line.

Every failure while checking one file is a finding of that file and the run goes on; every record
the search for records passes over is reported; a path that is not a regular file is refused by
name, never opened in a way that could block. The suite's rule holds throughout: no traceback, no
internal error (except where one is planted on purpose), exit 0, 1 or 2, and every failure names
its file.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hmip_docs.validate import validator
from tests.conftest import FIXTURES, REGISTRY, cli_env
from tests.robustness.test_corpus import assert_no_crash

RECORD = FIXTURES / "2022-23" / "consultation-response.yaml"
TIMEOUT = 120
"""Seconds any run may take: a run that blocks on a FIFO fails here instead of hanging."""


def run(cwd: Path, *args: str, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    """``hmip-docs ARGS`` in ``cwd``, plain text, UTF-8, with a timeout."""
    return subprocess.run(
        [*prefix, sys.executable, "-m", "hmip_docs", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        check=False,
        env=cli_env({"NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}),
        timeout=TIMEOUT,
        stdin=subprocess.DEVNULL,
    )


def json_findings(result: subprocess.CompletedProcess[str]) -> dict[str, list[dict[str, Any]]]:
    """The standing (not accepted) findings of a ``--format json`` run, by file."""
    out: dict[str, list[dict[str, Any]]] = {}
    for finding in json.loads(result.stdout)["findings"]:
        if not finding["suppressed"]:
            out.setdefault(finding["file"], []).append(finding)
    return out


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project of one valid record (the suite's own 2022/23 edition) and the registry."""
    (tmp_path / "records" / "2022-23").mkdir(parents=True)
    shutil.copyfile(RECORD, tmp_path / "records" / "2022-23" / "consultation-response.yaml")
    shutil.copyfile(REGISTRY, tmp_path / "records" / "organisations.yaml")
    shutil.copyfile(REGISTRY.with_name("decisions.yaml"), tmp_path / "records" / "decisions.yaml")
    return tmp_path


def _with_line(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


# --------------------------------------------------------------------------- numbers


NUMBERS = {
    "hex-float": "!!float 0x" + "f" * 300,
    "long-integer": "9" * 5000,
    "long-hex": "0x" + "f" * 5000,
    "exponent": "1e999",
}


@pytest.mark.parametrize("many", [False, True], ids=["in-process", "worker-processes"])
def test_a_number_the_loader_cannot_convert_is_that_files_finding(
    project: Path, many: bool
) -> None:
    text = RECORD.read_text(encoding="utf-8")
    records = project / "records"
    for name, number in NUMBERS.items():
        (records / name).mkdir()
        bad = _with_line(text, "schema_version: 2\n", f"schema_version: {number}\n")
        (records / name / "consultation-response.yaml").write_text(bad, encoding="utf-8")
    # Another record with an ordinary mistake: its finding must still be reported.
    (records / "typo").mkdir()
    typo = _with_line(text, "  published: ", "  publised: ")
    (records / "typo" / "consultation-response.yaml").write_text(typo, encoding="utf-8")
    copies = validator.POOL_MIN_FILES if many else 0
    for number in range(copies):  # enough valid records for the work to go to workers
        (records / f"copy-{number}").mkdir()
        shutil.copyfile(RECORD, records / f"copy-{number}" / "consultation-response.yaml")

    result = run(project, "validate", "--format", "json")
    assert_no_crash(result)
    assert result.returncode == 1, result.stderr
    found = json_findings(result)
    line = text[: text.index("schema_version: 2\n")].count("\n") + 1
    for name in NUMBERS:
        (finding,) = found[f"records/{name}/consultation-response.yaml"]
        assert finding["rule"] == "yaml-number"
        assert (finding["line"], finding["column"]) == (line, len("schema_version: ") + 1)
        assert "too large" in finding["message"]
    assert "unknown-field" in {f["rule"] for f in found["records/typo/consultation-response.yaml"]}
    assert "records/2022-23/consultation-response.yaml" not in found
    assert "too large" in run(project, "validate").stdout  # and the text report says so too


FAULTY_LOADER = """
import sys
from hmip_docs.cli.main import main
from hmip_docs.validate import validator

real = validator.load_file

def load_file(path, **kwargs):
    if path.name == "explodes.yaml":
        raise MemoryError("planted fault")
    return real(path, **kwargs)

validator.load_file = load_file
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("many", [False, True], ids=["in-process", "worker-processes"])
def test_a_fault_while_reading_one_file_stays_with_that_file(project: Path, many: bool) -> None:
    """Whatever raises while one file is read (here a planted fault of the loader) is reported
    against that file, and every other file is still checked and reported."""
    records = project / "records"
    shutil.copyfile(RECORD, records / "2022-23" / "explodes.yaml")
    (records / "bad").mkdir()
    (records / "bad" / "consultation-response.yaml").write_text("a: [\n", encoding="utf-8")
    for number in range(validator.POOL_MIN_FILES if many else 0):
        shutil.copyfile(RECORD, records / "2022-23" / f"copy-{number}.yaml")
    result = subprocess.run(
        [sys.executable, "-c", FAULTY_LOADER, "validate", "--format", "json"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        timeout=TIMEOUT,
        env=cli_env({"NO_COLOR": "1"}),
    )
    assert result.returncode == 2, result.stderr  # a fault of the tool, but only one file's
    assert "Traceback" not in result.stdout + result.stderr
    found = json_findings(result)
    (fault,) = found["records/2022-23/explodes.yaml"]
    assert fault["rule"] == "internal-error"
    assert "MemoryError: planted fault" in fault["message"]
    assert [f["rule"] for f in found["records/bad/consultation-response.yaml"]] == ["yaml-syntax"]
    assert set(found) == {"records/2022-23/explodes.yaml", "records/bad/consultation-response.yaml"}


# --------------------------------------------------------------------------- records passed over


def _rules_at(result: subprocess.CompletedProcess[str]) -> dict[str, set[str]]:
    return {file: {f["rule"] for f in found} for file, found in json_findings(result).items()}


def test_broken_and_looping_links_named_like_records_are_reported(project: Path) -> None:
    records = project / "records"
    (records / "2023-24").mkdir()
    (records / "2023-24" / "consultation-response.yaml").symlink_to("../nowhere.yaml")
    (records / "2024-25").mkdir()
    (records / "2024-25" / "consultation-response.yml").symlink_to("consultation-response.yml")
    # An editor's lock file (Emacs) is a broken link by design, and is not a record.
    (records / "2022-23" / ".#consultation-response.yaml").symlink_to("someone@host.1234:1")
    result = run(project, "validate", "--format", "json")
    assert_no_crash(result)
    assert result.returncode == 1
    found = json_findings(result)
    assert set(found) == {
        "records/2023-24/consultation-response.yaml",
        "records/2024-25/consultation-response.yml",
    }
    (broken,) = found["records/2023-24/consultation-response.yaml"]
    assert broken["rule"] == "file-unreadable"
    assert "symbolic link to ../nowhere.yaml, which does not exist" in broken["message"]
    (loop,) = found["records/2024-25/consultation-response.yml"]
    assert "loops" in loop["message"]
    text = run(project, "validate")
    assert "records/2023-24/consultation-response.yaml: error [file-unreadable]" in text.stdout


def _unprivileged() -> tuple[str, ...]:
    """A prefix that runs a command without root's power to read any folder (root ignores
    permissions), or nothing for a user who has no such power anyway."""
    if os.geteuid() != 0:
        return ()
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("needs setpriv (util-linux) to drop root's power to read any folder")
    return (setpriv, "--bounding-set=-dac_override,-dac_read_search")


def test_a_folder_that_cannot_be_read_is_reported(project: Path) -> None:
    hidden = project / "records" / "2023-24"
    hidden.mkdir()
    shutil.copyfile(RECORD, hidden / "consultation-response.yaml")
    hidden.chmod(0)
    try:
        result = run(project, "validate", "--format", "json", prefix=_unprivileged())
    finally:
        hidden.chmod(0o755)
    assert_no_crash(result)
    assert result.returncode == 1, result.stdout + result.stderr
    (finding,) = json_findings(result)["records/2023-24"]
    assert finding["rule"] == "folder-unreadable"
    assert "cannot read the folder records/2023-24: Permission denied" in finding["message"]


def test_folders_holding_no_record_are_reported(project: Path) -> None:
    records = project / "records"
    (records / "2023-24").mkdir()  # next year's folder, its record not yet saved
    (records / "2024-25" / "drafts").mkdir(parents=True)
    (records / "2024-25" / "drafts" / "notes.txt").write_text("notes\n", encoding="utf-8")
    (records / "2025-26" / "consultation-response.yaml").mkdir(parents=True)  # a folder
    (records / ".git" / "refs").mkdir(parents=True)  # hidden folders are not searched
    result = run(project, "validate", "--format", "json")
    assert_no_crash(result)
    assert result.returncode == 1
    found = json_findings(result)
    assert _rules_at(result) == {
        "records/2023-24": {"folder-without-record"},
        "records/2024-25": {"folder-without-record"},  # once, not again for drafts/
        "records/2025-26/consultation-response.yaml": {"file-unreadable"},
    }
    assert (
        "it is a folder, not a file"
        in found["records/2025-26/consultation-response.yaml"][0]["message"]
    )
    assert all(f["severity"] == "warning" for f in found["records/2023-24"])


def test_record_names_are_read_in_any_case(project: Path) -> None:
    records = project / "records"
    (records / "2023-24").mkdir()
    upper = records / "2023-24" / "CONSULTATION-RESPONSE.YAML"
    upper.write_text("schema_version: 2\n", encoding="utf-8")
    result = run(project, "validate", "--format", "json")
    assert_no_crash(result)
    assert "required-field" in _rules_at(result)["records/2023-24/CONSULTATION-RESPONSE.YAML"]


@pytest.mark.parametrize("where", ["records/", "an empty folder named", "the registry alone"])
def test_a_run_that_finds_no_record_does_not_pass(project: Path, where: str) -> None:
    shutil.rmtree(project / "records" / "2022-23")
    args = {
        "records/": (),
        "an empty folder named": ("records/2030-31",),
        "the registry alone": (),
    }[where]
    if args:
        (project / args[0]).mkdir()
    if where == "the registry alone":
        (project / "records" / "notes.md").write_text("notes\n", encoding="utf-8")
    result = run(project, "validate", *args)
    assert_no_crash(result)
    assert result.returncode == 1, result.stdout
    assert "[no-records] no record was found in records" in result.stdout
    assert "0 errors" not in result.stdout


# --------------------------------------------------------------------------- not regular files


@pytest.fixture
def specials(project: Path) -> Iterator[dict[str, Path]]:
    """A FIFO, a socket and a device, each named like a record."""
    records = project / "records"
    fifo = records / "pipe.yaml"
    os.mkfifo(fifo)
    listening = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock = records / "socket.yaml"
    listening.bind(str(sock))
    listening.listen()
    device = records / "device.yaml"
    device.symlink_to("/dev/zero")  # a device would be read for ever
    try:
        yield {"a named pipe (FIFO)": fifo, "a socket": sock, "a character device": device}
    finally:
        listening.close()


@pytest.mark.parametrize("command", ["validate", "docx", "text"])
def test_fifos_sockets_and_devices_on_the_command_line_are_refused(
    project: Path, specials: dict[str, Path], command: str
) -> None:
    for kind, path in specials.items():
        name = path.relative_to(project).as_posix()
        result = run(project, command, name)
        assert_no_crash(result)
        assert result.returncode == 1, result.stdout + result.stderr
        shown = result.stdout + result.stderr
        assert f"{name}: error [file-unreadable]" in shown
        assert f"it is {kind}, not a file" in shown


# Each other command that reads a file named on its command line, and what it says (upgrade
# reports a finding, diff, redline and lint-template refuse the name).
READERS = {
    "upgrade": (("upgrade", "{}"), 1, "error [upgrade] cannot read {}: it is "),
    "diff": (("diff", "{}", "{}"), 2, "hmip-docs: {}: not a regular file"),
    "redline": (("redline", "{}", "{}", "-o", "out.docx"), 2, "hmip-docs: {}: not a regular file"),
    "lint-template": (("lint-template", "{}"), 2, "hmip-docs: {}: not a template"),
}


@pytest.mark.parametrize("command", sorted(READERS))
def test_fifos_sockets_and_devices_are_refused_by_every_reader(
    project: Path, specials: dict[str, Path], command: str
) -> None:
    """No command opens what is not a regular file: a FIFO would block it for ever, and
    /dev/zero fill its memory."""
    arguments, code, says = READERS[command]
    for path in specials.values():
        name = path.relative_to(project).as_posix()
        result = run(project, *(a.format(name) for a in arguments))
        assert_no_crash(result)
        assert result.returncode == code, result.stdout + result.stderr
        assert says.format(name) in result.stdout + result.stderr
    assert not (project / "out.docx").exists()


@pytest.mark.parametrize("command", [("new", "2025/2026"), ("commitments",)])
def test_the_yearly_commands_do_not_skip_an_edition_they_cannot_read(
    project: Path, command: tuple[str, ...]
) -> None:
    """An edition that is a broken link is an error naming it, not an edition left out of the
    ledger or passed over when the next one is started."""
    folder = project / "records" / "2024-25"
    folder.mkdir()
    (folder / "consultation-response.yaml").symlink_to(project / "nowhere.yaml")
    result = run(project, *command)
    assert_no_crash(result)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "records/2024-25/consultation-response.yaml: cannot read the record" in result.stderr
    assert "which does not exist" in result.stderr
    assert not (project / "records" / "2025-26").exists()


def test_a_year_folder_that_is_a_broken_link_is_reported(project: Path) -> None:
    (project / "records" / "2024-25").symlink_to(project / "elsewhere")
    result = run(project, "validate", "--format", "json")
    assert_no_crash(result)
    assert result.returncode == 1
    (finding,) = json_findings(result)["records/2024-25"]
    assert finding["rule"] == "folder-unreadable"
    assert "which does not exist" in finding["message"]


def test_fifos_sockets_and_devices_among_the_records_are_reported(
    project: Path, specials: dict[str, Path]
) -> None:
    result = run(project, "validate", "--format", "json")
    assert_no_crash(result)
    assert result.returncode == 1
    found = _rules_at(result)
    for path in specials.values():
        assert found[path.relative_to(project).as_posix()] == {"file-unreadable"}
    assert "records/2022-23/consultation-response.yaml" not in found


SWAP = """
import os, stat, sys
from pathlib import Path
from hmip_docs.load import files

fifo, regular = sys.argv[1], sys.argv[2]
real = os.stat

def stat_then_swap(path, *args, **kwargs):
    # The check sees a regular file; what is opened next is the FIFO.
    return real(regular) if str(path) == fifo else real(path, *args, **kwargs)

files.os.stat = stat_then_swap
try:
    files.read_regular(Path(fifo), 100)
except OSError as error:
    print(error)
"""


def test_a_path_swapped_for_a_fifo_after_the_check_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "record.yaml"
    os.mkfifo(fifo)
    regular = tmp_path / "regular.yaml"
    regular.write_text("a: 1\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", SWAP, str(fifo), str(regular)],
        capture_output=True,
        text=True,
        check=False,
        timeout=TIMEOUT,
    )
    assert (
        result.stdout.strip()
        == "it is a named pipe (FIFO), not a file; only regular files are read"
    )


# --------------------------------------------------------------------------- configuration


CONFIGS = {
    "number as key": (".hmip-docs.yaml", "1: records\n", ".hmip-docs.yaml:1:1", "'1'"),
    "nested 10,000 deep": (
        ".hmip-docs.yaml",
        "records: " + "[" * 10_000 + "]" * 10_000 + "\n",
        ".hmip-docs.yaml:1:",
        "nested more than 64 levels",
    ),
    "list as value": (".hmip-docs.yaml", "records: [a]\n", ".hmip-docs.yaml:1", "`records`"),
    "duplicate key": (
        ".hmip-docs.yaml",
        "records: a\nrecords: b\n",
        ".hmip-docs.yaml:2:1",
        "'records' appears twice",
    ),
    "tool = 1": ("pyproject.toml", "tool = 1\n", "pyproject.toml", "`tool`"),
    "TOML nested 10,000 deep": (
        "pyproject.toml",
        "a = " + "[" * 10_000 + "]" * 10_000 + "\n",
        "pyproject.toml",
        "nested too deeply",
    ),
    "underscore in the section's name": (
        "pyproject.toml",
        '[tool.hmip_docs]\nrecords = "records"\n',
        "pyproject.toml",
        "[tool.hmip_docs] is not read",
    ),
    "hmip-docs as text": (
        "pyproject.toml",
        '[tool]\nhmip-docs = "x"\n',
        "pyproject.toml",
        "`tool.hmip-docs`",
    ),
    "number as path": (
        "pyproject.toml",
        "[tool.hmip-docs]\nrecords = 1\n",
        "pyproject.toml [tool.hmip-docs]",
        "`records`",
    ),
    "NUL in path": (
        "pyproject.toml",
        '[tool.hmip-docs]\nrecords = "a\\u0000b"\n',
        "pyproject.toml [tool.hmip-docs]",
        "`records`",
    ),
    "unknown key": (
        "pyproject.toml",
        '[tool.hmip-docs]\nrecrods = "records"\n',
        "pyproject.toml [tool.hmip-docs]",
        "recrods",
    ),
}


@pytest.mark.parametrize("case", CONFIGS)
def test_configuration_mistakes_are_usage_errors_naming_file_and_key(
    project: Path, case: str
) -> None:
    name, text, where, key = CONFIGS[case]
    (project / name).write_text(text, encoding="utf-8")
    for command in (("validate",), ("docx",), ("lint-template",)):
        result = run(project, *command)
        assert_no_crash(result)
        assert result.returncode == 2, result.stdout + result.stderr
        assert result.stderr.startswith("hmip-docs: "), result.stderr
        assert where in result.stderr and key in result.stderr, result.stderr
        assert "internal error" not in result.stderr


def test_a_configuration_file_that_is_a_fifo_is_refused(project: Path) -> None:
    os.mkfifo(project / ".hmip-docs.yaml")
    result = run(project, "validate")
    assert_no_crash(result)
    assert result.returncode == 2
    assert ".hmip-docs.yaml: it is a named pipe (FIFO), not a file" in result.stderr


@pytest.mark.parametrize("kind", ["fifo", "folder", "broken link"])
def test_a_registry_that_is_not_a_file_is_a_usage_error(project: Path, kind: str) -> None:
    registry = project / "records" / "organisations.yaml"
    registry.unlink()
    if kind == "fifo":
        os.mkfifo(registry)
    elif kind == "folder":
        registry.mkdir()
    else:
        registry.symlink_to("nowhere.yaml")
    result = run(project, "validate")
    assert_no_crash(result)
    assert result.returncode == 2
    reason = {
        "fifo": "it is a named pipe (FIFO), not a file",
        "folder": "it is a folder, not a file",
        "broken link": "it is a symbolic link to nowhere.yaml, which does not exist",
    }[kind]
    assert f"cannot read the registry {registry}: {reason}" in result.stderr
