"""The Jinja type walker: each part's Jinja tree walked with the types of the context, so that
every name and attribute the template uses exists, formatted text is printed with ``{{r … }}``
and plain values with ``{{ … }}``; it collects the attribute paths the part prints."""

from __future__ import annotations

import difflib
from collections import ChainMap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hmip_docs.context.model import Text
from hmip_docs.core.findings import LISTED_PER_RULE, Finding
from hmip_docs.template_lint.context_types import (
    LEAVES,
    LOOP,
    LOOP_ATTRS,
    UNKNOWN,
    element_type,
    field_types,
    is_group,
    unwrap_optional,
)
from hmip_docs.template_lint.parts import Part, rich_flags
from hmip_docs.template_lint.rules import TEMPLATE_RULES

if TYPE_CHECKING:
    from jinja2 import Environment, nodes


@dataclass(frozen=True)
class Value:
    kind: Any
    path: str = ""


def _expr_text(node: nodes.Node) -> str:
    from jinja2 import nodes

    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_expr_text(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return f"{_expr_text(node.node)}[{node.arg.value!r}]"
    if isinstance(node, nodes.Filter) and node.node is not None:
        return f"{_expr_text(node.node)}|{node.name}"
    return "the expression"


def _kind_name(kind: Any) -> str:
    if kind is Text:
        return "formatted text"
    if element_type(kind) is not None:
        return "a list"
    if is_group(kind):
        return f"a group of fields ({kind.__name__})"
    return "a plain value"


_NAMES_SHOWN = 30
"""At most this many of the names in scope are listed in a hint."""
_FILTERS_KEEP = frozenset({"default", "d"})
_FILTERS_ELEMENT = frozenset({"first", "last", "random"})
_FILTERS_NUMBER = frozenset({"length", "count", "wordcount"})


Scope = ChainMap[str, "Value"]
"""The names a template sees at one point: a block's own names before those of the blocks
around it (a new block adds a map in front, not a copy of every name)."""


class Walker:
    """Walks one part's Jinja AST with the context's types, collecting problems and the
    attribute paths the part prints. ``counts`` (shared by the walkers of one template) counts
    the problems of each rule, so that hints are worked out only for those a report lists."""

    def __init__(self, part: Part, env: Environment, file: str, counts: dict[str, int]) -> None:
        self.part = part
        self.env = env
        self.file = file
        self.counts = counts
        self.findings: list[Finding] = []
        self.printed: dict[str, Any] = {}
        self.flags = rich_flags(part)

    def problem(self, rule: str, line: int, message: str, hint: str | Callable[[], str]) -> None:
        self.counts[rule] = self.counts.get(rule, 0) + 1
        listed = self.counts[rule] <= LISTED_PER_RULE
        self.findings.append(
            Finding(
                rule=rule,
                severity=TEMPLATE_RULES[rule][0],
                message=message,
                hint=(hint() if callable(hint) else hint) if listed else "",
                file=self.file,
                item=self.part.where(line),
            )
        )

    # statements

    def block(self, body: Sequence[nodes.Node], scope: Scope) -> None:
        for node in body:
            self.statement(node, scope)

    def statement(self, node: nodes.Node, scope: Scope) -> None:
        from jinja2 import nodes

        if isinstance(node, nodes.Output):
            for child in node.nodes:
                if not isinstance(child, nodes.TemplateData):
                    self.output(child, scope)
        elif isinstance(node, nodes.For):
            self.loop(node, scope)
        elif isinstance(node, nodes.If):
            self.expr(node.test, scope)
            self.block(node.body, scope)
            self.block(node.elif_, scope)
            self.block(node.else_, scope)
        elif isinstance(node, nodes.Assign):
            self.bind(node.target, self.expr(node.node, scope), scope)
        elif isinstance(node, nodes.AssignBlock):
            self.block(node.body, scope)
            self.bind(node.target, Value(str), scope)
        elif isinstance(node, nodes.With):
            self.with_block(node, scope)
        elif isinstance(node, nodes.Macro | nodes.CallBlock):
            self.macro(node, scope)
        elif isinstance(node, nodes.ExprStmt):
            self.expr(node.node, scope)
        else:
            for inner_node in node.iter_child_nodes():
                if isinstance(inner_node, nodes.Expr):
                    self.expr(inner_node, scope)
                else:
                    self.statement(inner_node, scope)

    def with_block(self, node: nodes.With, scope: Scope) -> None:
        inner = scope.new_child()
        for target, value in zip(node.targets, node.values, strict=False):
            self.bind(target, self.expr(value, scope), inner)
        self.block(node.body, inner)

    def macro(self, node: nodes.Macro | nodes.CallBlock, scope: Scope) -> None:
        """A macro or a call block: its body walked with its arguments (and ``caller``) as
        names of unknown kind."""
        from jinja2 import nodes

        inner = scope.new_child()
        for arg in node.args:
            inner[arg.name] = Value(UNKNOWN)
        for default in node.defaults:
            self.expr(default, scope)
        inner["caller"] = Value(UNKNOWN)
        self.block(node.body, inner)
        if isinstance(node, nodes.Macro):
            scope[node.name] = Value(UNKNOWN)
        else:
            self.expr(node.call, scope)

    def loop(self, node: nodes.For, scope: Scope) -> None:
        iterable = self.expr(node.iter, scope)
        kind = unwrap_optional(iterable.kind)
        element = element_type(kind)
        if element is None:
            if kind is not UNKNOWN:
                self.problem(
                    "template-name",
                    node.lineno,
                    f"'{_expr_text(node.iter)}' is {_kind_name(kind)}, not a list to loop over",
                    "loop over a list of the context (see hmip_docs/context/model.py)",
                )
            element = UNKNOWN
        inner = scope.new_child()
        self.bind(node.target, Value(element, iterable.path), inner)
        inner["loop"] = Value(LOOP)
        if node.test is not None:
            self.expr(node.test, inner)
        self.block(node.body, inner)
        self.block(node.else_, scope)

    def bind(self, target: nodes.Node, value: Value, scope: Scope) -> None:
        from jinja2 import nodes

        if isinstance(target, nodes.Name):
            scope[target.name] = value
        else:
            for child in target.find_all(nodes.Name):
                scope[child.name] = Value(UNKNOWN)

    def output(self, node: nodes.Expr, scope: Scope) -> None:
        line_flags = self.flags.get(node.lineno)
        rich = line_flags.popleft() if line_flags else False
        value = self.expr(node, scope)
        kind = unwrap_optional(value.kind)
        shown = _expr_text(node)
        if kind is UNKNOWN or kind is LOOP:
            return
        if kind is Text:
            if not rich:
                how = (
                    "a document property cannot hold it"
                    if not self.part.xml
                    else f"print it with {{{{r {shown} }}}}"
                )
                self.problem(
                    "template-print",
                    node.lineno,
                    f"'{shown}' is formatted text, printed with {{{{ … }}}}",
                    how,
                )
        elif kind in LEAVES:
            if rich:
                self.problem(
                    "template-print",
                    node.lineno,
                    f"'{shown}' is plain text, printed with {{{{r … }}}}",
                    f"print it with {{{{ {shown} }}}} (without the r)",
                )
        else:
            fields = ", ".join(sorted(field_types(kind))) if is_group(kind) else ""
            self.problem(
                "template-print",
                node.lineno,
                f"'{shown}' is {_kind_name(kind)}, not a text to print",
                f"print one of its fields ({fields})"
                if fields
                else f"loop over it: {{%p for item in {shown} %}}",
            )
            return
        if value.path:
            self.printed.setdefault(value.path, kind)

    # expressions

    def expr(self, node: nodes.Node, scope: Scope) -> Value:
        from jinja2 import nodes

        if isinstance(node, nodes.Name):
            return self.name(node, scope)
        if isinstance(node, nodes.Getattr):
            return self.attribute(self.expr(node.node, scope), node.attr, node)
        if isinstance(node, nodes.Getitem):
            base = self.expr(node.node, scope)
            self.expr(node.arg, scope)
            element = element_type(unwrap_optional(base.kind))
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                return self.attribute(base, node.arg.value, node)
            return Value(element, base.path) if element is not None else Value(UNKNOWN)
        if isinstance(node, nodes.Filter):
            return self.filter(node, scope)
        if isinstance(node, nodes.Test):
            self.expr(node.node, scope)
            self.arguments(node, scope)
            if node.name not in self.env.tests:
                self.problem(
                    "template-syntax", node.lineno, f"there is no test named '{node.name}'", ""
                )
            return Value(bool)
        if isinstance(node, nodes.Const):
            return Value(type(node.value))
        if isinstance(node, nodes.CondExpr):
            self.expr(node.test, scope)
            first = self.expr(node.expr1, scope)
            second = self.expr(node.expr2, scope) if node.expr2 is not None else None
            same = second is None or second.kind == first.kind
            return first if same else Value(UNKNOWN)
        for child in node.iter_child_nodes():
            self.expr(child, scope)
        if isinstance(node, nodes.Compare | nodes.And | nodes.Or | nodes.Not):
            return Value(bool)
        return Value(UNKNOWN)

    def arguments(self, node: nodes.Filter | nodes.Test, scope: Scope) -> None:
        for arg in node.args:
            self.expr(arg, scope)
        for keyword in node.kwargs:
            self.expr(keyword.value, scope)
        for extra in (node.dyn_args, node.dyn_kwargs):
            if extra is not None:
                self.expr(extra, scope)

    def name(self, node: nodes.Name, scope: Scope) -> Value:
        if node.name in scope:
            return scope[node.name]
        if node.name in self.env.globals:
            return Value(UNKNOWN)

        def hint() -> str:
            known = sorted(n for n in scope if n != "loop")
            close = difflib.get_close_matches(node.name, known, n=1)
            if close:
                return f"did you mean '{close[0]}'?"
            more = ", …" if len(known) > _NAMES_SHOWN else ""
            return "names here: " + ", ".join(known[:_NAMES_SHOWN]) + more

        self.problem(
            "template-name",
            node.lineno,
            f"the name '{node.name}' is not in the document's context",
            hint,
        )
        return Value(UNKNOWN)

    def attribute(self, base: Value, attr: str, node: nodes.Node) -> Value:
        kind = unwrap_optional(base.kind)
        shown = _expr_text(node)
        if kind is UNKNOWN:
            return Value(UNKNOWN)
        if kind is LOOP:
            if attr not in LOOP_ATTRS:
                self.problem(
                    "template-name",
                    node.lineno,
                    f"'loop' has no attribute '{attr}'",
                    "loop has: " + ", ".join(sorted(LOOP_ATTRS)),
                )
            return Value(UNKNOWN)
        if is_group(kind):
            hints = field_types(kind)
            if attr in hints:
                path = f"{base.path}.{attr}" if base.path else attr
                return Value(hints[attr], path)
            close = difflib.get_close_matches(attr, list(hints), n=1)
            self.problem(
                "template-name",
                node.lineno,
                f"'{shown}': {kind.__name__} has no field '{attr}'",
                f"did you mean '{close[0]}'?"
                if close
                else f"{kind.__name__} has: " + ", ".join(hints),
            )
            return Value(UNKNOWN)
        if kind in LEAVES and hasattr(kind, attr):  # a method of a plain value, such as upper
            return Value(UNKNOWN)
        if element_type(kind) is not None and hasattr(tuple, attr):
            return Value(UNKNOWN)
        self.problem(
            "template-name",
            node.lineno,
            f"'{shown}': {_expr_text(node).rsplit('.', 1)[0]} is {_kind_name(kind)}, which has "
            f"no field '{attr}'",
            "print it as it is"
            if kind is Text or kind in LEAVES
            else "loop over the list and use each entry's fields",
        )
        return Value(UNKNOWN)

    def filter(self, node: nodes.Filter, scope: Scope) -> Value:
        base = self.expr(node.node, scope) if node.node is not None else Value(UNKNOWN)
        self.arguments(node, scope)
        if node.name not in self.env.filters:
            self.problem(
                "template-syntax", node.lineno, f"there is no filter named '{node.name}'", ""
            )
            return Value(UNKNOWN)
        kind = unwrap_optional(base.kind)
        if node.name in _FILTERS_KEEP:
            return base
        if node.name in _FILTERS_ELEMENT and element_type(kind) is not None:
            return Value(element_type(kind), base.path)
        if node.name in _FILTERS_NUMBER:
            return Value(int)
        if kind is Text:
            self.problem(
                "template-print",
                node.lineno,
                f"'{_expr_text(node)}': a filter cannot change formatted text",
                "print the text as it is, with {{r … }}",
            )
        return Value(UNKNOWN)
