"""Every record kept in the repository validates, and points editors at its schema."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from hmip_docs.validate import validate
from tests.conftest import FIXTURES, REGISTRY, ROOT

RECORDS = sorted((ROOT / "records").rglob("*.yaml")) + sorted(FIXTURES.rglob("*.yaml"))
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


@pytest.mark.parametrize("path", RECORDS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_modeline_resolves_to_a_schema(path: Path) -> None:
    first = path.read_text("utf-8").splitlines()[0]
    match = MODELINE.match(first)
    assert match, f"{path} does not start with a yaml-language-server $schema line"
    target = (path.parent / match.group(1)).resolve()
    assert target.parent == (ROOT / "schemas").resolve()
    schema = json.loads(target.read_text("utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize(
    "path", [p for p in RECORDS if p != REGISTRY], ids=lambda p: p.relative_to(ROOT).as_posix()
)
def test_every_record_validates_under_the_current_schema(path: Path) -> None:
    result = validate([path], REGISTRY)
    standing = [f for f in result.findings if f.counts]
    assert standing == []
    (checked,) = result.files[1:]
    assert checked.data is not None
    assert checked.data["schema_version"] == 1
