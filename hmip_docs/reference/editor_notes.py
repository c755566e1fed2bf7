"""What the editor's help says only ``make validate`` checks, per schema location, and which
fields name a decision kind: tables that ``editor_schema`` writes into the shipped schemas."""

from __future__ import annotations

VALIDATE_NOTE = "The editor checks the form only; `make validate` checks {what}."
NOTES: dict[str, str] = {
    "#/$defs/organisation": "that the id is in the registry",
    "#/$defs/date": "that the date exists on the calendar and follows the dates it must",
    "#/$defs/programme-year": "that the two years follow each other",
    "#/$defs/text": "its placeholders, links and the years it names",
    "#/$defs/id": "that each id is unique and that every reference to one exists",
    "#/$defs/outcome/properties/year": "that the decisions that name a year have one",
    "#/$defs/thematic/properties/description": "that it names the lead, partners and contributors",
    "#/$defs/thematic/properties/lead": "that it is in the registry",
    "#/$defs/suggestion/properties/outcome": "that it is one of this area's outcomes",
    "#/$defs/area/properties/heading": (
        "that an area whose table would print straight after another table has one"
    ),
    "#/$defs/response/properties/question": "that it is the id of a question",
    "#/properties/document/properties/published": (
        "that it follows the consultation's deadline, and that every organisation the record "
        "names has a name in force in the registry then"
    ),
    "#/$defs/thematic/properties/partners": (
        "that each is in the registry and is not the lead, and that a joint thematic's "
        "description names them"
    ),
    "#/$defs/thematic/properties/contributors": (
        "that each is in the registry and is neither the lead nor a partner, and that the "
        "description names them"
    ),
    "#/$defs/agreed/properties/thematics/items/properties/partners": (
        "that each is in the registry and is not the lead, and that the paragraph names them"
    ),
    "#/$defs/agreed/properties/thematics/items/properties/contributors": (
        "that each is in the registry and is neither the lead nor a partner, and that the "
        "paragraph names them"
    ),
    "#/$defs/agreed/properties/thematics/items/properties/lead": (
        "that it is in the registry and that the paragraph names it where another body leads"
    ),
    "#/$defs/agreed/properties/thematics/items/properties/year": (
        "that it is later than this record's programme year and that the paragraph names it"
    ),
    "#/$defs/removed/properties/reconsider_in": (
        "that it is later than this record's programme year and that the paragraph names it"
    ),
    "#/properties/commitments/items/properties/year": (
        "that it is later than this record's programme year"
    ),
    "#/$defs/outcome/properties/research": "that it is a research project of the programme",
    "#/$defs/comment/properties/research": "that it is a research project of the programme",
    "#/properties/commitments/items/properties/research": (
        "that it is a research project of this programme"
    ),
}
"""What only ``make validate`` checks, per schema location: said in that field's hover."""

VOCABULARY_FIELDS: dict[str, str] = {
    "#/$defs/outcome/properties/decision": "suggestions",
    "#/$defs/comment/properties/decision": "comments",
}
"""The fields that name a decision kind, with the responses their kinds must answer (``for:``
in the vocabulary). The editor offers the shipped vocabulary's kinds there, in its order, each
completion with its own meaning, and lists them all in the field's hover; a kind a team adds is
not refused by the editor, and ``make validate`` checks every kind against the team's own
vocabulary."""

VOCABULARY_NOTE = "that the kind is in the project's own vocabulary"
