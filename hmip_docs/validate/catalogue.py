"""What each rule id checks, in one line, for reports that describe their rules (SARIF): the
command line hands ``describe`` to the reporters, which do not import the validator.

Cross-field rules describe themselves (``Rule.summary``); the table below covers the ids that
come from the schemas, the YAML loader and the tool itself, worded the same way (what holds
when the rule passes).
"""

from __future__ import annotations

from typing import Final

from hmip_docs.core.findings import spelled
from hmip_docs.validate.rules import RECORD_RULES, REGISTRY_RULES

OTHER_RULES: Final[dict[str, str]] = {
    # From the schemas' x-errors.
    "statutory-consultee-missing": "every statutory consultee is named",
    "thematic-lead": "every thematic names its lead",
    "joint-thematic-partners-missing": "a joint thematic names its partners",
    "single-agency-partners": "a single-agency thematic has no partners or contributors",
    "partners-named": "a thematic whose partners were not named lists none",
    "suggestion-outcome-missing": "every suggestion has an outcome",
    "link-address-invalid": "link addresses are web addresses",
    # From JSON Schema keywords (schema.KEYWORD_RULES).
    "required-field": "required fields are present",
    "unknown-field": "every field is one the schema knows",
    "wrong-type": "values are of the right kind (text, list, mapping, number)",
    "not-allowed-value": "values come from their closed list",
    "bad-format": "values are in the expected form (dates, years, ids)",
    "empty-list": "lists that must have entries have them",
    "empty-text": "texts that must be written are written",
    "duplicate-entry": "lists name each entry once",
    "schema": "the record matches its schema",
    # From reading the file (yamlload).
    "file-unreadable": "the file can be read",
    "yaml-too-large": "the file is of a reasonable size",
    "yaml-too-deep": "the structure is of a reasonable depth",
    "yaml-string-too-long": "texts are of a reasonable length",
    "yaml-encoding": "the file is saved as UTF-8",
    "yaml-empty": "the file holds a record",
    "yaml-not-mapping": "the file is a set of `key: value` lines",
    "yaml-multiple-documents": "a file holds one record",
    "yaml-syntax": "the YAML is well-formed",
    "yaml-tab-indent": "lines are indented with spaces, not tabs",
    "yaml-bad-character": "the file has no control characters",
    "yaml-alias": "values are written out, not YAML aliases",
    "yaml-tag": "values carry no YAML tags",
    "yaml-key-type": "keys are plain words",
    "yaml-duplicate-key": "each key appears once in its mapping",
    "yaml-number": "numbers are of a size that can be read",
    # From the search for records (validate.discover).
    "folder-unreadable": "every folder of records can be read",
    "folder-without-record": "every folder of records holds a record",
    "no-records": "a folder searched for records holds at least one",
    # From the tool itself.
    "schema-version-old": "the record is written for the schema version the tool reads",
    "decisions-vocabulary": "the vocabulary of decision kinds beside the registry is complete",
    "upgrade": "a record to upgrade is of a version the tool can rewrite",
    "suppression-unused": "every suppression matches a finding",
    "output-template-tag": "the built document shows no template code",
    "internal-error": "hmip-docs itself ran without fault (not a problem in the record)",
}


def describe(rule: str) -> str:
    """What ``rule`` checks, in one line (the id itself, in words, for an id not known here)."""
    for table in (RECORD_RULES, REGISTRY_RULES):
        if rule in table:
            return table[rule].summary
    return OTHER_RULES.get(rule, spelled(rule))
