"""The lint run the way ``hmip-docs lint-template`` runs it: in a child process held to the
render's time and memory limits, since what reading a template costs is the template's to
decide."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from hmip_docs.core.findings import Finding
from hmip_docs.template_lint.lint import lint
from hmip_docs.template_lint.rules import finding

if TYPE_CHECKING:
    from hmip_docs.render import sandbox


def lint_findings(template: Path, file: str) -> tuple[Finding, ...]:
    """``lint(template, file).findings``: what ``lint-template`` runs in a process held to the
    limits (``sandbox``), since what reading a template costs is the template's to decide."""
    return lint(template, file).findings


def lint_limited(
    template: Path, file: str, limits: sandbox.RenderLimits | None = None
) -> tuple[Finding, ...]:
    """``lint_findings`` run in a child process held to ``limits`` (default: the render's), the
    way ``lint-template`` runs it; a template that cannot be checked within them gives one
    ``template-limits`` finding."""
    from hmip_docs.render import sandbox
    from hmip_docs.render.errors import RenderError

    job = sandbox.Job(lint_findings, (template, file), template, "checking the template")
    try:
        found: tuple[Finding, ...] = sandbox.run(job, limits or sandbox.DEFAULT_LIMITS)
    except RenderError as error:
        return (over_the_limits(str(error), template, file),)
    return found


def over_the_limits(message: str, template: Path, file: str) -> Finding:
    """The finding for a template that checking could not finish within the limits
    (``message``: the ``RenderError`` that says which)."""
    return finding(
        "template-limits",
        message.removeprefix(f"{template}: "),
        "the template is far larger or more deeply nested than a document needs: open it in "
        "Word and save it again, or go back to the last template that passed",
        file,
    )
