"""Where a project keeps its records, registry, templates and output.

Defaults need no configuration: ``records/``, ``records/organisations.yaml``, ``templates/``
(else the packaged templates), and ``build/``, relative to the project root: the nearest folder
upwards holding ``.hmip-docs.yaml``, a ``pyproject.toml`` with ``[tool.hmip-docs]``, or a
``records/`` folder.
Either file may set ``records``, ``registry``, ``templates`` and ``build`` (paths relative to it).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, NamedTuple

from hmip_docs.core import resources
from hmip_docs.core.wording import did_you_mean

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


_MAX_BYTES = 64 * 1024
"""The largest configuration file read; a real one is a few lines."""


def _read(path: Path) -> bytes:
    """The bytes of a configuration file; ConfigError naming it when it cannot be read."""
    from hmip_docs.load.files import read_regular  # never blocks on a FIFO or device

    try:
        raw = read_regular(path, _MAX_BYTES + 1)
    except (OSError, ValueError) as error:
        reason = (error.strerror if isinstance(error, OSError) else None) or str(error)
        raise ConfigError(f"cannot read {path}: {reason}") from error
    if len(raw) > _MAX_BYTES:
        raise ConfigError(f"cannot read {path}: it is larger than {_MAX_BYTES:,} bytes")
    return raw


def _dotfile(path: Path) -> dict[str, Any]:
    """The settings of ``.hmip-docs.yaml``, read by the records' own loader: its limits, and a
    message with the line for every mistake (a key that is not text, nesting, duplicates)."""
    from hmip_docs.core.pointers import escape_token
    from hmip_docs.load.yamlload import load_yaml

    loaded = load_yaml(_read(path), file=str(path))
    mistakes = [f for f in loaded.findings if f.rule != "yaml-empty"]
    if [f.rule for f in mistakes] == ["yaml-not-mapping"]:
        raise ConfigError(f"{path} should be a mapping of settings (`records: …` lines)")
    if mistakes:
        first = mistakes[0]
        raise ConfigError(f"cannot read {path}:{first.line}:{first.column}: {first.message}")
    if loaded.document is None:  # empty, or only comments
        return {}
    lines = loaded.document.key_positions
    return {
        key: (value, f"{path}:{lines['/' + escape_token(key)][0]}")
        for key, value in loaded.document.data.items()
    }


def _pyproject(path: Path) -> dict[str, Any] | None:
    """The ``[tool.hmip-docs]`` settings of a ``pyproject.toml``, or None when it has none."""
    import tomllib  # only where there is a pyproject.toml to read

    try:
        table = tomllib.loads(_read(path).decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"cannot read {path}: {error}") from error
    except RecursionError as error:  # tomllib reads nested arrays and tables by recursion
        raise ConfigError(
            f"cannot read {path}: its arrays or tables are nested too deeply to read"
        ) from error
    if "tool" not in table:
        return None
    tool = table["tool"]
    if not isinstance(tool, dict):
        raise ConfigError(
            f"{path}: `tool` should be a table of tools' settings ([tool.NAME]), not {_kind(tool)}"
        )
    if "hmip-docs" not in tool:
        near = [name for name in tool if name.replace("_", "-").lower() == "hmip-docs"]
        if near:
            raise ConfigError(
                f"{path}: [tool.{near[0]}] is not read: the section is [tool.hmip-docs], "
                "with a hyphen"
            )
        return None
    section = tool["hmip-docs"]
    if not isinstance(section, dict):
        raise ConfigError(
            f"{path}: `tool.hmip-docs` should be a table of settings ([tool.hmip-docs] with "
            f"records = ..., registry = ...), not {_kind(section)}"
        )
    return {key: (value, f"{path} [tool.hmip-docs]") for key, value in section.items()}


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    return "a list" if isinstance(value, list) else "a table"


def _settings(root: Path) -> dict[str, Any] | None:
    """Each setting of the configuration in ``root`` with where it is written, or None."""
    dotfile = root / ".hmip-docs.yaml"
    if os.path.lexists(dotfile):  # a file that exists but cannot be read is an error
        return _dotfile(dotfile)
    pyproject = root / "pyproject.toml"
    if os.path.lexists(pyproject):
        section = _pyproject(pyproject)
        if section is not None:
            return section
    if (root / "records").is_dir():
        return {}
    return None


def load(start: Path | None = None) -> Config:
    """The configuration of the project containing ``start`` (default: the current folder)."""
    try:
        here = (start or Path.cwd()).resolve()
    except OSError as error:  # the current folder was removed
        raise ConfigError(f"cannot find the current folder: {error.strerror}") from error
    found: dict[str, Any] = {}
    root = here
    for candidate in (here, *here.parents):
        settings_found = _settings(candidate)
        if settings_found is not None:
            root, found = candidate, settings_found
            break
    settings: dict[str, str] = {}
    for key, (value, where) in found.items():
        if key not in KEYS:
            meant = did_you_mean(key, KEYS, "", form="`{}`")
            raise ConfigError(
                f"unknown setting {key} in {where}{f' ({meant})' if meant else ''}; "
                f"known: {', '.join(KEYS)}"
            )
        if not isinstance(value, str):
            raise ConfigError(
                f"the setting `{key}` in {where} should be a path (text), not {_kind(value)}"
            )
        if not value.strip() or "\x00" in value:
            raise ConfigError(f"the setting `{key}` in {where} is not a usable path: {value!r}")
        settings[key] = value

    def path(key: str, default: Path) -> Path:
        value = settings.get(key)
        if not value:
            return default
        try:
            return (root / value).resolve()
        except (OSError, RuntimeError) as error:  # RuntimeError: a symbolic link loop
            raise ConfigError(
                f"the setting `{key}` names {value}, which cannot be followed: {error}"
            ) from error

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
