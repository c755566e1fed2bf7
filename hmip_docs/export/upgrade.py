"""Rewrite a record of an older schema version to the current one, keeping its comments, key
order and line layout.

The record is first read by the tool's own loader (``yamlload``), so a file it would refuse
(bad syntax, aliases, duplicate keys, limits) is reported and never rewritten. It is then read
again by ruamel.yaml, which keeps what a person wrote (comments, quoting, folded text, flow
lists) where PyYAML drops it, edited in place, and written back in the file's own layout
(``yaml_layout``: its indents measured, and its lines kept where they did not change); only the
lines of the changed keys differ.

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
from hmip_docs.export import yaml_layout
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
    yaml.width = 4096  # never re-wrap a line
    return yaml


def _plain(node: Any) -> Any:
    """Loaded data as plain values, with each mapping's key order (what two texts must both
    say to mean the same)."""
    if isinstance(node, Mapping):
        return [(key, _plain(value)) for key, value in node.items()]
    if isinstance(node, list):
        return [_plain(value) for value in node]
    return node


def _dump(yaml: Any, data: Any, text: str, layout: yaml_layout.Layout) -> tuple[str, int]:
    """``data`` written in ``layout``, measured from ``text``, the file it was read from, and
    how many of the file's lines it re-indents (where the file mixes layouts and not all could
    be kept)."""
    yaml.indent(mapping=layout.mapping, sequence=layout.sequence, offset=layout.offset)
    out = io.StringIO()
    yaml.dump(data, out)
    wanted = _plain(data)

    def same(merged: str) -> bool:
        from ruamel.yaml.error import YAMLError

        try:
            return bool(_plain(yaml.load(merged)) == wanted)
        except YAMLError:
            return False

    new = yaml_layout.keep_lines(text, out.getvalue(), same)
    return new, yaml_layout.reindented(text, new)


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
    # Lines are compared and kept as written (``yaml_layout``): Windows line ends are set aside
    # while they are, and put back on every line after.
    crlf = "\r\n" in text
    text = text.replace("\r\n", "\n") if crlf else text
    data = yaml.load(text)
    layout = yaml_layout.measure(data)  # before the change: new keys have no position
    changes = _from_1(data)
    new, moved = _dump(yaml, data, text, layout)
    if moved:
        changes.append(
            f"{moved} other line{'s' if moved != 1 else ''} re-indented: the file lays out its "
            "lists or mappings in more than one way, and those lines now follow its most "
            "common layout"
        )
    if crlf:
        new = new.replace("\n", "\r\n")
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
