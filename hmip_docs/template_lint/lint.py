"""The lint's entry point: one template read the way the build reads it, each part checked
for syntax (``syntax.py``) and walked with the context's types (``walker.py``), the fields it
prints nowhere listed (``coverage.py``) and the contract checked (``contract_check.py``)."""

from __future__ import annotations

import io
import zipfile
from collections import ChainMap
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hmip_docs.context.model import Context, Text
from hmip_docs.core.findings import Finding, capped
from hmip_docs.template_lint.context_types import field_types
from hmip_docs.template_lint.contract_check import contract
from hmip_docs.template_lint.coverage import unprinted_fields
from hmip_docs.template_lint.parts import parts
from hmip_docs.template_lint.rules import finding
from hmip_docs.template_lint.syntax import parse, too_deep
from hmip_docs.template_lint.walker import Value, Walker


@dataclass(frozen=True)
class Lint:
    """The outcome of linting one template: findings and the context paths it prints."""

    findings: tuple[Finding, ...]
    printed: Mapping[str, Any] = field(default_factory=dict)


def _open(data: bytes) -> Any:
    from docx.opc.exceptions import PackageNotFoundError
    from docxtpl import DocxTemplate  # type: ignore[import-untyped]

    from hmip_docs.render.word import starved

    try:
        tpl = DocxTemplate(io.BytesIO(data))
        tpl.init_docx()
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, SyntaxError) as exc:
        if starved(exc):  # a memory limit reached, not a damaged template
            raise MemoryError from exc
        raise ValueError(str(exc) or type(exc).__name__) from exc
    return tpl


def lint(template: Path, file: str | None = None) -> Lint:
    """Every problem of a Word template, as findings on ``file`` (default: its path)."""
    from hmip_docs.render.word import _environment  # the environment the build renders with

    shown = file or str(template)
    try:
        data = template.read_bytes()
        tpl = _open(data)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return Lint(
            (
                finding(
                    "template-unreadable",
                    f"cannot open the template as a Word document ({reason})",
                    "save it from Word as a Word Document (.docx)",
                    shown,
                ),
            )
        )
    env = _environment()
    findings: list[Finding] = []
    printed: dict[str, Any] = {}
    parsed = True
    root = {name: Value(hint, name) for name, hint in field_types(Context).items()}
    counts: dict[str, int] = {}
    for part in parts(tpl):
        ast, problems = parse(env, part, shown)
        findings += problems
        if ast is None:
            parsed = False
            continue
        walker = Walker(part, env, shown, counts)
        try:
            walker.block(ast.body, ChainMap(dict(root)))
        except RecursionError:
            findings.append(too_deep(part, shown))
        findings += walker.findings
        for path, kind in walker.printed.items():
            printed.setdefault(path, kind)
    if parsed:
        prose = any(kind is Text for kind in printed.values())
        for missing in unprinted_fields(list(printed), prose):
            where = missing.pattern.replace("/*", "[]").replace("/", ".")
            findings.append(
                finding(
                    "template-unprinted-field",
                    f"the record field `{where}` ({missing.title.lower()}) is printed nowhere "
                    "in this template",
                    'print it in the template, or list it in "x-unprinted" beside it in the schema '
                    "if it is data the document does not show",
                    shown,
                )
            )
    findings += contract(data, shown)
    return Lint(tuple(capped(findings)), printed)
