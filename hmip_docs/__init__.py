"""hmip-docs keeps the inspectorate's publications as YAML records, checks them and renders them
to Word; the package root only carries the version, and each submodule does one job.
"""

from __future__ import annotations

__version__ = "0.2.0"
