"""Rules on printed prose: markup, placeholders, names and years that must agree with the facts."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping

from hmip_docs.core.wording import did_you_mean
from hmip_docs.record import markup, placeholders
from hmip_docs.record.organisations import Organisation, Registry
from hmip_docs.validate.rules.base import Hit, Path, RecordFacts, Year
from hmip_docs.validate.schema import instances

_YEAR = re.compile(r"(?<!\d)(\d{4})/(\d{4})(?!\d)")


def _texts(facts: RecordFacts) -> Iterator[tuple[tuple[str | int, ...], str]]:
    for def_name in ("text", "plain-text"):
        for path, value in facts.at(def_name):
            if isinstance(value, str):
                yield path, value


def markup_problems(facts: RecordFacts) -> Iterator[Hit]:
    """Prose uses only known placeholders, opens and closes each of them (a brace that belongs
    to no placeholder is written ``\\{`` or ``\\}``), and closes its ``**bold**`` and
    ``*italics*``. Labels and titles take no markup and print as written, so a placeholder
    there, whole or half-typed, is refused too.

    Passes: "for {programme_year}" and "a brace \\{ as such". Fails: "for {programme_yaer}",
    "for programme_year}" and "*italics without end".
    """
    names = sorted(placeholders.PLACEHOLDERS)
    for path, text in facts.at("text"):
        if isinstance(text, str):
            # The same slip twice in one text is one finding.
            yield from dict.fromkeys(_markup_hits(facts.parsed(text), names, path))
    # Labels and titles take no markup: a placeholder there would print braces and all.
    for path, text in facts.at("plain-text"):
        if isinstance(text, str) and ("{" in text or "}" in text):
            yield from _placeholder_in_label(text, names, path)


def _markup_hits(parsed: markup.Parsed, names: list[str], path: Path) -> Iterator[Hit]:
    for problem in parsed.problems:
        if problem.kind == "placeholder":
            hint = did_you_mean(
                problem.name,
                names,
                "placeholders: "
                + ", ".join(f"{{{n}}}" for n in names)
                + r"; write \{ and \} for braces printed as themselves",
                form="{{{}}}",
            )
            yield Hit(f"{{{problem.name}}} is not a placeholder this tool knows", path, hint)
        elif problem.kind == "brace":
            yield _lone_brace(problem.name, names, path)
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


def _lone_brace(written: str, names: list[str], path: Path) -> Hit:
    """A brace that opens or closes no placeholder: most often half of one."""
    brace = "{" if written.startswith("{") else "}"
    word = written.strip("{} ")
    what = "opens" if brace == "{" else "closes"
    literal = r"write \{ or \} for a brace printed as itself"
    hint = did_you_mean(word, names, "", form="`{{{}}}`") if word else ""
    return Hit(
        f"'{written}' {what} no placeholder: the brace would print as it stands",
        path,
        f"{hint} Otherwise {literal}" if hint else f"close the placeholder, or {literal}",
    )


def _placeholder_in_label(text: str, names: list[str], path: Path) -> Iterator[Hit]:
    """A placeholder, whole or half-typed, in a label or title, which is printed exactly as
    written. Other braces there are text, printed as written."""
    import difflib  # (only here: a valid record needs no suggestions)

    for problem in markup.parse(text, {}).problems:
        word = problem.name.strip("{} ") if problem.kind in ("placeholder", "brace") else ""
        meant = difflib.get_close_matches(word, names, n=1) if word else []
        if meant:
            yield Hit(
                f"{{{meant[0]}}} is not filled in here: this field is printed exactly as written",
                path,
                "write the value itself; placeholders work only in prose",
            )
            return


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
        if _name_field(path):
            continue  # organisation-name checks a name printed on its own, former names allowed
        for org, official in wrong:
            if official.name in text:
                yield Hit(
                    f"'{official.name}' was not the name of `{org.id}` on the publication "
                    f"date; it was '{org.name_on(day)}'",
                    path,
                    "write {publisher_name} for the publisher, or the name in force then",
                )


NAME_FIELDS: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("respondents", "list", "*"), "organisation", "printed"),
)
"""Where a record prints an organisation's name on its own: the entries, the key of the
organisation's id and the key of its printed name."""


def _name_field(path: Path) -> bool:
    return any(
        len(path) == len(entries) + 1
        and path[-1] == name_key
        and all(part == "*" or part == step for part, step in zip(entries, path, strict=False))
        for entries, _, name_key in NAME_FIELDS
    )


_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def _normal(name: str) -> str:
    """A name as compared: spaces collapsed, typographic apostrophes as plain ones."""
    return " ".join(name.translate(_QUOTES).split())


def _owners(registry: Registry, day: dt.date | None) -> dict[str, str]:
    """Every name the registry knows on ``day``, with the id of the organisation it names."""
    owners: dict[str, str] = {}
    for org in registry.by_id.values():
        for name in org.known_names(day):
            owners.setdefault(_normal(name), org.id)
    return owners


def organisation_name(facts: RecordFacts) -> Iterator[Hit]:
    """An organisation's name printed on its own (a respondent's ``printed``) is a name the
    registry knows for it on the publication date: an official name in force or former, the
    short name, the abbreviation, a name followed by the abbreviation in brackets, or one of the
    ``printed_variants`` listed for it in records/organisations.yaml.

    Passes: ``organisation: yjb`` printed "Youth Justice Board (YJB)".
    Fails: the same printed "Youth Justise Board".
    """
    day = facts.published
    owners = facts.once(("names-on", day), lambda: _owners(facts.registry, day))
    for entries, id_key, name_key in NAME_FIELDS:
        for path, entry in instances(facts.data, entries):
            where = (*path, name_key)
            if not isinstance(entry, Mapping) or not facts.ok(where):
                continue
            org, printed = facts.registry.get(entry.get(id_key)), entry.get(name_key)
            if org is None or not isinstance(printed, str):
                continue  # an unknown id is reported by registry-reference
            written = _normal(printed)
            if any(_normal(name) == written for name in org.known_names(day)):
                continue
            yield _unknown_name(printed, org, owners.get(written), day, where)


def _unknown_name(
    printed: str, org: Organisation, owner: str | None, day: dt.date | None, path: Path
) -> Hit:
    known = list(dict.fromkeys(org.known_names(day)))
    variants = f"`printed_variants:` of `{org.id}` in records/organisations.yaml"
    later = [n.name for n in org.names if day and n.start and n.start > day]
    if _normal(printed) in map(_normal, later) and day is not None:
        return Hit(
            f"'{printed}' was not yet the name of `{org.id}` on the publication date",
            path,
            f"print the name in force then, '{org.name_on(day)}', or another of its names",
        )
    if owner is not None:
        return Hit(
            f"'{printed}' is a name of `{owner}`, not of `{org.id}`",
            path,
            f"correct `organisation:` to `{owner}`, or print a name of `{org.id}`, such as "
            f"'{org.short}'",
        )
    listed = ", ".join(f"'{name}'" for name in known)
    close = did_you_mean(printed, known, "", form="'{}'")
    return Hit(
        f"'{printed}' is not a name the registry knows for `{org.id}`",
        path,
        f"{close} If the publication printed it so on purpose, add it to {variants}"
        if close
        else f"print one of its names ({listed}), or add this form to {variants}",
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
