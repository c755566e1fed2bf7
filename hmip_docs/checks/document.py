"""Check a rendered document before it is kept: what the template produced must be publishable
and accessible (the Public Sector Bodies Accessibility Regulations 2018 apply to it).

Each check reads the .docx bytes themselves (the XML Word will open), not the context. Each is a
small rule with a stable id, named after the Microsoft Word Accessibility Checker rule, the
LibreOffice accessibility check or the GOV.UK guidance it follows; ``OUTPUT_RULES`` is the table.
The docstring of a rule's check is its documentation in ``docs/rules.md``, with the example that
breaks it. Any error stops the build: no document is written and an earlier one stays as it was.

Where record content could trigger a rule (a text starting with a typed number, a link whose text
is an address, a blank text), ``validate/rules/output.py`` has a record rule that reports it first,
at its line in the record, so a record that validates always builds.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from hmip_docs.checks.base import OutputRule
from hmip_docs.checks.empty_paragraphs import empty_paragraph
from hmip_docs.checks.fonts import body_font
from hmip_docs.checks.heading_levels import heading_level
from hmip_docs.checks.headings import heading_order, label_heading, typed_number
from hmip_docs.checks.images import alt_text
from hmip_docs.checks.links import link_address, link_text
from hmip_docs.checks.properties import document_language, document_title
from hmip_docs.checks.tables import merged_cells, row_split, table_header, tables_apart
from hmip_docs.checks.tags import template_tag
from hmip_docs.core.findings import Finding, Severity, capped
from hmip_docs.ooxml.package import Docx, Heading

if TYPE_CHECKING:
    pass


E = Severity.ERROR


OUTPUT_RULES: dict[str, OutputRule] = {
    rule.id: rule
    for rule in (
        OutputRule(
            "output-template-tag",
            E,
            "no template code is left",
            "house rule: template code is never published",
            template_tag,
        ),
        OutputRule(
            "output-title",
            E,
            "the document has a title",
            'LibreOffice "Document title is not set"; GOV.UK: add a title in the document '
            "properties",
            document_title,
        ),
        OutputRule(
            "output-language",
            E,
            "the document and its text are in en-GB",
            'LibreOffice "Document default language is not set"',
            document_language,
        ),
        OutputRule(
            "output-heading-order",
            E,
            "headings start at level 1 and skip no level",
            'Word "Skipped heading levels"; LibreOffice "Headings not in order" and "Outline '
            'levels should start with level 1"',
            heading_order,
        ),
        OutputRule(
            "output-heading-level",
            E,
            "a heading's level follows from where the record puts it",
            'Word "Skipped heading levels" and "Documents use heading styles"; GOV.UK: nest '
            "headings in order",
            heading_level,
        ),
        OutputRule(
            "output-heading-label",
            E,
            '"Consultation question \u2013 …" is a real, unnumbered heading',
            'Word "Documents use heading styles"',
            label_heading,
        ),
        OutputRule(
            "output-typed-number",
            E,
            "paragraph numbers come from Word numbering",
            'LibreOffice "Fake numbering" (manual numbering)',
            typed_number,
        ),
        OutputRule(
            "output-table-header",
            E,
            "every table's first row is a repeating header row; no layout tables",
            'Word "Missing table header" (tables specify column header information); GOV.UK: '
            "do not use tables for layout",
            table_header,
        ),
        OutputRule(
            "output-row-split",
            E,
            "table rows do not break across pages",
            "house style: a row's cells stay together on the page, as in the published response",
            row_split,
        ),
        OutputRule(
            "output-merged-cells",
            E,
            "no merged or split table cells",
            'Word "Merged cells"; LibreOffice "Table contains merges or splits"',
            merged_cells,
        ),
        OutputRule(
            "output-tables-apart",
            E,
            "something is printed between two tables",
            "house rule: Word joins two tables with nothing between them into one, a table "
            "with a header row in its middle",
            tables_apart,
        ),
        OutputRule(
            "output-alt-text",
            E,
            "images and tables have alternative text",
            'Word "Missing alternative text"; LibreOffice "No alt or description text"',
            alt_text,
        ),
        OutputRule(
            "output-link-text",
            E,
            "link text is words, not a bare address",
            'Word "Unclear hyperlink text"; LibreOffice "Hyperlink text is the same as the '
            'link address"',
            link_text,
        ),
        OutputRule(
            "output-link-address",
            E,
            "every link has an address",
            "house rule: a link without an address prints as plain text",
            link_address,
        ),
        OutputRule(
            "output-empty-paragraph",
            E,
            "no empty paragraphs for spacing",
            'LibreOffice "Avoid newlines to create space"; Word "Repeated blank characters"',
            empty_paragraph,
        ),
        OutputRule(
            "output-font",
            E,
            "body text is sans-serif, 12 point or more",
            "GOV.UK: use a sans serif font of at least 12 point",
            body_font,
        ),
    )
}


def check(
    docx: bytes,
    record_texts: Iterable[str],
    file: str,
    rules: Iterable[OutputRule] | None = None,
    outline: tuple[Heading, ...] = (),
) -> list[Finding]:
    """Every problem the output rules find in a rendered document, as findings on ``file``
    (at most ``findings.LISTED_PER_RULE`` of a rule listed one by one); ``outline`` is the
    record's headings and their levels (``heading_levels.outline``)."""
    doc = Docx.read(docx, record_texts, outline)
    findings: list[Finding] = []
    for rule in OUTPUT_RULES.values() if rules is None else rules:
        for problem in rule.check(doc):
            findings.append(
                Finding(
                    rule=rule.id,
                    severity=rule.severity,
                    message=problem.message,
                    hint=problem.hint,
                    file=file,
                    item=problem.where,
                )
            )
    return capped(findings)
