"""The rule tables: every cross-field rule by id, for records and for the registry.

The ids are stable: reports, suppressions and ``docs/rules.md`` use them. Schema rules (those
JSON Schema expresses) have their ids in ``schema.KEYWORD_RULES`` and the schemas' ``x-errors``.
"""

from __future__ import annotations

from hmip_docs.core.findings import Severity
from hmip_docs.validate.cycle import markers, staleness
from hmip_docs.validate.rules import (
    dates,
    decisions,
    duplicates,
    links,
    output,
    prose,
    references,
    registry_file,
    respondents,
    thematics,
    unseen,
)
from hmip_docs.validate.rules.base import Hit, RecordFacts, Rule

E, W = Severity.ERROR, Severity.WARNING

RECORD_RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule(
            "registry-reference",
            E,
            "organisation ids exist in the registry",
            references.registry_reference,
        ),
        Rule("unique-id", E, "ids are unique", references.unique_ids),
        Rule(
            "duplicate-entry", E, "no list names the same entry twice", duplicates.duplicate_entries
        ),
        Rule(
            "suggestion-outcome-unknown",
            E,
            "every suggestion has an outcome of its area",
            references.suggestion_outcome,
        ),
        Rule(
            "decision-kind-unknown",
            E,
            "decisions are kinds of the vocabulary",
            decisions.decision_kind_unknown,
        ),
        Rule(
            "decision-kind-use",
            E,
            "a decision kind answers the responses it is meant for",
            decisions.decision_kind_use,
        ),
        Rule(
            "outcome-year",
            E,
            "a decision put off to a later year names that year",
            decisions.outcome_year,
        ),
        Rule(
            "decision-points-to",
            E,
            "a decision names only what its kind points to",
            decisions.decision_points_to,
        ),
        Rule(
            "decision-item-unknown",
            E,
            "the item a decision points to is a thematic or research project of the programme",
            decisions.decision_item_unknown,
        ),
        Rule(
            "response-kind",
            E,
            "a question's responses are suggestions, comments or none received",
            decisions.response_kind,
        ),
        Rule(
            "respondent-kind",
            E,
            "a respondent is an organisation, individuals or anonymous",
            decisions.respondent_kind,
        ),
        Rule(
            "respondent-count-words",
            E,
            "a respondent's printed number is the count it holds",
            respondents.respondent_count_words,
        ),
        Rule("outcome-unused", W, "every outcome answers a suggestion", references.outcome_used),
        Rule(
            "statutory-consultee-unknown",
            E,
            "every statutory consultee is in the registry",
            references.statutory_consultee,
        ),
        Rule(
            "question-reference",
            E,
            "section 3 answers each question once, in order",
            references.question_reference,
        ),
        Rule(
            "link-reference", E, "prose links name a link under `links`", references.link_reference
        ),
        Rule(
            "thematic-roles-overlap",
            E,
            "a joint thematic's partners are others than its lead",
            thematics.lead_not_partner,
        ),
        Rule(
            "prose-names-partners",
            E,
            "a joint thematic's description names who runs it",
            thematics.description_names_partners,
        ),
        Rule("prose-names-year", E, "prose names the years its facts hold", prose.text_names_year),
        Rule("markup", E, "placeholders are known and emphasis is closed", prose.markup_problems),
        Rule(
            "publisher-name",
            E,
            "official names are those in force on the publication date",
            prose.publisher_name,
        ),
        Rule(
            "organisation-name",
            E,
            "organisations are printed by names the registry knows for them",
            prose.organisation_name,
        ),
        Rule(
            "year-in-prose",
            W,
            "years typed in prose are ones the record accounts for",
            staleness.year_in_prose,
        ),
        Rule(
            "consecutive-years",
            E,
            "a programme year is two consecutive years",
            dates.consecutive_years,
        ),
        Rule(
            "later-year", E, "years pointed forward to follow the programme year", dates.later_years
        ),
        Rule("date-order", E, "letter before deadline before publication", dates.date_order),
        Rule(
            "name-in-force",
            E,
            "every organisation named has a name in force on the publication date",
            dates.names_in_force,
        ),
        Rule(
            "publication-window",
            E,
            "published within the programme's span",
            dates.publication_window,
        ),
        Rule("to-write", E, "no item is left to write or decide", markers.to_write),
        Rule("link-address-missing", W, "links have an address", links.address_missing),
        Rule("link-not-https", W, "link addresses use https", links.address_not_https),
        # Mirrors of the output checks that record content could trigger (checks/document.py).
        Rule("typed-number", E, "printed text starts with no typed number", output.typed_number),
        Rule("link-text", E, "link text is words, not an address", output.link_text),
        Rule("blank-text", E, "printed text is not blank once markup is read", output.blank_text),
        Rule(
            "heading-label", E, "prose does not start with a heading's label", output.heading_label
        ),
        Rule("tables-apart", E, "no table prints straight after another", output.tables_apart),
        Rule("invisible-text", E, "printed text has something to see", unseen.invisible_text),
        Rule("bidi-control", E, "no text holds a bidi control", unseen.bidi_control),
    )
}

REGISTRY_RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule("registry-duplicate-id", E, "organisation ids are unique", registry_file.duplicate_id),
        Rule(
            "registry-name-dates", E, "official names follow one another", registry_file.name_dates
        ),
        Rule(
            "registry-duplicate-name",
            E,
            "each name belongs to one organisation",
            registry_file.duplicate_name,
        ),
        Rule(
            "registry-invisible-name",
            E,
            "names documents print have something to see",
            registry_file.invisible_name,
        ),
        Rule(
            "registry-bidi-control",
            E,
            "no text of the registry holds a bidi control",
            registry_file.bidi_in_registry,
        ),
    )
}

__all__ = ["RECORD_RULES", "REGISTRY_RULES", "Hit", "RecordFacts", "Rule"]
