"""The least a document build can do: load, check the schema, render the template, save.

PyYAML's C loader, jsonschema-rs, and docxtpl rendering the same template with the same context
that ``hmip-docs docx`` gives it (``context.build`` and ``render.jinja_context``). No
cross-field rules, positions, messages, output checks, reproducible packaging or atomic write.
``bench/run.py`` times it beside ``hmip-docs docx`` on one record.

Usage: bare_docx.py SCHEMA REGISTRY TEMPLATE RECORD OUTPUT
"""

from __future__ import annotations

import json
import sys
from typing import Any

import jsonschema_rs
import yaml
from docxtpl import DocxTemplate  # type: ignore[import-untyped]

from hmip_docs.context.model import build
from hmip_docs.record.organisations import Registry
from hmip_docs.render.word import jinja_context


class _Loader(yaml.CSafeLoader):
    """YAML as the records mean it: dates stay text (the schema checks their format)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
}


def _load(name: str) -> Any:
    with open(name, "rb") as stream:
        return yaml.load(stream, Loader=_Loader)


def main(argv: list[str]) -> int:
    schema_path, registry_path, template, record_path, output = argv
    with open(schema_path, encoding="utf-8") as stream:
        validator = jsonschema_rs.Draft202012Validator(json.load(stream))
    record = _load(record_path)
    if not validator.is_valid(record):
        print(f"{record_path}: invalid", file=sys.stderr)
        return 1
    registry = Registry.from_data(_load(registry_path))
    tpl = DocxTemplate(template)
    tpl.render(jinja_context(build(record, registry), tpl), autoescape=True)
    tpl.save(output)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
