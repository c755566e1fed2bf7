"""The least a validator can do: PyYAML's C loader and jsonschema-rs, nothing else.

No positions, no cross-field rules, no messages: it counts the files that fail. ``bench/run.py``
times it beside ``hmip-docs validate`` as the floor to compare against.

Usage: bare_validate.py SCHEMA RECORD...
"""

from __future__ import annotations

import json
import sys
from typing import Any

import jsonschema_rs
import yaml


class _Loader(yaml.CSafeLoader):
    """YAML as the records mean it: dates stay text (the schema checks their format)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
}


def main(argv: list[str]) -> int:
    with open(argv[0], encoding="utf-8") as stream:
        schema: Any = json.load(stream)
    validator = jsonschema_rs.Draft202012Validator(schema)
    failed = 0
    for name in argv[1:]:
        with open(name, "rb") as stream:
            if not validator.is_valid(yaml.load(stream, Loader=_Loader)):
                failed += 1
    print(f"{len(argv) - 1 - failed} valid, {failed} invalid")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
