"""A Word document's styles: each style by id and by name, the chain of styles it is based on,
and the value a paragraph takes from them (heading level, numbering)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar, cast

from hmip_docs.ooxml.xml import PPR, PSTYLE, W, child_of, grandchild_of, to_int, value_of

if TYPE_CHECKING:
    from lxml.etree import _Element


T = TypeVar("T")


class Styles:
    """The styles part: styles by id, their ``basedOn`` chains, defaults and document defaults.

    Every paragraph and run asks for the same few chains and properties, so each is resolved
    once and kept for the life of the object (one document). What a chain gives (a property,
    a font) is worked out style by style, each from the style it is based on (``along``), so a
    template of many styles based on one another costs time linear in their number, not in the
    number of styles times the length of their chains."""

    def __init__(self, root: _Element | None) -> None:
        self.root = root
        self.by_id: dict[str, _Element] = {}
        self.defaults: dict[str, str] = {}
        self._chains: dict[tuple[str | None, str], tuple[_Element, ...]] = {}
        self._properties: dict[tuple[str | None, str], _Element | None] = {}
        self._along: dict[object, dict[str, object]] = {}
        if root is None:
            return
        for style in root.iter(f"{W}style"):
            style_id = style.get(f"{W}styleId")
            if style_id is None:
                continue
            self.by_id[style_id] = style
            if is_on_attr(style.get(f"{W}default")):
                self.defaults.setdefault(style.get(f"{W}type", "paragraph"), style_id)

    def name(self, style_id: str | None) -> str:
        """The style's name as Word shows it ("Heading 1"), or its id when it has none."""
        style = self.by_id.get(style_id or "")
        name = value_of(style.find(f"{W}name")) if style is not None else None
        if not name:
            return style_id or ""
        # Word stores built-in heading names in lower case and shows them capitalised.
        return name[0].upper() + name[1:] if name.startswith("heading ") else name

    def by_name(self, name: str) -> _Element | None:
        """The style Word shows as ``name`` (compared without case, as Word does)."""
        wanted = name.casefold()
        for style_id in self.by_id:
            if self.name(style_id).casefold() == wanted:
                return self.by_id[style_id]
        return None

    def chain(self, style_id: str | None, kind: str = "paragraph") -> tuple[_Element, ...]:
        """The style and the styles it is based on, nearest first (the kind's default style
        when ``style_id`` is None or unknown)."""
        key = (style_id, kind)
        found = self._chains.get(key)
        if found is None:
            found = self._chains[key] = tuple(self._walk(style_id, kind))
        return found

    def _walk(self, style_id: str | None, kind: str) -> Iterator[_Element]:
        """``chain`` worked out: follow ``basedOn`` until a style is unknown or comes again."""
        current = self._start(style_id, kind)
        seen: set[str] = set()
        while current and current in self.by_id and current not in seen:
            seen.add(current)
            style = self.by_id[current]
            yield style
            current = self._based_on(current)

    def _start(self, style_id: str | None, kind: str) -> str | None:
        return style_id if style_id in self.by_id else self.defaults.get(kind)

    def _based_on(self, style_id: str) -> str | None:
        return value_of(self.by_id[style_id].find(f"{W}basedOn"))

    def along(
        self, style_id: str | None, kind: str, key: object, own: Callable[[_Element], T | None]
    ) -> T | None:
        """The first value ``own`` gives along the chain of ``style_id`` (``chain``'s styles,
        nearest first), or None. ``key`` names ``own``: the value of each style for it is
        worked out once, from the style it is based on, and kept."""
        memo = cast("dict[str, T | None]", self._along.setdefault(key, {}))
        start = self._start(style_id, kind)
        path: list[str] = []
        on_path: dict[str, int] = {}
        current = start
        while current and current in self.by_id and current not in memo:
            if current in on_path:
                break
            on_path[current] = len(path)
            path.append(current)
            current = self._based_on(current)
        after: T | None = None
        if current is not None and current in on_path:
            # The chain comes back to a style: the styles of the loop each see the whole loop.
            loop = path[on_path[current] :]
            path = path[: on_path[current]]
            values = [own(self.by_id[name]) for name in loop]
            for index in reversed(range(2 * len(loop))):
                value = values[index % len(loop)]
                after = value if value is not None else after
                if index < len(loop):
                    memo[loop[index]] = after
            after = memo[loop[0]]
        elif current is not None and current in memo:
            after = memo[current]
        for name in reversed(path):
            value = own(self.by_id[name])
            after = value if value is not None else after
            memo[name] = after
        return memo.get(start) if start is not None else None

    def style_property(self, style_id: str | None, tag: str) -> _Element | None:
        """A paragraph property (``numPr``, ``outlineLvl``) as the paragraph style ``style_id``
        sets it, itself or through the styles it is based on."""
        key = (style_id, tag)
        if key not in self._properties:
            path = f"{W}pPr/{W}{tag}"
            self._properties[key] = self.along(style_id, "paragraph", path, _finder(path))
        return self._properties[key]

    def paragraph_property(self, paragraph: _Element, tag: str) -> _Element | None:
        """A paragraph property (``numPr``, ``outlineLvl``): the paragraph's own, else its
        style chain's."""
        ppr = child_of(paragraph, PPR)
        if ppr is None:
            return self.style_property(None, tag)
        wanted = f"{W}{tag}"
        style: _Element | None = None
        for child in ppr:  # the property and the style in one pass over the few children
            if child.tag == wanted:
                return child
            if child.tag == PSTYLE and style is None:
                style = child
        return self.style_property(value_of(style), tag)

    def paragraph_style(self, paragraph: _Element) -> str | None:
        """The paragraph's style id (its own, else the default paragraph style)."""
        found = grandchild_of(paragraph, PPR, PSTYLE)
        return value_of(found) if found is not None else self.defaults.get("paragraph")

    @cached_property
    def default_run(self) -> _Element | None:
        """The document defaults' run properties (``w:docDefaults/w:rPrDefault/w:rPr``)."""
        if self.root is None:
            return None
        return self.root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")


def _finder(path: str) -> Callable[[_Element], _Element | None]:
    """A style's own element at ``path``, or None."""
    return lambda style: style.find(path)


def is_on_attr(value: str | None) -> bool:
    return value is not None and value not in ("0", "false", "off")


def heading_level(styles: Styles, paragraph: _Element) -> int | None:
    """The paragraph's heading level (1 to 9) from its outline level, or None for body text."""
    level = to_int(value_of(styles.paragraph_property(paragraph, "outlineLvl")))
    return level + 1 if level is not None and 0 <= level <= 8 else None


def is_numbered(styles: Styles, paragraph: _Element) -> bool:
    """Whether Word numbers the paragraph (its own or its style's numbering; numId 0 is none)."""
    num_pr = styles.paragraph_property(paragraph, "numPr")
    if num_pr is None:
        return False
    num_id = to_int(value_of(num_pr.find(f"{W}numId")))
    return num_id is None or num_id != 0
