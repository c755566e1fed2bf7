"""The data files the tool ships with: found beside the package in a source checkout, and a
template name that would lead outside the templates folder refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from hmip_docs.core import resources
from tests.conftest import ROOT


def test_a_source_checkout_reads_the_top_level_folders() -> None:
    assert resources.schemas_dir() == ROOT / "schemas"
    assert resources.templates_dir() == ROOT / "templates"


@pytest.mark.parametrize(
    "name",
    ["consultation-response.schema.json", "organisations.schema.json", "decisions.schema.json"],
)
def test_the_schemas_are_found(name: str) -> None:
    assert (resources.schemas_dir() / name).is_file()


@pytest.mark.parametrize(
    ("name", "inside"),
    [
        ("consultation-response.docx", "consultation-response.docx"),
        ("report.docx", "report.docx"),  # one still to be made: only the path is asked for
        ("drafts/report.docx", "drafts/report.docx"),
    ],
)
def test_a_template_name_is_a_path_in_the_templates_folder(name: str, inside: str) -> None:
    assert resources.template_path(name) == resources.templates_dir() / inside


def test_the_shipped_template_is_found() -> None:
    assert resources.template_path("consultation-response.docx").is_file()


@pytest.mark.parametrize(
    "name", ["../schemas/x.json", "drafts/../../x.docx", "..", str(Path("/etc/passwd"))]
)
def test_a_template_name_leading_outside_is_refused(name: str) -> None:
    with pytest.raises(ValueError, match="must stay inside"):
        resources.template_path(name)
