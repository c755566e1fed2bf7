"""The schema pass: check a record against its JSON Schema and explain each failure in plain words.

The schemas are draft 2020-12 files under ``schemas/``. Each is compiled once and reused for every
file. A schema may carry ``x-errors`` (a human message, hint and rule id per failing keyword,
kept beside the rule it explains) and ``x-item`` (how an author names the object), so that rules
and their wording stay data.

Two engines share the work. jsonschema-rs (compiled, quick to import) answers "is this record
valid?"; only when it says no is python-jsonschema imported, and its error objects are what the
messages are made from. A valid record, the common case in hooks and CI, so never pays for
python-jsonschema, and every message and position is exactly what python-jsonschema reports.
Where the two engines could disagree (see ``_DIVERGENT``), python-jsonschema decides.

Longer than the 400 lines a module is kept to: both engines, and the explanation of each
failure made from python-jsonschema's error objects, which only this module reads.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cache, cached_property
from pathlib import Path
from typing import Any, NamedTuple

from hmip_docs.core import resources
from hmip_docs.core.wording import did_you_mean, show
from hmip_docs.validate.schema_marks import with_printed_marks

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

UNKNOWN_FIELD = "{name} is not a field this part of the record has"
UNKNOWN_FIELD_HINT = "allowed here: {allowed}"
"""The wording for a key the schema does not allow (the editor's is made from it too)."""


NOT_ALLOWED = "{value} is not one of the allowed values ({choices})"
NOT_ALLOWED_HINT = "use one of: {choices}"
WRONG_TYPE_SHORT = "this should be {want}"
WRONG_TYPE = WRONG_TYPE_SHORT + ", not {found}"
WRONG_TYPE_HINT = "check the indentation and the `- ` list markers against the other entries"
"""The wording for a value outside a closed list and for a value of the wrong type (the
editor's is made from them too)."""


def listed(names: Sequence[str]) -> str:
    """Field names as a message lists them: `a`, `b`, `c`."""
    return ", ".join(f"`{name}`" for name in names)


_TYPE_WORDS = {
    "object": "a mapping of fields (`key: value` lines)",
    "array": "a list (lines starting with `- `)",
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "empty",
}


def type_words(names: Sequence[str]) -> str:
    """What a value of one of the JSON types ``names`` is, in the record's words."""
    return " or ".join(_TYPE_WORDS.get(n, n) for n in names)


def choices_of(values: Sequence[object]) -> str:
    """The values of a closed list as a message shows them: "a", "b"."""
    return ", ".join(show(v) for v in values)


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


def _date_format(value: object) -> bool:
    """Whether a text is a calendar date written YYYY-MM-DD. A format speaks of text only: a
    value of another type passes here, and its type is the one finding."""
    from hmip_docs.core.dates import iso_date

    return not isinstance(value, str) or iso_date(value) is not None


_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*+://[^\s/?#<>\"][^\s<>\"]*+")
"""A scheme, ``://``, and an address without spaces, quotes or angle brackets that starts with
a host (one character of it is enough). Each part can match in one way only, so a long address
costs one pass (``[^…]+[^…]*``, as this was written before, tried every split of it)."""


def _uri_format(value: object) -> bool:
    return not isinstance(value, str) or bool(_URI.fullmatch(value))


def _any_value(value: object) -> bool:
    return True


class SchemaFailure(NamedTuple):
    """One schema failure before positions and items are added."""

    rule: str
    message: str
    hint: str
    path: tuple[str | int, ...]
    keyword: str
    at_key: bool
    """Whether the position is a key's (unknown or missing field) rather than a value's."""


_FORMATS: dict[str, Callable[[object], bool]] = {"date": _date_format, "uri": _uri_format}
"""The formats checked; any other ``format`` in a schema is an annotation only."""

_DIVERGENT = re.compile("[\x1c-\x1f\x85]")
"""Characters that Python's ``\\s`` counts as white space and ECMA-262's (jsonschema-rs's) does
not, so a pattern such as ``\\S`` accepts them in jsonschema-rs only. Every other difference
between the two regex dialects in the shipped patterns makes jsonschema-rs the stricter one, which
is safe: a record it rejects is checked again by python-jsonschema.
``tests/validate/test_schema_engines`` proves this for every pattern in ``schemas/``."""


def keyword_values(node: object, keyword: str) -> set[str]:
    """Every text value a schema gives ``keyword`` (``"format"``, ``"pattern"``), at any depth."""
    found: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Mapping):
            if isinstance(item.get(keyword), str):
                found.add(item[keyword])
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def _has_divergent_text(data: object) -> bool:
    stack: list[Any] = [data]
    search = _DIVERGENT.search
    while stack:
        node = stack.pop()
        kind = type(node)  # exact types first: the loader makes only these
        if kind is str:
            if search(node):
                return True
        elif kind is dict or (kind is not list and isinstance(node, Mapping)):
            stack.extend(node.values())
            stack.extend(node.keys())
        elif kind is list or isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, str) and search(node):
            return True
    return False


class CompiledSchema:
    """A JSON Schema compiled once, with its item labels and message table.

    The schema itself is checked against the draft 2020-12 meta-schema by the test suite, not on
    every run (that check alone costs more than validating a record).
    """

    def __init__(self, schema: Mapping[str, Any]) -> None:
        # jsonschema-rs imports decimal from Rust, where Ctrl-C would become a panic printed
        # over the report; imported here first, an interrupt stays a KeyboardInterrupt.
        import decimal  # noqa: F401

        import jsonschema_rs

        self.schema = schema
        formats = {
            name: _FORMATS.get(name, _any_value) for name in keyword_values(schema, "format")
        }
        self.fast = jsonschema_rs.Draft202012Validator(
            dict(schema), formats=formats, validate_formats=True
        )
        self.items, self.defs_at, self.shapes, self.unprinted = _walk_patterns(
            with_printed_marks(schema)
        )

    @cached_property
    def validator(self) -> Any:
        """The python-jsonschema validator, made (and imported) the first time a record fails."""
        from jsonschema import Draft202012Validator, FormatChecker

        checker = FormatChecker(formats=())
        for name, check in _FORMATS.items():
            checker.checks(name)(check)
        return Draft202012Validator(self.schema, format_checker=checker)

    def is_valid(self, data: object) -> bool:
        """Whether ``data`` passes, answered by jsonschema-rs where it agrees with the reference."""
        try:
            valid = bool(self.fast.is_valid(data))
        except (ValueError, TypeError, OverflowError):  # a value JSON cannot hold (NaN, 10**400)
            return bool(self.validator.is_valid(data))
        return valid and not _has_divergent_text(data)

    def failures(self, data: object) -> list[SchemaFailure]:
        """Every failure, one per mistake, in document order."""
        if self.is_valid(data):
            return []
        out: list[SchemaFailure] = []
        for error in self.validator.iter_errors(data):
            out.extend(_explain(error))
        # jsonschema raises one `required` error per missing field and each is explained with
        # every missing field of its object: keep each failure once.
        out = list(dict.fromkeys(out))
        # A misspelt key is one mistake: keep "did you mean" and drop the missing-field twin.
        meant = {(f.path[:-1], f.hint) for f in out if f.keyword == "additionalProperties"}
        return [
            f
            for f in out
            if not (
                f.keyword == "required" and (f.path[:-1], f"did you mean `{f.path[-1]}`?") in meant
            )
        ]

    def prints(self, pointer: str) -> bool:
        """Whether a document prints what lies at the JSON ``pointer`` into a record: no part of
        its path is a field the schema marks unprinted (``x-unprinted``)."""
        unprinted = set(self.unprinted)
        walked: list[str] = []
        for token in pointer.split("/")[1:]:
            part = token.replace("~1", "/").replace("~0", "~")
            walked.append(part if "/".join((*walked, part)) in self.shapes else "*")
            if tuple(walked) in unprinted:
                return False
        return True

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
        # "{heading|id}": the first of the fields the object gives.
        for name in match.group(1).split("|"):
            if name == "key":
                return str(key)
            if name == "number":
                return str(number) if number is not None else "?"
            value = node.get(name)
            if isinstance(value, str) and value.strip():
                text = " ".join(value.split())
                return text if len(text) <= 60 else text[:57] + "…"
        return f"#{number}" if number is not None else "?"

    return re.sub(r"\{(\w+(?:\|\w+)*)\}", one, template)


def _walk_patterns(
    schema: Mapping[str, Any],
) -> tuple[
    dict[str, str],
    dict[str, list[tuple[str, ...]]],
    frozenset[str],
    tuple[tuple[str, ...], ...],
]:
    """Instance path patterns (``questions/*/decision``) of labelled objects and of each def.

    Returns the ``x-item`` label template per pattern, and per ``$defs`` name the patterns
    where that definition applies (so rules can find every text or organisation reference),
    every pattern the schema describes, and the patterns a document does not print (the
    topmost ones marked ``"x-printed": false``, see ``schema_marks``).
    """
    defs = schema.get("$defs", {})
    out: dict[str, str] = {}
    defs_at: dict[str, list[tuple[str, ...]]] = {}
    shapes: set[str] = set()
    unprinted: list[tuple[str, ...]] = []

    def walk(
        sub: Mapping[str, Any], path: tuple[str, ...], seen: frozenset[str], printed: bool = True
    ) -> None:
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
        if printed and sub.get("x-printed", True) is False:
            unprinted.append(path)
            printed = False
        if "x-item" in sub and path:
            out.setdefault("/".join(path), sub["x-item"])
        for key, child in (sub.get("properties") or {}).items():
            walk(child, (*path, key), seen, printed)
        if isinstance(sub.get("items"), Mapping):
            walk(sub["items"], (*path, "*"), seen, printed)
        if isinstance(sub.get("additionalProperties"), Mapping):
            walk(sub["additionalProperties"], (*path, "*"), seen, printed)

    walk(schema, (), frozenset())
    return out, defs_at, frozenset(shapes), tuple(unprinted)


def instances(
    data: object, pattern: Sequence[str]
) -> Iterator[tuple[tuple[str | int, ...], object]]:
    """Every (path, value) in ``data`` matching a pattern of keys and ``*`` (any index or key)."""
    # Breadth first, one pattern part at a time: the matches come out in document order.
    level: list[tuple[tuple[str | int, ...], object]] = [((), data)]
    for part in pattern:
        following: list[tuple[tuple[str | int, ...], object]] = []
        for path, node in level:
            if part == "*":
                if isinstance(node, list):
                    following.extend(((*path, i), child) for i, child in enumerate(node))
                elif isinstance(node, Mapping):
                    following.extend(((*path, k), child) for k, child in node.items())
            elif isinstance(node, Mapping) and part in node:
                following.append(((*path, part), node[part]))
        level = following
        if not level:
            break
    yield from level


def _custom(error: Any, key: str) -> Mapping[str, str] | None:
    table = error.schema.get("x-errors") if isinstance(error.schema, Mapping) else None
    if not isinstance(table, Mapping):
        return None
    found = table.get(key)
    return found if isinstance(found, Mapping) else None


def _other_form(
    custom: Mapping[str, Any], instance: object
) -> tuple[Mapping[str, Any], dict[str, str]]:
    """The wording for a value written in a form the record does not use, when ``x-errors``
    offers one (``"other-form": {"reads": "date", "message": …, "hint": …}``) and the value
    reads as one in another common form: ``{iso}`` is then the record's form of it, and
    ``{reading}`` says how an ambiguous value was read."""
    other = custom.get("other-form")
    if not isinstance(other, Mapping) or not isinstance(instance, str):
        return custom, {}
    from hmip_docs.validate import date_forms

    reader = date_forms.READERS.get(str(other.get("reads")))
    found = reader(instance) if reader else None
    if found is None:
        return custom, {}
    reading = f" (reading {show(instance)} as {found.how})" if found.how else ""
    return {**custom, **other}, {"iso": found.iso, "reading": reading}


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
            hint = did_you_mean(name, allowed, UNKNOWN_FIELD_HINT.format(allowed=listed(allowed)))
            yield SchemaFailure(
                rule,
                UNKNOWN_FIELD.format(name=f"`{name}`"),
                hint,
                (*path, name),
                keyword,
                True,
            )
        return

    custom = _custom(error, keyword)
    value = show(instance)
    if custom:
        custom, extra = _other_form(custom, instance)
        yield SchemaFailure(
            custom.get("rule", rule),
            _format(custom["message"], value=value, **extra, **context),
            _format(custom.get("hint", ""), value=value, **extra, **context),
            path,
            keyword,
            False,
        )
        return

    if keyword == "type":
        expected = error.validator_value
        names = [expected] if isinstance(expected, str) else list(expected)
        yield SchemaFailure(
            rule,
            WRONG_TYPE.format(want=type_words(names), found=_type_of(instance)),
            WRONG_TYPE_HINT,
            path,
            keyword,
            False,
        )
    elif keyword in ("enum", "const"):
        allowed_values = (
            list(error.validator_value) if keyword == "enum" else [error.validator_value]
        )
        choices = choices_of(allowed_values)
        hint = did_you_mean(
            instance, allowed_values, NOT_ALLOWED_HINT.format(choices=choices), form="{}"
        )
        yield SchemaFailure(
            rule,
            NOT_ALLOWED.format(value=value, choices=choices),
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
        repeat = _repeat(instance) if isinstance(instance, list) else None
        if repeat is None:
            yield SchemaFailure(
                rule,
                "this list names the same entry twice",
                "remove the repeated entry",
                path,
                keyword,
                False,
            )
        else:
            first, again = repeat
            shown = show(instance[again])
            yield SchemaFailure(
                rule,
                f"entry {again + 1} of this list repeats entry {first + 1}: {shown}",
                "remove the repeated entry",
                (*path, again),
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


def _repeat(items: list[Any]) -> tuple[int, int] | None:
    """Where ``items`` first repeats itself, as (the earlier entry's index, the repeat's); found
    in one pass, by each entry's JSON (a list in a record may be long)."""
    first: dict[str, int] = {}
    for index, item in enumerate(items):
        try:
            key = json.dumps(item, sort_keys=True)
        except (TypeError, ValueError):
            return None
        if key in first:
            return first[key], index
        first[key] = index
    return None


@cache
def compiled(name: str) -> CompiledSchema:
    """The compiled schema of that file name under ``schemas/`` (compiled once per process)."""
    path: Path = resources.schemas_dir() / name
    return CompiledSchema(json.loads(path.read_text(encoding="utf-8")))
