"""A record of schema version 1 gets one finding, and ``hmip-docs upgrade`` rewrites it to
version 2 keeping its comments, key order and line layout.

``fixtures/upgrade/v1/`` holds the 2021/22 record as it was kept at version 1; upgraded, it must
be byte for byte the version 2 record the suite keeps (``fixtures/records/2021-22/``).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from hmip_docs.export import upgrade
from tests.conftest import FIXTURES, RECORD, REL, hmip

V1 = FIXTURES / "upgrade" / "v1" / "consultation-response.yaml"


def _v1_project(project: Path) -> Path:
    record = project / REL
    shutil.copyfile(V1, record)
    return record


def test_a_version_1_record_gets_one_finding(project: Path) -> None:
    _v1_project(project)
    run = hmip(project, "validate", "--format", "json", str(REL))
    assert run.returncode == 1
    findings = json.loads(run.stdout)["findings"]
    assert [(f["rule"], f["line"]) for f in findings] == [("schema-version-old", 6)]
    assert f"hmip-docs upgrade {REL.as_posix()}" in findings[0]["hint"]


def test_upgrade_rewrites_in_place_keeping_comments_order_and_layout(project: Path) -> None:
    record = _v1_project(project)
    run = hmip(project, "upgrade", str(REL))
    assert run.returncode == 0, run.stderr
    assert record.read_bytes() == RECORD.read_bytes()
    assert "schema_version: 1 -> 2" in run.stderr
    assert f"wrote {REL.as_posix()}" in run.stderr
    assert hmip(project, "validate", str(REL)).returncode == 0
    # A second run has nothing to do and leaves the file as it is.
    again = hmip(project, "upgrade", str(REL))
    assert again.returncode == 0
    assert "nothing to do" in again.stderr
    assert record.read_bytes() == RECORD.read_bytes()


def test_upgrade_to_another_file_leaves_the_record(project: Path) -> None:
    record = _v1_project(project)
    run = hmip(project, "upgrade", str(REL), "-o", "upgraded.yaml")
    assert run.returncode == 0, run.stderr
    assert record.read_bytes() == V1.read_bytes()
    assert (project / "upgraded.yaml").read_bytes() == RECORD.read_bytes()


def test_upgrade_never_writes_over_another_input(project: Path) -> None:
    _v1_project(project)
    run = hmip(project, "upgrade", str(REL), "-o", "records/organisations.yaml")
    assert run.returncode == 2
    assert run.stderr.startswith("hmip-docs: cannot write records/organisations.yaml")
    assert "Traceback" not in run.stderr


def test_a_file_the_loader_refuses_is_reported_and_left_alone(project: Path) -> None:
    record = _v1_project(project)
    broken = V1.read_text("utf-8").replace("schema_version: 1\n", "schema_version: 1\n  : [\n")
    record.write_text(broken, "utf-8")
    run = hmip(project, "upgrade", str(REL))
    assert run.returncode == 1
    assert "error [yaml-syntax]" in run.stdout
    assert "Traceback" not in run.stderr
    assert record.read_text("utf-8") == broken


def test_an_unknown_version_is_not_guessed_at() -> None:
    result = upgrade.upgrade_text(b"schema_version: 7\nheadings: {}\n", "r.yaml")
    assert result.text is None
    (finding,) = result.findings
    assert finding.rule == "upgrade"
    assert finding.line == 1
    assert "schema version 7" in finding.message


def test_only_what_version_2_adds_changes() -> None:
    result = upgrade.upgrade_text(V1.read_bytes(), "v1.yaml")
    assert result.text is not None
    before = V1.read_text("utf-8").splitlines()
    after = result.text.splitlines()
    added = [line for line in after if line not in before]
    assert sorted(set(added)) == sorted(
        {
            "schema_version: 2",
            "            kind: joint",
            "            lead: hmi-probation",
            "            partners_named: false",
        }
    )
    assert [line for line in before if line not in after] == ["schema_version: 1"]
