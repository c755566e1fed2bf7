"""What a cross-field rule is: an id, a default severity, its documentation, and a check.

A rule's ``check`` yields ``Hit`` values (what is wrong, where, how to fix it); the runner in
``validate/validator.py`` stamps the rule id, severity, file, position and item onto each. The
docstring of a rule's check function is its user documentation in ``docs/rules.md``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from functools import cached_property
from typing import Any, NamedTuple, TypeVar

from hmip_docs.core.findings import Severity
from hmip_docs.core.pointers import pointer
from hmip_docs.record import markup, placeholders
from hmip_docs.record.organisations import Registry
from hmip_docs.validate.schema import CompiledSchema, instances

Path = tuple[str | int, ...]
T = TypeVar("T")


class Hit(NamedTuple):
    """One problem a rule found; positions and labels are added by the runner."""

    message: str
    path: Path
    hint: str = ""
    at_key: bool = False


class Year(NamedTuple):
    """A programme year such as 2021/2022."""

    start: int

    @classmethod
    def parse(cls, value: object) -> Year | None:
        """The year, or None when ``value`` is not two consecutive years of the calendar."""
        match = re.fullmatch(r"([0-9]{4})/([0-9]{4})", value) if isinstance(value, str) else None
        if not match or int(match.group(2)) != int(match.group(1)) + 1 or match[1] == "0000":
            return None
        return cls(int(match.group(1)))

    def __str__(self) -> str:
        return f"{self.start}/{self.start + 1}"


class RecordFacts:
    """A loaded record with what rules need to read it: schema paths, registry and values.

    ``failed`` holds the JSON pointers that already have a schema finding; rules stay quiet at
    and below them. Nothing changes a RecordFacts once made, except its per-record memo.
    """

    def __init__(
        self,
        data: Mapping[str, Any],
        schema: CompiledSchema,
        registry: Registry,
        failed: frozenset[str] = frozenset(),
    ) -> None:
        self.data = data
        self.schema = schema
        self.registry = registry
        self.failed = failed

    def ok(self, path: Sequence[str | int]) -> bool:
        """Whether nothing at or above ``path`` failed the schema."""
        if not self.failed:  # the usual case: a valid record
            return True
        text = pointer(path)
        return not any(text == bad or text.startswith(bad + "/") for bad in self.failed)

    def clean(self, path: Sequence[str | int]) -> bool:
        """Whether nothing at, above or below ``path`` failed the schema."""
        if not self.failed:
            return True
        text = pointer(path)
        return self.ok(path) and not any(bad.startswith(text + "/") for bad in self.failed)

    def at(self, def_name: str) -> Iterator[tuple[Path, Any]]:
        """Every value in the record that the schema types with ``$defs/def_name``."""

        def find() -> list[tuple[Path, Any]]:
            return [
                (path, value)
                for pattern in self.schema.defs_at.get(def_name, ())
                for path, value in instances(self.data, pattern)
                if self.ok(path)
            ]

        return iter(self.once(("at", def_name), find))

    def parsed(self, text: str) -> markup.Parsed:
        """The markup of ``text`` read with this record's placeholder values."""
        return self.once(("markup", text), lambda: markup.parse(text, self.values))

    def once(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, worked out once per record for ``key``: several rules read the same
        values and texts, and a record is checked by all of them."""
        memo = self._memo
        if key not in memo:
            memo[key] = compute()
        found: T = memo[key]
        return found

    @cached_property
    def _memo(self) -> dict[Hashable, Any]:
        return {}

    def get(self, *path: str | int) -> Any:
        """The value at ``path``, or None."""
        node: Any = self.data
        for part in path:
            if isinstance(node, Mapping) and isinstance(part, str):
                node = node.get(part)
            elif isinstance(node, list) and isinstance(part, int) and part < len(node):
                node = node[part]
            else:
                return None
        return node

    @property
    def programme_year(self) -> Year | None:
        """The record's programme year, when it is well formed."""
        if not self.ok(("document", "programme_year")):
            return None
        return Year.parse(self.get("document", "programme_year"))

    @property
    def published(self) -> dt.date | None:
        """The last day of the publication month."""
        return placeholders.publication_day(self.data)

    @cached_property
    def values(self) -> dict[str, str]:
        """The placeholder values of this record."""
        return placeholders.values(self.data, self.registry)


Check = Callable[[RecordFacts], Iterator[Hit]]


class Rule(NamedTuple):
    """A cross-field rule: id, default severity, one-line summary, and its check."""

    id: str
    severity: Severity
    summary: str
    check: Check
