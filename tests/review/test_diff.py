"""``hmip-docs diff``: changes in the record's terms (items matched by id, then by content;
fields with registry names; prose word by word, placeholders filled), where each prints, and the
text, Markdown and JSON reports, through the real command line."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from hmip_docs.review import formats, items, locate, matching, words
from tests.conftest import FIXTURES, REL, edit, hmip

NEXT = FIXTURES / "2022-23" / "consultation-response.yaml"


def changes_of(result: subprocess.CompletedProcess[str]) -> list[dict[str, Any]]:
    assert result.returncode in (0, 1), result.stderr
    records = json.loads(result.stdout)["records"]
    return [change for record in records for change in record["changes"]]


@pytest.fixture
def pair(project: Path) -> tuple[Path, Path]:
    """The project, and a copy of its record to edit as the new one."""
    new = project / "new.yaml"
    shutil.copyfile(project / REL, new)
    return project, new


def diff(
    root: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return hmip(root, "diff", *args, env={"NO_COLOR": "1", **(env or {})})


# ---- words -------------------------------------------------------------------------------------


def test_two_changed_words_show_as_two_changed_words() -> None:
    pieces = words.diff("We will consider this next year.", "We shall consider this next month.")
    assert [p for p in pieces if p.op != "equal"] == [
        words.Piece("delete", "will"),
        words.Piece("insert", "shall"),
        words.Piece("delete", "year"),
        words.Piece("insert", "month"),
    ]
    assert words.old_text(pieces) == "We will consider this next year."
    assert words.new_text(pieces) == "We shall consider this next month."


def test_a_programme_year_is_one_word() -> None:
    pieces = words.diff("for 2022/2023 alongside", "for 2023/2024 alongside")
    assert [p.text for p in pieces if p.op != "equal"] == ["2022/2023", "2023/2024"]


# ---- items -------------------------------------------------------------------------------------


def test_items_are_matched_by_id_then_by_content() -> None:
    old = {"list": [{"id": "a", "title": "Alpha"}, {"id": "b", "title": "Beta thematic on youth"}]}
    new = {
        "list": [{"id": "c", "title": "Beta thematic on youth work"}, {"id": "a", "title": "Alpha"}]
    }
    found = items.compare(old, new, items.plain(), items.plain())
    kinds = [(c.kind, c.field) for c in found]
    # b became c (its id changed, its content stayed close): a change of its id and title, and
    # one move; nothing added or removed.
    assert ("changed", "id") in kinds and ("changed", "title") in kinds
    assert not any(kind in ("added", "removed") for kind, _ in kinds)
    assert sum(kind == "moved" for kind, _ in kinds) == 1


def test_unlike_items_are_added_and_removed() -> None:
    old = {"suggestions": [{"topic": "Problem gambling", "outcome": "x"}]}
    new = {"suggestions": [{"topic": "Court backlogs in the north", "outcome": "y"}]}
    found = items.compare(old, new, items.plain(), items.plain())
    assert [(c.kind, c.item) for c in found] == [
        ("added", "suggestion 'Court backlogs in the north'"),
        ("removed", "suggestion 'Problem gambling'"),
    ]


def test_an_id_is_never_matched_by_likeness() -> None:
    found = items.compare(
        {"partners": ["hmi-prisons"]}, {"partners": ["hmi-probation"]}, items.plain(), items.plain()
    )
    assert [c.kind for c in found] == ["added", "removed"]


def test_only_moved_items_are_reported_as_moved() -> None:
    pairs = [(0, 0), (3, 1), (1, 2), (2, 3)]  # item 3 moved to the second place
    assert matching.moved(pairs) == {(3, 1)}


# ---- the command line --------------------------------------------------------------------------


def test_same_record_has_no_changes(project: Path) -> None:
    result = diff(project, "--exit-code", str(REL), str(REL))
    assert result.returncode == 0, result.stderr
    assert "0 changes" in result.stdout


def test_changes_in_the_records_terms(pair: tuple[Path, Path]) -> None:
    root, new = pair
    edit(
        new,
        "lead: hmi-prisons\n                partners: [cqc, ofsted]",
        "lead: ofsted\n                partners: [cqc, hmi-prisons]",
    )
    edit(new, "There was support for our proposed", "There was strong support for our proposed")
    edit(new, "    - organisation: knowsley-yos\n      printed: Knowsley YOS\n", "")
    edit(
        new,
        "            - topic: Problem gambling\n              outcome: gambling-commission\n",
        "",
    )
    result = diff(root, "--format", "json", "--exit-code", str(REL), "new.yaml")
    assert result.returncode == 1, result.stderr
    found = {(c["kind"], c["item"], c["field"]): c for c in changes_of(result)}
    assert set(found) == {
        ("changed", "thematic 'Girls'", "lead"),
        ("added", "partner 'HM Inspectorate of Prisons'", ""),
        ("removed", "partner 'Ofsted'", ""),
        ("changed", "response to question 'thematic inspections'", "summary"),
        ("removed", "respondent 'Knowsley YOS'", ""),
        ("removed", "suggestion 'Problem gambling'", ""),
        # The count of respondents is a placeholder: the intro is written the same, and prints
        # one fewer.
        ("changed", "respondents", "intro" + items.PRINTED_ONLY),
    }
    lead = found[("changed", "thematic 'Girls'", "lead")]
    assert (lead["old"], lead["new"]) == ("HM Inspectorate of Prisons", "Ofsted")
    summary = found[("changed", "response to question 'thematic inspections'", "summary")]
    assert [w for w in summary["words"] if w[0] != "equal"] == [["insert", " strong"]]
    assert summary["where"] == "section 3 'Summary of responses', paragraph 3.2"
    gone = found[("removed", "suggestion 'Problem gambling'", "")]
    assert gone["where"] == "section 3 'Summary of responses', table 'Probation inspection', row 6"


def test_items_named_by_what_they_are_and_data_not_located(pair: tuple[Path, Path]) -> None:
    """A consultee by its organisation's name, a link by its key, commitments one by one when
    the old record had none; what the document does not print is said so, not located by a
    chance likeness of words."""
    root, new = pair
    edit(
        new,
        "auditor_general_for_wales: auditor-general-for-wales",
        "auditor_general_for_wales: hiw",
    )
    edit(new, "  added_by_order: []", "  added_by_order: [hiw]")
    edit(new, '  impact-of-inspection:\n    address: ""\n', "")
    edit(
        new,
        "[understanding the impact of inspection on probation][impact-of-inspection]",
        "understanding the impact of inspection on probation",
    )
    with new.open("a", encoding="utf-8") as stream:
        stream.write(
            "commitments:\n  - made_in: 2020/2021\n    what: Race equality\n"
            "    outcome: dropped\n    reason: Covered elsewhere.\n"
        )
    found = {
        (c["kind"], c["item"], c["field"]): c
        for c in changes_of(diff(root, "--format", "json", str(REL), "new.yaml"))
    }
    consultee = found[
        ("changed", "statutory consultee 'Auditor General for Wales'", "organisation")
    ]
    assert (consultee["old"], consultee["new"]) == ("Auditor General for Wales", "HIW")
    assert ("removed", "link 'impact-of-inspection'", "") in found
    assert ("added", "commitment 'Race equality'", "") in found
    for key in (
        ("changed", "statutory consultee 'Auditor General for Wales'", "organisation"),
        ("added", "consultee added by order 'HIW'", ""),
        ("added", "commitment 'Race equality'", ""),
    ):
        assert found[key]["printed"] is False and found[key]["where"] == "", found[key]
    shown = diff(root, str(REL), "new.yaml").stdout
    assert formats.NOT_PRINTED in shown


def test_prose_is_compared_as_printed(pair: tuple[Path, Path]) -> None:
    """A placeholder and the words it prints are the same text: no word changes."""
    root, new = pair
    edit(
        new,
        "the decisions made by {publisher_short_name} in response.",
        "the decisions made by HM Inspectorate of Probation in response.",
    )
    (change,) = changes_of(diff(root, "--format", "json", str(REL), "new.yaml"))
    assert change["field"] == "closing"
    assert all(op == "equal" for op, _ in change["words"])


def test_two_editions_read_as_what_is_new(project: Path) -> None:
    shutil.copyfile(NEXT, project / "next.yaml")
    result = diff(project, "--format", "markdown", str(REL), "next.yaml")
    assert result.returncode == 0, result.stderr
    assert "- **added** question 'Inspection framework'" in result.stdout
    assert "- **removed** respondent 'Derby City YOS'" in result.stdout
    assert "<del>2022/2023</del><ins>2023/2024</ins>" in result.stdout


def test_text_is_coloured_only_on_request(pair: tuple[Path, Path]) -> None:
    root, new = pair
    edit(new, "There was support for our proposed", "There was strong support for our proposed")
    plain = diff(root, str(REL), "new.yaml")
    assert "{+ strong+}" in plain.stdout and "\033[" not in plain.stdout
    assert "prints at: section 3 'Summary of responses', paragraph 3.2" in plain.stdout


def test_a_revision_is_read_with_git(project: Path) -> None:
    root = project

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, timeout=60)

    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "add", "records")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "first")
    edit(
        root / REL, "There was support for our proposed", "There was broad support for our proposed"
    )
    result = diff(root, "--format", "json", f"HEAD:{REL}", str(REL))
    (change,) = changes_of(result)
    assert [w for w in change["words"] if w[0] != "equal"] == [["insert", " broad"]]
    assert json.loads(result.stdout)["records"][0]["old"] == f"HEAD:{REL}"
    every = diff(root, "--rev", "HEAD", "--exit-code")
    assert every.returncode == 1, every.stderr
    assert f"HEAD:./{REL} → {REL}: 1 change" in every.stdout


def test_locate_finds_the_numbered_paragraph() -> None:
    document = locate.blocks(
        "## 1. Intro\n\n1.1. Under the *Act 2006*, one\n\n1.2. Second \\[x\\]\n"
    )
    assert locate.where(document, "Second [x]") == "section 1 'Intro', paragraph 1.2"
    # Emphasis leaves no space behind: "*Act 2006*," prints "Act 2006,".
    assert locate.where(document, "Under the Act 2006, one") == "section 1 'Intro', paragraph 1.1"
    assert locate.where(document, "not there") == ""


def test_markdown_escapes_the_record_text() -> None:
    change = items.Change("added", "respondent '<b>|x|</b>'", (), new="<b>")
    out = formats.markdown([formats.Compared("a", "b", (change,))])
    assert "<b>" not in out and "&lt;b&gt;" in out and "\\|x\\|" in out


def test_colour_marks_the_words_on_a_terminal() -> None:
    pieces = tuple(words.diff("a b", "a c"))
    change = items.Change("changed", "respondent 'x'", (), "printed", "a b", "a c", pieces)
    one = [formats.Compared("old", "new", (change,))]
    coloured = formats.text(one, colour=True)
    assert f"{formats.RED}b{formats.RESET}" in coloured
    assert f"{formats.GREEN}c{formats.RESET}" in coloured
    assert "\033[" not in formats.text(one, colour=False)
