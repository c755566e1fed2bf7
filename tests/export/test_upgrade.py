"""A record of schema version 1 gets one finding, and ``hmip-docs upgrade`` rewrites it to
version 2 keeping its comments, key order and line layout.

``fixtures/upgrade/v1/`` holds the 2021/22 record as it was kept at version 1; upgraded, it must
be byte for byte the version 2 record the suite keeps (``fixtures/records/2021-22/``).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

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


def _relaid(text: str, mapping: int, sequence: int, offset: int) -> str:
    """The record ``text`` written with other indents, as another team might keep it."""
    import io

    from ruamel.yaml import YAML

    yaml = YAML(typ="rt", pure=True)
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    out = io.StringIO()
    yaml.dump(yaml.load(text), out)
    return out.getvalue()


def _only_the_upgrade_changed(before: str, after: str) -> None:
    """``after`` is ``before`` with `schema_version` set to 2 and, below each agreed
    thematic's `year:`, the three keys version 2 adds, at that key's column: no other line."""
    import difflib

    old, new = before.splitlines(), after.splitlines()
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    edits = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    assert len(edits) == 3, edits  # the version, and the two agreed thematics
    (tag, i1, i2, j1, j2) = edits[0]
    assert (tag, old[i1:i2], new[j1:j2]) == (
        "replace",
        ["schema_version: 1"],
        ["schema_version: 2"],
    )
    for tag, i1, i2, j1, j2 in edits[1:]:
        year = old[i1 - 1]
        assert (tag, i1 == i2, year.lstrip()) == ("insert", True, "year: 2022/2023")
        pad = " " * (len(year) - len(year.lstrip()))
        assert new[j1:j2] == [
            f"{pad}kind: joint",
            f"{pad}lead: hmi-probation",
            f"{pad}partners_named: false",
        ]


@pytest.mark.parametrize(
    ("mapping", "sequence", "offset"),
    [(2, 2, 0), (4, 6, 4), (4, 4, 0), (3, 5, 3)],
    ids=["lists-at-key-column", "indented-by-4", "dash-at-key-column-by-4", "indented-by-3"],
)
def test_upgrade_keeps_a_record_laid_out_another_way(
    project: Path, mapping: int, sequence: int, offset: int
) -> None:
    record = project / REL
    before = _relaid(V1.read_text("utf-8"), mapping, sequence, offset)
    assert before != V1.read_text("utf-8")
    record.write_text(before, "utf-8")
    run = hmip(project, "upgrade", str(REL))
    assert run.returncode == 0, run.stderr
    assert "re-indented" not in run.stderr
    _only_the_upgrade_changed(before, record.read_text("utf-8"))
    assert hmip(project, "validate", str(REL)).returncode == 0


def test_upgrade_keeps_a_record_that_mixes_layouts(project: Path) -> None:
    record = project / REL
    text = V1.read_text("utf-8")
    mixed = text.replace(  # this one list written at its key's column, the rest indented
        "        thematics:\n"
        "          - topic: community supervision of those considered extremist/radicalised/TACT\n"
        "            year: 2022/2023\n"
        "          - topic: victims\n"
        "            year: 2022/2023\n",
        "        thematics:\n"
        "        - topic: community supervision of those considered extremist/radicalised/TACT\n"
        "          year: 2022/2023\n"
        "        - topic: victims\n"
        "          year: 2022/2023\n",
    )
    # and the respondents' list indented by 4 with its content 4 right of the dash
    start = mixed.index("respondents:\n")
    end = mixed.index("\n\n", start)
    block = "".join(
        ("  " + line.replace("- ", "-   ", 1)) if line.lstrip().startswith("- ") else "    " + line
        for line in mixed[start:end].splitlines(keepends=True)[3:]
    )
    head = "".join(mixed[start:end].splitlines(keepends=True)[:3])
    mixed = mixed[:start] + head + block + mixed[end:]
    assert "\n        - topic: victims\n" in mixed and "      -   organisation: ofsted\n" in mixed
    record.write_text(mixed, "utf-8")
    run = hmip(project, "upgrade", str(REL))
    assert run.returncode == 0, run.stderr
    assert "re-indented" not in run.stderr
    _only_the_upgrade_changed(mixed, record.read_text("utf-8"))


def test_a_small_record_at_the_key_column_upgrades_as_written_by_hand() -> None:
    before = (
        "schema_version: 1\n"
        "document:\n"
        "    publisher: hmi-probation  # the publisher leads\n"
        "questions:\n"
        "-   id: thematic\n"
        "    decision:\n"
        "        agreed_later:\n"
        "            thematics:\n"
        "            -   topic: victims\n"
        "                year: 2022/2023\n"
        "            -   topic: courts\n"
        "                year: 2023/2024\n"
        "                kind: joint\n"
    )
    result = upgrade.upgrade_text(before.encode(), "r.yaml")
    assert result.text == (
        "schema_version: 2\n"
        "document:\n"
        "    publisher: hmi-probation  # the publisher leads\n"
        "questions:\n"
        "-   id: thematic\n"
        "    decision:\n"
        "        agreed_later:\n"
        "            thematics:\n"
        "            -   topic: victims\n"
        "                year: 2022/2023\n"
        "                kind: joint\n"
        "                lead: hmi-probation\n"
        "                partners_named: false\n"
        "            -   topic: courts\n"
        "                year: 2023/2024\n"
        "                lead: hmi-probation\n"
        "                partners_named: false\n"
        "                kind: joint\n"
    )


def test_a_record_with_windows_line_ends_keeps_them_on_every_line() -> None:
    before = (
        "schema_version: 1\r\n"
        "document:\r\n"
        "  publisher: hmi-probation  # the publisher leads\r\n"
        "questions:\r\n"
        "  - id: thematic\r\n"
        "    decision:\r\n"
        "      agreed_later:\r\n"
        "        thematics:\r\n"
        "          - topic: victims\r\n"
        "            year: 2022/2023\r\n"
    )
    result = upgrade.upgrade_text(before.encode(), "r.yaml")
    assert result.text is not None
    assert result.text.startswith("schema_version: 2\r\n")
    assert result.text.count("\n") == result.text.count("\r\n") == before.count("\r\n") + 3
    assert "# the publisher leads\r\n" in result.text
