"""``hmip-docs schema export DIR``: copy the schemas where a policy repository's editor finds
them."""

from __future__ import annotations

import argparse
from pathlib import Path

from hmip_docs.cli.common import EXIT_OK, UsageError, claim, protected_paths
from hmip_docs.cli.streams import out


def run(args: argparse.Namespace) -> int:
    """``hmip-docs schema export DIR``: copy the schemas where a policy repo's editor finds them."""
    from hmip_docs.core import resources
    from hmip_docs.export import write
    from hmip_docs.load import config

    folder: Path = args.folder
    schemas = sorted(resources.schemas_dir().glob("*.schema.json"))
    # The project's schemas/ folder is where exported schemas belong; those shipped are not.
    protected = protected_paths(config.load(), {}, schemas=False)
    claim([(schema.name, folder / schema.name) for schema in schemas], protected)
    for schema in schemas:
        try:
            write.write_atomic(folder / schema.name, schema.read_bytes(), protected)
        except OSError as error:  # the shipped schema could not be read
            raise UsageError(f"cannot read {schema}: {error.strerror or error}") from error
        except write.OutputError as error:
            raise UsageError(str(error)) from error
        out(f"wrote {folder / schema.name}\n")
    return EXIT_OK
