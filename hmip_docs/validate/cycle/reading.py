"""Find and read the editions under a records folder: each record in a folder named for a
programme year (``records/2021-22/consultation-response.yaml``), with its edition facts.

Reading takes what the cross-edition commands need and no more: the records are loaded (with
positions) but not validated; ``hmip-docs validate`` judges them.
"""

from __future__ import annotations

import os
import pathlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from hmip_docs.load.yamlload import load_file
from hmip_docs.validate.cycle.editions import Edition, extract
from hmip_docs.validate.cycle.years import folder_year

if TYPE_CHECKING:
    from hmip_docs.record.decisions import Vocabulary

SUFFIXES = (".yaml", ".yml")


class Read(NamedTuple):
    """One edition read from its file."""

    path: pathlib.Path
    edition: Edition
    data: Mapping[str, Any]


class ReadError(Exception):
    """An edition could not be read; the message names the file and what is wrong."""


def shown(path: pathlib.Path) -> str:
    """A path as the reports show it: relative to the current folder where it is inside it."""
    try:
        return pathlib.Path(os.path.abspath(path)).relative_to(pathlib.Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def edition_files(records: pathlib.Path) -> list[pathlib.Path]:
    """The records directly inside the year folders of ``records``, in order of path. Every
    entry named like a record is taken, whatever it is (a broken symbolic link, a FIFO): reading
    it says what is wrong, rather than an edition going missing without a word; so is a year
    folder that cannot be listed."""
    found: list[pathlib.Path] = []
    for folder in sorted(records.iterdir()) if records.is_dir() else ():
        if folder_year(folder.name) is None or folder.name.startswith("."):
            continue
        try:
            entries = sorted(folder.iterdir())
        except NotADirectoryError:
            continue  # a file named like a year
        except OSError as error:
            raise ReadError(
                f"{shown(folder)}: cannot read the folder: {error.strerror or error}"
            ) from error
        found += [p for p in entries if p.suffix.lower() in SUFFIXES]
    return found


def vocabulary(registry: pathlib.Path) -> Vocabulary:
    """The vocabulary of decision kinds beside ``registry``, which says which decisions point
    to a later year; ReadError, naming the file and line, when it cannot be used."""
    from hmip_docs.record import decisions, decisions_file

    path = decisions.beside(registry)
    loaded, problems = decisions_file.load(path, shown(path))
    if loaded is None:
        first = problems[0] if problems else None
        where = f"{first.file}:{first.line}" if first and first.line else shown(path)
        reason = first.message if first else "it cannot be read"
        raise ReadError(f"{where}: {reason} (`hmip-docs validate` says more)")
    return loaded


def read(path: pathlib.Path, decisions: Vocabulary | None) -> Read:
    """One edition; ReadError when it cannot be loaded."""
    loaded = load_file(path)
    document = loaded.document
    if document is None or not isinstance(document.data, Mapping):
        first = loaded.findings[0] if loaded.findings else None
        where = f"{shown(path)}:{first.line}" if first and first.line else shown(path)
        reason = first.message if first else "it does not hold a mapping of fields"
        raise ReadError(
            f"{where}: cannot read the record: {reason} (`hmip-docs validate` says more)"
        )
    return Read(path, extract(document, shown(path), path, decisions), document.data)


def read_all(records: pathlib.Path, decisions: Vocabulary | None) -> list[Read]:
    """Every edition under ``records``, read with the vocabulary of decision kinds."""
    return [read(path, decisions) for path in edition_files(records)]
