"""Read a regular file, and only a regular file: a folder, FIFO, device or socket is refused by
name before it is opened, since opening or reading one can block for ever."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Final

_KINDS: Final = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)
_OPEN_FLAGS: Final = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO or device swapped in after the check cannot block
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def _not_a_file(mode: int) -> OSError:
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    return OSError(f"it is {kind}, not a file; only regular files are read")


def read_regular(path: Path, limit: int) -> bytes:
    """At most ``limit`` bytes of the regular file at ``path`` (a symbolic link is followed).

    Anything else (a folder, a FIFO, a device, a socket) is refused by name before it is opened,
    since opening or reading one can block for ever or act on a device; and the file opened is
    checked again, in case the path was swapped after the check. Raises OSError, with a reason a
    person can read, for every path it does not read.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise OSError("it is a symbolic link that loops back on itself") from error
        if isinstance(error, FileNotFoundError) and os.path.islink(path):
            target = os.readlink(path)
            raise OSError(f"it is a symbolic link to {target}, which does not exist") from error
        raise
    if not stat.S_ISREG(mode):
        raise _not_a_file(mode)
    descriptor = os.open(path, _OPEN_FLAGS)
    with open(descriptor, "rb") as stream:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise _not_a_file(mode)
        return stream.read(limit)


def source_lines(path: Path, limit: int) -> list[str] | None:
    """The lines of the file at ``path`` for a report's code frames (at most ``limit`` bytes,
    read as ``read_regular`` reads), or None when it cannot be read. Lines end at "\n" only, as
    the loader counts them (``splitlines()`` would also split at U+2028, form feeds and other
    characters a bad file may hold)."""
    try:
        raw = read_regular(path, limit)
    except (OSError, ValueError):
        return None
    return raw.decode("utf-8-sig", errors="replace").removesuffix("\n").split("\n")
