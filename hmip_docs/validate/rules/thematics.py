"""Rules that tie a thematic's lead, partners and contributors to its printed description."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from functools import cache

from hmip_docs.record.organisations import Organisation
from hmip_docs.validate.rules.base import Hit, RecordFacts

_THEMATICS = "thematic"


@cache
def _word(form: str) -> re.Pattern[str]:
    """``form`` as a whole word: no letter or digit just before or after it.

    The look-behind comes after the name, not before it (as ``(?<!\\w)NAME``), so that the
    pattern starts with the name and the search for it is one linear scan; it looks back over
    the name (``.{len}`` is one step) to the character before. Compiled once per name: a
    registry has more names than the ``re`` module's own cache holds."""
    return re.compile(re.escape(form) + rf"(?!\w)(?<!\w.{{{len(form)}}})", re.DOTALL)


def _names(text: str, org: Organisation) -> bool:
    return any(form in text and _word(form).search(text) for form in org.printed_forms())


_WORDS = re.compile(r"\S+")
_NEAR_MISS_WORDS = 2000
"""Descriptions longer than this many words are not searched for a misspelt name."""


def _near_miss(text: str, forms: Sequence[str]) -> tuple[str, str] | None:
    """The words of ``text`` most like one of ``forms`` without being it (a misspelt name), and
    that form; None when nothing comes close. Forms shorter than six characters (abbreviations)
    are left out: too many words look like them."""
    import difflib  # (only here: a valid record needs no suggestions)

    spans = [match.span() for match in _WORDS.finditer(text)][:_NEAR_MISS_WORDS]
    best: tuple[float, str, str] = (0.8, "", "")  # the least likeness that counts
    for form in forms:
        if len(form) < 6:
            continue
        size = len(form.split())
        matcher = difflib.SequenceMatcher(b=form, autojunk=False)
        for count in {size - 1, size, size + 1} - {0}:
            for first in range(len(spans) - count + 1):
                words = text[spans[first][0] : spans[first + count - 1][1]].strip(".,;:()")
                matcher.set_seq1(words)
                if (
                    words == form
                    or matcher.real_quick_ratio() <= best[0]
                    or matcher.quick_ratio() <= best[0]
                ):
                    continue  # the quick upper bounds rule it out before the full comparison
                ratio = matcher.ratio()
                if ratio > best[0]:
                    best = (ratio, " ".join(words.split()), form)
    return (best[1], best[2]) if best[1] else None


def _listed(value: object) -> list[object]:
    """A list as it is, anything else (a wrong type the schema reports) as no entries."""
    return value if isinstance(value, list) else []


def lead_not_partner(facts: RecordFacts) -> Iterator[Hit]:
    """A thematic's lead is not also listed among its partners or contributors, nor a partner
    among its contributors.

    Passes: ``lead: hmi-prisons`` with ``partners: [cqc, ofsted]``.
    Fails: ``lead: hmi-prisons`` with ``partners: [hmi-prisons, ofsted]``.
    """
    for path, thematic in facts.at(_THEMATICS):
        if not isinstance(thematic, Mapping):
            continue
        lead = thematic.get("lead")
        partners = _listed(thematic.get("partners"))
        for index, partner in enumerate(partners):
            if partner == lead and facts.ok((*path, "partners", index)):
                yield Hit(
                    f"`{lead}` is the lead of '{thematic.get('title')}' and also listed as a "
                    "partner",
                    (*path, "partners", index),
                    "remove it from `partners:`; the lead is never its own partner",
                )
        for index, contributor in enumerate(_listed(thematic.get("contributors"))):
            if (contributor == lead or contributor in partners) and facts.ok(
                (*path, "contributors", index)
            ):
                yield Hit(
                    f"`{contributor}` is listed as a contributor and also as lead or partner",
                    (*path, "contributors", index),
                    "list each organisation once, in the role it has",
                )


def description_names_partners(facts: RecordFacts) -> Iterator[Hit]:
    """A joint thematic's description names its lead (unless the publisher leads), each partner
    and each contributor, by a name or abbreviation the registry knows; and it names no other
    organisation of the registry.

    Passes: partners ``[ofsted, estyn]`` and "A joint thematic with Ofsted and Estyn in Wales".
    Fails: partners ``[ofsted, estyn, cqc]`` with the same description (CQC is not named).
    """
    publisher = facts.get("document", "publisher")
    for path, thematic in facts.at(_THEMATICS):
        if not isinstance(thematic, Mapping) or not isinstance(thematic.get("description"), str):
            continue
        if not facts.clean(path):
            continue
        text = facts.parsed(thematic["description"]).plain
        lead = thematic.get("lead")
        roles: dict[str, str] = {}
        if lead != publisher and isinstance(lead, str):
            roles[lead] = "lead"
        for key, role in (("partners", "partner"), ("contributors", "contributor")):
            for org_id in _listed(thematic.get(key)):
                if isinstance(org_id, str):
                    roles.setdefault(org_id, role)
        if any(facts.registry.get(org_id) is None for org_id in roles):
            continue  # an unknown id is reported by registry-reference
        title = thematic.get("title")
        for org_id, role in roles.items():
            org = facts.registry.get(org_id)
            if org is not None and not _names(text, org):
                known = list(dict.fromkeys(org.printed_forms(facts.published)))
                field = f"`{role}s:`" if role != "lead" else "`lead:`"
                near = _near_miss(text, known)
                yield Hit(
                    f"the description of '{title}' does not name its {role} `{org_id}`",
                    (*path, "description"),
                    f"it has '{near[0]}': did you mean '{near[1]}'? Otherwise correct {field}"
                    if near
                    else "name it in the description as one of "
                    + ", ".join(f"'{form}'" for form in known)
                    + f", or correct {field}",
                )
        involved = set(roles) | {who for who in (lead, publisher) if isinstance(who, str)}
        for org in facts.registry.by_id.values():
            if org.id not in involved and _names(text, org):
                yield Hit(
                    f"the description of '{title}' names `{org.id}`, which is not its lead, "
                    "a partner or a contributor",
                    (*path, "description"),
                    "add it to `partners:` or `contributors:`, or take it out of the description",
                )
