"""Reporters: pure functions from findings to text, one module per format.

``FORMATS`` is the registry the CLI offers as ``--format`` choices. Every reporter takes the
findings as ranked upstream and a ``Summary`` of what was checked. The machine formats (json,
sarif, junit) carry accepted (suppressed) findings with their reason; the formats people read
(text, github, markdown) count them in the summary line and list them only with
``--show-accepted``, so that what stands is not lost among them. Each is given the findings
through ``common.escaped``, so that no format shows a control, bidi or line-breaking character
quoted from a record as it is.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Sequence

from hmip_docs.core.findings import Finding
from hmip_docs.report.common import Summary, escaped

Reporter = Callable[[Sequence[Finding], Summary], str]

_MODULES = {
    "text": "text",
    "json": "json_format",
    "github": "github",
    "sarif": "sarif",
    "junit": "junit",
    "markdown": "markdown",
}
"""The module of each format; its ``render`` is the reporter."""


class _Reporters(dict[str, Reporter]):
    """The reporters by format name. Each module is imported the first time its format is used:
    a run prints one report, and the others' imports (XML among them) would cost more than the
    validation of a record."""

    def __missing__(self, name: str) -> Reporter:
        module = importlib.import_module(f"hmip_docs.report.{_MODULES[name]}")
        render: Reporter = module.render

        def reporter(findings: Sequence[Finding], summary: Summary) -> str:
            return render(*escaped(findings, summary))

        self[name] = reporter
        return reporter

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*_MODULES, *super().__iter__()]))

    def __len__(self) -> int:
        return len(set(_MODULES) | set(super().__iter__()))

    def __contains__(self, name: object) -> bool:
        return name in _MODULES or super().__contains__(name)


FORMATS: dict[str, Reporter] = _Reporters()

__all__ = ["FORMATS", "Reporter", "Summary"]
