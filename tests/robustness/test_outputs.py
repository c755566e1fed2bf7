"""Outputs never replace what they must not: inputs, devices, or each other.

Every command that writes (``docx``, ``pdf``, ``text``, ``schema export``) is pointed, through the
real command line, at each input of the run and of the project (spelled directly, through a
symbolic link, a hard link, or ``..``), at things that are not regular files, and at one output
for two records. Each must refuse with exit 2 and a message naming the path, write nothing, and
leave what was there byte for byte. Devices are made inside the test's own folder (``mknod``, as
root), never the system's. Refusals come before any work, so most cases run ``cli.main`` in this
process; those that build, or that depend on the process's own streams, run a child process.
"""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from hmip_docs.cli import main as cli
from tests.conftest import FIXTURES, ROOT, hmip

REL = "records/2021-22/consultation-response.yaml"
REGISTRY = "records/organisations.yaml"
TEMPLATE = "templates/consultation-response.docx"

# Each writing command, with the arguments that come before its output path. `pdf` refuses a
# forbidden output before it looks for LibreOffice, so it needs none here.
WRITERS = {
    "docx": ("docx", REL, "-o"),
    "pdf": ("pdf", REL, "-o"),
    "text": ("text", REL, "-o"),
    "redline": ("redline", REL, REL, "-o"),
}


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return hmip(root, *args, env={"NO_COLOR": "1"})


@pytest.fixture
def main(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., subprocess.CompletedProcess[str]]:
    """``cli.main`` run in a project folder, its outcome shaped as a child process's."""

    def call(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
        monkeypatch.chdir(root)
        monkeypatch.setenv("NO_COLOR", "1")
        code = cli.main(list(args))
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(list(args), code, out, err)

    return call


Main = Callable[..., subprocess.CompletedProcess[str]]


def assert_refused(result: subprocess.CompletedProcess[str], path: str, says: str) -> None:
    """Exit 2, one plain line naming the path, no traceback, no internal error."""
    both = result.stdout + result.stderr
    assert result.returncode == 2, both
    assert "Traceback" not in both and "internal-error" not in both, both
    assert f"hmip-docs: cannot write {path}: " in result.stderr, result.stderr
    assert says in result.stderr, result.stderr
    assert "wrote" not in both, both


def snapshot(root: Path) -> dict[str, bytes | str]:
    """Every entry under ``root``: a file's bytes, or what else it is."""
    found: dict[str, bytes | str] = {}
    for path in sorted(root.rglob("*")):
        mode = path.lstat().st_mode
        key = path.relative_to(root).as_posix()
        if stat.S_ISLNK(mode):
            found[key] = f"link to {os.readlink(path)}"
        elif stat.S_ISREG(mode):
            found[key] = path.read_bytes()
        else:
            found[key] = f"mode {stat.S_IFMT(mode):o}"
    return found


@pytest.fixture
def configured(project: Path) -> Path:
    """The project with both configuration files and a schemas folder of its own."""
    (project / "pyproject.toml").write_text(
        '[project]\nname = "policy"\n\n[tool.hmip-docs]\nrecords = "records"\n', encoding="utf-8"
    )
    (project / ".hmip-docs.yaml").write_text("records: records\n", encoding="utf-8")
    (project / "schemas").mkdir()
    shutil.copy(ROOT / "schemas" / "consultation-response.schema.json", project / "schemas")
    return project


# ------------------------------------------------------------------------- inputs

INPUTS = {
    "the record": (REL, "record this run reads"),
    "the registry": (REGISTRY, "it is the registry"),
    "the template": (TEMPLATE, "the template"),
    "pyproject.toml": ("pyproject.toml", "it is a configuration file"),
    ".hmip-docs.yaml": (".hmip-docs.yaml", "it is a configuration file"),
    "a new file in records/": ("records/2021-22/notes.md", "inside the records folder"),
    "a new file in templates/": ("templates/draft.docx", "inside the templates folder"),
    "a schema": ("schemas/consultation-response.schema.json", "inside the schemas folder"),
    "the record, spelled with ..": (
        "records/2021-22/../2021-22/consultation-response.yaml",
        "record this run reads",
    ),
}


@pytest.mark.parametrize("command", sorted(WRITERS))
@pytest.mark.parametrize("target", sorted(INPUTS))
def test_no_output_replaces_an_input(
    main: Main, configured: Path, command: str, target: str
) -> None:
    path, says = INPUTS[target]
    before = snapshot(configured)
    result = main(configured, *WRITERS[command], path)
    assert_refused(result, path, says)
    assert snapshot(configured) == before


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_no_output_replaces_an_input_through_a_symbolic_link(
    main: Main, project: Path, command: str
) -> None:
    (project / "out.docx").symlink_to(REL)
    before = snapshot(project)
    result = main(project, *WRITERS[command], "out.docx")
    assert_refused(result, "out.docx", "it leads to")
    assert "record this run reads" in result.stderr
    assert snapshot(project) == before


def test_no_output_replaces_an_input_through_a_hard_link(main: Main, project: Path) -> None:
    os.link(project / REGISTRY, project / "registry-copy.yaml")
    before = snapshot(project)
    result = main(project, "text", REL, "-o", "registry-copy.yaml")
    assert_refused(result, "registry-copy.yaml", "it is the registry")
    assert snapshot(project) == before


def test_no_output_folder_inside_the_records(main: Main, project: Path) -> None:
    before = snapshot(project)
    result = main(project, "docx", "--out-dir", "records/2021-22")
    assert_refused(result, "records/2021-22/consultation-response-2021-22.docx", "records folder")
    assert snapshot(project) == before


def test_a_record_outside_the_project_is_protected_too(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """An input named on the command line is protected wherever it lies."""
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "2021-22"
    elsewhere.mkdir()
    shutil.copy(project / REL, elsewhere / "consultation-response.yaml")
    record = str(elsewhere / "consultation-response.yaml")
    before = (elsewhere / "consultation-response.yaml").read_bytes()
    result = run(project, "docx", record, "-o", record)
    assert_refused(result, record, "it is a record this run reads")
    assert (elsewhere / "consultation-response.yaml").read_bytes() == before


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_the_vocabulary_beside_a_registry_elsewhere_is_protected(
    main: Main, project: Path, command: str
) -> None:
    """The vocabulary of decision kinds lies beside the registry, which the configuration may
    put outside the records folder: it is an input of every run all the same."""
    (project / "data").mkdir()
    for name in ("organisations.yaml", "decisions.yaml"):
        (project / "records" / name).rename(project / "data" / name)
    (project / ".hmip-docs.yaml").write_text(
        "registry: data/organisations.yaml\n", encoding="utf-8"
    )
    before = snapshot(project)
    result = main(project, *WRITERS[command], "data/decisions.yaml")
    assert_refused(result, "data/decisions.yaml", "it is the vocabulary of decision kinds")
    assert snapshot(project) == before


def test_a_broken_vocabulary_builds_nothing(project: Path) -> None:
    """Without a usable vocabulary no decision can be checked: each record says so, and no
    document is built from it."""
    (project / "records" / "decisions.yaml").write_text("garbage: [\n", encoding="utf-8")
    result = run(project, "docx", "--out-dir", "build")
    assert result.returncode == 1, result.stdout + result.stderr
    assert (
        f"{REL}: error [decisions-vocabulary] the decisions of this record cannot be checked"
        in (result.stdout)
    )
    assert "records/decisions.yaml:2:1: error [yaml-syntax]" in result.stdout
    assert not (project / "build").exists()


# ------------------------------------------------------------------------- kinds of file


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _socket(path: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()  # the socket file stays


def _device(path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("making a device node needs root")
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a null device of the test's own


def _folder(path: Path) -> None:
    path.mkdir()


KINDS = {
    "named pipe": (_fifo, "it is a named pipe (FIFO), not a regular file"),
    "socket": (_socket, "it is a socket, not a regular file"),
    "character device": (_device, "it is a character device, not a regular file"),
    "folder": (_folder, "it is a folder, not a regular file"),
}


@pytest.mark.parametrize("command", sorted(WRITERS))
@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("linked", [False, True], ids=["direct", "symlink"])
def test_only_regular_files_are_written(
    main: Main, project: Path, command: str, kind: str, linked: bool
) -> None:
    make, says = KINDS[kind]
    make(project / "special")
    name = "special"
    if linked:
        (project / "link").symlink_to("special")
        name, says = "link", says.replace("it is a", "it is a symbolic link to a")
    before = snapshot(project)
    result = main(project, *WRITERS[command], name)
    assert_refused(result, name, says)
    assert snapshot(project) == before


def test_a_link_to_standard_output_is_not_replaced(project: Path) -> None:
    """``-o`` naming a link to /dev/stdout (here, a pipe) is refused; the link stays a link."""
    (project / "stdout").symlink_to("/proc/self/fd/1")
    result = run(project, "text", REL, "-o", "stdout")
    assert_refused(result, "stdout", "symbolic link to a named pipe")
    assert (project / "stdout").is_symlink()


def test_a_symbolic_link_to_a_regular_file_is_written_through(project: Path) -> None:
    (project / "reviews").mkdir()
    (project / "reviews" / "2021-22.md").write_text("old", encoding="utf-8")
    (project / "latest.md").symlink_to("reviews/2021-22.md")
    result = run(project, "text", REL, "-o", "latest.md")
    assert result.returncode == 0, result.stderr
    assert (project / "latest.md").is_symlink()
    assert (project / "reviews" / "2021-22.md").read_text(encoding="utf-8").startswith("Her Maj")


def test_dash_is_standard_output_for_text(project: Path) -> None:
    result = run(project, "text", REL, "-o", "-")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Her Majesty's Inspectorate of Probation")
    assert not (project / "-").exists()


@pytest.mark.parametrize("command", ["docx", "pdf"])
def test_dash_is_refused_for_documents(main: Main, project: Path, command: str) -> None:
    result = main(project, command, REL, "-o", "-")
    assert result.returncode == 2
    assert f"hmip-docs: {command} writes files only: name one with -o, not `-`" in result.stderr
    assert not (project / "-").exists()


# ------------------------------------------------------------------------- one output each


def test_two_records_for_one_output_are_refused_by_name(project: Path) -> None:
    """``.yaml`` beside ``.yml``: both would be built into one file."""
    shutil.copy(project / REL, project / "records/2021-22/consultation-response.yml")
    result = run(project, "docx")
    assert_refused(
        result,
        "build/consultation-response-2021-22.docx",
        "records/2021-22/consultation-response.yaml and "
        "records/2021-22/consultation-response.yml would both be written there",
    )
    assert not (project / "build").exists()


def test_names_differing_only_in_case_are_one_output(main: Main, project: Path) -> None:
    for folder in ("A", "a"):
        (project / "records" / folder).mkdir()
        shutil.copy(project / REL, project / "records" / folder / "consultation-response.yaml")
    result = main(project, "docx", "records/A", "records/a")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "records/A/consultation-response.yaml and records/a/consultation-response.yaml" in (
        result.stderr
    )
    assert not (project / "build").exists()


@pytest.fixture
def two_trees(project: Path) -> Iterator[Path]:
    """The same year folder under two parent folders of the records."""
    for parent in ("consultation", "thematic"):
        folder = project / "records" / parent / "2022-23"
        folder.mkdir(parents=True)
        shutil.copy(FIXTURES / "2022-23" / "consultation-response.yaml", folder)
    yield project


def test_the_same_year_under_two_folders_gives_two_documents(two_trees: Path) -> None:
    result = run(two_trees, "docx", "records/consultation", "records/thematic")
    assert result.returncode == 0, result.stdout + result.stderr
    built = sorted(p.name for p in (two_trees / "build").iterdir())
    assert built == [
        "consultation-response-consultation-2022-23.docx",
        "consultation-response-thematic-2022-23.docx",
    ]
    assert result.stderr.count("wrote ") == 2


# ------------------------------------------------------------------------- schema export


def test_schema_export_onto_a_file_is_a_plain_error(project: Path) -> None:
    (project / "schemas.txt").write_text("mine", encoding="utf-8")
    result = run(project, "schema", "export", "schemas.txt")
    assert_refused(
        result,
        "schemas.txt/consultation-response.schema.json",
        "a part of the path is a file, not a folder",
    )
    assert (project / "schemas.txt").read_text(encoding="utf-8") == "mine"


def test_schema_export_into_the_records_is_refused(main: Main, project: Path) -> None:
    before = snapshot(project)
    result = main(project, "schema", "export", "records")
    assert_refused(result, "records/consultation-response.schema.json", "records folder")
    assert snapshot(project) == before


def test_schema_export_onto_the_shipped_schemas_is_refused(main: Main, tmp_path: Path) -> None:
    shipped = ROOT / "schemas"
    result = main(tmp_path, "schema", "export", str(shipped))
    assert_refused(result, str(shipped / "consultation-response.schema.json"), "schemas folder")


def test_schema_export_refreshes_the_projects_own_schemas(configured: Path) -> None:
    """A project's schemas/ folder is where `schema export` writes, and may be written again."""
    (configured / "schemas" / "consultation-response.schema.json").write_text("{}")
    result = run(configured, "schema", "export", "schemas")
    assert result.returncode == 0, result.stderr
    assert (configured / "schemas" / "consultation-response.schema.json").read_bytes() == (
        ROOT / "schemas" / "consultation-response.schema.json"
    ).read_bytes()


def test_schema_export_onto_a_named_pipe_is_refused(main: Main, project: Path) -> None:
    (project / "out").mkdir()
    os.mkfifo(project / "out" / "organisations.schema.json")
    result = main(project, "schema", "export", "out")
    assert_refused(result, "out/organisations.schema.json", "named pipe")
    assert list((project / "out").iterdir()) == [project / "out" / "organisations.schema.json"]
