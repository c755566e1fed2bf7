"""Every regular expression of the package runs in linear time, whatever text it is given.

The patterns are found, not listed: each module of ``hmip_docs`` is imported and its source
read, and every pattern it compiles or passes to ``re`` is collected with the methods the package
calls on it (``match`` and ``fullmatch`` start at the beginning only; ``search``, ``finditer``,
``sub`` and the others try every position). The JSON Schemas' ``pattern`` keywords are added, as
python-jsonschema runs them (``re.search``). Each pattern is then fed texts built from its own
pieces (each literal, a character of each class, a letter, a digit, white space) repeated to
``SIZE`` characters, alone, in pairs, after a literal of the pattern, and followed by a
character that makes the match fail at the very end: the shapes that make a backtracking engine
take quadratic or exponential time. A linear pattern takes milliseconds on each; a quadratic one
takes seconds (and hours at the size a record may hold), so ``BOUND`` is generous and still far
below it.

A pattern built at run time from data (the names the rule ``description-names-partners`` looks
for) cannot be found this way: ``DYNAMIC`` lists where each is built, with the texts that would
be its worst case, and a test fails if a new one appears unlisted.
"""

from __future__ import annotations

import ast
import importlib
import itertools
import json
import pkgutil
import re
import re._constants as sre_constants
import re._parser as sre_parse
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import hmip_docs
from hmip_docs.record.organisations import OfficialName, Organisation
from hmip_docs.validate import schema
from hmip_docs.validate.rules import thematics
from tests.conftest import ROOT

SIZE = 50_000
"""Characters in each text: long enough that a quadratic pattern takes seconds."""
BOUND = 1.0
"""Seconds of processor time any one pattern may take on any one text (linear ones take a few
milliseconds). Processor time, not wall time: other work on a busy machine does not count."""

ANCHORED = frozenset({"match", "fullmatch"})
SCANNING = frozenset({"search", "finditer", "findall", "sub", "subn", "split"})
PACKAGE = Path(hmip_docs.__file__).parent


# ------------------------------------------------------------------------ finding the patterns


def _modules() -> Iterator[tuple[str, Path]]:
    for info in pkgutil.walk_packages(hmip_docs.__path__, "hmip_docs."):
        module = importlib.import_module(info.name)
        if module.__file__ and module.__file__.endswith(".py"):
            yield info.name, Path(module.__file__)


def _is_re_call(node: ast.AST) -> str | None:
    """The ``re`` function a call node calls (``re.sub(...)`` → ``sub``), else None."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "re"
    ):
        return node.func.attr
    return None


def _flags(call: ast.Call) -> int:
    flags = 0
    for arg in [*call.args[1:], *(k.value for k in call.keywords if k.arg == "flags")]:
        for name in ("IGNORECASE", "MULTILINE", "DOTALL", "VERBOSE"):
            if name in ast.unparse(arg):
                flags |= getattr(re, name)
    return flags


class Found:
    """The package's patterns, each with the methods called on it, and the dynamic sites."""

    def __init__(self) -> None:
        self.uses: dict[tuple[str, int], set[str]] = defaultdict(set)
        self.where: dict[tuple[str, int], str] = {}
        self.dynamic: set[str] = set()
        globals_by_name: dict[str, re.Pattern[str]] = {}
        sources: list[tuple[str, Path, ast.Module]] = []
        for name, path in _modules():
            module = importlib.import_module(name)
            for key, value in vars(module).items():
                if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                    globals_by_name[key] = value
            sources.append((name, path, ast.parse(path.read_text(encoding="utf-8"))))
        for _, path, tree in sources:
            where = str(path.relative_to(PACKAGE.parent))
            for function in [tree, *(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef))]:
                self._scan(function, where, globals_by_name)

    def add(self, pattern: re.Pattern[str], method: str, where: str) -> None:
        key = (pattern.pattern, pattern.flags)
        self.uses[key].add(method)
        self.where.setdefault(key, where)

    def _scan(self, scope: ast.AST, where: str, known: dict[str, re.Pattern[str]]) -> None:
        body = scope.body if isinstance(scope, ast.Module | ast.FunctionDef) else []
        nodes = [n for statement in body for n in ast.walk(statement)]
        self._calls(scope, nodes, where)
        local = _local_patterns(scope, nodes)
        self._method_uses(nodes, where, local, known)

    def _calls(self, scope: ast.AST, nodes: list[ast.AST], where: str) -> None:
        """Patterns used through ``re.search(...)`` and the like; a function that builds one from
        anything but a literal is noted as dynamic."""
        for node in nodes:
            function = _is_re_call(node)
            if function is None or function in ("escape", "Match", "Pattern") or not node.args:
                continue
            assert isinstance(node, ast.Call)
            try:
                text = ast.literal_eval(node.args[0])
            except ValueError:
                text = None
            line = f"{where}:{node.lineno}"
            if not isinstance(text, str):
                if isinstance(scope, ast.Module):
                    continue  # a module-level pattern built from others: read from the module
                self.dynamic.add(f"{where}:{scope.name}")
                continue
            pattern = re.compile(text, _flags(node))
            if function != "compile":
                self.add(pattern, function, line)

    def _method_uses(
        self,
        nodes: list[ast.AST],
        where: str,
        local: dict[str, re.Pattern[str]],
        known: dict[str, re.Pattern[str]],
    ) -> None:
        """Compiled patterns (the function's own, or the module's) used by their methods."""
        for node in nodes:
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            method = node.func.attr
            if method not in ANCHORED | SCANNING:
                continue
            owner = node.func.value
            name = (
                owner.id
                if isinstance(owner, ast.Name)
                else owner.attr
                if isinstance(owner, ast.Attribute)
                else None
            )
            if name in local:
                self.add(local[name], method, f"{where}:{node.lineno}")
            elif name in known and name != "re":
                self.add(known[name], method, f"{where}:{node.lineno}")


def _local_patterns(scope: ast.AST, nodes: list[ast.AST]) -> dict[str, re.Pattern[str]]:
    """The patterns a function compiles from literals into names of its own."""
    local: dict[str, re.Pattern[str]] = {}
    for node in nodes:
        if isinstance(node, ast.Assign) and _is_re_call(node.value) == "compile":
            call = node.value
            assert isinstance(call, ast.Call)
            try:
                text = ast.literal_eval(call.args[0])
            except ValueError:
                continue
            for target in node.targets:
                if isinstance(target, ast.Name) and isinstance(scope, ast.FunctionDef):
                    local[target.id] = re.compile(text, _flags(call))
    return local


FOUND = Found()


def _schema_patterns() -> Iterator[str]:
    for path in sorted((ROOT / "schemas").glob("*.schema.json")):
        node = json.loads(path.read_text(encoding="utf-8"))
        yield from sorted(schema.keyword_values(node, "pattern"))
        for properties in _pattern_properties(node):
            yield from properties


def _pattern_properties(node: object) -> Iterator[list[str]]:
    if isinstance(node, dict):
        if isinstance(node.get("patternProperties"), dict):
            yield list(node["patternProperties"])
        for value in node.values():
            yield from _pattern_properties(value)
    elif isinstance(node, list):
        for value in node:
            yield from _pattern_properties(value)


# ------------------------------------------------------------------------ the worst texts


_REPEATS = (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT)


def _pieces(pattern: str, flags: int) -> tuple[list[str], list[str], bool]:
    """The pattern's literal runs and one character of each of its classes; its literal runs
    of two characters or more (the prefixes a text may start with); and whether it repeats
    anything (without a repeat, each try is as long as the pattern at most: linear)."""
    single: set[str] = {"a", "Z", "0", " ", "\n", "\t", ".", "-", "é"}
    runs: set[str] = set()
    repeats = _walk(sre_parse.parse(pattern, flags), single, runs)
    units = sorted(single | runs)
    return units, sorted(r for r in runs if len(r) > 1), repeats


def _walk(items: object, single: set[str], runs: set[str]) -> bool:
    """Add the literal runs of parsed pattern ``items`` to ``runs`` and a character of each
    class to ``single``; whether anything in them repeats."""
    repeats = False
    run = ""
    for op, value in items:  # type: ignore[attr-defined]
        if op is sre_constants.LITERAL:
            run += chr(value)
            single.add(chr(value))
            continue
        if run:
            runs.add(run)
            run = ""
        if op is sre_constants.IN:
            _class_ends(value, single)
        elif op in _REPEATS:
            repeats = True
            _walk(value[2], single, runs)
        else:
            for inner in _inner(op, value):
                repeats = _walk(inner, single, runs) or repeats
    if run:
        runs.add(run)
    return repeats


def _class_ends(items: list[tuple[Any, Any]], single: set[str]) -> None:
    """One character of each literal of a class, and both ends of each range."""
    for kind, item in items:
        if kind is sre_constants.LITERAL:
            single.add(chr(item))
        elif kind is sre_constants.RANGE:
            single.update({chr(item[0]), chr(item[1])})


def _inner(op: object, value: Any) -> list[object]:
    """The parts of a group, an atomic group, an alternation or a lookaround."""
    if op is sre_constants.SUBPATTERN:
        return [value[-1]]
    if op is sre_constants.ATOMIC_GROUP:
        return [value]
    if op is sre_constants.BRANCH:
        return list(value[1])
    if op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
        return [value[1]]
    return []


def shapes(pattern: str, flags: int = 0) -> Iterator[str]:
    """Texts of about ``SIZE`` characters that are hard for a backtracking engine: one piece
    repeated (and then a character that ends the match), two pieces in turn, and a literal of
    the pattern before a repeated piece. Letters and digits in a literal (the names in an
    alternation) behave alike, so two of them stand for the rest in pairs."""
    units, prefixes, repeats = _pieces(pattern, flags)
    structural = [u for u in units if not u.isalnum()] + ["a", "0"]
    for unit in units:
        body = unit * (SIZE // len(unit))
        yield body
        if not repeats:
            continue
        for end in structural:
            yield body + end
    if not repeats:
        return
    for first, second in itertools.combinations(structural, 2):
        yield (first + second) * (SIZE // (len(first) + len(second)))
    for prefix in prefixes:
        for unit in structural:
            yield prefix + unit * (SIZE // len(unit)) + "\x00"


def _slowest(run: Callable[[str], object], texts: Iterator[str]) -> tuple[float, str]:
    worst = (0.0, "")
    for text in texts:
        start = time.process_time()
        run(text)
        took = time.process_time() - start
        if took > worst[0]:
            worst = (took, text)
        if took > BOUND:
            break
    return worst


def _runner(pattern: re.Pattern[str], methods: set[str]) -> Callable[[str], object]:
    scanning = bool(methods & SCANNING)

    def run(text: str) -> object:
        if scanning:  # every match, as finditer finds them, without a Python object each
            return pattern.subn("", text)
        return pattern.match(text), pattern.fullmatch(text)

    return run


def _show(text: str) -> str:
    return repr(text[:40]) + (f"… ({len(text):,} characters)" if len(text) > 40 else "")


# ------------------------------------------------------------------------------- the tests


def test_the_patterns_are_found() -> None:
    """The search finds the patterns it must (so an empty result cannot pass for linear)."""
    from hmip_docs.core import printed_patterns
    from hmip_docs.record import markup

    assert len(FOUND.uses) >= 30
    for pattern, method in (
        (markup._TOKEN, "finditer"),
        (printed_patterns.BARE_ADDRESS, "match"),
        (printed_patterns.TYPED_NUMBER, "match"),
        (schema._URI, "fullmatch"),
    ):
        assert method in FOUND.uses[(pattern.pattern, pattern.flags)], pattern


@pytest.mark.parametrize(
    "key", sorted(FOUND.uses), ids=lambda key: FOUND.where.get(key, key[0])[-40:]
)
def test_every_pattern_of_the_package_is_linear(key: tuple[str, int]) -> None:
    pattern = re.compile(*key)
    took, text = _slowest(_runner(pattern, FOUND.uses[key]), shapes(*key))
    assert took <= BOUND, (
        f"{FOUND.where[key]}: {pattern.pattern!r} ({sorted(FOUND.uses[key])}) took {took:.2f} s "
        f"on {_show(text)}"
    )


@pytest.mark.parametrize("text", sorted(set(_schema_patterns())))
def test_every_schema_pattern_is_linear(text: str) -> None:
    # python-jsonschema checks "pattern" (and patternProperties) with re.search.
    pattern = re.compile(text)
    took, worst = _slowest(_runner(pattern, {"search"}), shapes(text))
    assert took <= BOUND, f"{text!r} took {took:.2f} s on {_show(worst)}"


def test_the_formats_are_linear() -> None:
    for check in schema._FORMATS.values():
        for scheme in ("https://", "a://", "a:"):
            for filler in ("a", "/", "-", " ", '"', "2021-01-01"):
                for end in ("", " ", "\n", "<", "\x00"):
                    text = scheme + filler * (SIZE // len(filler)) + end
                    start = time.process_time()
                    check(text)
                    took = time.process_time() - start
                    assert took <= BOUND, f"{check.__name__} took {took:.2f} s on {_show(text)}"


# Patterns built from data, by the function that builds them, and the test that feeds each its
# worst texts.
DYNAMIC = {
    "hmip_docs/validate/rules/thematics.py:_word": (
        "test_names_in_descriptions_are_found_in_linear_time"
    ),
}


def _organisation(name: str) -> Organisation:
    return Organisation("x", "inspectorate", (OfficialName(name, None, None),), None, None)


def test_every_pattern_built_from_data_is_listed() -> None:
    assert set(FOUND.dynamic) == set(DYNAMIC)
    assert all(name in globals() for name in DYNAMIC.values())


def test_names_in_descriptions_are_found_in_linear_time() -> None:
    size = 4 * SIZE
    for unit in ("a ", "a", "a-", "a b ", "a.b "):
        form = unit * (size // 4 // len(unit)) + "!"
        for text in (unit * (size // len(unit)) + form, unit * (size // len(unit)) + form + "a"):
            start = time.process_time()
            thematics._names(text, _organisation(form))
            took = time.process_time() - start
            assert took <= BOUND, f"{took:.2f} s for the name {_show(form)} in {_show(text)}"
