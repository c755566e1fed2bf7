"""What the template must hold for the build to rely on it (``CONTRACT``, data): styles,
numbering, table row flags, properties, and the output checks the template itself must pass.
``contract_check.py`` checks a template against it."""

from __future__ import annotations

from dataclasses import dataclass

from hmip_docs.checks.properties import LANGUAGE


@dataclass(frozen=True)
class StyleNeed:
    """A style the build relies on, by the name Word shows.

    ``numbered``: "decimal" or "bullet" when the style must carry list numbering of that kind,
    "none" when it must carry none, "" when it does not matter. ``heading``: the heading level
    it must have (1 for Heading 1), 0 for body text. Styles are found by name: Word and
    LibreOffice may give a style another internal id.
    """

    name: str
    kind: str = "paragraph"
    numbered: str = ""
    heading: int = 0


@dataclass(frozen=True)
class SharedList:
    """Styles numbered by one multilevel list, each at a level of it (0-based), so that a
    Heading 1 restarts the numbering of the paragraphs after it."""

    levels: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class PropertyNeed:
    """A property of the package: the value an XPath (a string expression) in a part must
    give; ``value`` None when any value will do but there must be one."""

    what: str
    part: str
    xpath: str
    value: str | None
    hint: str


@dataclass(frozen=True)
class RowNeed:
    """A row flag every table needs: on its header row, or on its data rows."""

    what: str
    rows: str  # "header" or "data"
    flag: str  # the w:trPr child
    hint: str


@dataclass(frozen=True)
class Contract:
    """What the build relies on in the template."""

    styles: tuple[StyleNeed, ...]
    lists: tuple[SharedList, ...]
    rows: tuple[RowNeed, ...]
    properties: tuple[PropertyNeed, ...]
    output_rules: tuple[str, ...]
    """Output checks run on the template itself: those that do not depend on a record."""


_REPEAT = 'Table Properties > Row > "Repeat as header row at the top of each page"'
_NO_BREAK = 'Table Properties > Row > untick "Allow row to break across pages"'

CONTRACT = Contract(
    styles=(
        StyleNeed("Heading 1", numbered="decimal", heading=1),
        StyleNeed("Heading 2", numbered="none", heading=2),
        StyleNeed("Heading 3", numbered="none", heading=3),
        # The cover title, the document's first heading for screen readers and bookmarks.
        StyleNeed("Title", numbered="none", heading=1),
        StyleNeed("Numbered Paragraph", numbered="decimal"),
        StyleNeed("List Bullet", numbered="bullet"),
        StyleNeed("List Number", numbered="decimal"),
        StyleNeed("Guidance"),
        StyleNeed("Table Text"),
        StyleNeed("Table Heading"),
        StyleNeed("Table Subheading"),
        StyleNeed("Table Bullet", numbered="bullet"),
        StyleNeed("Table Number", numbered="decimal"),
        StyleNeed("Table List Title", numbered="bullet"),
        StyleNeed("Table List Text", numbered="none"),
        # render/word.py prints links in this character style, found by its name.
        StyleNeed("Hyperlink", kind="character"),
    ),
    lists=(SharedList((("Heading 1", 0), ("Numbered Paragraph", 1))),),
    rows=(
        RowNeed("a header row marked to repeat", "header", "tblHeader", _REPEAT),
        RowNeed("a header row that does not break across pages", "header", "cantSplit", _NO_BREAK),
        RowNeed("data rows that do not break across pages", "data", "cantSplit", _NO_BREAK),
    ),
    properties=(
        PropertyNeed(
            "the language of the text (document defaults)",
            "word/styles.xml",
            "string(w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val)",
            LANGUAGE,
            "select all, Review > Language > English (United Kingdom) > Set As Default",
        ),
        # render/word.py sets the core properties (title, author, language, dates) itself, and the
        # output check output-font covers the fonts, so neither is needed here.
    ),
    output_rules=(
        "output-heading-order",
        "output-heading-label",
        "output-typed-number",
        "output-merged-cells",
        "output-alt-text",
        "output-link-text",
        "output-link-address",
        "output-empty-paragraph",
        "output-font",
    ),
)
