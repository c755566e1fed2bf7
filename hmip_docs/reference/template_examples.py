"""One edit of the Word template per message of ``hmip-docs lint-template``, as someone might
make it in Word, and the report the lint gives for it.

The edits are data, shared by the tests (each must give its rule's finding, with the words it
promises) and by ``docs/template.md`` (``reference/template_guide.py``), which shows each with the
lint's real report. They are made to a copy of the shipped template with python-docx, finding
paragraphs by their text and styles by their names, so a template saved again in Word keeps
them working. Long because it is mostly data: the edits and the small Word operations they are
made of.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hmip_docs.core import resources
from hmip_docs.core.findings import Finding

if TYPE_CHECKING:
    from docx.document import Document
    from docx.text.paragraph import Paragraph
    from lxml.etree import _Element

    from hmip_docs.render.sandbox import RenderLimits

TEMPLATE = "templates/consultation-response.docx"
"""The template the edits apply to, as reports show it."""
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class TemplateEdit:
    """An edit of the template as someone might make it in Word, and the rule it breaks."""

    rule: str
    did: str
    """What was done, in Word's terms, completing "If you …"."""
    change: Callable[[bytes], bytes]
    """The edit, on the bytes of the .docx."""
    words: str
    """Words of the message the edit gives (the tests check them)."""
    also: frozenset[str] = frozenset()
    """Other rules the same edit breaks."""
    limits: RenderLimits | None = None
    """The limits the lint runs under for this edit (default: the render's)."""

    def apply(self, data: bytes) -> bytes:
        """The template ``data`` with the edit made."""
        return self.change(data)


def _in_word(edit: Callable[[Document], None]) -> Callable[[bytes], bytes]:
    """An edit made to the opened document, saved again as Word saves it."""

    def change(data: bytes) -> bytes:
        import docx

        document = docx.Document(io.BytesIO(data))
        edit(document)
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()

    return change


def _paragraphs(document: Document) -> Iterator[Paragraph]:
    """Every paragraph of the body, those in table cells included, in reading order."""
    from docx.text.paragraph import Paragraph

    for p in document.element.body.iter(f"{_W}p"):
        yield Paragraph(p, document._body)


def _the_paragraph(document: Document, text: str) -> Paragraph:
    """The one paragraph whose text holds ``text``, however Word split it into runs."""
    found = [p for p in _paragraphs(document) if text in p.text]
    if len(found) != 1:
        raise ValueError(f"{len(found)} paragraphs of the template hold {text!r}, not one")
    return found[0]


def _at(element: _Element, path: str) -> _Element:
    """The element at ``path`` (Clark notation) below ``element``."""
    found = element.find(path)
    if found is None:
        raise ValueError(f"the template has no {path.replace(_W, 'w:')} where the edit expects one")
    return found


def _remove(element: _Element) -> None:
    parent = element.getparent()
    if parent is None:
        raise ValueError("the edit cannot remove the root of a part")
    parent.remove(element)


def _retype(old: str, new: str) -> Callable[[Document], None]:
    """Retype ``old`` as ``new`` in the one paragraph that holds it."""

    def edit(document: Document) -> None:
        paragraph = _the_paragraph(document, old)
        text = paragraph.text.replace(old, new)
        runs = paragraph.runs
        runs[0].text = text
        for run in runs[1:]:
            _remove(run._r)

    return edit


def _delete_paragraph(text: str) -> Callable[[Document], None]:
    """Delete the last paragraph that reads ``text``."""

    def edit(document: Document) -> None:
        found = [p for p in _paragraphs(document) if p.text.strip() == text]
        _remove(found[-1]._p)

    return edit


def _add_paragraph(text: str, style: str, before: str) -> Callable[[Document], None]:
    """Add a paragraph of ``style`` reading ``text`` before the one holding ``before``."""

    def edit(document: Document) -> None:
        _the_paragraph(document, before).insert_paragraph_before(text, style)

    return edit


def _restyle(text: str, style: str) -> Callable[[Document], None]:
    """Give the one paragraph holding ``text`` the style ``style``."""

    def edit(document: Document) -> None:
        _the_paragraph(document, text).style = document.styles[style]

    return edit


def _rename_style(old: str, new: str) -> Callable[[Document], None]:
    def edit(document: Document) -> None:
        document.styles[old].name = new

    return edit


def _delete_style(name: str) -> Callable[[Document], None]:
    def edit(document: Document) -> None:
        _remove(document.styles[name].element)

    return edit


def _style_pr(document: Document, name: str, tag: str) -> _Element:
    """The paragraph property ``tag`` (``numPr``, ``outlineLvl``) of the style ``name``."""
    return _at(document.styles[name].element, f"{_W}pPr/{_W}{tag}")


def _body_text(document: Document) -> None:
    _remove(_style_pr(document, "Heading 2", "outlineLvl"))


def _paragraph_kind(document: Document) -> None:
    document.styles["Hyperlink"].element.set(f"{_W}type", "paragraph")


def _number_heading_2(document: Document) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    ppr = document.styles["Heading 2"].element.get_or_add_pPr()
    ppr.insert(0, parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="1"/></w:numPr>'))


def _unnumber(document: Document) -> None:
    _remove(_style_pr(document, "List Bullet", "numPr"))


def _list_id(document: Document, name: str) -> _Element:
    """The ``w:numId`` of the list that numbers the style ``name``."""
    return _at(_style_pr(document, name, "numPr"), f"{_W}numId")


def _style_list(document: Document, name: str) -> _Element:
    """The ``w:abstractNum`` of the list that numbers the style ``name``."""
    num_id = _list_id(document, name).get(f"{_W}val")
    numbering: _Element = document.part.numbering_part.element
    for num in numbering.iterchildren(f"{_W}num"):
        if num.get(f"{_W}numId") == num_id:
            abstract = _at(num, f"{_W}abstractNumId").get(f"{_W}val")
            for found in numbering.iterchildren(f"{_W}abstractNum"):
                if found.get(f"{_W}abstractNumId") == abstract:
                    return found
    raise ValueError(f"the style {name!r} names no list")


def _bullets_as_numbers(document: Document) -> None:
    for fmt in _style_list(document, "List Bullet").iter(f"{_W}numFmt"):
        fmt.set(f"{_W}val", "decimal")


def _missing_list(document: Document) -> None:
    _list_id(document, "List Bullet").set(f"{_W}val", "99")


def _list_of_its_own(document: Document) -> None:
    ours = _list_id(document, "List Number").get(f"{_W}val", "")
    _list_id(document, "Numbered Paragraph").set(f"{_W}val", ours)


def _relink_level_1(document: Document) -> None:
    for level in _style_list(document, "Heading 1").iterchildren(f"{_W}lvl"):
        linked = level.find(f"{_W}pStyle")
        if level.get(f"{_W}ilvl") == "0" and linked is not None:
            linked.set(f"{_W}val", document.styles["Numbered Paragraph"].style_id)


def _row_flag(table: int, row: int, flag: str) -> Callable[[Document], None]:
    """Turn off a row flag (``tblHeader``, ``cantSplit``) of a row of a table."""

    def edit(document: Document) -> None:
        _remove(_at(document.tables[table].rows[row]._tr, f"{_W}trPr/{_W}{flag}"))

    return edit


def _us_english(document: Document) -> None:
    _at(document.styles.element, f"{_W}docDefaults//{_W}lang").set(f"{_W}val", "en-US")


def _serif(document: Document) -> None:
    document.styles["Guidance"].font.name = "Times New Roman"


def _small(document: Document) -> None:
    from docx.shared import Pt

    document.styles["Guidance"].font.size = Pt(10)


def _merge(document: Document) -> None:
    table = document.tables[1]
    table.cell(0, 0).merge(table.cell(0, 1))


def _no_alt_text(document: Document) -> None:
    for tag in ("tblCaption", "tblDescription"):
        _remove(_at(document.tables[1]._tbl, f"{_W}tblPr/{_W}{tag}"))


def _link(address: str, text: str) -> Callable[[Document], None]:
    """Add a paragraph holding a hyperlink, before the feedback heading."""

    def edit(document: Document) -> None:
        from docx.opc.constants import RELATIONSHIP_TYPE
        from docx.oxml import parse_xml
        from docx.oxml.ns import nsdecls

        paragraph = _the_paragraph(document, "{{r headings.feedback }}")
        added = paragraph.insert_paragraph_before("See ", "Normal")
        r_id = document.part.relate_to(address, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        added._p.append(
            parse_xml(
                f'<w:hyperlink {nsdecls("w", "r")} r:id="{r_id}"><w:r><w:rPr>'
                '<w:rStyle w:val="Hyperlink"/></w:rPr>'
                f"<w:t>{text}</w:t></w:r></w:hyperlink>"
            )
        )

    return edit


def _not_a_docx(data: bytes) -> bytes:
    return b"{\\rtf1\\ansi Response to the consultation}"


def _many_paragraphs(count: int) -> Callable[[bytes], bytes]:
    """``count`` empty Normal paragraphs added at the end of the body, written straight into
    the package (opening so large a document in python-docx would take longer than the lint)."""

    def change(data: bytes) -> bytes:
        import zipfile

        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as copy:
            for item in source.infolist():
                part = source.read(item)
                if item.filename == "word/document.xml":
                    at = part.rindex(b"<w:sectPr")
                    part = part[:at] + b"<w:p/>" * count + part[at:]
                copy.writestr(item, part, compress_type=zipfile.ZIP_DEFLATED)
        return out.getvalue()

    return change


def _one_second() -> RenderLimits:
    from hmip_docs.render.sandbox import RenderLimits

    return RenderLimits(cpu_seconds=1)


_ONE_SECOND = _one_second()

EDITS: tuple[TemplateEdit, ...] = (
    TemplateEdit(
        "template-unreadable",
        "save the template in another format (here Rich Text Format) under its .docx name",
        _not_a_docx,
        "cannot open the template as a Word document",
    ),
    TemplateEdit(
        "template-syntax",
        "type a bracket into a tag: `{{r q.heading) }}`",
        _in_word(_retype("{{r q.heading }}", "{{r q.heading) }}")),
        "template syntax error",
    ),
    TemplateEdit(
        "template-syntax",
        "delete the `{%p endfor %}` paragraph that ends the last loop",
        _in_word(_delete_paragraph("{%p endfor %}")),
        "is never closed",
    ),
    TemplateEdit(
        "template-name",
        "mistype a name in a tag: `{{r q.haeding }}`",
        _in_word(_retype("{{r q.heading }}", "{{r q.haeding }}")),
        "has no field 'haeding'",
        also=frozenset({"template-unprinted-field"}),
    ),
    TemplateEdit(
        "template-name",
        "use a name the document does not have: `{{r foreword }}`",
        _in_word(_retype("{{r headings.introduction }}", "{{r foreword }}")),
        "the name 'foreword' is not in the document's context",
        also=frozenset({"template-unprinted-field"}),
    ),
    TemplateEdit(
        "template-name",
        "loop over something that is not a list: `{%p for paragraph in introduction.closing %}`",
        _in_word(
            _retype(
                "{%p for paragraph in introduction.paragraphs %}",
                "{%p for paragraph in introduction.closing %}",
            )
        ),
        "not a list to loop over",
        also=frozenset({"template-unprinted-field"}),
    ),
    TemplateEdit(
        "template-print",
        "print formatted text without the `r`: `{{ cover.title }}`",
        _in_word(_retype("{{r cover.title }}", "{{ cover.title }}")),
        "is formatted text, printed with {{ … }}",
    ),
    TemplateEdit(
        "template-print",
        "print a plain value with an `r`: `{{r response.label }}`",
        _in_word(_retype("{{ response.label }}", "{{r response.label }}")),
        "is plain text, printed with {{r … }}",
    ),
    TemplateEdit(
        "template-print",
        "print a group of fields rather than one of them: `{{r cover }}`",
        _in_word(_retype("{{r cover.byline }}", "{{r cover }}")),
        "not a text to print",
    ),
    TemplateEdit(
        "template-unprinted-field",
        "delete the paragraph that introduces the list of respondents",
        _in_word(_delete_paragraph("{{r respondents_intro }}")),
        "is printed nowhere in this template",
    ),
    TemplateEdit(
        "template-style",
        "rename the style Table Subheading to Table Sub-heading",
        _in_word(_rename_style("Table Subheading", "Table Sub-heading")),
        "the style 'Table Subheading' is missing",
    ),
    TemplateEdit(
        "template-style",
        "delete the style Guidance, which the template's paragraphs still use",
        _in_word(_delete_style("Guidance")),
        "a style the template uses ('Guidance') does not exist",
    ),
    TemplateEdit(
        "template-style",
        "set Heading 2's outline level to Body Text",
        _in_word(_body_text),
        "the style 'Heading 2' is not a level 2 heading",
        also=frozenset({"output-heading-label", "output-heading-order"}),
    ),
    TemplateEdit(
        "template-style",
        "replace the character style Hyperlink with a paragraph style of that name",
        _in_word(_paragraph_kind),
        "is a paragraph style, not a character style",
    ),
    TemplateEdit(
        "template-numbering",
        "number Heading 2 with the sections' list",
        _in_word(_number_heading_2),
        "the style 'Heading 2' is numbered",
        also=frozenset({"output-heading-label"}),
    ),
    TemplateEdit(
        "template-numbering",
        "set List Bullet's numbering to None",
        _in_word(_unnumber),
        "the style 'List Bullet' is not numbered",
    ),
    TemplateEdit(
        "template-numbering",
        "change List Bullet's bullets to numbers",
        _in_word(_bullets_as_numbers),
        "is numbered as decimal, not bullet",
    ),
    TemplateEdit(
        "template-numbering",
        "delete the list List Bullet is numbered with",
        _in_word(_missing_list),
        "refers to a list that does not exist",
    ),
    TemplateEdit(
        "template-numbering",
        "number Numbered Paragraph with List Number's list",
        _in_word(_list_of_its_own),
        "are not numbered by the same multilevel list",
    ),
    TemplateEdit(
        "template-numbering",
        "link level 1 of the sections' multilevel list to Numbered Paragraph",
        _in_word(_relink_level_1),
        "is not linked to 'Numbered Paragraph'",
    ),
    TemplateEdit(
        "template-table",
        'untick "Repeat as header row at the top of each page" on a table\'s first row',
        _in_word(_row_flag(1, 0, "tblHeader")),
        "a header row marked to repeat",
    ),
    TemplateEdit(
        "template-table",
        'tick "Allow row to break across pages" on a table\'s row',
        _in_word(_row_flag(1, 2, "cantSplit")),
        "data rows that do not break across pages",
    ),
    TemplateEdit(
        "template-property",
        "set the default language to English (United States)",
        _in_word(_us_english),
        "the language of the text (document defaults) is en-US",
    ),
    TemplateEdit(
        "output-heading-order",
        "add a Heading 2 before the cover title (the first heading, in the Title style)",
        _in_word(_add_paragraph("Foreword", "Heading 2", "{{r cover.title }}")),
        "as the first heading",
    ),
    TemplateEdit(
        "output-heading-label",
        "give the paragraph `Consultation question \u2013 {{r q.heading }}` the style Normal",
        _in_word(_restyle("Consultation question \u2013 {{r q.heading }}", "Normal")),
        "not as a level 2 heading",
    ),
    TemplateEdit(
        "output-typed-number",
        "type a paragraph number by hand: `1.5 {{r introduction.closing }}`",
        _in_word(_retype("{{r introduction.closing }}", "1.5 {{r introduction.closing }}")),
        "starts with the typed number '1.5'",
    ),
    TemplateEdit(
        "output-merged-cells",
        "merge two cells of a table",
        _in_word(_merge),
        "a table cell is merged with its neighbour",
    ),
    TemplateEdit(
        "output-alt-text",
        "remove a table's alternative text (Table Properties > Alt Text)",
        _in_word(_no_alt_text),
        "the table has no alternative text",
    ),
    TemplateEdit(
        "output-link-text",
        "add a link whose text is its address",
        _in_word(
            _link(
                "https://www.justiceinspectorates.gov.uk/hmiprobation/",
                "https://www.justiceinspectorates.gov.uk/hmiprobation/",
            )
        ),
        "is an address, not words saying where it goes",
    ),
    TemplateEdit(
        "output-link-address",
        "add a link with no address",
        _in_word(_link("", "our inspection standards")),
        "a link has no address",
    ),
    TemplateEdit(
        "output-empty-paragraph",
        "press Enter for an empty paragraph, to add space before a heading",
        _in_word(_add_paragraph("", "Normal", "{{r headings.feedback }}")),
        "an empty paragraph is used for spacing",
    ),
    TemplateEdit(
        "output-font",
        "set the style Guidance in Times New Roman",
        _in_word(_serif),
        "Times New Roman is a serif font",
    ),
    TemplateEdit(
        "output-font",
        "set the style Guidance to 10 point",
        _in_word(_small),
        "10 point is smaller than 12",
    ),
    TemplateEdit(
        "template-limits",
        "paste in 200,000 paragraphs, more than checking can read within its processor time "
        "(shown with that limit lowered from a minute to one second)",
        _many_paragraphs(200_000),
        "used more than 1 s of processor time",
        limits=_ONE_SECOND,
    ),
)


@dataclass(frozen=True)
class Outcome:
    """What the lint gave for one edited copy of the template."""

    edit: TemplateEdit
    findings: tuple[Finding, ...]


def run(template: Path | None = None, edits: Sequence[TemplateEdit] = EDITS) -> Iterator[Outcome]:
    """Lint an edited copy of ``template`` (default: the shipped one) once per edit."""
    from hmip_docs.template_lint.limited import lint_limited

    shipped = (template or resources.template_path(Path(TEMPLATE).name)).read_bytes()
    with tempfile.TemporaryDirectory(prefix="hmip-docs-template-") as folder:
        copy_path = Path(folder) / Path(TEMPLATE).name
        for edit in edits:
            copy_path.write_bytes(edit.apply(shipped))
            yield Outcome(edit, lint_limited(copy_path, TEMPLATE, edit.limits))
