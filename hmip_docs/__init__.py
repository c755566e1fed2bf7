"""hmip-docs keeps the inspectorate's publications as YAML records, checks them and renders them
to Word; the package root only carries the version, and each submodule does one job. (It imports
nothing, so that the command's guard against Ctrl-C, in ``__main__``, is in place at once.)
"""

__version__ = "0.3.0"
