"""Rule folder-year: a record in the records folder is kept in the folder of its programme year;
a record in a folder of another name gets an error and is never built."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import REL, hmip

DRAFT = "records/drafts/consultation-response.yaml"


def _draft(project: Path) -> Path:
    draft = project / DRAFT
    draft.parent.mkdir()
    shutil.copyfile(project / REL, draft)
    return draft


def test_a_record_outside_a_year_folder_is_an_error_naming_the_folder(project: Path) -> None:
    _draft(project)
    run = hmip(project, "validate", "--format", "json")
    assert run.returncode == 1, run.stderr
    (finding,) = [f for f in json.loads(run.stdout)["findings"] if not f["suppressed"]]
    assert (finding["rule"], finding["file"], finding["line"]) == ("folder-year", DRAFT, 10)
    assert finding["severity"] == "error"
    assert finding["item"] == "document"
    assert "records/drafts, which is not named for a programme year" in finding["message"]
    assert "records/2021-22/" in finding["hint"]


def test_given_by_its_path_it_is_the_same_error_and_never_built(project: Path) -> None:
    _draft(project)
    alone = hmip(project, "validate", DRAFT)
    assert alone.returncode == 1
    assert f"{DRAFT}:10:19: error [folder-year]" in alone.stdout
    built = hmip(project, "docx", "--out-dir", "out", DRAFT)
    assert built.returncode == 1
    assert "Traceback" not in built.stderr
    assert not (project / "out").exists() or not any((project / "out").iterdir())


def test_a_record_directly_in_the_records_folder_belongs_in_a_year_folder(project: Path) -> None:
    shutil.copyfile(project / REL, project / "records" / "response.yaml")
    run = hmip(project, "validate", "records/response.yaml")
    assert run.returncode == 1
    assert "error [folder-year] the record is in the folder records," in run.stdout
    assert "records/2021-22/" in run.stdout


def test_a_file_from_outside_the_records_folder_is_checked_as_a_record(project: Path) -> None:
    # A draft kept elsewhere (compared with `hmip-docs diff`, say) is no edition of the records.
    shutil.copyfile(project / REL, project / "draft.yaml")
    run = hmip(project, "validate", "draft.yaml")
    assert run.returncode == 0, run.stdout


def test_records_kept_outside_the_project_are_told_the_year_folder_inside_them(
    tmp_path: Path, project: Path
) -> None:
    # The records configured by their full path: a record directly in that folder belongs in a
    # year folder inside it, and one in a folder within it belongs beside that folder.
    kept = tmp_path / "policy"
    shutil.move(project / "records", kept)
    work = project / "work"
    work.mkdir()
    (work / ".hmip-docs.yaml").write_text(f"records: {kept.as_posix()}\n", encoding="utf-8")
    shutil.copyfile(kept / REL.relative_to("records"), kept / "response.yaml")
    (kept / "drafts").mkdir()
    shutil.copyfile(kept / REL.relative_to("records"), kept / "drafts" / "response.yaml")
    run = hmip(work, "validate", "--format", "json")
    assert run.returncode == 1, run.stderr
    hints = {
        f["file"]: f["hint"]
        for f in json.loads(run.stdout)["findings"]
        if f["rule"] == "folder-year"
    }
    year = f"{kept.as_posix()}/2021-22/"
    assert set(hints) == {
        f"{kept.as_posix()}/response.yaml",
        f"{kept.as_posix()}/drafts/response.yaml",
    }
    assert all(f", {year} (" in hint for hint in hints.values()), hints
