"""The rules that compare editions: a folder named for its programme year, and each commitment
made for a later year answered by that year's edition.

The rules are data (``EDITION_RULES``: id, severity, summary, documentation); ``docs/rules.md``
is generated from them. Their findings are the later edition's: it is the one to change.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from hmip_docs.record.research import project_key
from hmip_docs.validate.cycle.editions import Answer, Edition, Made, key, made_by
from hmip_docs.validate.cycle.package import Finding, Severity
from hmip_docs.validate.cycle.years import folder_name, folder_year, programme_year


class EditionRule(NamedTuple):
    """A rule over several editions: id, severity, one-line summary and its documentation."""

    id: str
    severity: Severity
    summary: str
    doc: str


EDITION_RULES: dict[str, EditionRule] = {
    rule.id: rule
    for rule in (
        EditionRule(
            "folder-year",
            Severity.ERROR,
            "a record's folder is named for its programme year",
            "A record is kept in a folder named for its programme year (`records/2022-23/`, or "
            "`records/thematic/2022-23/` for another series), and holds that programme year in "
            "`document.programme_year`. A copy of last year's folder whose year was not changed "
            "would otherwise validate and build under the new year's file name with last "
            "year's content, and a record in a folder of another name (`records/drafts/`) "
            "would build as no edition of any year. This holds for a record of the records "
            "folder given by its path too (`hmip-docs validate FILE`), so that it passes alone "
            "only where it passes with the others; a file from outside the records folder (a "
            "draft compared with `hmip-docs diff`) is checked as a record, not as an edition."
            "\n\nPasses: `programme_year: 2022/2023` in `records/2022-23/`. "
            "Fails: `programme_year: 2021/2022` there, or any record in `records/drafts/`.",
        ),
        EditionRule(
            "commitment-unaddressed",
            Severity.ERROR,
            "each commitment for a year is answered by that year's edition",
            "An edition that says something will happen in a later programme year (a thematic "
            "removed and to be reconsidered, a thematic agreed for the year, an outcome that "
            "defers a topic to the year or makes it a strand of a later thematic, a commitment "
            "deferred again) commits that year's edition to say what became of it: under "
            "`commitments:`, an entry with `made_in:` (the earlier programme year), `what:` (as "
            "the earlier edition wrote it) and `outcome:` `in-programme` (with `thematic:`, the "
            "id of a thematic of this programme, or `research:`, a research project of it in "
            "its printed words), `deferred` (with `year:`, a later year) or "
            "`dropped` (with `reason:`). `hmip-docs new` writes these entries for the author "
            "to decide. The finding names the file and line of both editions. Checked when "
            "the editions are validated together (`hmip-docs validate`, with no path, checks "
            "them all).",
        ),
        EditionRule(
            "commitment-answer",
            Severity.ERROR,
            "an answer to a commitment is complete and names one that was made",
            "Each entry under `commitments:` answers a commitment the edition of `made_in:` "
            "made for this year (when that edition is among the records), and says what goes "
            "with its outcome, and nothing else: `in-programme` names a thematic of this "
            "programme by id or a research project by its words, `deferred` names a programme "
            "year later than this one, `dropped` gives the reason. Each commitment has one "
            "answer.",
        ),
    )
}


class Entry(NamedTuple):
    """One commitment and what became of it."""

    edition: Edition
    made: Made
    target: Edition | None
    """The edition for the commitment's year, when the records hold one."""
    answer: Answer | None


def _by_year(editions: Iterable[Edition]) -> dict[tuple[str, int], Edition]:
    found: dict[tuple[str, int], Edition] = {}
    for edition in sorted(editions, key=lambda e: e.file):
        if edition.year is not None and folder_year(edition.folder) is not None:
            found.setdefault((edition.series, edition.year), edition)
    return found


def _answer(target: Edition, made_in: int, made: Made) -> Answer | None:
    wanted = key(made.what)
    for answer in target.answers:
        if answer.made_in == made_in and key(answer.what) == wanted:
            return answer
    return None


def entries(editions: Sequence[Edition]) -> list[Entry]:
    """Every commitment of every edition, in order of the year it was made in, with the
    edition of its year and that edition's answer."""
    by_year = _by_year(editions)
    out: list[Entry] = []
    for edition in sorted(editions, key=lambda e: (e.year or 0, e.file)):
        if edition.year is None or folder_year(edition.folder) is None:
            continue  # no edition: rule folder-year reports a record outside a year's folder
        for made in made_by(edition):
            if made.for_year <= edition.year:
                continue  # not a later year: rule later-year reports it
            target = by_year.get((edition.series, made.for_year))
            answer = _answer(target, edition.year, made) if target else None
            out.append(Entry(edition, made, target, answer))
    return out


def _finding(
    rule: str,
    message: str,
    hint: str,
    edition: Edition,
    at: tuple[int, int],
    path: str,
    item: str = "",
) -> Finding:
    """A finding of ``rule`` in ``edition``'s file, at the line and column ``at``."""
    return Finding(
        rule=rule,
        severity=EDITION_RULES[rule].severity,
        message=message,
        hint=hint,
        file=edition.file,
        line=at[0],
        column=at[1],
        path=path,
        item=item,
    )


def _year_folder(edition: Edition) -> str:
    """The folder the record belongs in (named for its programme year where it holds one, else
    the form of the name): inside the records folder where the record lies directly in it
    (``records/`` gives ``records/2022-23/``), else beside the folder it is in
    (``records/drafts/`` gives ``records/2022-23/``)."""
    name = folder_name(edition.year) if edition.year is not None else "YYYY-YY"
    folder = posixpath.dirname(edition.file) or "."
    parent = folder if edition.at_top else posixpath.dirname(folder) or "."
    return f"{name}/" if parent == "." else f"{posixpath.join(parent, name)}/"


def _folder(edition: Edition) -> Iterator[Finding]:
    named = folder_year(edition.folder)
    if named is None and edition.in_records:
        year = "its programme year" if edition.year is None else programme_year(edition.year)
        yield _finding(
            "folder-year",
            f"the record is in the folder {posixpath.dirname(edition.file) or edition.folder},"
            " which is not named for a programme year",
            f"move the record into a folder named for {year}, {_year_folder(edition)} (the "
            "folder says which edition the record is, and names its document)",
            edition,
            edition.year_at,
            "/document/programme_year",
            "document",
        )
    elif named is not None and edition.year is not None and named != edition.year:
        yield _finding(
            "folder-year",
            f"the record is in the folder {edition.folder}, for {programme_year(named)}, but its "
            f"programme year is {programme_year(edition.year)}",
            f"set `programme_year: {programme_year(named)}` and this year's content, or move "
            f"the record to a folder named {folder_name(edition.year)}",
            edition,
            edition.year_at,
            "/document/programme_year",
            "document",
        )


def _unaddressed(entry: Entry) -> Finding:
    made, target = entry.made, entry.target
    assert target is not None
    return _finding(
        "commitment-unaddressed",
        f"the {programme_year(entry.edition.year or 0)} edition ({entry.edition.file}:"
        f"{made.line}) said of '{made.what}': {made.kind} {programme_year(made.for_year)}; "
        "this edition does not say what became of it",
        f"add under `commitments:` an entry with `made_in: "
        f"{programme_year(entry.edition.year or 0)}`, `what: {made.what}` and `outcome:` "
        "in-programme (with `thematic:` or `research:`), deferred (with `year:`) or dropped "
        "(with `reason:`)",
        target,
        target.answers_at,
        "/commitments",
        f"commitment '{made.what}'",
    )


def _in_programme(edition: Edition, answer: Answer) -> Iterator[str]:
    """What is wrong with where an answer ``in-programme`` says the commitment is taken up."""
    if not (answer.thematic or answer.research):
        yield (
            "an answer `in-programme` names the thematic by `thematic:` or the research project "
            "by `research:`"
        )
    if answer.thematic and answer.thematic not in edition.thematics:
        yield f"`thematic: {answer.thematic}` is not the id of a thematic of this programme"
    if answer.research and project_key(answer.research) not in edition.research:
        yield f"`research: {answer.research}` is not a research project of this programme"


def _check_answer(edition: Edition, answer: Answer, known: bool) -> Iterator[str]:
    if answer.made_in is not None and answer.made_in >= (edition.year or 0):
        this = programme_year(edition.year or 0)
        yield f"`made_in:` is the year of an earlier edition, before {this}"
    elif not known:
        yield (
            f"the {programme_year(answer.made_in or 0)} edition made no commitment "
            f"'{answer.what}' for {programme_year(edition.year or 0)}"
        )
    if answer.outcome == "in-programme":
        yield from _in_programme(edition, answer)
    if answer.outcome == "deferred" and not (answer.year and answer.year > (edition.year or 0)):
        yield "an answer `deferred` names, by `year:`, a programme year later than this one"
    if answer.outcome == "dropped" and not answer.reason:
        yield "an answer `dropped` gives the reason by `reason:`"
    for field, value, outcome in (
        ("thematic", answer.thematic, "in-programme"),
        ("research", answer.research, "in-programme"),
        ("year", answer.year, "deferred"),
        ("reason", answer.reason, "dropped"),
    ):
        if value and answer.outcome and answer.outcome != outcome:
            yield f"`{field}:` goes with an answer `{outcome}` only, not `{answer.outcome}`"


def _answers(edition: Edition, by_year: dict[tuple[str, int], Edition]) -> Iterator[Finding]:
    first: dict[tuple[int | None, str], Answer] = {}
    for answer in edition.answers:
        earlier = by_year.get((edition.series, answer.made_in)) if answer.made_in else None
        known = earlier is None or any(
            made.for_year == edition.year and key(made.what) == key(answer.what)
            for made in made_by(earlier)
        )
        messages = list(_check_answer(edition, answer, known))
        before = first.setdefault((answer.made_in, key(answer.what)), answer)
        if before is not answer:
            messages.append(
                f"this commitment is answered already, on line {before.line}: an edition "
                "gives one answer to each"
            )
        for message in messages:
            yield _finding(
                "commitment-answer",
                message,
                "copy `made_in:` and `what:` from the commitment as `hmip-docs new` wrote "
                "them, and complete the outcome",
                edition,
                (answer.line, answer.column),
                answer.pointer,
                f"commitment '{answer.what}'",
            )


def findings(editions: Sequence[Edition]) -> dict[str, list[Finding]]:
    """The cross-edition findings, by the file they belong to."""
    out: dict[str, list[Finding]] = {}
    by_year = _by_year(editions)
    for edition in editions:
        out.setdefault(edition.file, []).extend(_folder(edition))
        out[edition.file].extend(_answers(edition, by_year))
    for entry in entries(editions):
        if entry.target is not None and entry.answer is None:
            out.setdefault(entry.target.file, []).append(_unaddressed(entry))
    return {file: found for file, found in out.items() if found}
