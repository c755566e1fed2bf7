"""Find the data files the tool ships with: the JSON schemas and the Word templates.

An installed wheel carries them inside the package as ``hmip_docs/_data/schemas`` and
``hmip_docs/_data/templates``; a source checkout (or an editable install of one) has no ``_data``
folder and reads the top-level ``schemas/`` and ``templates/`` folders beside the package.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

__all__ = ["schemas_dir", "template_path", "templates_dir"]


@cache
def _data_root() -> Path:
    """The folder that holds ``schemas/`` and ``templates/``."""
    # The package's own folder (this module lies in its core/); importlib.resources would find
    # the same and costs more to import than a validation of one record takes to run.
    package = Path(__file__).resolve().parent.parent
    packaged = package / "_data"
    return packaged if packaged.is_dir() else package.parent


def schemas_dir() -> Path:
    """The folder of JSON schemas."""
    return _data_root() / "schemas"


def templates_dir() -> Path:
    """The folder of Word templates."""
    return _data_root() / "templates"


def template_path(name: str) -> Path:
    """The path of the template file ``name`` (such as ``"report.docx"``) in the templates folder.

    ``name`` must be a plain file name (or a relative path below the templates folder); a name
    that would lead outside it raises ``ValueError``.
    """
    folder = templates_dir()
    path = folder / name
    if Path(name).is_absolute() or ".." in Path(name).parts:
        raise ValueError(f"template name {name!r} must stay inside {folder}")
    return path
