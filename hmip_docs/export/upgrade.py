"""Rewrite a record of an older schema version to the current one, keeping its comments, key
order and line layout.

The record is first read by the tool's own loader (``yamlload``), so a file it would refuse
(bad syntax, aliases, duplicate keys, limits) is reported and never rewritten. It is then read
again by ruamel.yaml, which keeps what a person wrote (comments, quoting, folded text, flow
lists) where PyYAML drops it, edited in place, and written back; only the changed keys differ.

Version 1 to 2: ``schema_version`` becomes 2, and each thematic agreed for a later year gains
``kind: joint``, ``lead:`` (the publisher) and ``partners_named: false``. Version 1 described
these as joint thematics the publisher had agreed to conduct and never named their partners.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from hmip_docs.core.findings import Finding, Severity
from hmip_docs.record import versions

RULE = "upgrade"


class Upgraded(NamedTuple):
    """The outcome of upgrading one record: its new text (None when nothing is to be written),
    what changed, and the problems that stopped it."""

    text: str | None
    changes: tuple[str, ...]
    findings: tuple[Finding, ...]


def _problem(file: str, message: str, hint: str, line: int = 0) -> Finding:
    return Finding(
        rule=RULE, severity=Severity.ERROR, message=message, hint=hint, file=file, line=line
    )


def _round_trip() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt", pure=True)
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)  # the records' own layout
    yaml.width = 4096  # never re-wrap a line
    return yaml


def _agreed_thematics(data: Mapping[str, Any]) -> list[Any]:
    found: list[Any] = []
    for question in data.get("questions") or ():
        decision = question.get("decision") if isinstance(question, Mapping) else None
        agreed = decision.get("agreed_later") if isinstance(decision, Mapping) else None
        thematics = agreed.get("thematics") if isinstance(agreed, Mapping) else None
        found.extend(t for t in thematics or () if isinstance(t, Mapping))
    return found


def _from_1(data: Any) -> list[str]:
    """Version 1 to 2, in place; the changes made, in words."""
    changes = ["schema_version: 1 -> 2"]
    data["schema_version"] = 2
    publisher = (data.get("document") or {}).get("publisher")
    for thematic in _agreed_thematics(data):
        added = []
        at = list(thematic).index("year") + 1 if "year" in thematic else len(thematic)
        for key, value in (("kind", "joint"), ("lead", publisher), ("partners_named", False)):
            if key not in thematic and value is not None:
                thematic.insert(at, key, value)
                at += 1
                added.append(key)
        if added:
            changes.append(
                f"agreed thematic '{thematic.get('topic')}': added "
                + ", ".join(f"`{key}`" for key in added)
            )
    return changes


def upgrade_text(raw: bytes, file: str) -> Upgraded:
    """The record in ``raw`` rewritten to the current schema version."""
    from hmip_docs.load.yamlload import load_yaml

    loaded = load_yaml(raw, file=file)
    if loaded.document is None or loaded.findings:
        return Upgraded(None, (), loaded.findings)
    version = loaded.document.data.get("schema_version")
    if version == versions.CURRENT:
        return Upgraded(None, (), ())
    if type(version) is not int or version not in versions.UPGRADABLE:
        line = loaded.document.position("/schema_version")[0]
        return Upgraded(
            None,
            (),
            (
                _problem(
                    file,
                    f"cannot upgrade a record of schema version {version!r}",
                    "set `schema_version:` to the version the record was written for ("
                    + ", ".join(str(v) for v in sorted(versions.UPGRADABLE))
                    + f" or {versions.CURRENT})",
                    line,
                ),
            ),
        )
    yaml = _round_trip()
    text = raw.decode("utf-8-sig")
    data = yaml.load(text)
    changes = _from_1(data)
    out = io.StringIO()
    yaml.dump(data, out)
    new = out.getvalue()
    if raw.startswith(b"\xef\xbb\xbf"):
        new = "\ufeff" + new
    return Upgraded(new, tuple(changes), ())


def upgrade_file(path: Path, file: str) -> Upgraded:
    """``upgrade_text`` of the file at ``path`` (an unreadable file is a finding)."""
    from hmip_docs.load.files import read_regular
    from hmip_docs.load.yamlload import DEFAULT_LIMITS

    limit = DEFAULT_LIMITS.max_bytes
    try:
        raw = read_regular(path, limit + 1)  # never a FIFO or a device, never past the limit
    except OSError as error:
        return Upgraded(
            None, (), (_problem(file, f"cannot read {file}: {error.strerror or error}", ""),)
        )
    if len(raw) > limit:
        message = f"cannot upgrade {file}: it is larger than the limit of {limit:,} bytes"
        return Upgraded(None, (), (_problem(file, message, ""),))
    return upgrade_text(raw, file)
