"""Records at git revisions: ``REV:PATH`` read with ``git show``, and the records changed since
a revision (``--rev``). git runs as a child process with a time limit; its failures become plain
messages."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

GIT_TIMEOUT = 60.0
"""Seconds a git command may take."""

MAX_BYTES = 16 * 1024 * 1024
"""The largest record read from a revision (the loader refuses larger ones anyway)."""


class RevisionError(Exception):
    """git could not give what was asked (no repository, an unknown revision, no such file)."""


class Revision(NamedTuple):
    """A file as it was at a revision: ``git show REV:PATH``."""

    rev: str
    path: str

    def __str__(self) -> str:
        return f"{self.rev}:{self.path}"


def parse(argument: str) -> Revision | None:
    """``REV:PATH`` as a revision, unless it names a file that exists (a path may hold ":")."""
    if os.path.lexists(argument):
        return None
    rev, colon, path = argument.partition(":")
    if not colon or not rev or not path:
        return None
    return Revision(rev, path)


def _git(*args: str) -> bytes:
    import subprocess  # only when a revision is asked for

    try:
        done = subprocess.run(
            ["git", *args],
            capture_output=True,
            timeout=GIT_TIMEOUT,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except FileNotFoundError as error:
        raise RevisionError("git is not installed: it is needed to read a revision") from error
    except subprocess.TimeoutExpired as error:
        raise RevisionError(f"git {args[0]} took more than {GIT_TIMEOUT:.0f} s") from error
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = lines[0].removeprefix("fatal: ") if lines else f"exit {done.returncode}"
        raise RevisionError(f"git {args[0]}: {reason}")
    return done.stdout


def show(revision: Revision) -> bytes:
    """The bytes of the file at the revision."""
    data = _git("show", "--no-textconv", f"{revision.rev}:{revision.path}")
    if len(data) > MAX_BYTES:
        raise RevisionError(f"{revision}: larger than {MAX_BYTES // (1024 * 1024)} MB")
    return data


def exists(revision: Revision) -> bool:
    """Whether the file is there at the revision."""
    try:
        _git("cat-file", "-e", f"{revision.rev}:{revision.path}")
    except RevisionError:
        return False
    return True


def verify(rev: str) -> None:
    """Refuse a revision git does not know, with git's own words."""
    if rev.startswith("-"):
        raise RevisionError(f"{rev!r} is not a revision")
    try:
        _git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    except RevisionError as error:
        if "exit" not in str(error):  # git said why: not a repository
            raise
        raise RevisionError(f"{rev!r} is not a revision git knows here") from None


def changed_since(rev: str, folder: Path) -> list[str]:
    """The files under ``folder`` (relative to here) that differ from ``rev``: changed, added
    (committed since, or not yet in git) or deleted."""
    verify(rev)
    listed = _git("diff", "--no-renames", "--name-only", "--relative", rev, "--", str(folder))
    untracked = _git("ls-files", "--others", "--exclude-standard", "--", str(folder))
    names = {n for n in (listed + b"\n" + untracked).decode("utf-8").split("\n") if n}
    return sorted(names)
