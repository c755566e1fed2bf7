"""Whether a template holds what the build relies on (``contract.CONTRACT``): its styles and
their numbering, its multilevel lists, table rows, properties and the styles it uses, read
from the Word package; and the output checks that do not depend on a record."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from hmip_docs.checks import document
from hmip_docs.checks.tables import ROW_SPLIT_ALLOWED
from hmip_docs.core.findings import Finding
from hmip_docs.ooxml.package import Docx, caption
from hmip_docs.template_lint.contract import CONTRACT
from hmip_docs.template_lint.rules import finding

if TYPE_CHECKING:
    from lxml.etree import _Element

_NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "dc": "http://purl.org/dc/elements/1.1/",
}
_W = "{%s}" % _NS["w"]  # noqa: UP031 - Clark notation braces would need doubling in an f-string


def _whole(value: str | None) -> int | None:
    """A whole number written in the package (``"3"``), or None."""
    return int(value) if value and value.isascii() and value.isdigit() else None


def _abstract_num(doc: Docx, num_id: int) -> _Element | None:
    """The ``w:abstractNum`` that numbering instance ``num_id`` uses."""
    root = doc.parts.get("word/numbering.xml")
    if root is None:
        return None
    abstract = next(
        (
            num.find(f"{_W}abstractNumId")
            for num in root.iterchildren(f"{_W}num")
            if _whole(num.get(f"{_W}numId")) == num_id
        ),
        None,
    )
    wanted = abstract.get(f"{_W}val") if abstract is not None else None
    return next(
        (a for a in root.iterchildren(f"{_W}abstractNum") if a.get(f"{_W}abstractNumId") == wanted),
        None,
    )


def _numbering(doc: Docx, num_id: int, level: int) -> _Element | None:
    """The ``w:lvl`` that numbering instance ``num_id`` uses at ``level``."""
    abstract = _abstract_num(doc, num_id)
    if abstract is None:
        return None
    return next(
        (lvl for lvl in abstract.iterchildren(f"{_W}lvl") if _whole(lvl.get(f"{_W}ilvl")) == level),
        None,
    )


def _style_numbering(doc: Docx, style: _Element) -> tuple[int, int] | None:
    """The (numId, level) a style's paragraphs are numbered with, through its chain.

    The level is that of the list level linked to the style (``w:pStyle`` in the ``w:lvl``,
    which the standard makes override the style's own ``w:ilvl``); without such a link, as
    LibreOffice saves a template, the style's own ``w:ilvl`` (0 when it has none)."""
    for link in doc.styles.chain(style.get(f"{_W}styleId")):
        num_pr = link.find(f"{_W}pPr/{_W}numPr")
        if num_pr is None:
            continue
        num = num_pr.find(f"{_W}numId")
        num_id = _whole(num.get(f"{_W}val")) if num is not None else None
        if not num_id:
            return None
        abstract = _abstract_num(doc, num_id)
        for lvl in abstract.iterchildren(f"{_W}lvl") if abstract is not None else ():
            linked = lvl.find(f"{_W}pStyle")
            if linked is not None and linked.get(f"{_W}val") == link.get(f"{_W}styleId"):
                return num_id, _whole(lvl.get(f"{_W}ilvl")) or 0
        ilvl = num_pr.find(f"{_W}ilvl")
        return num_id, (_whole(ilvl.get(f"{_W}val")) if ilvl is not None else None) or 0
    return None


def _contract_styles(doc: Docx, file: str) -> Iterator[Finding]:
    styles = doc.styles
    for need in CONTRACT.styles:
        style = styles.by_name(need.name)
        if style is None:
            yield finding(
                "template-style",
                f"the style '{need.name}' is missing",
                f"recreate the {need.kind} style '{need.name}' (Styles pane > New Style), or "
                "copy it from the previous template (Manage Styles > Import/Export)",
                file,
            )
            continue
        style_id = style.get(f"{_W}styleId", "")
        if style.get(f"{_W}type", "paragraph") != need.kind:
            yield finding(
                "template-style",
                f"'{need.name}' is a {style.get(f'{_W}type')} style, not a {need.kind} style",
                f"recreate '{need.name}' as a {need.kind} style",
                file,
            )
        if need.kind != "paragraph":
            continue
        level = None
        for link in styles.chain(style_id):
            found = link.find(f"{_W}pPr/{_W}outlineLvl")
            if found is not None:
                level = int(found.get(f"{_W}val", "9")) + 1
                break
        if need.heading and level != need.heading:
            yield finding(
                "template-style",
                f"the style '{need.name}' is not a level {need.heading} heading",
                f"Modify Style > Format > Paragraph: set Outline level to Level {need.heading}",
                file,
            )
        numbering = _style_numbering(doc, style)
        if need.numbered == "none" and numbering is not None:
            yield finding(
                "template-numbering",
                f"the style '{need.name}' is numbered; its headings must not be",
                "Modify Style > Format > Numbering: None",
                file,
            )
        elif need.numbered in ("decimal", "bullet"):
            if numbering is None:
                yield finding(
                    "template-numbering",
                    f"the style '{need.name}' is not numbered",
                    f"give the style its {need.numbered} list again (Modify Style > Format > "
                    "Numbering)",
                    file,
                )
                continue
            lvl = _numbering(doc, *numbering)
            fmt = lvl.find(f"{_W}numFmt") if lvl is not None else None
            actual = fmt.get(f"{_W}val") if fmt is not None else None
            if lvl is None:
                yield finding(
                    "template-numbering",
                    f"the style '{need.name}' refers to a list that does not exist",
                    "give the style its list again (Modify Style > Format > Numbering)",
                    file,
                )
            elif actual != need.numbered:
                yield finding(
                    "template-numbering",
                    f"the style '{need.name}' is numbered as {actual}, not {need.numbered}",
                    "give the style its list again (Modify Style > Format > Numbering)",
                    file,
                )


def _contract_lists(doc: Docx, file: str) -> Iterator[Finding]:
    styles = doc.styles
    for shared in CONTRACT.lists:
        names = " and ".join(name for name, _ in shared.levels)
        found: list[tuple[str, int, tuple[int, int]]] = []
        for name, level in shared.levels:
            style = styles.by_name(name)
            numbering = _style_numbering(doc, style) if style is not None else None
            if numbering is None:
                return  # reported by the style checks
            found.append((name, level, numbering))
        if len({num_id for _, _, (num_id, _) in found}) != 1:
            yield finding(
                "template-numbering",
                f"{names} are not numbered by the same multilevel list",
                "link them to one multilevel list again (Define New Multilevel List > More > "
                "Link level to style)",
                file,
            )
            continue
        for name, level, (num_id, actual) in found:
            if actual != level or _numbering(doc, num_id, level) is None:
                yield finding(
                    "template-numbering",
                    f"level {level + 1} of the multilevel list of {names} is not linked to "
                    f"'{name}'",
                    f"Define New Multilevel List > More: link level {level + 1} to the style "
                    f"'{name}'",
                    file,
                )


def _control_row(row: _Element) -> bool:
    """A row holding only docxtpl's ``{%tr … %}`` tag: it is removed when rendered."""
    text = "".join(t.text or "" for t in row.iter(f"{_W}t"))
    return bool(re.match(r"\s*\{%-?\s*tr\s", text))


def _contract_tables(doc: Docx, file: str) -> Iterator[Finding]:
    body = doc.body
    if body is None:
        return
    for table in body.iter(f"{_W}tbl"):
        rows = [row for row in table.iterchildren(f"{_W}tr") if not _control_row(row)]
        if not rows:
            continue
        for need in CONTRACT.rows:
            if need.rows == "header":
                chosen = rows[:1]
            elif caption(table) in ROW_SPLIT_ALLOWED:
                continue
            else:
                chosen = rows[1:]
            for row in chosen:
                flag = row.find(f"{_W}trPr/{_W}{need.flag}")
                if flag is None or flag.get(f"{_W}val", "true") in ("0", "false", "off"):
                    yield finding(
                        "template-table",
                        f"the table needs {need.what}",
                        need.hint,
                        file,
                        doc.where("word/document.xml", row),
                    )


def _contract_properties(doc: Docx, file: str) -> Iterator[Finding]:
    for need in CONTRACT.properties:
        root = doc.parts.get(need.part)
        value = str(root.xpath(need.xpath, namespaces=_NS)) if root is not None else ""
        if need.value is None and not value:
            yield finding("template-property", f"{need.what} is not set", need.hint, file)
        elif need.value is not None and value != need.value:
            yield finding(
                "template-property",
                f"{need.what} is {value or 'not set'}, not {need.value}",
                need.hint,
                file,
            )


def _contract_references(doc: Docx, file: str) -> Iterator[Finding]:
    """Every style the template's paragraphs, runs and tables name exists."""
    for part, root in doc.content_parts():
        for tag in ("pStyle", "rStyle", "tblStyle"):
            for ref in root.iter(f"{_W}{tag}"):
                style_id = ref.get(f"{_W}val", "")
                if style_id not in doc.styles.by_id:
                    yield finding(
                        "template-style",
                        f"a style the template uses ('{style_id}') does not exist",
                        "apply one of the template's styles instead",
                        file,
                        doc.where(part, ref),
                    )


def contract(data: bytes, file: str) -> list[Finding]:
    """Whether the template holds what the build relies on (``CONTRACT``), and passes the
    output checks that do not depend on a record."""
    doc = Docx.read(data)
    findings = [
        *_contract_styles(doc, file),
        *_contract_lists(doc, file),
        *_contract_tables(doc, file),
        *_contract_properties(doc, file),
        *_contract_references(doc, file),
    ]
    rules = [document.OUTPUT_RULES[rule_id] for rule_id in CONTRACT.output_rules]
    findings += document.check(data, (), file, rules)
    return findings
