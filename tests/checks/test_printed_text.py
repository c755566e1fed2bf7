"""Mistakes that would reach the published document, through the real command line: half-typed
placeholders and braces, placeholders in labels, and organisations printed by names the
registry does not know for them."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import docx
import pytest

from tests.conftest import FIXTURES, all_paragraphs, edit, hmip, line_of

REL = "records/2021-22/consultation-response.yaml"
REGISTRY = "records/organisations.yaml"
EDITION = FIXTURES / "2022-23" / "consultation-response.yaml"
REQUEST = "alternative proposals for thematic topics for {programme_year}?"


def findings(project: Path, *args: str) -> list[dict[str, object]]:
    """The standing findings ``validate`` reports (JSON) for the 2021/22 record, or the paths
    given, after checking its exit code."""
    run = hmip(project, "validate", "--format", "json", *(args or (REL,)))
    assert run.returncode in (0, 1), run.stdout + run.stderr
    report = json.loads(run.stdout)
    return [f for f in report["findings"] if not f["suppressed"]]


# ----------------------------------------------------------------------------- braces


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("for programme_year}?", "'programme_year}' closes no placeholder"),
        ("for {programme_year?", "'{programme_year' opens no placeholder"),
        ("for {programme_yea?", "'{programme_yea' opens no placeholder"),
        ("for { programme_year }?", "'{ programme_year' opens no placeholder"),
    ],
)
def test_a_half_typed_placeholder_is_an_error_that_names_the_placeholder(
    project: Path, written: str, shown: str
) -> None:
    text = edit(project / REL, REQUEST, REQUEST.replace("for {programme_year}?", written))
    line = line_of(text, "    request: Do you have any alternative proposals for thematic")
    run = hmip(project, "validate", REL)
    assert run.returncode == 1, run.stdout
    assert f"{REL}:{line}:14: error [markup] {shown}" in run.stdout
    assert "fix: did you mean `{programme_year}`?" in run.stdout
    assert r"write \{ or \} for a brace printed as itself" in run.stdout
    # Nothing is built from it.
    build = hmip(project, "docx", REL)
    assert build.returncode == 1
    assert not (project / "build").exists()


def test_a_lone_brace_with_no_word_beside_it_says_how_to_write_one(project: Path) -> None:
    edit(project / REL, REQUEST, REQUEST.replace("?", " { ?"))
    (finding,) = findings(project)
    assert finding["rule"] == "markup"
    assert (
        finding["hint"] == r"close the placeholder, or write \{ or \} for a brace printed as itself"
    )


def built_texts(project: Path) -> list[str]:
    """Every paragraph's text in the document ``docx`` builds from the project's record."""
    run = hmip(project, "docx", REL)
    assert run.returncode == 0, run.stdout + run.stderr
    (built,) = (project / "build").glob("*.docx")
    return [p.text for p in all_paragraphs(docx.Document(io.BytesIO(built.read_bytes())))]


def test_escaped_braces_print_as_braces(project: Path) -> None:
    edit(project / REL, REQUEST, REQUEST.replace("?", r" \{in braces\}?"))
    texts = built_texts(project)
    assert any(t.endswith("topics for 2021/2022 {in braces}?") for t in texts), texts


@pytest.mark.parametrize("written", ["{programme_year}", "{programme_yea", "programme_year}"])
def test_a_placeholder_in_a_label_is_an_error(project: Path, written: str) -> None:
    heading = f"    heading: thematic inspections {written}\n"
    text = edit(
        project / REL, "    heading: thematic inspections\n    request:", heading + "    request:"
    )
    (finding,) = findings(project)
    assert (finding["rule"], finding["line"]) == ("markup", line_of(text, heading))
    assert finding["message"] == (
        "{programme_year} is not filled in here: this field is printed exactly as written"
    )


def test_other_braces_in_a_label_print_as_written(project: Path) -> None:
    title = "                title: Mental health {in braces} {_{ 1 }_}\n"
    edit(project / REL, "                title: Mental health\n", title)
    assert findings(project) == []
    assert "Mental health {in braces} {_{ 1 }_}" in built_texts(project)


# ----------------------------------------------------------------------------- printed names


def printed(project: Path, old: str, new: str) -> tuple[int, list[dict[str, object]]]:
    """Change a respondent's printed name; the line it is on and the standing findings."""
    text = edit(project / REL, f"      printed: {old}\n", f"      printed: {new}\n")
    return line_of(text, f"      printed: {new}\n"), findings(project)


def test_a_misspelt_respondent_is_an_error_with_the_nearest_name(project: Path) -> None:
    line, found = printed(project, "Youth Justice Board (YJB)", "Youth Justise Board")
    assert [(f["rule"], f["line"], f["column"]) for f in found] == [("organisation-name", line, 16)]
    (finding,) = found
    assert finding["message"] == "'Youth Justise Board' is not a name the registry knows for `yjb`"
    assert str(finding["hint"]).startswith("did you mean 'Youth Justice Board'?")
    assert "`printed_variants:` of `yjb`" in str(finding["hint"])
    build = hmip(project, "docx", REL)
    assert build.returncode == 1 and not (project / "build").exists()


def test_a_name_of_another_organisation_says_whose_it_is(project: Path) -> None:
    _, found = printed(project, "Ofsted", "Alliance for Youth Justice")
    (finding,) = found
    assert finding["message"] == "'Alliance for Youth Justice' is a name of `ayj`, not of `ofsted`"
    assert "correct `organisation:` to `ayj`" in str(finding["hint"])


@pytest.mark.parametrize(
    "name",
    [
        "Youth Justice Board for England and Wales",  # official name
        "Youth Justice Board",  # short name
        "YJB",  # abbreviation
        "Youth Justice Board (YJB)",  # short name, abbreviation in brackets
        "Youth Justice Board for England and Wales (YJB)",
    ],
)
def test_every_name_the_registry_knows_passes(project: Path, name: str) -> None:
    _, found = printed(project, "Youth Justice Board (YJB)", name)
    assert found == []


def test_a_printed_variant_passes_once_the_registry_lists_it(project: Path) -> None:
    _, found = printed(project, "Knowsley YOS", "Knowsley Youth Offending Service")
    (finding,) = found
    assert finding["rule"] == "organisation-name"
    assert "print one of its names ('Knowsley YOS')" in str(finding["hint"])
    edit(
        project / REGISTRY,
        "      - name: Knowsley YOS\n",
        "      - name: Knowsley YOS\n    printed_variants: [Knowsley Youth Offending Service]\n",
    )
    assert findings(project) == []


def test_the_seed_variants_are_in_the_registry(project: Path) -> None:
    """The 2021/22 response prints "NAPO", "Howard League (HL)", "West Berks YOT" and
    "Doncaster Children's Service Trust": each is a name the registry knows; a near miss of one
    is not."""
    for name in ("NAPO", "Howard League (HL)", "West Berks YOT"):
        assert name in (project / REL).read_text(encoding="utf-8")
    assert findings(project) == []
    _, found = printed(project, "West Berks YOT", "West Berk YOT")
    assert [f["hint"] for f in found] == [
        "did you mean 'West Berks YOT'? If the publication printed it so on purpose, add it to "
        "`printed_variants:` of `west-berkshire-yot` in records/organisations.yaml"
    ]


def test_names_are_judged_on_the_publication_date(project: Path) -> None:
    # Before September 2022 the later name was not yet in use; after it, the former one is
    # still a name the organisation was known by, as a respondent may sign with it.
    later = "His Majesty's Inspectorate of Probation"
    _, found = printed(project, "Prisons Minister", later)
    edit(project / REL, "organisation: prisons-minister\n", "organisation: hmi-probation\n")
    found = findings(project)
    assert [(f["rule"], f["message"]) for f in found] == [
        (
            "organisation-name",
            f"'{later}' was not yet the name of `hmi-probation` on the publication date",
        )
    ]
    assert "'Her Majesty's Inspectorate of Probation'" in str(found[0]["hint"])

    (project / "records" / "2022-23").mkdir()
    edition = project / "records" / "2022-23" / "consultation-response.yaml"
    shutil.copy(EDITION, edition)
    former = "Her Majesty's Inspectorate of Prisons"
    edit(
        edition,
        "    - organisation: prisons-minister\n      printed: Prisons Minister\n",
        f"    - organisation: hmi-prisons\n      printed: {former}\n",
    )
    assert findings(project, "records/2022-23") == []


def test_a_misspelt_partner_in_a_description_names_the_nearest_name(project: Path) -> None:
    text = edit(
        project / REL,
        "A joint thematic with HM Crown Prosecution Service Inspectorate, HM",
        "A joint thematic with HM Crown Prosecution Servce Inspectorate, HM",
    )
    (finding,) = findings(project)
    assert (finding["rule"], finding["line"]) == (
        "prose-names-partners",
        line_of(text, "description: >-\n                  A joint thematic with HM Crown"),
    )
    assert finding["hint"] == (
        "it has 'HM Crown Prosecution Servce Inspectorate': did you mean "
        "'HM Crown Prosecution Service Inspectorate'? Otherwise correct `partners:`"
    )
