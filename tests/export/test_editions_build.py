"""The editions after the shipped one: each validates clean and builds, printing nothing its
record does not hold and dropping nothing it does.

``fixtures/editions/`` holds a synthetic 2022/23 and 2023/24 after the shipped 2021/22: three
questions, one on a proposed change to the inspection framework answered by comments; other
respondents, individuals and an anonymous response among them; the thematics agreed and deferred
one year carried into the next year's programme; a thematic led by another inspectorate with the
publisher as a partner; a thematic agreed for a later year whose partners are not yet named; the
guidance given once, in the introduction, or not at all; a question with no heading or prompt in
section 3 and one on which none were received. The built document's text is checked against the
record's own strings, read with the record's placeholders.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document as DocxDocument

from hmip_docs.export import markdown as text
from hmip_docs.record import markup, placeholders
from hmip_docs.record.organisations import Registry
from tests.conftest import FIXTURES, RECORDS, REGISTRY, all_paragraphs, edit, hmip, load_data

EDITIONS = FIXTURES / "editions"
YEARS = ("2022-23", "2023-24")


def _record(year: str) -> dict[str, Any]:
    return load_data(EDITIONS / year / "consultation-response.yaml")


def _strings(node: object) -> Iterator[str]:
    """Every text in a record, at any depth."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def _held(record: dict[str, Any]) -> set[str]:
    """What the record holds, as printed: each of its texts with markup and placeholders read,
    a thematic's title with its abbreviation, and the cover's name and byline."""
    values = placeholders.values(record, Registry.from_data(load_data(REGISTRY)))
    held = {" ".join(markup.parse(s, values).plain.split()) for s in _strings(record)}
    held.add(values["publisher_name"])
    held.add(f"{values['publisher_short_name']}, {values['publication_month']}")
    return held


LABELS = {*text.SUMMARY_COLUMNS, *text.SUGGESTION_COLUMNS, *text.COMMENT_COLUMNS} - {""}
"""The template's own words: the tables' header cells."""


def _unlabelled(paragraph: str) -> str:
    """A printed paragraph without the label the template puts before a record's text."""
    if paragraph.startswith(text.QUESTION_HEADING):
        return paragraph.removeprefix(text.QUESTION_HEADING)
    head, _, rest = paragraph.partition(": ")
    if head.startswith("Q") and head[1:].isdigit():
        return rest
    return paragraph


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, DocxDocument]:
    """Each edition built by the command line in a project with the suite's records."""
    root = tmp_path_factory.mktemp("editions")
    shutil.copytree(RECORDS, root / "records")
    for year in YEARS:
        (root / "records" / year).mkdir()
        shutil.copy(EDITIONS / year / "consultation-response.yaml", root / "records" / year)
    run = hmip(root, "docx", "--strict", "records/2022-23", "records/2023-24")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 errors, 0 warnings" in run.stdout
    return {
        year: docx.Document(
            io.BytesIO((root / "build" / f"consultation-response-{year}.docx").read_bytes())
        )
        for year in YEARS
    }


def _printed(document: DocxDocument) -> list[str]:
    return [" ".join(p.text.split()) for p in all_paragraphs(document) if p.text.strip()]


@pytest.mark.parametrize("year", YEARS)
def test_nothing_prints_that_the_record_does_not_hold(
    built: dict[str, DocxDocument], year: str
) -> None:
    held = _held(_record(year))
    extra = [p for p in _printed(built[year]) if p not in LABELS and _unlabelled(p) not in held]
    assert extra == []


@pytest.mark.parametrize("year", YEARS)
def test_nothing_the_record_prints_is_dropped(built: dict[str, DocxDocument], year: str) -> None:
    record = _record(year)
    printed = {_unlabelled(p) for p in _printed(built[year])}
    held = _held(record)
    values = placeholders.values(record, Registry.from_data(load_data(REGISTRY)))
    unprinted = {"question", "id", "outcome", "decision", "year", "item", "organisation"}

    def printed_texts(node: object, key: str = "") -> Iterator[str]:
        if isinstance(node, str) and key not in unprinted:
            yield " ".join(markup.parse(node, values).plain.split())
        elif isinstance(node, dict):
            for name, value in node.items():
                yield from printed_texts(value, name)
        elif isinstance(node, list):
            for value in node:
                yield from printed_texts(value, key)

    wanted = set(printed_texts({"r": record["responses"], "s": record["respondents"]}))
    assert wanted <= held
    assert wanted - printed == set()


def test_comments_on_a_proposal_print_as_their_own_table(
    built: dict[str, DocxDocument],
) -> None:
    document = built["2022-23"]
    (table,) = [t for t in document.tables if t.rows[0].cells[0].text == "Comment"]
    rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    comments = _record("2022-23")["responses"]["questions"][2]["comments"]
    assert rows == [[c["point"], c["response"]] for c in comments]


def test_guidance_given_once_prints_once(built: dict[str, DocxDocument]) -> None:
    guidance = [p for p in all_paragraphs(built["2022-23"]) if p.style.name == "Guidance"]
    assert len(guidance) == 1
    assert not [p for p in all_paragraphs(built["2023-24"]) if p.style.name == "Guidance"]
    assert not any("guidance" in p.lower() for p in _printed(built["2023-24"]))


def test_section_3_prints_only_the_headings_and_labels_given(
    built: dict[str, DocxDocument],
) -> None:
    headings = {
        year: [p for p in _printed(built[year]) if p.startswith(text.QUESTION_HEADING)]
        for year in YEARS
    }
    # 2022/23: three questions in the introduction, three headed parts of section 3.
    assert len(headings["2022-23"]) == 6
    assert sum(p.startswith(("Q1: ", "Q2: ", "Q3: ")) for p in _printed(built["2022-23"])) == 3
    # 2023/24: two questions; section 3 heads only the research part and prints no prompt.
    assert headings["2023-24"] == [
        f"{text.QUESTION_HEADING}thematic inspections",
        f"{text.QUESTION_HEADING}research",
        f"{text.QUESTION_HEADING}research projects",
    ]
    assert not any(p.startswith("Q1:") or p.startswith("Q2:") for p in _printed(built["2023-24"]))
    assert "We received no alternative proposals for research projects." in _printed(
        built["2023-24"]
    )


def test_the_respondent_count_counts_individual_and_anonymous_responses(
    built: dict[str, DocxDocument],
) -> None:
    # Six organisations and two individual responses; three organisations and one anonymous.
    assert "We received 8 responses from the following respondents:" in _printed(built["2022-23"])
    assert "We received 4 responses from the following respondents:" in _printed(built["2023-24"])


def _edition_project(tmp_path: Path, year: str) -> Path:
    shutil.copytree(RECORDS, tmp_path / "records")
    (tmp_path / "records" / year).mkdir()
    shutil.copy(EDITIONS / year / "consultation-response.yaml", tmp_path / "records" / year)
    return tmp_path / "records" / year / "consultation-response.yaml"


def _rules(root: Path, record: Path) -> list[tuple[str, int]]:
    import json

    run = hmip(root, "validate", "--format", "json", str(record.relative_to(root)))
    assert "Traceback" not in run.stderr
    report = json.loads(run.stdout)
    return [
        (f["rule"], f["line"])
        for f in report["findings"]
        if f["severity"] in ("error", "warning") and not f.get("suppressed")
    ]


THEMATIC_EDITS = {
    # The lead is never among the partners, even where another body leads.
    "thematic-roles-overlap": (
        "partners: [hmi-probation, ofsted]",
        "partners: [hmi-prisons, hmi-probation, ofsted]",
    ),
    # A thematic agreed for a later year: its paragraph names its partners.
    "prose-names-partners": ("partners: [ofsted, cqc]", "partners: [ofsted, cqc, hmcpsi]"),
    # ... and a joint one names its partners.
    "joint-thematic-partners-missing": ("            partners: [ofsted, cqc]\n", ""),
    # ... and one whose partners are listed does not say they were not named.
    "partners-named": (
        "            partners: [ofsted, cqc]\n",
        "            partners: [ofsted, cqc]\n            partners_named: false\n",
    ),
    # A kind meant for comments does not answer a suggested topic.
    "decision-kind-use": (
        "              decision: future-thematic\n",
        "              decision: consider-in-drafting\n",
    ),
}


@pytest.mark.parametrize("rule", THEMATIC_EDITS)
def test_one_edit_of_the_2022_23_edition_gives_its_finding(tmp_path: Path, rule: str) -> None:
    record = _edition_project(tmp_path, "2022-23")
    assert _rules(tmp_path, record) == []
    old, new = THEMATIC_EDITS[rule]
    edit(record, old, new)
    assert [found for found, _ in _rules(tmp_path, record)] == [rule]


def test_a_kind_added_to_the_vocabulary_needs_no_code(tmp_path: Path) -> None:
    record = _edition_project(tmp_path, "2022-23")
    edit(record, "decision: consider-in-drafting", "decision: consider-at-review")
    assert [rule for rule, _ in _rules(tmp_path, record)] == ["decision-kind-unknown"]
    vocabulary = tmp_path / "records" / "decisions.yaml"
    vocabulary.write_text(
        vocabulary.read_text("utf-8")
        + "  - id: consider-at-review\n"
        + "    meaning: Considered when the standards are next reviewed.\n"
        + "    points_to: programme\n"
        + "    for: [comments]\n",
        encoding="utf-8",
    )
    assert _rules(tmp_path, record) == []


def test_a_kind_pointing_to_a_later_year_names_it(tmp_path: Path) -> None:
    record = _edition_project(tmp_path, "2022-23")
    edit(
        record,
        "              year: 2023/2024\n              text: We will",
        "              text: We will",
    )
    assert [rule for rule, _ in _rules(tmp_path, record)] == ["outcome-year"]


def test_a_vocabulary_that_is_missing_or_incomplete_is_reported(tmp_path: Path) -> None:
    record = _edition_project(tmp_path, "2022-23")
    vocabulary = tmp_path / "records" / "decisions.yaml"
    text_before = vocabulary.read_text("utf-8")
    vocabulary.write_text(
        text_before.replace("    points_to: outside\n", "    points_to: elsewhere\n", 1), "utf-8"
    )
    run = hmip(tmp_path, "validate", str(record.relative_to(tmp_path)))
    assert run.returncode == 1
    # The second kind is the first that points outside; the finding names its line.
    line = text_before.splitlines().index("  - id: await-external-work") + 1
    assert f"records/decisions.yaml:{line}:" in run.stdout
    assert "[decisions-vocabulary] the decision kind #2 is not complete" in run.stdout
    assert "`points_to:` (one of later-year, programme, outside, nothing)" in run.stdout
    vocabulary.unlink()
    run = hmip(tmp_path, "validate", str(record.relative_to(tmp_path)))
    assert run.returncode == 1
    assert "there is no vocabulary of decision kinds at records/decisions.yaml" in run.stdout


def test_an_area_without_its_question_heading_moves_up_a_level(
    built: dict[str, DocxDocument],
) -> None:
    # 2023/24's question on thematics has no heading in section 3: its area "Youth inspection"
    # is a level 2 heading there, where 2022/23's areas sit at level 3 under their question.
    styles = {
        year: {p.text: p.style.name for p in built[year].paragraphs if p.style is not None}
        for year in YEARS
    }
    assert styles["2023-24"]["Youth inspection"] == "Heading 2"
    assert styles["2022-23"]["Probation inspection"] == "Heading 3"
