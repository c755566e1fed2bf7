"""Write output files atomically, so a reader never sees half a document.

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
import sys
import tempfile
from pathlib import Path

# Windows has no flock, and cannot rename a file that is open: there, files are renamed after
# closing and leftovers are removed without asking whether a run still writes them.
_LOCKING = sys.platform != "win32"
if sys.platform != "win32":
    import fcntl

__all__ = ["OutputError", "clean_stale_temps", "temp_prefix", "write_atomic"]


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


def temp_prefix(name: str) -> str:
    """The name prefix of the temporary files written on the way to the output file ``name``."""
    return f".{name}.tmp-"


def write_atomic(dest: Path, data: bytes) -> None:
    """Replace ``dest`` with ``data`` in one step, creating missing parent folders."""
    folder = dest.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError.from_os_error(dest, error) from error
    try:
        handle, temp_name = tempfile.mkstemp(prefix=temp_prefix(dest.name), dir=folder)
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
            _copy_mode(dest, temp)
            if _LOCKING:
                os.replace(temp, dest)
        if not _LOCKING:
            os.replace(temp, dest)
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
