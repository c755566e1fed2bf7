"""``scripts/make_template.py`` only bootstraps a brand-new template: it writes a template that
passes the lint, and refuses to write into a templates folder or over any existing file, so it
can never wipe an edit made in Word."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hmip_docs.template_lint import lint
from tests.conftest import ROOT, TEMPLATE


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of the script and of the templates folder beside it, as in the repository."""
    (tmp_path / "repo" / "scripts").mkdir(parents=True)
    for script in ("make_template.py", "edit_template.py", "template_guard.py"):
        shutil.copy(ROOT / "scripts" / script, tmp_path / "repo" / "scripts")
    shutil.copytree(ROOT / "templates", tmp_path / "repo" / "templates")
    return tmp_path / "repo"


def bootstrap(repo: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(repo / "scripts" / "make_template.py"), *args],
        cwd=cwd or repo,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def digest(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` and the hash of its bytes."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_it_writes_a_new_template_that_passes_the_lint(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "new" / "response.docx"
    run = bootstrap(repo, str(out))
    assert run.returncode == 0, run.stderr
    assert lint.lint(out).findings == ()
    assert sorted(p.name for p in out.parent.iterdir()) == ["response.docx"]  # no temporary left


def test_it_needs_an_output_path(repo: Path) -> None:
    before = digest(repo / "templates")
    run = bootstrap(repo)
    assert run.returncode == 2
    assert "NEW.docx" in run.stderr
    assert digest(repo / "templates") == before


def test_it_refuses_the_templates_folder_however_it_is_named(repo: Path, tmp_path: Path) -> None:
    before = digest(repo / "templates")
    link = tmp_path / "link"
    link.symlink_to(repo / "templates", target_is_directory=True)
    for out in (
        repo / "templates" / "fresh.docx",
        repo / "scripts" / ".." / "templates" / "fresh.docx",
        link / "fresh.docx",
        repo / "templates" / "sub" / "fresh.docx",
        Path("templates") / "fresh.docx",
    ):
        run = bootstrap(repo, str(out))
        assert run.returncode == 2, out
        assert "is in the templates folder" in run.stderr and "Traceback" not in run.stderr
    assert digest(repo / "templates") == before


def test_it_refuses_the_templates_folder_a_project_configures(repo: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "word").mkdir(parents=True)
    (project / ".hmip-docs.yaml").write_text("templates: word\n", "utf-8")
    run = bootstrap(repo, "word/fresh.docx", cwd=project)
    assert run.returncode == 2
    assert "is in the templates folder" in run.stderr
    assert list((project / "word").iterdir()) == []


def test_it_never_replaces_an_existing_file(repo: Path, tmp_path: Path) -> None:
    (tmp_path / "work").mkdir()
    existing = tmp_path / "work" / "edited-in-word.docx"
    existing.write_bytes(TEMPLATE.read_bytes() + b"edited")
    before = existing.read_bytes()
    run = bootstrap(repo, str(existing))
    assert run.returncode == 2
    assert "already exists" in run.stderr
    assert existing.read_bytes() == before
    assert sorted(p.name for p in existing.parent.iterdir()) == ["edited-in-word.docx"]
