"""What printed text must not look like, shared by the output checks and the record rules.

The output checks (``checks/document.py``) refuse a document with such text; the record rules
(``validate/rules/output.py``) find it in the record first, so an accepted record always builds.
Kept apart so that validating a record does not load the output checks.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

HEADING_LABELS: Mapping[str, int] = {"Consultation question \u2013 ": 2}
"""Fixed labels the template prints at the start of a heading, with the heading's level: a
paragraph starting with one must be a real heading of that level, and unnumbered."""

TYPED_NUMBER = re.compile(r"^\s*(\(?\d+(?:\.\d+)+\.?\)?|\(?\d+[.)])(?=\s|$)")
"""A number typed at the start of a paragraph: ``1.1``, ``1.1.``, ``2.``, ``2)``, ``(3)``."""

_TLDS = "uk|com|org|net|gov|eu|int|edu|info|io|wales|scot|cymru"
BARE_ADDRESS = re.compile(
    rf"^\s*(?:(?:https?|ftp)://\S*|mailto:\S*|www\.\S*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    rf"|[\w-]+(?:\.[\w-]+)*\.(?:{_TLDS})(?:/\S*)?)\s*$",
    re.IGNORECASE,
)
"""Link text that is a web or email address rather than words saying where the link goes."""
