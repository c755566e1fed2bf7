"""Atomic writes: the old file survives any failure, no temporary file is left, stale ones go."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from hmip_docs.export.write import OutputError, clean_stale_temps, temp_prefix, write_atomic


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_writes_the_bytes_and_creates_folders(tmp_path: Path) -> None:
    dest = tmp_path / "build" / "2021-22" / "report.docx"
    write_atomic(dest, b"PK\x03\x04 document")
    assert dest.read_bytes() == b"PK\x03\x04 document"
    assert leftovers(dest.parent) == []


def test_replaces_an_existing_file(tmp_path: Path) -> None:
    dest = tmp_path / "report.docx"
    dest.write_bytes(b"old")
    write_atomic(dest, b"new")
    assert dest.read_bytes() == b"new"
    assert leftovers(tmp_path) == []


def test_new_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    old_umask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "a.docx", b"x")
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE((tmp_path / "a.docx").stat().st_mode) == 0o644


def test_replacing_keeps_the_old_permissions(tmp_path: Path) -> None:
    dest = tmp_path / "a.docx"
    dest.write_bytes(b"old")
    dest.chmod(0o640)
    write_atomic(dest, b"new")
    assert stat.S_IMODE(dest.stat().st_mode) == 0o640


def test_failed_rename_keeps_the_old_file_and_removes_the_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dest = tmp_path / "report.docx"
    dest.write_bytes(b"old content")

    def no_space(src: object, dst: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", no_space)
    with pytest.raises(OutputError) as caught:
        write_atomic(dest, b"new content")
    assert str(caught.value) == f"cannot write {dest}: No space left on device"
    assert caught.value.path == dest
    assert caught.value.reason == "No space left on device"
    assert dest.read_bytes() == b"old content"
    assert leftovers(tmp_path) == []


def test_failed_flush_to_disk_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dest = tmp_path / "report.docx"
    dest.write_bytes(b"old content")
    seen: list[str] = []

    def broken_fsync(descriptor: int) -> None:
        seen.append(os.readlink(f"/proc/self/fd/{descriptor}"))
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OutputError, match=r"cannot write .*report\.docx: Input/output error"):
        write_atomic(dest, b"new content")
    assert dest.read_bytes() == b"old content"
    assert leftovers(tmp_path) == []
    # the data went to a temporary file beside the destination, named after it
    assert Path(seen[0]).parent == tmp_path
    assert Path(seen[0]).name.startswith(".report.docx.tmp-")


def test_interrupt_while_writing_removes_the_temporary_and_propagates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dest = tmp_path / "report.docx"
    dest.write_bytes(b"old content")

    def interrupted(descriptor: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(dest, b"new content")
    assert dest.read_bytes() == b"old content"
    assert leftovers(tmp_path) == []


def test_data_that_cannot_be_written_leaves_nothing(tmp_path: Path) -> None:
    dest = tmp_path / "report.docx"
    dest.write_bytes(b"old content")
    with pytest.raises(TypeError):
        write_atomic(dest, "not bytes")  # type: ignore[arg-type]
    assert dest.read_bytes() == b"old content"
    assert leftovers(tmp_path) == []


def test_folder_that_cannot_be_made_is_an_output_error(tmp_path: Path) -> None:
    (tmp_path / "build").write_text("a file where a folder should be")
    dest = tmp_path / "build" / "report.docx"
    with pytest.raises(OutputError) as caught:
        write_atomic(dest, b"x")
    assert str(caught.value).startswith(f"cannot write {dest}: ")
    assert caught.value.reason == "a part of the path is a file, not a folder"


def test_destination_that_is_a_folder_is_an_output_error(tmp_path: Path) -> None:
    dest = tmp_path / "report.docx"
    dest.mkdir()
    with pytest.raises(OutputError, match="it is a folder, not a regular file"):
        write_atomic(dest, b"x")
    assert dest.is_dir()
    assert leftovers(tmp_path) == []


def test_clean_stale_temps_removes_only_that_outputs_leftovers(tmp_path: Path) -> None:
    assert temp_prefix("report.docx") == ".report.docx.tmp-"
    stale = [tmp_path / ".report.docx.tmp-a1b2", tmp_path / ".report.docx.tmp-zz"]
    keep = [
        tmp_path / "report.docx",
        tmp_path / ".other.docx.tmp-a1b2",
        tmp_path / ".report.docx.bak",
        tmp_path / "notes.txt",
    ]
    for path in stale + keep:
        path.write_bytes(b"x")
    removed = clean_stale_temps(tmp_path, "report.docx")
    assert sorted(removed) == sorted(stale)
    assert not any(path.exists() for path in stale)
    assert all(path.exists() for path in keep)


def test_clean_stale_temps_leaves_folders_alone(tmp_path: Path) -> None:
    odd = tmp_path / ".report.docx.tmp-dir"
    odd.mkdir()
    assert clean_stale_temps(tmp_path, "report.docx") == []
    assert odd.is_dir()


def test_clean_stale_temps_in_a_missing_folder_does_nothing(tmp_path: Path) -> None:
    assert clean_stale_temps(tmp_path / "not-yet", "report.docx") == []


def test_a_killed_run_is_cleaned_up_by_the_next(tmp_path: Path) -> None:
    """A temporary file left by a process that died mid-write goes away on the next run."""
    dest = tmp_path / "report.docx"
    (tmp_path / f"{temp_prefix(dest.name)}k1ll3d").write_bytes(b"half a docu")
    clean_stale_temps(dest.parent, dest.name)
    write_atomic(dest, b"whole document")
    assert dest.read_bytes() == b"whole document"
    assert leftovers(tmp_path) == []
