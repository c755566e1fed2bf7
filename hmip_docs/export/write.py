"""Write output files atomically, so a reader never sees half a document, and never over an input.

Every output goes through :func:`destination`, the one place that decides whether a path may be
written: only a regular file or a new path, never a device, a named pipe, a socket or a folder
(nor a symbolic link to one), and never a file the run reads or the project keeps as an input
(:class:`Protected`). A symbolic link to a regular file is written through: the file it leads
to is replaced and the link stays. :func:`claim` checks every output of a run that way before
anything is written, and that no two of them are one file.

The bytes go to a temporary file in the destination folder, are flushed to disk, and the file is
then renamed over the destination in one step; a failure at any point leaves the old file as it
was and removes the temporary one. Temporary files left by a run that was killed are cleared by
:func:`clean_stale_temps`; a run still writing holds a lock on its temporary file until the file
is in place, so another run in the same folder leaves it alone. Every operating-system failure
becomes an :class:`OutputError` whose message names the path and the reason.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

# Windows has no flock, and cannot rename a file that is open: there, files are renamed after
# closing and leftovers are removed without asking whether a run still writes them.
_LOCKING = sys.platform != "win32"
if sys.platform != "win32":
    import fcntl

__all__ = [
    "NOTHING",
    "OutputError",
    "Protected",
    "claim",
    "clean_stale_temps",
    "destination",
    "temp_prefix",
    "write_atomic",
]


class OutputError(Exception):
    """An output file could not be written; the message names the path and the reason."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"cannot write {path}: {reason}")
        self.path = path
        self.reason = reason

    @classmethod
    def from_os_error(cls, path: Path, error: OSError) -> OutputError:
        """Wrap an ``OSError``, keeping only its plain reason ("No space left on device")."""
        return cls(path, error.strerror or str(error))


def _identity(path: Path) -> tuple[int, int] | None:
    """The (device, inode) pair of an existing path, following symbolic links."""
    try:
        status = path.stat()
    except (OSError, ValueError):
        return None
    return (status.st_dev, status.st_ino)


def _real(path: Path) -> Path:
    """``path`` made absolute with every symbolic link resolved (as far as it exists)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symbolic link loop (RuntimeError before Python 3.13)
        return path.absolute()


@dataclass(frozen=True)
class Protected:
    """What a run must never write over: the files it reads and the project's own inputs.

    ``files`` and ``folders`` map a path to what it is ("the registry", "the records folder");
    nothing at a protected file and nothing inside a protected folder may be written. Paths are
    compared once every symbolic link is resolved, and existing ones also by device and inode, so
    another spelling of the same file (a hard link, another letter case on a file system that
    ignores case) is the same file.
    """

    files: Mapping[Path, str] = field(default_factory=dict)
    folders: Mapping[Path, str] = field(default_factory=dict)
    identities: Mapping[tuple[int, int], str] = field(default_factory=dict, repr=False)
    """What each existing protected file is, by (device, inode)."""
    folder_identities: Mapping[tuple[int, int], tuple[Path, str]] = field(
        default_factory=dict, repr=False
    )
    """Each existing protected folder and what it is, by (device, inode)."""

    @classmethod
    def of(cls, files: Mapping[Path, str], folders: Mapping[Path, str]) -> Protected:
        """The protection of ``files`` and of everything in ``folders``."""
        real_files = {_real(path): what for path, what in files.items()}
        real_folders = {_real(path): what for path, what in folders.items()}
        identities = {
            identity: what
            for path, what in real_files.items()
            if (identity := _identity(path)) is not None
        }
        folder_identities = {
            identity: (path, what)
            for path, what in real_folders.items()
            if (identity := _identity(path)) is not None
        }
        return cls(real_files, real_folders, identities, folder_identities)

    def reason(self, target: Path) -> str | None:
        """Why the real path ``target`` may not be written, or None."""
        what = self.files.get(target)
        if what is None and self.identities:
            identity = _identity(target)
            what = self.identities.get(identity) if identity is not None else None
        if what is not None:
            return f"it is {what}, an input of this project: write the output somewhere else"
        for ancestor in target.parents:
            found = (ancestor, self.folders[ancestor]) if ancestor in self.folders else None
            if found is None and self.folder_identities:
                identity = _identity(ancestor)
                found = self.folder_identities.get(identity) if identity is not None else None
            if found is not None:
                return (
                    f"it is inside {found[1]} ({found[0]}), which holds the project's inputs: "
                    "write the output somewhere else"
                )
        return None


NOTHING: Protected = Protected()
"""No protection beyond the kind of file (for outputs that no project is behind)."""

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind(mode: int) -> str:
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def destination(path: Path, protected: Protected = NOTHING) -> Path:
    """The file to write for the output ``path``, once it is sure that it may be written.

    That is the real path (symbolic links resolved) of a regular file or of a path that does not
    exist yet, neither ``protected`` nor inside a protected folder. Anything else raises
    :class:`OutputError` naming ``path`` and what it is.
    """
    try:
        status = os.stat(path)  # follows symbolic links: a link to a device is a device
    except FileNotFoundError:
        status = None  # a new file (or a link to one that does not exist yet)
    except NotADirectoryError:
        raise OutputError(path, "a part of the path is a file, not a folder") from None
    except OSError as error:  # a symbolic link loop, a folder that cannot be searched
        raise OutputError.from_os_error(path, error) from error
    if status is not None and not stat.S_ISREG(status.st_mode):
        link = " a symbolic link to" if path.is_symlink() else ""
        raise OutputError(
            path,
            f"it is{link} {_kind(status.st_mode)}, not a regular file: only regular files are "
            "written",
        )
    target = _real(path)
    why = protected.reason(target)
    if why is not None:
        if target != path.absolute():
            why = f"it leads to {target}; {why}"
        raise OutputError(path, why)
    return target


def claim(outputs: Sequence[tuple[str, Path]], protected: Protected = NOTHING) -> list[Path]:
    """Check every output of a run before anything is written: each may be written
    (:func:`destination`), and no two sources would write one file. ``outputs`` pairs what is
    written (a record, as reports show it) with where; the real paths come back in that order.

    Names that differ only in letter case count as one file, as they are on file systems that
    ignore case.
    """
    targets: list[Path] = []
    seen: dict[str, str] = {}
    for source, path in outputs:
        target = destination(path, protected)
        key = os.path.normcase(str(target)).casefold()
        if key in seen:
            raise OutputError(
                path,
                f"{seen[key]} and {source} would both be written there: rename one of them, "
                "or build them one at a time with -o",
            )
        seen[key] = source
        targets.append(target)
    return targets


def temp_prefix(name: str) -> str:
    """The name prefix of the temporary files written on the way to the output file ``name``."""
    return f".{name}.tmp-"


def write_atomic(dest: Path, data: bytes, protected: Protected = NOTHING) -> None:
    """Replace ``dest`` with ``data`` in one step, creating missing parent folders, once
    :func:`destination` allows it (through a symbolic link, the file it leads to is replaced)."""
    target = destination(dest, protected)
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError.from_os_error(dest, error) from error
    try:
        handle, temp_name = tempfile.mkstemp(prefix=temp_prefix(target.name), dir=folder)
    except OSError as error:
        raise OutputError.from_os_error(dest, error) from error
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            if _LOCKING:
                # Held until the rename: the file is in use, not a leftover (clean_stale_temps).
                fcntl.flock(stream.fileno(), fcntl.LOCK_EX)
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
            _copy_mode(target, temp)
            if _LOCKING:
                os.replace(temp, target)
        if not _LOCKING:
            os.replace(temp, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            temp.unlink()
        if isinstance(error, OSError):
            raise OutputError.from_os_error(dest, error) from error
        raise
    _fsync_folder(folder)


def clean_stale_temps(folder: Path, name: str) -> list[Path]:
    """Remove temporary files that an interrupted earlier write of ``folder/name`` left behind.

    Returns the paths removed. Only files named with :func:`temp_prefix` for ``name`` are touched.
    """
    prefix = temp_prefix(name)
    removed: list[Path] = []
    try:
        candidates = [entry for entry in folder.iterdir() if entry.name.startswith(prefix)]
    except FileNotFoundError:
        return removed
    except OSError as error:
        raise OutputError.from_os_error(folder / name, error) from error
    for entry in candidates:
        try:
            if entry.is_file() and not entry.is_symlink() and _unlink_unless_in_use(entry):
                removed.append(entry)
        except FileNotFoundError:
            continue
        except OSError as error:
            raise OutputError.from_os_error(entry, error) from error
    return removed


def _unlink_unless_in_use(path: Path) -> bool:
    """Remove ``path`` unless a live run holds its lock; whether it was removed.

    The lock of a killed run went with its process, so its leftovers can be locked and go.
    """
    if not _LOCKING:
        path.unlink()
        return True
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except PermissionError:  # another user's file: removing it tells whether that is allowed
        path.unlink()
        return True
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        path.unlink()
        return True
    finally:
        os.close(descriptor)


def _copy_mode(dest: Path, temp: Path) -> None:
    """Give the new file the permissions of the one it replaces, or the usual ones for a new file.

    ``mkstemp`` creates files readable by the owner only; an output document should be as
    readable as any other file the user creates.
    """
    try:
        mode = dest.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(temp, mode)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable; skipped where folders cannot be opened (Windows)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
