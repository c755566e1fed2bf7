"""The template's Jinja syntax: a part parsed and compiled as the build would, or the finding
that stops it (the paragraph it is in, the block never closed, tags nested too deeply)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hmip_docs.core.findings import Finding, Severity
from hmip_docs.template_lint.parts import Part

if TYPE_CHECKING:
    from jinja2 import Environment, nodes

E = Severity.ERROR

_BLOCKS = frozenset({"for", "if", "macro", "call", "filter", "with", "block", "autoescape", "raw"})


def _unclosed(env: Environment, source: str) -> tuple[int, str, str] | None:
    """The innermost block tag still open at the end of the source: its line, the tag as
    written (``{% if x %}``) and its name, or None."""
    from jinja2 import TemplateSyntaxError

    stack: list[tuple[int, str, str]] = []
    tag: list[str] | None = None
    opened: tuple[int, str] | None = None
    try:
        for line, token, value in env.lex(source):
            if token == "block_begin":
                tag, opened = [], None
            elif token == "block_end" and tag is not None:
                if opened is not None:
                    stack.append((opened[0], "{% " + " ".join(tag) + " %}", opened[1]))
                tag = None
            elif tag is not None and token != "whitespace":
                if not tag and token == "name":
                    if value in _BLOCKS:
                        opened = (line, value)
                    elif value.startswith("end") and stack:
                        stack.pop()
                tag.append(value)
    except TemplateSyntaxError:
        return None
    return stack[-1] if stack else None


def too_deep(part: Part, file: str, detail: str = "") -> Finding:
    """The finding for tags nested more deeply than Jinja can read or compile."""
    return Finding(
        rule="template-syntax",
        severity=E,
        message="template syntax error: the tags are nested too deeply to read"
        + (f" ({detail})" if detail else ""),
        hint="nest fewer blocks ({% for %}, {% if %}, brackets) inside one another",
        file=file,
        item=part.name,
    )


def parse(env: Environment, part: Part, file: str) -> tuple[nodes.Template | None, list[Finding]]:
    """The part's AST, or the syntax error that stops Jinja reading it."""
    from jinja2 import TemplateSyntaxError

    try:
        ast = env.parse(part.source)
        env.compile(ast)  # reports unknown filters and tests, as rendering would
    except (RecursionError, SyntaxError) as error:
        # Jinja reads nested tags by recursion, and Python compiles at most 20 nested blocks.
        return None, [too_deep(part, file, str(getattr(error, "msg", "")))]
    except TemplateSyntaxError as error:
        line = error.lineno or 0
        message = f"template syntax error: {error.message}"
        hint = "correct the tag in Word; keep each {% … %} or {{ … }} tag typed in one go"
        if "Unexpected end of template" in (error.message or ""):
            opened = _unclosed(env, part.source)
            if opened is not None:
                line, tag, name = opened
                message = f"template syntax error: the tag {tag} is never closed"
                hint = f"add a paragraph {{%p end{name} %}} where the {name} block should end"
        finding = Finding(
            rule="template-syntax",
            severity=E,
            message=message,
            hint=hint,
            file=file,
            item=part.where(line),
        )
        return None, [finding]
    return ast, []
