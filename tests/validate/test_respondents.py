"""Rule respondent-count-words: the number a respondent's printed words give is the count the
record holds, through the real command line and on the words themselves."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

from hmip_docs.validate.rules.respondents import Stated, in_words, stated
from tests.conftest import FIXTURES, RECORDS, hmip, line_of

EDITION = FIXTURES / "editions" / "2022-23" / "consultation-response.yaml"


def _edition(root: Path, printed: str) -> Path:
    """A project holding the 2022/23 edition, its two individual responses printed as given."""
    shutil.copytree(RECORDS, root / "records")
    record = root / "records" / "2022-23" / "consultation-response.yaml"
    record.parent.mkdir()
    text = EDITION.read_text("utf-8")
    old = "    - individuals: 2\n      printed: Two individual responses\n"
    assert text.count(old) == 1
    record.write_text(text.replace(old, f"    - individuals: 2\n      printed: {printed}\n"))
    return record


def test_the_edition_as_written_passes(tmp_path: Path) -> None:
    _edition(tmp_path, "Two individual responses")
    path = "records/2022-23/consultation-response.yaml"
    run = hmip(tmp_path, "validate", "--format", "json", path)
    rules = [f["rule"] for f in json.loads(run.stdout)["findings"]]
    assert "respondent-count-words" not in rules


def test_a_printed_number_that_is_not_the_count_is_an_error(tmp_path: Path) -> None:
    record = _edition(tmp_path, "Three individual responses")
    run = hmip(tmp_path, "validate", "records/2022-23/consultation-response.yaml")
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    line = line_of(record.read_text("utf-8"), "printed: Three individual responses")
    assert (
        f"records/2022-23/consultation-response.yaml:{line}:16: error [respondent-count-words] "
        "the respondent is printed as 'Three individual responses', which says 3, but "
        "`individuals:` holds 2\n"
        "  in: respondent 'Three individual responses'\n"
        "  fix: print the number `individuals:` holds ('Two' or 2), or set `individuals: 3` if "
        "that many responses came in\n"
    ) in run.stdout


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Two individual responses", Stated(2, "Two")),
        ("twenty-one anonymous responses", Stated(21, "twenty-one")),
        ("Twenty one responses", Stated(21, "Twenty one")),
        ("Twenty responses, one late", Stated(20, "Twenty")),
        ("12 individual responses", Stated(12, "12")),
        ("ELEVEN responses", Stated(11, "ELEVEN")),
        ("Individual responses", None),
        ("Someone, anyone", None),  # words that hold a number word are not one
        ("\u00b2 responses", None),  # a superscript two is no count (and no crash)
        ("\u2460 two responses", Stated(2, "two")),
    ],
)
def test_the_number_a_text_states(text: str, number: Stated | None) -> None:
    assert stated(text) == number


def test_counts_in_words() -> None:
    assert [in_words(n) for n in (1, 2, 19, 20, 21, 99, 100)] == [
        "One",
        "Two",
        "Nineteen",
        "Twenty",
        "Twenty-one",
        "Ninety-nine",
        "100",
    ]


@pytest.mark.parametrize(
    "text",
    ["twenty " * 50_000, "9" * 200_000, "x-" * 100_000, "twenty-" * 50_000 + "!"],
    ids=["tens", "digits", "hyphens", "tens-hyphens"],
)
def test_reading_a_long_text_takes_linear_time(text: str) -> None:
    start = time.perf_counter()
    stated(text)
    stated(text + text)
    assert time.perf_counter() - start < 2.0
