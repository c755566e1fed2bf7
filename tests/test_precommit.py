"""The pre-commit hook as the README shows it, run by the real pre-commit framework in a policy
repository of its own (records only): the README's `.pre-commit-config.yaml`, with only the
repository's location filled in, refuses a commit that breaks a record (or the registry) with a
readable report, and lets a good one through.

The hook repository is a committed copy of this working tree's package files, tagged with the
release the README names, so the test runs the code as it is now; pre-commit installs it, with
its pinned dependencies, into an environment under a temporary PRE_COMMIT_HOME.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from hmip_docs import __version__
from hmip_docs.reference.rule_examples import EDITS
from tests.conftest import RECORDS, ROOT, line_of

# Builds and installs packages, so it may take longer than the suite's limit per test.
pytestmark = pytest.mark.timeout(900)

REL = "records/2021-22/consultation-response.yaml"
HOOK_FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml")
HOOK_FOLDERS = ("hmip_docs", "schemas", "templates")
PLACEHOLDER = "https://…/hmip-docs.git"
"""Where the README's snippet says the repository's own address goes."""


def readme_snippet() -> str:
    """The `.pre-commit-config.yaml` the README's "Pre-commit" section shows, as printed."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Pre-commit\n", 1)[1].split("\n## ", 1)[0]
    (snippet,) = [
        block for block in re.findall(r"```yaml\n(.*?)```", section, re.DOTALL) if "repos:" in block
    ]
    return snippet


def rev_of(snippet: str) -> str:
    (rev,) = re.findall(r"^\s*rev:\s*(\S+)", snippet, re.MULTILINE)
    return rev


def filled_in(snippet: str, location: Path) -> str:
    """The snippet as a policy team uses it: the repository's location in place of the
    placeholder, and nothing else changed."""
    assert snippet.count(PLACEHOLDER) == 1, snippet
    return snippet.replace(PLACEHOLDER, str(location))


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


PRE_COMMIT = (sys.executable, "-m", "pre_commit")


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return _env(tmp_path_factory.mktemp("pre-commit-home"))


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory, env: dict[str, str]) -> Path:
    """A git repository holding this working tree's package, committed and tagged with the
    release the README's snippet names."""
    repo = tmp_path_factory.mktemp("hook-repo")
    for name in HOOK_FILES:
        shutil.copy2(ROOT / name, repo / name)
    for name in HOOK_FOLDERS:
        shutil.copytree(
            ROOT / name, repo / name, ignore=shutil.ignore_patterns("__pycache__", "_data")
        )
    _git(repo, env, "init", "--quiet")
    _commit_all(repo, env, "hmip-docs under test")
    _git(repo, env, "tag", rev_of(readme_snippet()))
    return repo


def test_the_readme_names_the_release_of_this_version() -> None:
    """Releases are tagged `v` and the version; the README's snippet names this one."""
    with (ROOT / "pyproject.toml").open("rb") as stream:
        version = tomllib.load(stream)["project"]["version"]
    assert version == __version__
    assert rev_of(readme_snippet()) == f"v{version}"
    assert "- id: hmip-validate" in readme_snippet()


def test_the_readme_snippet_refuses_bad_commits_and_passes_good_ones(
    tmp_path: Path, env: dict[str, str], hook_repo: Path
) -> None:
    policy = tmp_path / "policy"
    shutil.copytree(RECORDS, policy / "records")
    config = filled_in(readme_snippet(), hook_repo)
    (policy / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    _git(policy, env, "init", "--quiet")
    install = _run(policy, env, *PRE_COMMIT, "install")
    assert install.returncode == 0, install.stdout + install.stderr

    # The records as published: the hook passes and the commit is made.
    first = _commit_all(policy, env, "records as published")
    output = first.stdout + first.stderr
    assert first.returncode == 0, output
    assert re.search(r"hmip-docs validate\.+Passed", output), output
    head = _git(policy, env, "rev-parse", "HEAD").stdout

    # A broken record: the commit is refused, and the report says where, what and how to fix
    # it, with nothing else around it but the count of accepted findings.
    record = policy / REL
    published = record.read_text(encoding="utf-8")
    change = next(e for e in EDITS if e.rule == "organisation-name")
    broken = change.apply(published)
    record.write_text(broken, encoding="utf-8")
    refused = _commit_all(policy, env, "misspell a respondent")
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert re.search(r"hmip-docs validate\.+Failed", output), output
    line = line_of(broken, change.line)
    assert (
        f"{REL}:{line}:16: error [organisation-name] 'Youth Justise Board' is not a name the "
        "registry knows for `yjb`" in output
    )
    assert "  fix: did you mean 'Youth Justice Board'?" in output
    assert "accepted [" not in output and "accepted (not shown" in output
    assert "Traceback" not in output
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
    assert re.search(r"hmip-docs validate\.+Passed", output), output
    assert _git(policy, env, "rev-parse", "HEAD").stdout != head


def test_autoupdate_moves_rev_to_the_newest_release(
    tmp_path: Path, env: dict[str, str], hook_repo: Path
) -> None:
    """What the README says to do when a release comes out."""
    hooks = tmp_path / "hooks"
    _git(tmp_path, env, "clone", "--quiet", str(hook_repo), str(hooks))
    (hooks / "CHANGES").write_text("the next release\n", encoding="utf-8")
    _commit_all(hooks, env, "next release")
    _git(hooks, env, "tag", "v99.0.0")
    policy = tmp_path / "policy"
    policy.mkdir()
    _git(policy, env, "init", "--quiet")
    config = policy / ".pre-commit-config.yaml"
    config.write_text(filled_in(readme_snippet(), hooks), encoding="utf-8")
    update = _run(policy, env, *PRE_COMMIT, "autoupdate")
    assert update.returncode == 0, update.stdout + update.stderr
    assert rev_of(config.read_text(encoding="utf-8")) == "v99.0.0"
