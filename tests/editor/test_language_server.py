"""The record as an author sees it in an editor: the real yaml-language-server, through the
record's ``# yaml-language-server: $schema=…`` line.

``make editor-server`` installs the pinned server (``tools/editor``); without node or the server
these tests skip, and under ``CI=true`` they fail instead.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import RECORDS, ROOT, hmip, load_data
from tests.editor.lsp_client import LspClient

SERVER = ROOT / "tools" / "editor" / "node_modules" / "yaml-language-server" / "bin"
SERVER = SERVER / "yaml-language-server"
SETTINGS = {
    "yaml": {
        "validate": True,
        "hover": True,
        "completion": True,
        "schemaStore": {"enable": False},
    }
}
FOLDER = Path("records") / "2021-22"
"""Where the broken copies go: beside the record, so its relative ``$schema=`` path holds."""


def _require_server() -> str:
    node = shutil.which("node")
    if node and SERVER.is_file():
        return node
    reason = "needs node and yaml-language-server (make editor-server)"
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"{reason}: CI=true, so a missing server is a failure", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def editor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LspClient, Path]]:
    """The server, started in a project holding the suite's records and the shipped schemas."""
    node = _require_server()
    root = tmp_path_factory.mktemp("editor")
    shutil.copytree(RECORDS, root / "records")
    shutil.copytree(ROOT / "schemas", root / "schemas")
    with LspClient([node, str(SERVER), "--stdio"], root, SETTINGS) as client:
        client.initialize()
        yield client, root


def _record(root: Path) -> str:
    return (root / FOLDER / "consultation-response.yaml").read_text(encoding="utf-8")


def _broken(root: Path, name: str, old: str, new: str) -> tuple[Path, str]:
    text = _record(root)
    assert text.count(old) == 1, old
    path = root / FOLDER / f"{name}.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path, path.read_text(encoding="utf-8")


def _cli_errors(root: Path, path: Path) -> list[dict[str, Any]]:
    result = hmip(root, "validate", "--format", "json", str(path.relative_to(root)))
    assert result.returncode == 1, result.stderr
    findings = json.loads(result.stdout)["findings"]
    return [f for f in findings if f["severity"] == "error" and not f.get("suppressed")]


def test_the_valid_record_and_registry_show_nothing(editor: tuple[LspClient, Path]) -> None:
    client, root = editor
    uri = client.open(root / FOLDER / "consultation-response.yaml")
    assert client.wait_diagnostics(uri) == []
    registry = root / "records" / "organisations.yaml"
    uri = client.open(registry)
    assert client.wait_diagnostics(uri) == []
    # The registry's schema is loaded too: a mistake there is underlined.
    text = registry.read_text(encoding="utf-8").replace("    kind: inspectorate", "    knd: x", 1)
    broken = root / "records" / "organisations-broken.yaml"
    broken.write_text(text, encoding="utf-8")
    shown = client.wait_diagnostics(client.open(broken))
    assert any("not a field this part of the record has" in d["message"] for d in shown), shown


# (name, text in the record, its replacement, the item's name or value as the CLI prints it,
# what the editor says instead)
MISTAKES = [
    (
        "outcome",
        "              outcome: iom-impact\n",
        "",
        " 'Prolific offenders'",
        "",
    ),
    (
        "lead",
        "                kind: joint\n                lead: hmi-probation\n"
        "                partners: [hmcpsi, hmicfrs, hmi-prisons]",
        "                kind: joint\n                partners: [hmcpsi, hmicfrs, hmi-prisons]",
        " 'Mental health'",
        "",
    ),
    (
        "partners",
        "                partners: [hmcpsi, hmicfrs, hmi-prisons]\n",
        "",
        " 'Mental health'",
        "",
    ),
    (
        "statutory",
        "    secretary_of_state: secretary-of-state-for-justice\n",
        "",
        "",
        "",
    ),
    ("month", "published: 2021-09", "published: 2021-13", '"2021-13"', "the value"),
    (
        "single-agency",
        "                title: Race\n                kind: single-agency\n",
        "                title: Race\n                kind: single-agency\n"
        "                partners: [hmcpsi]\n",
        " 'Race'",
        "",
    ),
    ("blank", "                title: Race", "                title: ' '", "", ""),
    ("empty", "                title: Race", "                title: ''", "", ""),
    (
        "closed-list",
        "                title: Race\n                kind: single-agency\n",
        "                title: Race\n                kind: solo\n",
        '"solo"',
        "the value",
    ),
    ("wrong-type", "letter_issued: 2021-03-22", "letter_issued: [2021]", ", not a list", ""),
    (
        "blank-reason",
        "    reason: 2020/2021 is the previous year, named on purpose.",
        "    reason: ' '",
        "",
        "",
    ),
    (
        "address",
        '  consultation-letter:\n    address: ""\n',
        '  consultation-letter:\n    address: "foo"\n',
        '"foo"',
        "the value",
    ),
]


@pytest.mark.parametrize(
    ("name", "old", "new", "named", "instead"), MISTAKES, ids=[m[0] for m in MISTAKES]
)
def test_each_mistake_is_one_diagnostic_in_the_cli_words(
    editor: tuple[LspClient, Path], name: str, old: str, new: str, named: str, instead: str
) -> None:
    client, root = editor
    path, text = _broken(root, name, old, new)
    (cli,) = _cli_errors(root, path)
    diagnostics = client.wait_diagnostics(client.open(path, text))
    assert len(diagnostics) == 1, diagnostics
    (shown,) = diagnostics
    start = shown["range"]["start"]
    assert (start["line"] + 1, start["character"] + 1) == (cli["line"], cli["column"])
    assert not named or named in cli["message"]
    said = cli["message"].replace(named, instead) if named else cli["message"]
    assert shown["message"] == f"{said} — {cli['hint']}"


def test_a_misspelt_key_is_one_diagnostic_in_the_cli_words(
    editor: tuple[LspClient, Path],
) -> None:
    """The CLI can guess the key meant ("did you mean"); the editor lists the keys allowed,
    which is what the CLI says when it cannot guess."""
    client, root = editor
    path, text = _broken(root, "misspelt", "contributors: [cqc, hiw]", "contributers: [cqc, hiw]")
    (cli,) = _cli_errors(root, path)
    assert cli["hint"] == "did you mean `contributors`?"
    diagnostics = client.wait_diagnostics(client.open(path, text))
    assert len(diagnostics) == 1, diagnostics
    (shown,) = diagnostics
    start = shown["range"]["start"]
    assert (start["line"] + 1, start["character"] + 1) == (cli["line"], cli["column"])
    said = cli["message"].replace("`contributers`", "this")
    allowed = "`abbreviation`, `contributors`, `description`, `id`, `kind`, `lead`, `partners`, "
    assert shown["message"] == f"{said} — allowed here: {allowed}`title`"


def _position(text: str, needle: str, offset: int = 0) -> tuple[int, int]:
    for number, line in enumerate(text.splitlines()):
        if needle in line:
            return number, line.index(needle) + offset
    raise AssertionError(f"{needle!r} not in the record")


def test_hover_shows_each_field_its_own_help(editor: tuple[LspClient, Path]) -> None:
    client, root = editor
    text = _record(root)
    uri = client.open(root / FOLDER / "hover.yaml", text)
    lead = client.hover(uri, *_position(text, "                lead: ", 17))
    assert "#### Lead" in lead
    assert "The organisation that leads the thematic" in lead
    assert "`make validate` checks that it is in the registry" in lead
    assert "The id of an organisation" not in lead
    # Every field that shares a definition shows its own help, and what `make validate` adds.
    publisher = client.hover(uri, *_position(text, "  publisher: ", 2))
    assert "The organisation that publishes the response" in publisher
    assert "The id of an organisation" not in publisher
    assert "`make validate` checks that the id is in the registry" in publisher
    issued = client.hover(uri, *_position(text, "letter_issued: ", 2))
    assert "The date the consultation letter was issued." in issued
    assert "A calendar date written YYYY-MM-DD" not in issued
    assert "`make validate` checks that the date exists on the calendar" in issued
    partners = client.hover(uri, *_position(text, "                partners: ", 17))
    assert "`make validate` checks that each is in the registry" in partners
    decision = client.hover(uri, *_position(text, "decision: on-hold", 2))
    assert "#### Decision" in decision
    assert "* `on-hold`: Put on hold until circumstances change." in decision
    assert "||" not in decision
    kind = client.hover(uri, *_position(text, "kind: single-agency", 1))
    assert "`single-agency`: the publisher alone" in kind
    assert "\\`" not in kind


def test_completion_inserts_a_key_and_documents_each_decision(
    editor: tuple[LspClient, Path],
) -> None:
    client, root = editor
    path, text = _broken(
        root,
        "completion",
        "                lead: hmi-probation\n                partners: [hmcpsi, hmicfrs",
        "                \n                partners: [hmcpsi, hmicfrs",
    )
    text = text.replace("decision: await-related-work", "decision: ", 1)
    uri = client.open(path, text)
    line = text.splitlines().index(" " * 16)
    keys = {item["label"]: item for item in client.completion(uri, line, 16)}
    assert keys["lead"]["insertText"] == "lead: "
    line, column = _position(text, "decision: ", len("decision: "))
    offered = client.completion(uri, line, column)
    # The kinds of the shipped vocabulary that answer suggestions, in its order; the editor
    # offers them and explains each (a team's own kinds are left to `make validate`).
    kinds = {
        kind["id"]: kind["meaning"]
        for kind in load_data(RECORDS / "decisions.yaml")["kinds"]
        if "suggestions" in kind["for"]
    }
    assert [item["label"] for item in offered] == list(kinds)
    assert [item["sortText"] for item in offered] == sorted(item["sortText"] for item in offered)
    for item in offered:  # each kind explained by its own meaning, not the field's description
        shown = item["documentation"]["value"]
        assert " ".join(shown.split()) == " ".join(kinds[item["label"]].split()), item
        assert item["insertText"] == item["label"]


def test_a_new_thematic_is_offered_with_every_required_field(
    editor: tuple[LspClient, Path],
) -> None:
    client, root = editor
    path, text = _broken(
        root,
        "new-thematic",
        "            thematics:\n              - id: mental-health\n",
        "            thematics:\n              - \n              - id: mental-health\n",
    )
    uri = client.open(path, text)
    line = text.splitlines().index("              - ")
    offered = {item["label"]: item for item in client.completion(uri, line, 16)}
    snippet = offered["Thematic inspection (all required fields)"]["insertText"]
    assert snippet == "id: $1\n  title: $2\n  kind: $3\n  lead: $4\n  description: $5"
    assert offered["lead"]["insertText"] == "lead: "


def test_hover_names_no_field_twice(editor: tuple[LspClient, Path]) -> None:
    client, root = editor
    text = _record(root)
    uri = client.open(root / FOLDER / "hover-address.yaml", text)
    shown = client.hover(uri, *_position(text, "address: ", 2))
    assert "The web address, starting https://" in shown
    assert "||" not in shown


def test_a_date_off_the_calendar_is_left_to_make_validate(editor: tuple[LspClient, Path]) -> None:
    """The editor checks a date's form only, and its hover says so (docs/editing.md)."""
    client, root = editor
    path, text = _broken(root, "february", "letter_issued: 2021-03-22", "letter_issued: 2021-02-30")
    (cli,) = _cli_errors(root, path)
    assert cli["message"] == '"2021-02-30" is not a real date'
    uri = client.open(path, text)
    assert client.wait_diagnostics(uri) == []
    shown = client.hover(uri, *_position(text, "letter_issued:", 2))
    assert "`make validate` checks that the date exists on the calendar" in shown


def test_a_rule_that_needs_the_vocabulary_is_left_to_make_validate(
    editor: tuple[LspClient, Path],
) -> None:
    """Whether a decision needs a year depends on the project's vocabulary of decision kinds,
    which the editor does not read: the editor stays quiet where the CLI reports the missing
    year, and the field's hover says that `make validate` checks it."""
    client, root = editor
    path, text = _broken(
        root,
        "outcome-year",
        "              year: 2022/2023\n              text: We will consider",
        "              text: We will consider",
    )
    (cli,) = _cli_errors(root, path)
    assert cli["rule"] == "outcome-year"
    assert "consider-in-later-year" in cli["message"]
    assert client.wait_diagnostics(client.open(path, text)) == []
    record = _record(root)
    uri = client.open(root / FOLDER / "year-hover.yaml", record)
    year = client.hover(uri, *_position(record, "              year: 2022/2023", 15))
    assert "`make validate` checks that the decisions that name a year have one" in year
