"""Rules that tie a thematic's lead, partners and contributors to its printed description."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from typing import Any, NamedTuple

from hmip_docs.record.organisations import Organisation
from hmip_docs.validate.rules.base import Hit, Path, RecordFacts
from hmip_docs.validate.schema import instances

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


_AGREED = ("questions", "*", "decision", "agreed_later")


class _Group(NamedTuple):
    """Thematics and the printed text that must name who runs them: a programme thematic and
    its description, or the thematics agreed for later years and their shared paragraph."""

    text_path: Path
    text: object
    thematics: list[tuple[Path, Mapping[str, Any]]]

    @property
    def text_kind(self) -> str:
        """What the text is called in a message: a thematic's "description", or the shared
        "paragraph" on thematics agreed for later years."""
        return "description" if self.text_path[-1] == "description" else "paragraph"


def _groups(facts: RecordFacts) -> Iterator[_Group]:
    for path, thematic in facts.at(_THEMATICS):
        if isinstance(thematic, Mapping):
            yield _Group((*path, "description"), thematic.get("description"), [(path, thematic)])
    for path, agreed in instances(facts.data, _AGREED):
        if isinstance(agreed, Mapping) and facts.ok(path):
            found = [
                ((*path, "thematics", index), thematic)
                for index, thematic in enumerate(_listed(agreed.get("thematics")))
                if isinstance(thematic, Mapping)
            ]
            yield _Group((*path, "text"), agreed.get("text"), found)


def _title(thematic: Mapping[str, Any]) -> object:
    return thematic.get("title") or thematic.get("topic")


def lead_not_partner(facts: RecordFacts) -> Iterator[Hit]:
    """A thematic's lead (this year's, or one agreed for a later year) is not also listed among
    its partners or contributors, nor a partner among its contributors. The publisher may be a
    partner where another body leads.

    Passes: ``lead: hmi-prisons`` with ``partners: [cqc, ofsted]``.
    Fails: ``lead: hmi-prisons`` with ``partners: [hmi-prisons, ofsted]``.
    """
    for group in _groups(facts):
        for path, thematic in group.thematics:
            yield from _roles_overlap(facts, path, thematic)


def _roles_overlap(facts: RecordFacts, path: Path, thematic: Mapping[str, Any]) -> Iterator[Hit]:
    lead = thematic.get("lead")
    partners = _listed(thematic.get("partners"))
    for index, partner in enumerate(partners):
        if partner == lead and facts.ok((*path, "partners", index)):
            yield Hit(
                f"`{lead}` is the lead of '{_title(thematic)}' and also listed as a partner",
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
    organisation of the registry. The paragraph on thematics agreed for later years does the
    same for each of them. Every name it prints for them is one the registry knows: a misspelt
    one ("Care Quality Comission (CQC)") is reported even beside a name or abbreviation that is
    right.

    Passes: partners ``[ofsted, estyn]`` and "A joint thematic with Ofsted and Estyn in Wales".
    Fails: partners ``[ofsted, estyn, cqc]`` with the same description (CQC is not named).
    """
    publisher = facts.get("document", "publisher")
    for group in _groups(facts):
        if not isinstance(group.text, str) or not group.thematics:
            continue
        if not all(facts.clean(path) for path, _ in group.thematics):
            continue
        if not facts.ok(group.text_path):
            continue
        text = facts.parsed(group.text).plain
        involved = {who for who in (publisher,) if isinstance(who, str)}
        for _, thematic in group.thematics:
            roles = _roles(thematic, publisher)
            lead = thematic.get("lead")
            involved |= set(roles) | ({lead} if isinstance(lead, str) else set())
            if any(facts.registry.get(org_id) is None for org_id in roles):
                continue  # an unknown id is reported by registry-reference
            yield from _unnamed(facts, group, thematic, roles, text)
        yield from _misspelt(facts, group, involved, text)
        if any(
            facts.registry.get(org_id) is None for org_id in involved if isinstance(org_id, str)
        ):
            continue
        what, its, where = (
            (f"the description of '{_title(group.thematics[0][1])}'", "its lead", "description")
            if group.text_kind == "description"
            else ("the paragraph on thematics agreed for later years", "a lead", "paragraph")
        )
        for org in facts.registry.by_id.values():
            if org.id not in involved and _names(text, org):
                yield Hit(
                    f"{what} names `{org.id}`, which is not {its}, a partner or a contributor",
                    group.text_path,
                    f"add it to `partners:` or `contributors:`, or take it out of the {where}",
                )


def _misspelt(facts: RecordFacts, group: _Group, involved: set[str], text: str) -> Iterator[Hit]:
    """A name of an organisation the text is about, misspelt beside a name the registry knows
    (``Care Quality Comission (CQC)``): every known name of every organisation is set aside
    first, so only words that are no name at all are weighed."""
    forms = facts.once("printed forms", lambda: _printed_forms(facts))
    masked = text
    for form in sorted(forms, key=len, reverse=True):
        if form in masked:
            masked = masked.replace(form, " " * len(form))
    # Those it must name and does not are reported with their near miss already (``_unnamed``);
    # the publisher is named where the text chooses to.
    publisher = facts.get("document", "publisher")
    named = {
        org_id
        for org_id in involved
        if (org := facts.registry.get(org_id)) is not None
        and (org_id == publisher or _names(text, org))
    }
    wanted = [form for form, org_id in forms.items() if org_id in involved]
    # Only where a word of such a name is left over is there anything to weigh (a valid text
    # keeps none, and the comparison, with its import, is spared).
    words = {word for form in wanted for word in form.split() if len(word) >= 5}
    near = _near_miss(masked, wanted) if any(word in masked for word in words) else None
    if near is not None and forms[near[1]] in named:
        yield Hit(
            f"the {group.text_kind} prints '{near[0]}', which is not a name the registry knows for "
            f"`{forms[near[1]]}`",
            group.text_path,
            f"did you mean '{near[1]}'? A name printed otherwise goes under "
            "`printed_variants:` in the registry",
        )


def _printed_forms(facts: RecordFacts) -> dict[str, str]:
    """Every name the registry knows on the publication date, with the id it names."""
    return {
        form: org.id
        for org in facts.registry.by_id.values()
        for form in org.printed_forms(facts.published)
    }


def _roles(thematic: Mapping[str, Any], publisher: object) -> dict[str, str]:
    """Each organisation the text must name, with its role."""
    lead = thematic.get("lead")
    roles: dict[str, str] = {}
    if lead != publisher and isinstance(lead, str):
        roles[lead] = "lead"
    for key, role in (("partners", "partner"), ("contributors", "contributor")):
        for org_id in _listed(thematic.get(key)):
            if isinstance(org_id, str):
                roles.setdefault(org_id, role)
    return roles


def _unnamed(
    facts: RecordFacts,
    group: _Group,
    thematic: Mapping[str, Any],
    roles: dict[str, str],
    text: str,
) -> Iterator[Hit]:
    what = group.text_kind
    title = _title(thematic)
    for org_id, role in roles.items():
        org = facts.registry.get(org_id)
        if org is not None and not _names(text, org):
            known = list(dict.fromkeys(org.printed_forms(facts.published)))
            field = f"`{role}s:`" if role != "lead" else "`lead:`"
            near = _near_miss(text, known)
            yield Hit(
                f"the {what} of '{title}' does not name its {role} `{org_id}`",
                group.text_path,
                f"it has '{near[0]}': did you mean '{near[1]}'? Otherwise correct {field}"
                if near
                else f"name it in the {what} as one of "
                + ", ".join(f"'{form}'" for form in known)
                + f", or correct {field}",
            )
