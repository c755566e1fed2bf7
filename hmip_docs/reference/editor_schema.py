"""Write the editor's help into the shipped schemas, from the schemas' own wording.

yaml-language-server (the engine of VS Code's YAML extension) shows ``markdownDescription`` on
hover, ``markdownEnumDescriptions`` beside each allowed value in completion, and
``errorMessage`` / ``patternErrorMessage`` instead of its generic JSON Schema messages. Each is
made here from what the schema already says for ``hmip-docs validate``: ``description``,
``x-enum-descriptions`` (or a description listing "`value`: meaning" for each value) and
``x-errors``. The editor has no record at hand, so a message's item name is left out and
``{value}`` reads "the value" (an entry whose message needs more from the record words it for
the editor under ``"editor"``); the hint follows after " — ".

The editor reads ``errorMessage`` for every failure of a node, so a rule on a missing field
with a wording of its own, and the check that an object has no other fields than its own, each
move into an ``allOf`` entry of their own, marked with ``$comment`` (``GENERATED``); a moved
rule holds a copy of its ``x-errors``, which ``hmip-docs validate`` reads.
Running this again first undoes what it wrote, so the result is always the same.

    python -m hmip_docs.reference.editor_schema [--check]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hmip_docs.core import resources
from hmip_docs.reference import vocabulary
from hmip_docs.reference.editor_notes import (
    NOTES,
    VALIDATE_NOTE,
    VOCABULARY_FIELDS,
    VOCABULARY_NOTE,
)
from hmip_docs.validate.schema import (
    NOT_ALLOWED,
    NOT_ALLOWED_HINT,
    UNKNOWN_FIELD,
    UNKNOWN_FIELD_HINT,
    WRONG_TYPE,
    WRONG_TYPE_HINT,
    WRONG_TYPE_SHORT,
    choices_of,
    listed,
    type_words,
)

GENERATED = "Written by make docs (hmip_docs.reference.editor_schema) for editors: edit around it."
WRITTEN = (
    "errorMessage",
    "patternErrorMessage",
    "markdownDescription",
    "markdownEnumDescriptions",
    "defaultSnippets",
    "examples",
)

INLINED = "x-editor-inlined"
"""Where a vocabulary field's ``$ref`` was replaced by a copy of its definition: the reference
and the keys copied, so that the next run can put the reference back. The server treats any
keyword beside a ``$ref`` that it does not know as a constraint and rewrites the pair, after which
hover shows the definition's help instead of the field's; the completions that carry each kind's
meaning (``defaultSnippets``) need the field to stand without one. Validation is unchanged."""

_QUOTED = re.compile(r" ?'\{\w+\}'")
_VALUE = re.compile(r"\{value\}")


def editor_message(entry: Mapping[str, Any], **known: str) -> str:
    """The editor's wording of one ``x-errors`` entry: message — hint, without the item's name."""

    def general(text: str) -> str:
        for name, value in known.items():
            text = text.replace("{" + name + "}", value)
        return _VALUE.sub("the value", _QUOTED.sub("", text))

    hint = str(entry.get("hint", ""))
    message = general(str(entry.get("editor", entry["message"])))
    return f"{message} — {general(hint)}" if hint else message


_CODE = re.compile(r"(`[^`]*`)")
_SPECIAL = re.compile(r"([\\*_\[\]<>#])")


def _markdown(text: str) -> str:
    """``text`` as Markdown that shows as written: code spans stay code, and every other
    character Markdown would take as markup is escaped."""
    parts = _CODE.split(text)
    return "".join(p if p.startswith("`") else _SPECIAL.sub(r"\\\1", p) for p in parts)


def _enum_meanings(node: Mapping[str, Any]) -> list[str] | None:
    values = node.get("enum")
    if not isinstance(values, list):
        return None
    table = node.get("x-enum-descriptions")
    if not isinstance(table, Mapping):
        found = re.findall(r"`([^`]+)`: ([^;]+?)(?:;|\.?$)", str(node.get("description", "")))
        table = dict(found)
    if not all(str(v) in table for v in values):
        return None
    return [_markdown(str(table[str(v)])) for v in values]


def _undo(node: dict[str, Any]) -> None:
    """Remove what an earlier run wrote into this node (not its children)."""
    for key in WRITTEN:
        node.pop(key, None)
    inlined = node.pop(INLINED, None)
    if isinstance(inlined, Mapping):
        own = {k: v for k, v in node.items() if k not in inlined["keys"]}
        node.clear()
        node.update({"$ref": inlined["from"], **own})
    entries = node.get("allOf")
    if not isinstance(entries, list):
        return
    mine = [e for e in entries if isinstance(e, dict) and e.get("$comment") == GENERATED]
    if not mine:
        return
    if any(e.get("additionalProperties") is False for e in mine):
        node["additionalProperties"] = False
    names = [*node.get("required", []), *(n for e in mine for n in e.get("required", []))]
    if names:
        order = list((node.get("properties") or {}).keys())
        node["required"] = sorted(names, key=lambda n: order.index(n) if n in order else len(order))
    kept = [e for e in entries if e not in mine]
    if kept:
        node["allOf"] = kept
    else:
        del node["allOf"]


def _required_rules(node: dict[str, Any], errors: Mapping[str, Any]) -> None:
    """Give each missing field with its own wording an ``allOf`` entry of its own."""
    required = node.get("required")
    if not isinstance(required, list):
        return
    properties = node.get("properties") or {}
    alone = set(node) <= {"required", "x-errors", "$comment", *WRITTEN}
    entries: list[dict[str, Any]] = []
    moved: list[str] = []
    for name in list(required):
        entry = errors.get(f"required:{name}") or errors.get("required")
        if not isinstance(entry, Mapping):
            continue
        declared = properties.get(name) or {}
        role = str(declared.get("description", name)).rstrip(".")
        known = {"property": name, "role": role}
        if alone and len(required) == 1:
            node["errorMessage"] = editor_message(entry, **known)
            return
        filled = {k: _fill(v, known) for k, v in entry.items()}
        entries.append(
            {
                "$comment": GENERATED,
                "required": [name],
                "x-errors": {f"required:{name}": filled},
                "errorMessage": editor_message(entry, **known),
            }
        )
        required.remove(name)
        moved.append(name)
    if entries:
        node["allOf"] = [*node.get("allOf", []), *entries]
        _snippet(node, [*required, *moved])


def _snippet(node: dict[str, Any], names: list[str]) -> None:
    """The editor's snippet for a new object: every required field, in the schema's order (its
    own snippet has only the fields still in ``required``)."""
    order = list((node.get("properties") or {}).keys())
    names = sorted(names, key=lambda n: order.index(n) if n in order else len(order))
    body = {name: f"${index}" for index, name in enumerate(names, start=1)}
    node["defaultSnippets"] = [
        {
            "label": f"{node.get('title', 'new entry')} (all required fields)",
            "description": "every field a new entry needs",
            "body": body,
        }
    ]


def _closed(node: dict[str, Any]) -> None:
    """Check a closed object's keys in an ``allOf`` entry of its own, with the CLI's wording:
    the editor would otherwise use one ``errorMessage`` for missing and unknown fields alike."""
    properties = node.get("properties")
    if node.get("additionalProperties") is not False or not isinstance(properties, Mapping):
        return
    del node["additionalProperties"]
    allowed = listed(sorted(properties))
    entry = {
        "$comment": GENERATED,
        "properties": dict.fromkeys(properties, True),
        "additionalProperties": False,
        "errorMessage": UNKNOWN_FIELD.format(name="this")
        + " — "
        + UNKNOWN_FIELD_HINT.format(allowed=allowed),
    }
    node["allOf"] = [*node.get("allOf", []), entry]


def _fill(value: Any, known: Mapping[str, str]) -> Any:
    if isinstance(value, str):
        for name, text in known.items():
            value = value.replace("{" + name + "}", text)
    return value


def _kinds(answers: str) -> list[tuple[str, str]]:
    """The shipped vocabulary's decision kinds that may answer ``answers``, with their meaning."""
    kinds = vocabulary.shipped().kinds.values()
    return [(k.id, k.meaning) for k in kinds if answers in k.answers]


def _annotate(node: dict[str, Any], where: str) -> None:
    description = node.get("description")
    ref = node.get("$ref")
    note = NOTES.get(where) or (NOTES.get(ref) if isinstance(ref, str) else None)
    # Beside a $ref the field's own help must be Markdown too: the server merges the
    # definition's markdownDescription into the field, and shows it before a description.
    if isinstance(description, str) and ("`" in description or note or ref):
        extra = " " + VALIDATE_NOTE.format(what=note) if note else ""
        node["markdownDescription"] = _markdown(description) + extra
    answers = VOCABULARY_FIELDS.get(where)
    if answers is not None and isinstance(description, str):
        kinds = _kinds(answers)
        # Completion items, each with its own meaning: the server gives ``examples`` none.
        node["defaultSnippets"] = [
            {
                "label": kind,
                "bodyText": kind,
                "markdownDescription": _markdown(meaning),
                "sortText": f"{number:03d}",
            }
            for number, (kind, meaning) in enumerate(kinds)
        ]
        node["markdownDescription"] = "\n\n".join(
            [
                _markdown(description) + " " + VALIDATE_NOTE.format(what=VOCABULARY_NOTE),
                "\n".join(f"* `{kind}`: {_markdown(meaning)}" for kind, meaning in kinds),
            ]
        )
    meanings = _enum_meanings(node)
    if meanings is not None:
        node["markdownEnumDescriptions"] = meanings
    _closed(node)
    errors = node.get("x-errors")
    if isinstance(errors, Mapping):
        for keyword in ("pattern", "format"):
            if isinstance(errors.get(keyword), Mapping):
                node["patternErrorMessage"] = editor_message(errors[keyword])
        for keyword in ("type", "anyOf", "enum"):
            if isinstance(errors.get(keyword), Mapping):
                node["errorMessage"] = editor_message(errors[keyword])
        if isinstance(errors.get("anyOf"), Mapping):  # the editor reports a failed branch's own
            for branch in node.get("anyOf", ()):
                branch["errorMessage"] = node["errorMessage"]
        _required_rules(node, errors)
    _value_messages(node)


SCALARS = ("string", "integer", "number", "boolean")


def _value_messages(node: dict[str, Any]) -> None:
    """The CLI's wording for a value outside a closed list, or of the wrong type, where the
    schema has none of its own. The server uses one ``errorMessage`` for every failure of a
    value it has no other message for (a pattern without ``patternErrorMessage`` included), so
    the type's wording goes only where nothing else can fail that way; and never beside a
    ``$ref``, where the server would take it for a rule."""
    if "errorMessage" in node or "$ref" in node:
        return
    values = node.get("enum")
    if isinstance(values, list):
        entry = {"message": NOT_ALLOWED, "hint": NOT_ALLOWED_HINT}
        node["errorMessage"] = editor_message(entry, choices=choices_of(values))
        return
    kind = node.get("type")
    checked = ("pattern" in node or "format" in node) and "patternErrorMessage" not in node
    if kind in SCALARS and "const" not in node and not checked:
        entry = {"message": WRONG_TYPE, "editor": WRONG_TYPE_SHORT, "hint": WRONG_TYPE_HINT}
        node["errorMessage"] = editor_message(entry, want=type_words([kind]))


def _inline(node: dict[str, Any], root: Mapping[str, Any]) -> None:
    """Replace the field's ``$ref`` (to a definition of this schema) by a copy of what the
    definition constrains, keeping the field's own help (``INLINED``)."""
    ref = node.pop("$ref")
    target = _at(root, ref)
    if not isinstance(target, Mapping):
        node["$ref"] = ref  # not a definition of this schema: left as it is
        return
    copied = {
        k: v
        for k, v in target.items()
        if k not in node and k not in ("title", "description", "markdownDescription", "$comment")
    }
    node.update(copied)
    node[INLINED] = {"from": ref, "keys": list(copied)}


def generate(schema: Any) -> Any:
    """The schema with the editor's annotations, written afresh (``schema`` is changed)."""

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            _undo(node)
            for key, child in node.items():
                if key not in ("x-errors", "x-enum-descriptions", "enum", "const", "required"):
                    walk(child, f"{where}/{key}")
            _annotate(node, where)
        elif isinstance(node, list):
            for index, child in enumerate(node):
                walk(child, f"{where}/{index}")

    walk(schema, "#")
    for where in VOCABULARY_FIELDS:
        node = _at(schema, where)
        if isinstance(node, dict) and "$ref" in node:
            _inline(node, schema)
    return schema


def _at(schema: Any, where: str) -> Any:
    """The node of ``schema`` at a location such as ``#/$defs/id``; None where there is none."""
    node = schema
    for token in where.removeprefix("#/").split("/"):
        node = node.get(token) if isinstance(node, dict) else None
    return node


def render(path: Path) -> str:
    """The text the schema file at ``path`` should hold."""
    schema = json.loads(path.read_text(encoding="utf-8"))
    return json.dumps(generate(schema), indent=2, ensure_ascii=False)


def main(argv: list[str] | None = None) -> int:
    """Rewrite the shipped schemas (or, with ``--check``, say which are out of date)."""
    parser = argparse.ArgumentParser(prog="python -m hmip_docs.reference.editor_schema")
    parser.add_argument("--check", action="store_true", help="only check, write nothing")
    args = parser.parse_args(argv)
    stale = []
    for path in sorted(resources.schemas_dir().glob("*.schema.json")):
        text = render(path)
        if text != path.read_text(encoding="utf-8"):
            stale.append(path.name)
            if not args.check:
                path.write_text(text, encoding="utf-8")
    if args.check and stale:
        print(f"out of date: {', '.join(stale)} (run make docs)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
