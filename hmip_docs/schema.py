"""The schema pass: check a record against its JSON Schema and explain each failure in plain words.

The schemas are draft 2020-12 files under ``schemas/``. Each is compiled once and reused for every
file. A schema may carry ``x-errors`` (a human message, hint and rule id per failing keyword,
kept beside the rule it explains) and ``x-item`` (how an author names the object), so that rules
and their wording stay data.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from hmip_docs import resources
from hmip_docs.findings import Finding, Severity
from hmip_docs.yaml_text import show

RECORD_SCHEMA = "consultation-response.schema.json"
REGISTRY_SCHEMA = "organisations.schema.json"

# Rule ids and default wording for the schema keywords, when the schema says nothing better.
KEYWORD_RULES: dict[str, str] = {
    "required": "required-field",
    "additionalProperties": "unknown-field",
    "type": "wrong-type",
    "enum": "not-allowed-value",
    "const": "not-allowed-value",
    "pattern": "bad-format",
    "format": "bad-format",
    "minItems": "empty-list",
    "minLength": "empty-text",
    "uniqueItems": "duplicate-entry",
    "propertyNames": "bad-format",
}

_TYPE_WORDS = {
    "object": "a mapping of fields (`key: value` lines)",
    "array": "a list (lines starting with `- `)",
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "empty",
}


def _type_of(value: object) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


def pointer(parts: Sequence[str | int]) -> str:
    """A JSON pointer (RFC 6901) from path parts."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def _date_format(value: object) -> bool:
    import datetime as dt

    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://[^\s/?#<>\"]+[^\s<>\"]*$")


def _uri_format(value: object) -> bool:
    return isinstance(value, str) and bool(_URI.match(value))


@dataclass(frozen=True)
class SchemaFailure:
    """One schema failure before positions and items are added."""

    rule: str
    message: str
    hint: str
    path: tuple[str | int, ...]
    keyword: str
    at_key: bool
    """Whether the position is a key's (unknown or missing field) rather than a value's."""


class CompiledSchema:
    """A JSON Schema compiled once, with its item labels and message table."""

    def __init__(self, schema: Mapping[str, Any]) -> None:
        from jsonschema import Draft202012Validator, FormatChecker

        checker = FormatChecker(formats=())
        checker.checks("date")(_date_format)
        checker.checks("uri")(_uri_format)
        Draft202012Validator.check_schema(schema)
        self.schema = schema
        self.validator = Draft202012Validator(schema, format_checker=checker)
        self.items, self.defs_at, self.shapes = _walk_patterns(schema)

    def failures(self, data: object) -> list[SchemaFailure]:
        """Every failure, one per mistake, in document order."""
        out: list[SchemaFailure] = []
        for error in self.validator.iter_errors(data):
            out.extend(_explain(error))
        # A misspelt key is one mistake: keep "did you mean" and drop the missing-field twin.
        meant = {(f.path[:-1], f.hint) for f in out if f.keyword == "additionalProperties"}
        return [
            f
            for f in out
            if not (
                f.keyword == "required" and (f.path[:-1], f"did you mean `{f.path[-1]}`?") in meant
            )
        ]

    def item(self, data: object, path: Sequence[str | int]) -> str:
        """The author's name for the thing at ``path``: innermost labelled object first."""
        labels: list[str] = []
        named: set[str] = set()
        node: Any = data
        walked: list[str] = []
        for depth, part in enumerate(path):
            if isinstance(node, Mapping) and isinstance(part, str):
                node = node.get(part)
                exact = "/".join((*walked, part))
                walked.append(part if exact in self.shapes else "*")
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                node = node[part]
                walked.append("*")
            else:
                break
            template = self.items.get("/".join(walked))
            if template and isinstance(node, Mapping):
                labels.append(_fill(template, node, path[depth]))
                if "{" in template:
                    named.add(labels[-1])
        if not labels:
            return ""
        # The innermost label, then the named ancestors (those that print a name or number).
        inner, outer = labels[-1], [label for label in labels[:-1] if label in named]
        outer.reverse()
        return inner + (" in " + ", ".join(outer) if outer else "")


def _fill(template: str, node: Mapping[str, Any], key: str | int) -> str:
    number = key + 1 if isinstance(key, int) else None

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "key":
            return str(key)
        if name == "number":
            return str(number) if number is not None else "?"
        value = node.get(name)
        if isinstance(value, str) and value.strip():
            text = " ".join(value.split())
            return text if len(text) <= 60 else text[:57] + "…"
        return f"#{number}" if number is not None else "?"

    return re.sub(r"\{(\w+)\}", one, template)


def _walk_patterns(
    schema: Mapping[str, Any],
) -> tuple[dict[str, str], dict[str, list[tuple[str, ...]]], frozenset[str]]:
    """Instance path patterns (``questions/*/decision``) of labelled objects and of each def.

    Returns the ``x-item`` label template per pattern, and per ``$defs`` name the patterns
    where that definition applies (so rules can find every text or organisation reference),
    and every pattern the schema describes.
    """
    defs = schema.get("$defs", {})
    out: dict[str, str] = {}
    defs_at: dict[str, list[tuple[str, ...]]] = {}
    shapes: set[str] = set()

    def walk(sub: Mapping[str, Any], path: tuple[str, ...], seen: frozenset[str]) -> None:
        ref = sub.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            name = ref.removeprefix("#/$defs/")
            if name in seen:
                return
            target = defs.get(name, {})
            sub = {**target, **{k: v for k, v in sub.items() if k != "$ref"}}
            seen = seen | {name}
            defs_at.setdefault(name, []).append(path)
        shapes.add("/".join(path))
        if "x-item" in sub and path:
            out.setdefault("/".join(path), sub["x-item"])
        for key, child in (sub.get("properties") or {}).items():
            walk(child, (*path, key), seen)
        if isinstance(sub.get("items"), Mapping):
            walk(sub["items"], (*path, "*"), seen)
        if isinstance(sub.get("additionalProperties"), Mapping):
            walk(sub["additionalProperties"], (*path, "*"), seen)

    walk(schema, (), frozenset())
    return out, defs_at, frozenset(shapes)


def instances(
    data: object, pattern: Sequence[str]
) -> Iterator[tuple[tuple[str | int, ...], object]]:
    """Every (path, value) in ``data`` matching a pattern of keys and ``*`` (any index or key)."""
    stack: list[tuple[tuple[str | int, ...], object, int]] = [((), data, 0)]
    while stack:
        path, node, depth = stack.pop()
        if depth == len(pattern):
            yield path, node
            continue
        part = pattern[depth]
        children: list[tuple[str | int, object]] = []
        if part == "*":
            if isinstance(node, list):
                children = list(enumerate(node))
            elif isinstance(node, Mapping):
                children = list(node.items())
        elif isinstance(node, Mapping) and part in node:
            children = [(part, node[part])]
        for key, child in reversed(children):
            stack.append(((*path, key), child, depth + 1))


def _custom(error: Any, key: str) -> Mapping[str, str] | None:
    table = error.schema.get("x-errors") if isinstance(error.schema, Mapping) else None
    if not isinstance(table, Mapping):
        return None
    found = table.get(key)
    return found if isinstance(found, Mapping) else None


def _format(template: str, /, **values: object) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), m.group(0))), template)


def _explain(error: Any) -> Iterator[SchemaFailure]:
    """Plain-English failures for one jsonschema error (several for several missing keys)."""
    keyword: str = error.validator
    path = tuple(error.absolute_path)
    instance = error.instance
    context = instance if isinstance(instance, Mapping) else {}
    rule = KEYWORD_RULES.get(keyword, "schema")

    if keyword == "required":
        missing = [name for name in error.validator_value if name not in context]
        for name in missing:
            custom = _custom(error, f"required:{name}") or _custom(error, "required")
            if custom:
                declared = error.schema.get("properties", {}).get(name, {}) or {}
                role = str(declared.get("description", name)).rstrip(".")
                yield SchemaFailure(
                    custom.get("rule", rule),
                    _format(custom["message"], property=name, role=role, **context),
                    _format(custom.get("hint", ""), property=name, role=role, **context),
                    (*path, name),
                    keyword,
                    True,
                )
            else:
                title = (error.schema.get("properties", {}).get(name, {}) or {}).get("title", "")
                same = title.lower() == name.replace("_", " ").lower()
                what = f" ({title.lower()})" if title and not same else ""
                yield SchemaFailure(
                    rule,
                    f"the field `{name}`{what} is missing",
                    f"add `{name}:` here",
                    (*path, name),
                    keyword,
                    True,
                )
        return

    if keyword == "additionalProperties":
        allowed = sorted((error.schema.get("properties") or {}).keys())
        extras = [k for k in context if k not in allowed]
        for name in extras:
            close = difflib.get_close_matches(str(name), allowed, n=1, cutoff=0.6)
            hint = (
                f"did you mean `{close[0]}`?"
                if close
                else "allowed here: " + ", ".join(f"`{a}`" for a in allowed)
            )
            yield SchemaFailure(
                rule,
                f"`{name}` is not a field this part of the record has",
                hint,
                (*path, name),
                keyword,
                True,
            )
        return

    custom = _custom(error, keyword)
    value = show(instance)
    if custom:
        yield SchemaFailure(
            custom.get("rule", rule),
            _format(custom["message"], value=value, **context),
            _format(custom.get("hint", ""), value=value, **context),
            path,
            keyword,
            False,
        )
        return

    if keyword == "type":
        expected = error.validator_value
        names = [expected] if isinstance(expected, str) else list(expected)
        want = " or ".join(_TYPE_WORDS.get(n, n) for n in names)
        yield SchemaFailure(
            rule,
            f"this should be {want}, not {_type_of(instance)}",
            "check the indentation and the `- ` list markers against the other entries",
            path,
            keyword,
            False,
        )
    elif keyword in ("enum", "const"):
        allowed_values = (
            list(error.validator_value) if keyword == "enum" else [error.validator_value]
        )
        choices = ", ".join(show(v) for v in allowed_values)
        close = difflib.get_close_matches(str(instance), [str(v) for v in allowed_values], n=1)
        hint = f"did you mean {close[0]}?" if close else f"use one of: {choices}"
        yield SchemaFailure(
            rule,
            f"{value} is not one of the allowed values ({choices})",
            hint,
            path,
            keyword,
            False,
        )
    elif keyword == "minItems":
        yield SchemaFailure(
            rule,
            "this list is empty"
            if error.validator_value == 1
            else f"this list needs at least {error.validator_value} entries",
            "add the entries, or remove the field if it is optional",
            path,
            keyword,
            False,
        )
    elif keyword == "minLength":
        yield SchemaFailure(
            rule,
            "the text is empty",
            "write the text, or remove the field if it is optional",
            path,
            keyword,
            False,
        )
    elif keyword == "uniqueItems":
        yield SchemaFailure(
            rule,
            "this list names the same entry twice",
            "remove the repeated entry",
            path,
            keyword,
            False,
        )
    elif keyword == "format":
        yield SchemaFailure(
            rule, f"{value} is not a valid {error.validator_value}", "", path, keyword, False
        )
    elif keyword == "pattern":
        yield SchemaFailure(
            rule,
            f"{value} is not in the expected form",
            "see docs/records.md for this field",
            path,
            keyword,
            False,
        )
    else:
        yield SchemaFailure(
            rule,
            f"{value} is not allowed here",
            "see docs/records.md for this field",
            path,
            keyword,
            False,
        )


@cache
def compiled(name: str) -> CompiledSchema:
    """The compiled schema of that file name under ``schemas/`` (compiled once per process)."""
    path: Path = resources.schemas_dir() / name
    return CompiledSchema(json.loads(path.read_text(encoding="utf-8")))


def check(
    schema: CompiledSchema,
    data: object,
    *,
    file: str,
    position: Any,
) -> list[Finding]:
    """Findings for every schema failure, positioned with ``position(pointer, at_key)``."""
    findings = []
    for failure in schema.failures(data):
        line, column = position(pointer(failure.path), failure.at_key)
        findings.append(
            Finding(
                rule=failure.rule,
                severity=Severity.ERROR,
                message=failure.message,
                hint=failure.hint,
                file=file,
                line=line,
                column=column,
                path=pointer(failure.path),
                item=schema.item(data, failure.path),
            )
        )
    return findings
