"""What an output rule is: an id, a severity, its check, and the problems the check yields."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from hmip_docs.core.findings import Severity
from hmip_docs.ooxml.package import Docx

if TYPE_CHECKING:
    pass


@dataclass(frozen=True)
class Problem:
    """One problem a check found: what, where in the document, and how to fix it."""

    message: str
    where: str = ""
    hint: str = ""


Check = Callable[[Docx], Iterator[Problem]]


@dataclass(frozen=True)
class OutputRule:
    """A check of the built document: id, severity, one-line summary, the accessibility-checker
    rule or guidance it follows, and the check itself (its docstring is its documentation)."""

    id: str
    severity: Severity
    summary: str
    follows: str
    check: Check = field(repr=False)
