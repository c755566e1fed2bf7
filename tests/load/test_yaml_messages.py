"""Messages for the mistakes authors make in YAML, through the real command line: every
tab-indented line at once, indentation reported on the line the author wrote, and dates written
in another common form shown in the record's form."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import edit, hmip, line_of

REL = "records/2021-22/consultation-response.yaml"
REGISTRY = "records/organisations.yaml"
DOCUMENT = (
    "document:\n  publisher: hmi-probation\n  programme_year: 2021/2022\n  published: 2021-09\n"
)
RESPONDENT = "    - organisation: ofsted\n      printed: Ofsted\n"


def report(project: Path, *paths: str) -> list[dict[str, object]]:
    """The standing findings ``validate`` reports (JSON) for the 2021/22 record, or the paths
    given, after checking its exit code."""
    run = hmip(project, "validate", "--format", "json", *(paths or (REL,)))
    assert run.returncode == 1, run.stdout + run.stderr
    return [f for f in json.loads(run.stdout)["findings"] if not f["suppressed"]]


def where(findings: list[dict[str, object]]) -> list[tuple[object, object, object]]:
    return [(f["rule"], f["line"], f["column"]) for f in findings]


# ----------------------------------------------------------------------------- tabs


def test_every_tab_indented_line_is_reported_in_one_run(project: Path) -> None:
    text = edit(project / REL, DOCUMENT, DOCUMENT.replace("\n  ", "\n\t"))
    first = line_of(text, "\tpublisher:")
    found = report(project)
    assert where(found) == [("yaml-tab-indent", n, 1) for n in (first, first + 1, first + 2)]
    assert [f["message"] for f in found] == [
        f"line {n} is indented with a tab; YAML indentation must be spaces"
        for n in (first, first + 1, first + 2)
    ]
    text_run = hmip(project, "validate", REL)
    assert text_run.stdout.count("error [yaml-tab-indent]") == 3


def test_tabs_inside_a_block_of_text_are_text_not_indentation(project: Path) -> None:
    # A tab-indented key stops the parser early; the block of text further down holds a tab
    # as part of its text, which is not reported.
    text = edit(project / REL, DOCUMENT, DOCUMENT.replace("  published", "\tpublished"))
    text = edit(
        project / REL,
        "    This document summarises the responses received",
        "    This document summarises\n    \tthe responses received",
    )
    assert where(report(project)) == [("yaml-tab-indent", line_of(text, "\tpublished"), 1)]


# ----------------------------------------------------------------------------- indentation


def test_a_field_written_under_the_dash_of_its_list_item(project: Path) -> None:
    text = edit(project / REL, RESPONDENT, RESPONDENT.replace("      printed", "    printed"))
    line = line_of(text, "    printed: Ofsted")
    (finding,) = report(project)
    assert where([finding]) == [("yaml-syntax", line, 5)]
    assert finding["message"] == (
        f"`printed:` is not lined up with the fields of the list item on line {line - 1}: they "
        "start in column 7, after the '-'. Indent it to column 7, or start a new list item "
        "with '- '"
    )
    assert "every '-' of one list" not in str(finding["message"])


def test_a_field_between_the_dash_and_the_fields(project: Path) -> None:
    text = edit(project / REL, RESPONDENT, RESPONDENT.replace("      printed", "     printed"))
    (finding,) = report(project)
    assert where([finding]) == [("yaml-syntax", line_of(text, "     printed: Ofsted"), 6)]
    assert "Indent it to column 7" in str(finding["message"])


def test_an_over_indented_key_is_reported_on_its_own_line(project: Path) -> None:
    text = edit(project / REL, DOCUMENT, DOCUMENT.replace("  published", "    published"))
    line = line_of(text, "    published: 2021-09")
    (finding,) = report(project)
    assert where([finding]) == [("yaml-syntax", line, 5)]
    assert str(finding["message"]).startswith(
        f"`published:` is indented more than `programme_year:` on line {line - 1}, which "
        "already has its value: start it in column 3, in line with `programme_year:`"
    )


def test_a_key_over_indented_under_a_list_item_names_the_items_key_column(
    project: Path,
) -> None:
    """The column to use is the item's first key's, after its '- ', not the dash's."""
    old = "              - id: omic\n                title:"
    text = edit(
        project / REL, old, old.replace("                title:", "                  title:")
    )
    line = line_of(text, "                  title: Offender Management in Custody")
    (finding,) = report(project)
    assert where([finding]) == [("yaml-syntax", line, 19)]
    assert str(finding["message"]).startswith(
        f"`title:` is indented more than `id:` on line {line - 1}, which already has its "
        "value: start it in column 17, in line with `id:`"
    )


def test_an_over_indented_list_item_names_the_column_of_its_list(project: Path) -> None:
    text = edit(project / REL, "    - organisation: ofsted\n", "      - organisation: ofsted\n")
    line = line_of(text, "      - organisation: ofsted")
    (finding,) = report(project)
    assert where([finding]) == [("yaml-syntax", line, 7)]
    assert finding["message"] == (
        f"this list item's '-' is indented more than the '-' of the item on line {line - 2} "
        "(column 5): every '-' of one list starts in the same column; start it in column 5"
    )


def test_an_over_indented_first_key_is_reported_on_its_own_line(project: Path) -> None:
    text = edit(project / REL, DOCUMENT, DOCUMENT.replace("  publisher", "    publisher"))
    line = line_of(text, "    publisher: hmi-probation")
    (finding,) = report(project)
    assert where([finding]) == [("yaml-syntax", line, 5)]
    assert finding["message"] == (
        f"`publisher:` is indented more than the keys after it (`programme_year:` on line "
        f"{line + 1} starts in column 3): start it in column 3, in line with them"
    )
    assert "starts on line" not in str(finding["message"])


def test_an_under_indented_key_names_both_neighbours(project: Path) -> None:
    text = edit(project / REL, DOCUMENT, DOCUMENT.replace("  published", " published"))
    (finding,) = report(project)
    assert where([finding]) == [("yaml-syntax", line_of(text, " published: 2021-09"), 2)]
    assert str(finding["message"]).startswith(
        "`published:` is indented wrongly: less than the keys above it (column 3) and more "
        "than `document:`"
    )


# ----------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("old", "new", "message", "hint"),
    [
        (
            "letter_issued: 2021-03-22",
            "letter_issued: 22/03/2021",
            '"22/03/2021" is a date, but not in the form the record uses (YYYY-MM-DD)',
            "write it as `2021-03-22`",
        ),
        (
            "letter_issued: 2021-03-22",
            "letter_issued: 22 March 2021",
            '"22 March 2021" is a date, but not in the form the record uses (YYYY-MM-DD)',
            "write it as `2021-03-22`",
        ),
        (
            "letter_issued: 2021-03-22",
            "letter_issued: 22.3.2021",
            '"22.3.2021" is a date, but not in the form the record uses (YYYY-MM-DD)',
            "write it as `2021-03-22`",
        ),
        (
            "letter_issued: 2021-03-22",
            "letter_issued: 03/04/2021",
            '"03/04/2021" is a date, but not in the form the record uses (YYYY-MM-DD)',
            'write it as `2021-04-03` (reading "03/04/2021" as day/month/year)',
        ),
        (
            "letter_issued: 2021-03-22",
            "letter_issued: 30/02/2021",
            '"30/02/2021" is not a real date',
            "write the date as YYYY-MM-DD, for example `2021-03-22`",
        ),
        (
            "published: 2021-09",
            "published: September 2021",
            '"September 2021" is a month, but not in the form the record uses (YYYY-MM)',
            "write it as `2021-09`",
        ),
        (
            "published: 2021-09",
            "published: 09/2021",
            '"09/2021" is a month, but not in the form the record uses (YYYY-MM)',
            "write it as `2021-09`",
        ),
        (
            "programme_year: 2021/2022",
            "programme_year: 2021/22",
            '"2021/22" is a programme year, but not in the form the record uses (YYYY/YYYY)',
            "write it as `2021/2022`",
        ),
    ],
    ids=["d/m/y", "words", "d.m.y", "ambiguous", "no-such-day", "month-words", "m/y", "year"],
)
def test_a_date_in_another_form_is_shown_in_the_record_form(
    project: Path, old: str, new: str, message: str, hint: str
) -> None:
    text = edit(project / REL, f"  {old}\n", f"  {new}\n")
    (finding,) = report(project)
    assert (finding["rule"], finding["line"]) == ("bad-format", line_of(text, f"  {new}\n"))
    assert (finding["message"], finding["hint"]) == (message, hint)


def test_a_registry_date_in_another_form(project: Path) -> None:
    text = edit(
        project / REGISTRY,
        "Probation\n        until: 2022-09-07\n",
        "Probation\n        until: 7 September 2022\n",
    )
    found = [f for f in report(project) if f["file"] == REGISTRY]
    assert [(f["line"], f["message"], f["hint"]) for f in found] == [
        (
            line_of(text, "until: 7 September 2022"),
            '"7 September 2022" is a date, but not in the form the registry uses (YYYY-MM-DD)',
            "write it as `2022-09-07`",
        )
    ]
