"""The next edition: a copy of the record, edited for 2022/2023, validates and builds.

The fixture edition has three questions, eleven respondents, a joint thematic led by another
inspectorate, an outcome shared by three suggestions, and is published after the Inspectorate
became "His Majesty's".
"""

from __future__ import annotations

import io
import shutil

import docx
import pytest
from docx.document import Document

from tests.conftest import FIXTURES, RECORDS, hmip

EDITION = FIXTURES / "2022-23" / "consultation-response.yaml"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Document:
    root = tmp_path_factory.mktemp("edition")
    shutil.copytree(RECORDS, root / "records")
    (root / "records" / "2022-23").mkdir()
    shutil.copy(EDITION, root / "records" / "2022-23" / "consultation-response.yaml")
    run = hmip(root, "docx", "--format", "json", "records/2022-23")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    output = root / "build" / "consultation-response-2022-23.docx"
    return docx.Document(io.BytesIO(output.read_bytes()))


def _texts(document: Document) -> list[str]:
    out = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                out.extend(p.text for p in cell.paragraphs)
    return out


def test_publisher_name_follows_the_publication_date(built: Document) -> None:
    texts = _texts(built)
    assert "His Majesty's Inspectorate of Probation" in texts
    assert not any("Her Majesty's" in t for t in texts)
    assert built.core_properties.author == "His Majesty's Inspectorate of Probation"


def test_years_and_counts_come_from_the_record(built: Document) -> None:
    texts = _texts(built)
    assert not any("2021/2022" in t for t in texts)
    assert any(t.endswith("programmes for 2022/2023") for t in texts)
    assert "The consultation set out the following three requests:" in texts
    assert "We received 11 responses from the following respondents:" in texts
    assert any("issued on the 21 March 2022" in t for t in texts)
    assert "HM Inspectorate of Probation, October 2022" in texts


def test_three_questions_in_every_section(built: Document) -> None:
    summary = built.tables[0]
    assert len(summary.rows) == 1 + 3
    assert summary.rows[3].cells[1].paragraphs[0].text == "Inspection framework"
    texts = _texts(built)
    assert "Consultation question \u2013 inspection framework" in texts
    prompts = [t for t in texts if t.startswith("Q") and t[1].isdigit()]
    assert [p.split(":")[0] for p in prompts] == ["Q1", "Q2", "Q3"]


def test_joint_thematic_with_another_lead(built: Document) -> None:
    texts = _texts(built)
    assert any(
        t.startswith(
            "A joint thematic led by HM Inspectorate of Prisons, with HM Inspectorate of Probation"
        )
        for t in texts
    )


def test_outcome_shared_by_three_suggestions_shares_one_row(built: Document) -> None:
    probation = next(t for t in built.tables if t.rows[1].cells[0].text == "Prolific offenders")
    shared = [
        row
        for row in probation.rows
        if row.cells[1].text == "Data to be collected as part of our core inspections"
    ]
    assert len(shared) == 1
    assert [p.text for p in shared[0].cells[0].paragraphs] == [
        "Case transfers",
        "Staff retention/ attrition",
        "Staff training",
    ]
    assert len(probation.rows) == 1 + 5


def test_link_with_an_address_is_a_hyperlink(built: Document) -> None:
    links = [(link.text, link.address) for p in built.paragraphs for link in p.hyperlinks]
    assert links == [
        (
            "consultation letter",
            "https://www.justiceinspectorates.gov.uk/hmiprobation/consultation-2022-2023/",
        )
    ]
