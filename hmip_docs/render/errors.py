"""The render step's error, in a module of its own: the processes that only start a render, wait
for it or report its failure need not import the Word stack to know it."""

from __future__ import annotations


class RenderError(Exception):
    """The template cannot be rendered: a syntax mistake, an unknown name, a refused operation."""
