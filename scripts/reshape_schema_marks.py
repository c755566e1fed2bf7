"""Move the schemas' own marks to where editors ignore them; safe to run again.

yaml-language-server (the engine of VS Code's YAML extension) treats any keyword it does not know
that stands beside ``$ref`` as a constraint: it rewrites the pair, and hover then shows the
shared definition's text while completion inserts the bare key. So:

- ``"x-printed": false`` on a field moves to its parent object as ``"x-unprinted": [names]``
  (``hmip_docs.validate.schema_marks`` reads it back);
- a rule written ``{"not": X, "x-errors": {"not": E}}`` becomes
  ``{"if": X, "then": {"type": "null", "x-errors": {"type": E}}}``: the same rule (a record
  part is never empty, so X matching always fails), but the editor can show the rule's own
  message for a failed ``type``, never for a failed ``not``.

Then ``make docs`` (``hmip_docs.reference.editor_schema``) writes the editor's annotations.

    python scripts/reshape_schema_marks.py [schemas/*.schema.json]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

NOT_COMMENT = (
    "A record part that matches `if` is never valid (it is never empty). Written this way, not "
    "with `not`, so that editors show this rule's own message."
)


def _move_printed(node: dict[str, Any]) -> None:
    properties = node.get("properties")
    if isinstance(properties, dict):
        marked = [k for k, v in properties.items() if isinstance(v, dict) and "x-printed" in v]
        names = list(node.get("x-unprinted", []))
        for key in marked:
            if properties[key].pop("x-printed") is False and key not in names:
                names.append(key)
        if names:
            order = list(properties)
            node["x-unprinted"] = sorted(names, key=lambda n: order.index(n) if n in order else 0)


def _rewrite_not(node: dict[str, Any]) -> None:
    errors = node.get("x-errors")
    if "not" not in node or not isinstance(errors, dict) or "not" not in errors:
        return
    message = errors.pop("not")
    if not errors:
        del node["x-errors"]
    condition = node.pop("not")
    node["$comment"] = NOT_COMMENT
    node["if"] = condition
    node["then"] = {"type": "null", "x-errors": {"type": message}}


def reshape(node: Any) -> None:
    """Apply both moves everywhere in a schema, in place."""
    if isinstance(node, dict):
        _move_printed(node)
        _rewrite_not(node)
        for child in node.values():
            reshape(child)
    elif isinstance(node, list):
        for child in node:
            reshape(child)


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted((ROOT / "schemas").glob("*.schema.json"))
    for path in paths:
        schema = json.loads(path.read_text(encoding="utf-8"))
        reshape(schema)
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
