"""Every printed word comes from the data: transform the record's prose and the registry's names,
render, and no line of the published text survives except a short list of template labels."""

from __future__ import annotations

import codecs
import re
from typing import Any

from hmip_docs.context import model
from hmip_docs.record.organisations import Registry
from hmip_docs.render.word import render
from hmip_docs.validate import schema
from tests.conftest import RECORD, REGISTRY, ROOT, load_data
from tests.test_fidelity import SEED, docx_stream, seed_lines

# Seed lines the template itself prints: its column headers.
TEMPLATE_LABELS = {"question post-consultation decision"}

# Kept as they are: placeholders and the link ids of [text][id].
_KEEP = re.compile(r"\{[^{}\s]*\}|\]\[[^\]]*\]")


def rot13(text: str) -> str:
    """ROT13 of the printed letters, leaving placeholders and link ids alone."""
    out, pos = [], 0
    for match in _KEEP.finditer(text):
        out.append(codecs.encode(text[pos : match.start()], "rot13"))
        out.append(match.group(0))
        pos = match.end()
    out.append(codecs.encode(text[pos:], "rot13"))
    return "".join(out)


def _set(data: Any, path: tuple[str | int, ...], value: str) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def transformed_record() -> dict[str, Any]:
    data = load_data(RECORD)
    compiled = schema.compiled(schema.RECORD_SCHEMA)
    changed = 0
    for def_name in ("text", "plain-text"):
        for pattern in compiled.defs_at[def_name]:
            for path, value in list(schema.instances(data, pattern)):
                if isinstance(value, str):
                    _set(data, path, rot13(value))
                    changed += 1
    assert changed > 100
    return data


def transformed_registry() -> dict[str, Any]:
    data = load_data(REGISTRY)
    for org in data["organisations"]:
        for name in org["names"]:
            name["name"] = rot13(name["name"])
        for key in ("short_name", "abbreviation"):
            if key in org:
                org[key] = rot13(org[key])
    return data


def test_rot13_leaves_markup_alone() -> None:
    assert rot13("for {programme_year} see [the plan][corporate-plan].") == (
        "sbe {programme_year} frr [gur cyna][corporate-plan]."
    )


def test_no_published_line_survives_transformed_data() -> None:
    record, registry = transformed_record(), transformed_registry()
    document = render(
        ROOT / "templates" / "consultation-response.docx",
        model.build(record, Registry.from_data(registry)),
    )
    stream = docx_stream(document)
    survivors = {line for line in seed_lines(SEED.read_text("utf-8")) if line in stream}
    assert survivors == TEMPLATE_LABELS


def test_the_untransformed_build_has_every_line() -> None:
    """The control: the same steps without the transformation find every line."""
    record = load_data(RECORD)
    registry = load_data(REGISTRY)
    document = render(
        ROOT / "templates" / "consultation-response.docx",
        model.build(record, Registry.from_data(registry)),
    )
    stream = docx_stream(document)
    lines = seed_lines(SEED.read_text("utf-8"))
    assert [line for line in lines if line not in stream] == []
