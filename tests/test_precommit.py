"""The pre-commit hook, run by the real pre-commit framework in a policy repository of its own:
a commit that breaks a record (or the registry) is refused with the report, a good one passes.

The hook repository is a committed copy of this working tree's package files, so the test runs
the code as it is now; pre-commit installs it, with its pinned dependencies, into an environment
under a temporary PRE_COMMIT_HOME.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hmip_docs.examples import EDITS
from tests.conftest import RECORDS, ROOT, line_of

# Builds and installs packages, so it may take longer than the suite's limit per test.
pytestmark = pytest.mark.timeout(900)

REL = "records/2021-22/consultation-response.yaml"
HOOK_FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml")
HOOK_FOLDERS = ("hmip_docs", "schemas", "templates")


def _env(home: Path) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT", "NO_COLOR"))
    }
    return {
        **env,
        "PRE_COMMIT_HOME": str(home),
        # A repository of the test's own: no user or system git settings (signing, hooks path).
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Policy author",
        "GIT_AUTHOR_EMAIL": "author@example.org",
        "GIT_COMMITTER_NAME": "Policy author",
        "GIT_COMMITTER_EMAIL": "author@example.org",
    }


def _run(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=600
    )


def _git(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    run = _run(cwd, env, "git", *args)
    assert run.returncode == 0, run.stdout + run.stderr
    return run


def _commit_all(repo: Path, env: dict[str, str], message: str) -> subprocess.CompletedProcess[str]:
    _git(repo, env, "add", "--all")
    return _run(repo, env, "git", "commit", "--quiet", "-m", message)


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return _env(tmp_path_factory.mktemp("pre-commit-home"))


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory, env: dict[str, str]) -> tuple[Path, str]:
    """A git repository holding this working tree's package, committed; and its commit."""
    repo = tmp_path_factory.mktemp("hook-repo")
    for name in HOOK_FILES:
        shutil.copy2(ROOT / name, repo / name)
    for name in HOOK_FOLDERS:
        shutil.copytree(
            ROOT / name, repo / name, ignore=shutil.ignore_patterns("__pycache__", "_data")
        )
    _git(repo, env, "init", "--quiet")
    _commit_all(repo, env, "hmip-docs under test")
    sha = _git(repo, env, "rev-parse", "HEAD").stdout.strip()
    return repo, sha


def test_hook_refuses_broken_records_and_registry_and_accepts_good_commits(
    tmp_path: Path, env: dict[str, str], hook_repo: tuple[Path, str]
) -> None:
    hooks, sha = hook_repo
    policy = tmp_path / "policy"
    shutil.copytree(RECORDS, policy / "records")
    (policy / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks}\n    rev: {sha}\n    hooks:\n      - id: hmip-validate\n",
        encoding="utf-8",
    )
    _git(policy, env, "init", "--quiet")
    assert _commit_all(policy, env, "records as published").returncode == 0
    pre_commit = [sys.executable, "-m", "pre_commit"]
    install = _run(policy, env, *pre_commit, "install")
    assert install.returncode == 0, install.stdout + install.stderr
    head = _git(policy, env, "rev-parse", "HEAD").stdout

    # A broken record: the commit is refused and the report names rule, file and line.
    record = policy / REL
    published = record.read_text(encoding="utf-8")
    change = next(e for e in EDITS if e.rule == "suggestion-outcome-missing")
    broken = change.apply(published)
    record.write_text(broken, encoding="utf-8")
    refused = _commit_all(policy, env, "drop an outcome")
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "hmip-docs validate" in output and "Failed" in output
    assert f"{REL}:{line_of(broken, change.line)}:15: error [suggestion-outcome-missing]" in output
    assert _git(policy, env, "rev-parse", "HEAD").stdout == head

    # A registry change alone re-checks the records it breaks (pass_filenames: false).
    record.write_text(published, encoding="utf-8")
    registry = policy / "records" / "organisations.yaml"
    registry_text = registry.read_text(encoding="utf-8")
    registry.write_text(registry_text.replace("id: hmi-prisons\n", "id: hmi-prison\n"), "utf-8")
    _git(policy, env, "add", "--all")
    staged = _git(policy, env, "diff", "--cached", "--name-only").stdout.split()
    assert staged == ["records/organisations.yaml"]
    refused = _run(policy, env, "git", "commit", "--quiet", "-m", "rename an id")
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert f"{REL}:" in output and "error [registry-reference]" in output
    assert _git(policy, env, "rev-parse", "HEAD").stdout == head

    # A good change passes, and is committed.
    registry.write_text(registry_text, encoding="utf-8")
    record.write_text(published.replace("Case transfers", "Case transfer", 1), encoding="utf-8")
    accepted = _commit_all(policy, env, "retitle a suggestion")
    output = accepted.stdout + accepted.stderr
    assert accepted.returncode == 0, output
    assert "hmip-docs validate" in output and "Passed" in output
    assert _git(policy, env, "rev-parse", "HEAD").stdout != head
