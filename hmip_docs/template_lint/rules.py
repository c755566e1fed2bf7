"""The template lint's own rule ids, and a finding of one of them."""

from __future__ import annotations

from collections.abc import Mapping

from hmip_docs.core.findings import Finding, Severity

E, W = Severity.ERROR, Severity.WARNING

TEMPLATE_RULES: Mapping[str, tuple[Severity, str]] = {
    "template-unreadable": (E, "the template is a Word document"),
    "template-limits": (E, "the template can be checked within the time and memory limits"),
    "template-syntax": (E, "the template's tags are valid Jinja"),
    "template-name": (E, "every name the template uses exists in the document's context"),
    "template-print": (E, "formatted text is printed with {{r … }}, plain values with {{ … }}"),
    "template-unprinted-field": (W, "every record field is printed, or marked not printed"),
    "template-style": (E, "the styles the build relies on are present"),
    "template-numbering": (E, "the numbering the build relies on is present"),
    "template-table": (E, "tables have a repeating header row and rows that do not split"),
    "template-property": (E, "the document properties the build relies on are set"),
}
"""The lint's own rule ids; it also reports output rules (``checks/document.py``) that fail on the
template itself."""


def finding(rule: str, message: str, hint: str, file: str, item: str = "") -> Finding:
    """A finding of one of the lint's own rules, at its severity."""
    return Finding(
        rule=rule,
        severity=TEMPLATE_RULES[rule][0],
        message=message,
        hint=hint,
        file=file,
        item=item,
    )
