"""Run the command-line tool as ``python -m hmip_docs``, exactly as the ``hmip-docs`` command."""

from __future__ import annotations

import sys

from hmip_docs.cli import main

if __name__ == "__main__":
    sys.exit(main())
