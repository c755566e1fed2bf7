"""``hmip-docs diff`` and ``hmip-docs redline``: run by ``hmip_docs.review.command``, with this
package's standard streams and its rules for outputs."""

from __future__ import annotations

import argparse

from hmip_docs.cli.common import UsageError, claim, protected_paths
from hmip_docs.cli.streams import out, say, tell


def run(args: argparse.Namespace) -> int:
    """``hmip-docs diff`` and ``hmip-docs redline`` (``review.command``)."""
    from hmip_docs.review import command, stages

    try:
        return command.run(args, (out, say, tell), protected_paths, claim)
    except stages.ReviewError as error:
        raise UsageError(str(error)) from error
