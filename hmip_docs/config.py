"""Where a project keeps its records, registry, templates and output.

Defaults need no configuration: ``records/``, ``records/organisations.yaml``, ``templates/``
(else the packaged templates), and ``build/``, relative to the project root: the nearest folder
upwards holding ``.hmip-docs.yaml``, a ``pyproject.toml`` with ``[tool.hmip-docs]``, or a
``records/`` folder.
Either file may set ``records``, ``registry``, ``templates`` and ``build`` (paths relative to it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from hmip_docs import resources

KEYS = ("records", "registry", "templates", "build")


class ConfigError(Exception):
    """The configuration cannot be read or names something unusable."""


class Config(NamedTuple):
    """Resolved, absolute locations."""

    root: Path
    records: Path
    registry: Path
    templates: Path
    build: Path

    def template(self, name: str = "consultation-response.docx") -> Path:
        """The path of a template by file name."""
        return self.templates / name


def _settings(root: Path) -> dict[str, Any] | None:
    dotfile = root / ".hmip-docs.yaml"
    if dotfile.is_file():
        import yaml

        try:
            loaded = yaml.safe_load(dotfile.read_text(encoding="utf-8")) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
            raise ConfigError(f"cannot read {dotfile}: {error}") from error
        if not isinstance(loaded, dict):
            raise ConfigError(f"{dotfile} should be a mapping of settings")
        return loaded
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        import tomllib  # only where there is a pyproject.toml to read

        try:
            table = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise ConfigError(f"cannot read {pyproject}: {error}") from error
        section = table.get("tool", {}).get("hmip-docs")
        if isinstance(section, dict):
            return section
    if (root / "records").is_dir():
        return {}
    return None


def load(start: Path | None = None) -> Config:
    """The configuration of the project containing ``start`` (default: the current folder)."""
    here = (start or Path.cwd()).resolve()
    settings: dict[str, Any] = {}
    root = here
    for candidate in (here, *here.parents):
        found = _settings(candidate)
        if found is not None:
            root, settings = candidate, found
            break
    unknown = sorted(set(settings) - set(KEYS))
    if unknown:
        raise ConfigError(
            f"unknown setting {', '.join(unknown)} in the configuration at {root}; "
            f"known: {', '.join(KEYS)}"
        )
    for key, value in settings.items():
        if not isinstance(value, str) or not value:
            raise ConfigError(f"the setting `{key}` at {root} should be a path")

    def path(key: str, default: Path) -> Path:
        value = settings.get(key)
        return (root / value).resolve() if value else default

    records = path("records", root / "records")
    return Config(
        root=root,
        records=records,
        registry=path("registry", records / "organisations.yaml"),
        templates=path(
            "templates",
            root / "templates" if (root / "templates").is_dir() else resources.templates_dir(),
        ),
        build=path("build", root / "build"),
    )
