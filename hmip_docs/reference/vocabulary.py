"""The vocabulary of decision kinds the repository ships (``records/decisions.yaml``), read once
for the reference documentation and the editor's help that are generated from it."""

from __future__ import annotations

from functools import cache

from hmip_docs.core import resources
from hmip_docs.record import decisions, decisions_file
from hmip_docs.record.decisions import Vocabulary

PATH = resources.schemas_dir().parent / "records" / decisions.FILE_NAME
"""Where the shipped vocabulary is, in a source checkout."""


@cache
def shipped() -> Vocabulary:
    """The shipped vocabulary; stops with its problems, file and line, when it cannot be read."""
    vocabulary, problems = decisions_file.load(PATH)
    if vocabulary is None:
        raise SystemExit("; ".join(f"{p.file}:{p.line}: {p.message}" for p in problems))
    return vocabulary
