"""Rules on printed prose: markup, placeholders, names and years that must agree with the facts."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from hmip_docs import placeholders
from hmip_docs.rules.base import Hit, RecordFacts, Year
from hmip_docs.yaml_text import did_you_mean

_YEAR = re.compile(r"(?<!\d)(\d{4})/(\d{4})(?!\d)")


def _texts(facts: RecordFacts) -> Iterator[tuple[tuple[str | int, ...], str]]:
    for def_name in ("text", "plain-text"):
        for path, value in facts.at(def_name):
            if isinstance(value, str):
                yield path, value


def markup_problems(facts: RecordFacts) -> Iterator[Hit]:
    """Prose uses only known placeholders and closes its ``**bold**`` and ``*italics*``.

    Passes: "for {programme_year}". Fails: "for {programme_yaer}" and "*italics without end".
    """
    names = sorted(placeholders.PLACEHOLDERS)
    for path, text in facts.at("text"):
        if not isinstance(text, str):
            continue
        for problem in facts.parsed(text).problems:
            if problem.kind == "placeholder":
                hint = did_you_mean(
                    problem.name,
                    names,
                    "placeholders: "
                    + ", ".join(f"{{{n}}}" for n in names)
                    + r"; write \{ for a literal brace",
                    form="{{{}}}",
                )
                yield Hit(f"{{{problem.name}}} is not a placeholder this tool knows", path, hint)
            elif problem.kind == "unclosed":
                yield Hit(
                    f"the text opens {problem.name} but never closes it",
                    path,
                    f"add the closing {problem.name}, or write \\{problem.name[0]} for a literal "
                    "asterisk",
                )
            else:
                yield Hit(
                    "a link has no link id: write [text][link-id]",
                    path,
                    "add the id of an entry under `links:`",
                )


def publisher_name(facts: RecordFacts) -> Iterator[Hit]:
    """Prose uses an organisation's official name only while it was in force on the publication
    date (for example "Her Majesty's" until September 2022, "His Majesty's" after).

    Passes: {publisher_name}, which always prints the right name.
    Fails: "His Majesty's Inspectorate of Probation" typed in a record published in 2021.
    """
    day = facts.published
    if day is None:
        return
    # The names of renamed organisations that were not in force that day, looked for in
    # every text.
    wrong = [
        (org, official)
        for org in facts.registry.by_id.values()
        if len(org.names) >= 2
        for official in org.names
        if not official.applies_on(day)
    ]
    for path, text in _texts(facts):
        for org, official in wrong:
            if official.name in text:
                yield Hit(
                    f"'{official.name}' was not the name of `{org.id}` on the publication "
                    f"date; it was '{org.name_on(day)}'",
                    path,
                    "write {publisher_name} for the publisher, or the name in force then",
                )


def _later_years(facts: RecordFacts) -> set[int]:
    years: set[int] = set()
    for path, value in facts.at("programme-year"):
        year = Year.parse(value)
        if year is not None and path != ("document", "programme_year"):
            years.add(year.start)
    return years


def year_in_prose(facts: RecordFacts) -> Iterator[Hit]:
    """A year such as 2020/2021 typed in prose is the programme year or a later year the record
    holds as a fact (a reconsideration, an agreed thematic, an outcome). Anything else is often a
    slip left from copying last year's record. A warning; suppress it where the past is meant.

    Passes: "alongside other priorities for 2022/2023" with an outcome ``year: 2022/2023``.
    Fails: "proposals for 2020/2021" in the 2021/2022 record.
    """
    programme = facts.programme_year
    if programme is None:
        return
    allowed = _later_years(facts) | {programme.start}
    for path, text in _texts(facts):
        for match in _YEAR.finditer(text):
            if int(match.group(1)) not in allowed:
                yield Hit(
                    f"{match.group(0)} is neither the programme year ({programme}) nor a later "
                    "year this record holds",
                    path,
                    "write {programme_year} for the programme year; if the past is meant, "
                    "suppress this finding with a reason",
                )


def text_names_year(facts: RecordFacts) -> Iterator[Hit]:
    """Prose names the year its facts hold: a removed proposal's reconsideration year, each agreed
    thematic's year, an outcome's year.

    Passes: ``reconsider_in: 2022/2023`` and "This will be re-considered for 2022/2023".
    Fails: ``reconsider_in: 2023/2024`` with the same text.
    """
    programme = facts.programme_year
    if programme is None:
        return

    def later(year: object) -> bool:  # years not later are reported by later-year
        parsed = Year.parse(year)
        return parsed is not None and parsed.start > programme.start

    checks = (
        ("removed", "reconsider_in", "text"),
        ("outcome", "year", "text"),
    )
    for def_name, year_key, text_key in checks:
        for path, node in facts.at(def_name):
            if not isinstance(node, Mapping):
                continue
            year, text = node.get(year_key), node.get(text_key)
            if later(year) and isinstance(year, str) and isinstance(text, str) and year not in text:
                yield Hit(
                    f"the text does not mention {year}, the year given in `{year_key}:`",
                    (*path, text_key),
                    f"make the text and `{year_key}:` agree",
                )
    for path, node in facts.at("agreed"):
        if not isinstance(node, Mapping) or not isinstance(node.get("text"), str):
            continue
        thematics = node.get("thematics")
        for thematic in thematics if isinstance(thematics, list) else ():
            year = thematic.get("year") if isinstance(thematic, Mapping) else None
            if later(year) and isinstance(year, str) and year not in node["text"]:
                yield Hit(
                    f"the text does not mention {year}, the year of '{thematic.get('topic')}'",
                    (*path, "text"),
                    "make the text and the agreed thematics' years agree",
                )
