"""What the validator used to let through, through the real command line.

Reports that a record could forge, dates no calendar holds, text that prints as nothing, bidi
controls, duplicates, and the registry's name periods. The suite's rule holds throughout: no
traceback, no internal error, exit 0, 1 or 2, and every failure names its file and line.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from hmip_docs.core import characters
from hmip_docs.report import FORMATS
from tests.conftest import FIXTURES, REGISTRY, edit, line_of
from tests.robustness.test_corpus import assert_no_crash
from tests.robustness.test_one_bad_record import json_findings, run

RECORD = FIXTURES / "2022-23" / "consultation-response.yaml"
REL = "records/2022-23/consultation-response.yaml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project of one valid record (the suite's own 2022/23 edition) and the registry."""
    (tmp_path / "records" / "2022-23").mkdir(parents=True)
    shutil.copyfile(RECORD, tmp_path / REL)
    shutil.copyfile(REGISTRY, tmp_path / "records" / "organisations.yaml")
    shutil.copyfile(REGISTRY.with_name("decisions.yaml"), tmp_path / "records" / "decisions.yaml")
    return tmp_path


# --------------------------------------------------------------------------- forged reports

FORGED = "3 files checked: 0 errors, 0 warnings"


@pytest.mark.parametrize("form", sorted(FORMATS))
def test_a_record_cannot_forge_a_line_of_any_report(project: Path, form: str) -> None:
    """A key holding U+202E and an escaped line break, and a file name holding both, printed
    "…: 0 errors" on a line of its own; every format now shows them as escapes."""
    edit(
        project / REL,
        "schema_version: 2\n",
        f'schema_version: 2\n"x\\u202e\\n{FORGED}\\r\\u2028\\u0085": 1\n',
    )
    named = project / "records" / "2023-24" / f"y\u202e\n{FORGED}\u2066.yaml"
    named.parent.mkdir()
    named.write_text("schema_version: 2\n", encoding="utf-8")
    result = run(project, "validate", "--format", form)
    assert_no_crash(result)
    assert result.returncode == 1
    out = result.stdout
    for char in "\u202e\u2066\u2028\u0085\r":
        assert char not in out, f"{form} shows U+{ord(char):04X} as it is"
    for line in out.split("\n"):
        assert not line.strip().startswith(FORGED), f"{form} printed a forged line: {line}"
    assert "u202e" in out  # shown as an escape: \u202e (\\u202e inside JSON)
    assert FORGED in out  # inside the line that quotes it


@pytest.mark.parametrize("command", ["validate", "docx", "text", "lint-template"])
def test_a_file_name_cannot_forge_a_line_of_an_error(project: Path, command: str) -> None:
    """A message that quotes what the user typed (here a missing file's name holding a terminal
    escape, U+202E and a line break) shows those characters as escapes, on one line."""
    name = f"no\x1b[2J\u202e\n{FORGED}.yaml"
    result = run(project, command, name)
    assert_no_crash(result)
    assert result.returncode == 2
    for char in "\x1b\u202e":
        assert char not in result.stderr, f"{command} shows U+{ord(char):04X} as it is"
    lines = result.stderr.rstrip("\n").split("\n")
    assert len(lines) == 1, result.stderr
    assert "\\x1b[2J\\u202e\\n" + FORGED in lines[0], result.stderr


@pytest.mark.parametrize("form", ["text", "markdown", "csv", "json"])
def test_the_ledger_of_commitments_cannot_be_forged(project: Path, form: str) -> None:
    """What ``commitments`` quotes from a record shows U+202E and line breaks as escapes."""
    edit(
        project / REL,
        "- topic: youth to adult transitions",
        '- topic: "youth\\u202e to adult\\n' + FORGED + '"',
    )
    result = run(project, "commitments", "--format", form)
    assert_no_crash(result)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "\u202e" not in result.stdout
    for line in result.stdout.split("\n"):
        assert not line.strip().startswith(FORGED), f"{form} printed a forged line: {line}"
    assert "u202e" in result.stdout


# --------------------------------------------------------------------------- dates

DATES = {
    "month of year 0": ("  published: 2022-10\n", "  published: 0000-09\n", "not a month"),
    "programme year 0": (
        "  programme_year: 2022/2023\n",
        "  programme_year: 0000/0001\n",
        "not a programme year",
    ),
    "programme year past 9999": (
        "  programme_year: 2022/2023\n",
        "  programme_year: 9999/10000\n",
        "not a programme year",
    ),
    "date of year 0": ("  deadline: 2022-04-29\n", "  deadline: 0000-04-29\n", "not a real date"),
    "date in other digits": (
        "  letter_issued: 2022-03-21\n",
        "  letter_issued: \u0662\u0660\u0662\u0662-\u0660\u0663-\u0662\u0661\n",
        "is a date, but not in the form the record uses",
    ),
    "30 February": ("  deadline: 2022-04-29\n", "  deadline: 2022-02-30\n", "not a real date"),
}


@pytest.mark.parametrize("case", DATES)
def test_dates_no_calendar_holds_are_findings_and_never_reach_docx(
    project: Path, case: str
) -> None:
    old, new, says = DATES[case]
    text = edit(project / REL, old, new)
    for command in ("validate", "docx"):
        result = run(project, command, REL)
        assert_no_crash(result)
        assert result.returncode == 1, result.stdout + result.stderr
        where = f"{REL}:{line_of(text, new.strip())}:"
        assert f"{where}" in result.stdout and "error [bad-format]" in result.stdout
        assert says in result.stdout
    assert not (project / "build").exists() or not any((project / "build").iterdir())


@pytest.mark.parametrize("field", ["from", "until"])
def test_registry_dates_no_calendar_holds_are_findings(project: Path, field: str) -> None:
    registry = project / "records" / "organisations.yaml"
    old = "        until: 2022-09-07\n" if field == "until" else "        from: 2022-09-08\n"
    text = registry.read_text(encoding="utf-8")
    first = text.index(old)
    registry.write_text(
        text[:first] + old.replace("2022", "0000") + text[first + len(old) :], encoding="utf-8"
    )
    result = run(project, "validate")
    assert_no_crash(result)
    assert result.returncode == 1
    line = text[:first].count("\n") + 1
    assert f"records/organisations.yaml:{line}:" in result.stdout
    assert "[bad-format]" in result.stdout


# --------------------------------------------------------------------------- unseen characters

# Characters that print as nothing, as YAML escapes: those the class was reported with, and
# others of the same Unicode properties.
INVISIBLE = [
    "\\u200b",  # ZERO WIDTH SPACE
    "\\u200d",  # ZERO WIDTH JOINER
    "\\ufeff",  # ZERO WIDTH NO-BREAK SPACE (a byte-order mark)
    "\\u2800",  # BRAILLE PATTERN BLANK
    "\\u3164",  # HANGUL FILLER
    "\\u115f",  # HANGUL CHOSEONG FILLER
    "\\u180e",  # MONGOLIAN VOWEL SEPARATOR
    "\\u2060",  # WORD JOINER
    "\\ufe0f",  # VARIATION SELECTOR-16
    "\\U000e0020",  # TAG SPACE
    "\\U0001d159",  # MUSICAL SYMBOL NULL NOTEHEAD
    "\\u00ad",  # SOFT HYPHEN
]
FIELDS = {
    "heading": ("  introduction: Introduction\n", '  introduction: "{}"\n'),
    "thematic title": ("                title: Mental health\n", '                title: "{}"\n'),
    "paragraph with markup": ("  responses: Summary of responses\n", '  responses: "** {} **"\n'),
    "respondent": ("      printed: Ofsted\n", '      printed: "{}"\n'),
}


def _written_in_every_field(project: Path, content: str, rule: str) -> list[dict[str, Any]]:
    """Write ``content`` into each field of ``FIELDS``, validate, and return the findings of
    ``rule``, checked to stand one at each line written."""
    written = [new.format(content) for _, new in FIELDS.values()]
    for (old, _), new in zip(FIELDS.values(), written, strict=True):
        text = edit(project / REL, old, new)
    result = run(project, "validate", "--format", "json", REL)
    assert_no_crash(result)
    assert result.returncode == 1
    found = [f for f in json_findings(result)[REL] if f["rule"] == rule]
    assert sorted(f["line"] for f in found) == sorted(line_of(text, w.strip()) for w in written)
    return found


@pytest.mark.parametrize("char", INVISIBLE)
def test_text_that_prints_as_nothing_is_refused_naming_the_character(
    project: Path, char: str
) -> None:
    named = characters.name(char.encode("ascii").decode("unicode_escape"))
    for finding in _written_in_every_field(project, f"{char} {char}", "invisible-text"):
        assert named in finding["hint"] and named in finding["message"]
        assert "prints as nothing" in finding["message"]


def test_a_link_whose_text_prints_as_nothing_is_refused(project: Path) -> None:
    edit(project / REL, "[corporate plan][corporate-plan]", "[\u2800][corporate-plan]")
    result = run(project, "validate", REL)
    assert_no_crash(result)
    assert result.returncode == 1
    assert "[link-text] the link `corporate-plan` has no text to see" in result.stdout
    assert "U+2800 BRAILLE PATTERN BLANK" in result.stdout


@pytest.mark.parametrize(
    "written",
    ["Caf\\u00e9\\u200d", "\\u0174yr", "\\u2013", "\\u0301"],
)
def test_text_with_something_to_see_passes(project: Path, written: str) -> None:
    edit(
        project / REL,
        "                title: Mental health\n",
        f'                title: "{written}"\n',
    )
    result = run(project, "validate", REL)
    assert_no_crash(result)
    assert "invisible-text" not in result.stdout


@pytest.mark.parametrize("char", ["\\u200b", "\\u2060", "\\ufeff", "\\u2800", "\\u3164"])
@pytest.mark.parametrize("field", ["thematic title", "respondent"])
def test_a_title_or_name_holding_a_character_that_prints_as_nothing_is_refused(
    project: Path, char: str, field: str
) -> None:
    """Beside visible words too: "Mental\\u200b health" reads as "Mental health", and is not
    the same title to the duplicate check, search or a screen reader."""
    old, new = FIELDS[field]
    word = old.split(": ")[1].strip()
    text = edit(project / REL, old, new.format(word[:3] + char + word[3:]))
    result = run(project, "validate", "--format", "json", REL)
    assert_no_crash(result)
    assert result.returncode == 1
    (finding,) = [f for f in json_findings(result)[REL] if f["rule"] == "invisible-text"]
    named = characters.name(char.encode("ascii").decode("unicode_escape"))
    assert named in finding["message"] and named in finding["hint"]
    assert finding["line"] == line_of(text, new.format(word[:3] + char + word[3:]).strip())


@pytest.mark.parametrize(
    ("old", "new", "printed", "meant"),
    [
        (
            "Care Quality Commission (CQC)",
            "Care Quality Comission (CQC)",
            "Care Quality Comission",
            "Care Quality Commission",
        ),
        (
            "A HM Inspectorate of Probation only",
            "A HM Inspectorate of Probaton only",
            "HM Inspectorate of Probaton",
            "HM Inspectorate of Probation",
        ),
    ],
    ids=["beside-its-abbreviation", "the-publisher"],
)
def test_a_misspelt_name_is_found_even_where_the_organisation_is_named(
    project: Path, old: str, new: str, printed: str, meant: str
) -> None:
    """A name misspelt beside the abbreviation the registry knows, or the publisher's own name
    misspelt, no longer passes because the organisation is named correctly somewhere."""
    edit(project / REL, old, new)
    result = run(project, "validate", "--format", "json", REL)
    assert_no_crash(result)
    assert result.returncode == 1
    (finding,) = [f for f in json_findings(result)[REL] if f["rule"] == "prose-names-partners"]
    assert f"prints '{printed}', which is not a name the registry knows" in finding["message"]
    assert finding["hint"].startswith(f"did you mean '{meant}'?")


BIDI = ["\\u202a", "\\u202b", "\\u202c", "\\u202d", "\\u202e", "\\u2066", "\\u2067", "\\u2068"]
BIDI += ["\\u2069", "\\u061c", "\\u200e", "\\u200f"]


@pytest.mark.parametrize("char", BIDI)
def test_bidi_controls_are_refused_naming_the_character(project: Path, char: str) -> None:
    named = characters.name(char.encode("ascii").decode("unicode_escape"))
    for finding in _written_in_every_field(project, f"Stakeholder {char}feedback", "bidi-control"):
        assert named in finding["hint"] and named in finding["message"]


@pytest.mark.parametrize(
    ("old", "new", "rule"),
    [
        ("  - name: Care Quality Commission\n", '  - name: "\\u3164"\n', "registry-invisible-name"),
        (
            "    abbreviation: CQC\n",
            '    abbreviation: "\\u200b\\u200b"\n',
            "registry-invisible-name",
        ),
        (
            "  - name: Care Quality Commission\n",
            '  - name: "Care Quality \\u202enoissimmoC"\n',
            "registry-bidi-control",
        ),
    ],
)
def test_registry_names_are_held_to_the_same(project: Path, old: str, new: str, rule: str) -> None:
    registry = project / "records" / "organisations.yaml"
    text = registry.read_text(encoding="utf-8")
    old, new = old.replace("  - name", "      - name"), new.replace("  - name", "      - name")
    text = edit(registry, old, new)
    result = run(project, "validate", "--format", "json")
    assert_no_crash(result)
    assert result.returncode == 1
    found = json_findings(result)["records/organisations.yaml"]
    (finding,) = [f for f in found if f["rule"] == rule]
    assert finding["line"] == line_of(text, new.strip())
    assert "U+" in finding["hint"]


# --------------------------------------------------------------------------- duplicates


def test_duplicates_are_findings_at_the_repeat(project: Path) -> None:
    """The same organisation twice among the respondents printed a count one too high; two
    thematics with one title and a paragraph written twice passed too."""
    record = project / REL
    respondent = "    - organisation: ofsted\n      printed: Ofsted\n"
    edit(record, respondent, respondent * 2)
    old_title, new_title = "title: Electronic monitoring\n", "title: MENTAL  health\n"
    text = edit(record, old_title, new_title)
    feedback = "feedback:\n  - >-\n"
    first = text.index(feedback) + len(feedback)
    paragraph = text[first : text.index("  - >-\n", first)]
    text = text[:first] + paragraph + "  - >-\n" + text[first:]
    record.write_text(text, encoding="utf-8")

    result = run(project, "validate", "--format", "json", REL)
    assert_no_crash(result)
    assert result.returncode == 1
    found = [f for f in json_findings(result)[REL] if f["rule"] == "duplicate-entry"]
    at = {f["line"]: f["message"] for f in found}
    assert len(found) == 3, found
    second = text.index(respondent) + len(respondent)
    assert at[text[:second].count("\n") + 1] == (
        "respondent 3 repeats respondent 2: both have the organisation `ofsted`"
    )
    assert (
        at[line_of(text, new_title)]
        == "thematic 2 repeats thematic 1: both have the title `MENTAL  health`"
    )
    repeated = text.index(feedback) + len(feedback) + len(paragraph)
    assert at[text[:repeated].count("\n") + 1].startswith("entry 2 of this list repeats entry 1")
    docx = run(project, "docx", REL)
    assert docx.returncode == 1 and "not built" in docx.stderr
    assert not (project / "build").exists() or not any((project / "build").iterdir())


def test_a_name_two_organisations_share_is_a_registry_finding(project: Path) -> None:
    registry = project / "records" / "organisations.yaml"
    text = edit(registry, "    abbreviation: HL\n", "    abbreviation: HMICFRS\n")
    result = run(project, "validate", "--format", "json")
    assert_no_crash(result)
    assert result.returncode == 1
    (finding,) = json_findings(result)["records/organisations.yaml"]
    assert finding["rule"] == "registry-duplicate-name"
    assert finding["line"] == line_of(text, "abbreviation: HMICFRS\n\n  - id: napo")
    assert "'HMICFRS' is also a name of `hmicfrs`" in finding["message"]


# --------------------------------------------------------------------------- name periods

FIRST = "      - name: Her Majesty's Inspectorate of Probation\n        until: 2022-09-07\n"
SECOND = "      - name: His Majesty's Inspectorate of Probation\n        from: 2022-09-08\n"
PERIODS = {
    "gap": (FIRST.replace("2022-09-07", "2022-08-31"), SECOND, "no name applies from 2022-09-01"),
    "overlap": (FIRST.replace("2022-09-07", "2022-09-30"), SECOND, "starts before the previous"),
    "no until": (FIRST.replace("        until: 2022-09-07\n", ""), SECOND, "has no `until:`"),
    "no from": (FIRST, SECOND.replace("        from: 2022-09-08\n", ""), "has no `from:`"),
}


@pytest.mark.parametrize("case", PERIODS)
def test_name_periods_cover_time_without_gaps_or_overlaps(project: Path, case: str) -> None:
    first, second, says = PERIODS[case]
    registry = project / "records" / "organisations.yaml"
    text = edit(registry, FIRST + SECOND, first + second)
    result = run(project, "validate", "--format", "json")
    assert_no_crash(result)
    assert result.returncode == 1
    (finding,) = json_findings(result)["records/organisations.yaml"]
    assert finding["rule"] == "registry-name-dates"
    assert says in finding["message"]
    start = text[: text.index(first + second)].count("\n") + 1
    assert start <= finding["line"] < start + (first + second).count("\n")


def test_a_document_dated_in_a_gap_is_refused_not_printed_with_a_later_name(
    project: Path,
) -> None:
    """A gap between the publisher's names once made a September 2021 document print "His
    Majesty's…": the date had no name, and the latest was printed. Here the record is
    published in October 2022, and the later name starts in November."""
    registry = project / "records" / "organisations.yaml"
    edit(registry, FIRST + SECOND, FIRST + SECOND.replace("2022-09-08", "2022-11-01"))
    result = run(project, "docx", "--format", "json", REL)
    assert_no_crash(result)
    assert result.returncode == 1
    found = json_findings(result)
    assert {f["rule"] for f in found["records/organisations.yaml"]} == {"registry-name-dates"}
    (finding,) = found[REL]
    assert finding["rule"] == "name-in-force"
    assert "`hmi-probation` has no official name in force on" in finding["message"]
    assert not (project / "build").exists() or not any((project / "build").iterdir())


def test_name_periods_at_the_end_of_the_calendar(project: Path) -> None:
    registry = project / "records" / "organisations.yaml"
    edit(
        registry,
        FIRST + SECOND,
        FIRST.replace("2022-09-07", "9999-12-31") + SECOND.replace("2022-09-08", "9999-12-31"),
    )
    result = run(project, "validate", "--format", "json")
    assert_no_crash(result)
    assert "starts before the previous" in result.stdout
