"""Where the template scripts may write: never into a templates folder.

The templates in the repository's ``templates/`` (and in the packaged copy, and in the folder a
project configures) are the communications team's, edited in Word. A script writes a new
template, or edits a copy, somewhere else; the team reviews the result in Word and copies it in.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def protected_folders() -> list[Path]:
    """The templates folders no script writes into."""
    from hmip_docs.core import resources
    from hmip_docs.load import config

    folders = [ROOT / "templates", resources.templates_dir()]
    with contextlib.suppress(config.ConfigError):
        folders.append(config.load().templates)
    return [folder.resolve() for folder in folders]


def in_templates_folder(path: Path) -> str | None:
    """Why ``path`` may not be written (it is in a templates folder), or None when it may."""
    resolved = path.resolve()
    for folder in protected_folders():
        if resolved.is_relative_to(folder):
            return (
                f"{path} is in the templates folder {folder}; the templates there are edited "
                "in Word, never by a script (edit a copy elsewhere, review it in Word, and "
                "copy it in)"
            )
    return None
