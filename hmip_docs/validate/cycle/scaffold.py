"""Start next year's edition from the latest one: ``hmip-docs new 2022/2023``.

The new record keeps what stands from year to year (the structure, the registry references,
the consultees, the guidance and the standing prose, with each optional part of section 3 (a
question's heading, guidance, prompt) where last year's edition had it) and replaces what is
written afresh each year by ``TO WRITE:`` markers: dates, link addresses, respondents
(organisations, individual and anonymous responses alike), each question's responses (areas of
suggestions with their outcomes, comments with their point, response and decision, or the
sentence saying none were received), its summary, feedback and this year's programme. Last
year's suppressions, the sources of its link addresses, its removed thematics and its thematics
agreed for later years (carried in as commitments instead) and the links nothing uses any more
are left out; every commitment made for the new year becomes a ``TO DECIDE:`` entry under
``commitments:``. Each marker is one ``to-write`` error, so the new record never builds until it
is written.

What is replaced, dropped and kept is data (``WRITE``, ``DROP``); paths that a record does not
have are skipped, so one table serves every shape of record the model allows.
"""

from __future__ import annotations

import copy
import os
import pathlib
import re
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from hmip_docs.validate.cycle import cross, markers
from hmip_docs.validate.cycle.package import instances
from hmip_docs.validate.cycle.reading import Read, read_all, shown
from hmip_docs.validate.cycle.years import folder_name, programme_year

if TYPE_CHECKING:
    from hmip_docs.record.decisions import Vocabulary

WRITE: tuple[tuple[tuple[str, ...], str], ...] = (
    (("document", "published"), "the month of publication, as YYYY-MM"),
    (("consultation", "letter_issued"), "the date the consultation letter was issued (YYYY-MM-DD)"),
    (("consultation", "deadline"), "the deadline for responses (YYYY-MM-DD)"),
    (("links", "*", "address"), "the address of this year's '{key}'"),
    (("questions", "*", "decision", "opening"), "the opening of the decision on {topic}"),
    (
        ("questions", "*", "decision", "programme", "strands", "*", "thematics"),
        "this year's thematics of strand '{heading}'",
    ),
    (("questions", "*", "decision", "research", "*", "projects"), "this year's {stage} projects"),
    (
        ("respondents", "list"),
        "the respondents, each an organisation (its registry id) or a number of individual or "
        "anonymous responses, with the words printed",
    ),
    (
        ("responses", "questions", "*", "summary"),
        "the summary of responses to question '{question}'",
    ),
    (
        ("responses", "questions", "*", "comments"),
        "the comments on the proposal of question '{question}', each a point with its response "
        "and decision",
    ),
    (
        ("responses", "questions", "*", "none_received"),
        "the sentence saying no responses were received to question '{question}', or, in its "
        "place, `areas:` of suggestions or `comments:`",
    ),
    (("responses", "questions", "*", "areas", "*", "outcomes"), "the outcomes of '{heading}'"),
    (
        ("responses", "questions", "*", "areas", "*", "suggestions"),
        "the suggestions made in '{heading}', each with its outcome",
    ),
    (("feedback",), "the stakeholder feedback"),
)
"""Where this year's content goes: each value there becomes a ``TO WRITE:`` marker saying
what to write (``{field}`` is a field of the mapping holding it, ``{key}`` that mapping's
own key, such as a link's id)."""

DROP: tuple[tuple[str, ...], ...] = (
    ("questions", "*", "decision", "removed"),
    ("questions", "*", "decision", "agreed_later"),
    ("links", "*", "source"),
    ("suppressions",),
    ("commitments",),
)
"""What belongs to last year alone: its removed and agreed thematics (carried in as
commitments, with their kind, lead and partners in the words of the commitment), where its link
addresses were taken from (the addresses are written afresh), its suppressions (their reasons
were last year's) and its answers."""

_LINK = re.compile(r"\]\[([^\[\]\n]*)\]")


class Started(NamedTuple):
    """A new edition, written."""

    path: pathlib.Path
    source: pathlib.Path
    to_write: int
    to_decide: int


class NewError(Exception):
    """The new edition cannot be started; the message says why."""


def _mappings_at(
    data: Any, pattern: tuple[str, ...]
) -> Iterator[tuple[dict[str, Any], str, tuple[str | int, ...]]]:
    """The mapping holding each match of ``pattern``, the match's key, and the mapping's own
    key (or index) in what holds it."""
    for path, parent in instances(data, pattern[:-1]):
        if isinstance(parent, dict):
            if pattern[-1] == "*":
                yield from ((parent, key, path) for key in list(parent))
            elif pattern[-1] in parent:
                yield parent, pattern[-1], path


def _describe(template: str, data: Any, path: tuple[str | int, ...]) -> str:
    """``template`` filled from the fields of the mappings along ``path``, the nearest first."""
    fields: dict[str, object] = {"key": str(path[-1]) if path else ""}
    node = data
    for part in path:
        if isinstance(node, dict):
            fields.update((k, v) for k, v in node.items() if isinstance(v, str | int))
        node = node[part]
    if isinstance(node, dict):
        fields.update((k, v) for k, v in node.items() if isinstance(v, str | int))
    fields["key"] = str(path[-1]) if path else ""
    try:
        return template.format_map(fields)
    except (KeyError, ValueError):
        return template.split(" '{")[0].replace("{", "").replace("}", "")


def _links(data: dict[str, Any]) -> None:
    """Leave out the links that no text uses any more."""
    links = data.get("links")
    if not isinstance(links, dict):
        return
    used: set[str] = set()
    stack: list[Any] = [v for k, v in data.items() if k != "links"]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            used.update(_LINK.findall(node))
            used.add(node)  # a field naming a link by id (consultation.letter)
        elif isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    for link_id in [k for k in links if k not in used]:
        del links[link_id]


def _carried(editions: list[Read], series: str, year: int) -> list[dict[str, str]]:
    entries: list[dict[str, str]] = []
    for entry in cross.entries([r.edition for r in editions]):
        if entry.edition.series != series or entry.made.for_year != year:
            continue
        made_in = programme_year(entry.edition.year or 0)
        entries.append(
            {
                "made_in": made_in,
                "what": entry.made.what,
                "outcome": markers.decide(
                    f"'{entry.made.what}': the {made_in} edition "
                    f"({entry.edition.file}:{entry.made.line}) said: "
                    f"{entry.made.kind} {programme_year(year)}; in-programme, deferred or dropped?"
                ),
            }
        )
    seen: set[tuple[str, str]] = set()
    unique = []
    for e in entries:
        if (e["made_in"], e["what"].casefold()) not in seen:
            seen.add((e["made_in"], e["what"].casefold()))
            unique.append(e)
    return unique


def scaffold(latest: Mapping[str, Any], year: int, carried: list[dict[str, str]]) -> dict[str, Any]:
    """The data of the new edition for ``year`` (its first calendar year)."""
    data: dict[str, Any] = copy.deepcopy(dict(latest))
    for pattern in DROP:
        for parent, key, _ in list(_mappings_at(data, pattern)):
            del parent[key]
    if isinstance(data.get("document"), dict):
        data["document"]["programme_year"] = programme_year(year)
    for pattern, template in WRITE:
        for parent, key, path in list(_mappings_at(data, pattern)):
            parent[key] = markers.write(_describe(template, data, path))
    _links(data)
    if carried:
        data["commitments"] = carried
    return data


def _header(source: pathlib.Path, year: int, latest: Read) -> str:
    first = source.read_text(encoding="utf-8").split("\n", 1)[0]
    modeline = [first] if first.startswith("# yaml-language-server:") else []
    return "\n".join(
        [
            *modeline,
            "#",
            f"# Response to the consultation for {programme_year(year)}, started by "
            "`hmip-docs new`",
            f"# from {latest.edition.file}.",
            "# Each `TO WRITE:` and `TO DECIDE:` value is an item still to do: `make validate` "
            "lists them.",
            "# Inline markup: **bold**, *italics*, [link text][link-id], {placeholder}.",
            "",
        ]
    )


def _dump(data: Mapping[str, Any]) -> str:
    """YAML as records are written: lists indented under their key, a blank line between the
    parts of the record."""
    import yaml

    class Dumper(yaml.SafeDumper):
        def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
            super().increase_indent(flow, False)

    text = yaml.dump(
        data,
        Dumper=Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=96,
        default_flow_style=False,
    )
    return re.sub(r"\n(?=[^ \n-])", "\n\n", text)


def start(records: pathlib.Path, year: int, decisions: Vocabulary) -> Started:
    """Write ``records/<year folder>/`` from the latest edition; NewError if it cannot be.
    ``decisions`` (the vocabulary of decision kinds) says which decisions are commitments."""
    target = records / folder_name(year)
    if os.path.lexists(target):
        raise NewError(f"{shown(target)} already exists: `new` never writes over an edition")
    editions = [r for r in read_all(records, decisions) if r.edition.year is not None]
    if not editions:
        raise NewError(f"no edition to start from: no record in a year folder of {shown(records)}")
    latest = max(editions, key=lambda r: (r.edition.year or 0, r.edition.file))
    if (latest.edition.year or 0) >= year:
        raise NewError(
            f"{programme_year(year)} is not after the latest edition, "
            f"{programme_year(latest.edition.year or 0)} ({latest.edition.file})"
        )
    carried = _carried(editions, latest.edition.series, year)
    data = scaffold(latest.data, year, carried)
    text = _header(latest.path, year, latest) + _dump(data)
    _write(target, latest.path.name, text)
    found = [text for _, text in markers.find(data)]
    decide = sum(1 for t in found if t.startswith(markers.DECIDE))
    return Started(target / latest.path.name, latest.path, len(found) - decide, decide)


def _write(target: pathlib.Path, name: str, text: str) -> None:
    """The folder appears whole or not at all: written aside, then renamed into place."""
    temp = pathlib.Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        (temp / name).write_text(text, encoding="utf-8")
        temp.chmod(0o755)
        if os.path.lexists(target):
            raise NewError(f"{shown(target)} already exists: `new` never writes over an edition")
        os.rename(temp, target)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
