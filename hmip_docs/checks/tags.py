"""Template code left in the output."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from hmip_docs.checks.base import Problem
from hmip_docs.ooxml.package import Docx
from hmip_docs.ooxml.xml import W, template_tags

if TYPE_CHECKING:
    pass


def template_tag(doc: Docx) -> Iterator[Problem]:
    """No template code is left in the document. Tag-like text the record itself holds (a
    literal ``{{`` in prose) is allowed, as many times as the record has it.

    Breaks it: a template tag the renderer did not recognise, such as ``{{ cover.title }`` with a
    brace missing, printed as it stands.
    """
    seen = 0
    for part, root in doc.content_parts():
        for paragraph in root.iter(f"{W}p"):
            found = template_tags(doc.text(paragraph))
            left = found[max(0, doc.record_tags - seen) :]
            seen += len(found)
            if left:
                yield Problem(
                    f"the document still shows template code {' '.join(left)}",
                    doc.where(part, paragraph),
                    "fix the tag in the template (run hmip-docs lint-template)",
                )
