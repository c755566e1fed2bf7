"""Every record kept in the repository validates, and points editors at its schema.

These tests read the repository's own ``records/``, whatever editions it holds (a new year's copy
included), as configured for the repository; the suite's fixture records are checked beside
them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from hmip_docs.load import config
from hmip_docs.validate.validator import validate
from tests.conftest import FIXTURES, REGISTRY, ROOT

SHIPPED = config.load(ROOT)
SHIPPED_FILES = sorted(
    path for pattern in ("*.yaml", "*.yml") for path in SHIPPED.records.rglob(pattern)
)
FIXTURE_RECORDS = sorted(p for p in FIXTURES.rglob("*.yaml") if p.name != REGISTRY.name)
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def _id(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@pytest.mark.parametrize("path", SHIPPED_FILES, ids=_id)
def test_modeline_resolves_to_a_schema(path: Path) -> None:
    first = path.read_text("utf-8").splitlines()[0]
    match = MODELINE.match(first)
    assert match, f"{path} does not start with a yaml-language-server $schema line"
    target = (path.parent / match.group(1)).resolve()
    assert target.parent == (ROOT / "schemas").resolve()
    schema = json.loads(target.read_text("utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def _check(path: Path, registry: Path) -> None:
    result = validate([path], registry)
    standing = [f for f in result.findings if f.counts]
    assert standing == []
    (checked,) = result.files[1:]
    assert checked.data is not None
    assert checked.data["schema_version"] == 1


@pytest.mark.parametrize(
    "path", [p for p in SHIPPED_FILES if p.resolve() != SHIPPED.registry], ids=_id
)
def test_every_record_validates_under_the_current_schema(path: Path) -> None:
    _check(path, SHIPPED.registry)


@pytest.mark.parametrize("path", FIXTURE_RECORDS, ids=_id)
def test_every_fixture_record_validates(path: Path) -> None:
    _check(path, REGISTRY)


def test_the_shipped_registry_validates() -> None:
    result = validate([], SHIPPED.registry)
    assert [f for f in result.findings if f.counts] == []
