"""Edit the Word template so that section 3 prints only the parts a record holds.

A small, re-runnable edit of the communications team's template (never a regeneration): it
changes ``word/document.xml`` and copies every other part of the package byte for byte.

- The introduction's guidance lead-in and guidance print only when the record gives them.
- For each question of section 3, the heading ("Consultation question - ..."), the guidance,
  the prompt with its label ("Q1:"), the summary and each area's heading print only when given.
- After the suggestion tables, a Comment/Response table for comments on a proposal (a copy of
  the Suggestion/Response table, with its own caption and description) and a numbered paragraph
  for a question on which no responses were received.

Each step first looks whether it is already done, so running the script twice changes nothing.
Paragraphs are found by their tags, not by position, so edits the team makes elsewhere in the
template (styles, heading levels, wording) are kept.

Usage: python scripts/template_optional_parts.py COPY.docx

It edits a copy: it refuses a template in a templates folder (``scripts/template_guard.py``),
which is the communications team's, edited in Word. Review the edited copy in Word and copy it in.
"""

from __future__ import annotations

import copy
import sys
import zipfile
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import template_guard  # scripts/template_guard.py, beside this script
from lxml import etree

from hmip_docs.export.write import write_atomic

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PART = "word/document.xml"

Element = etree._Element


def _q(name: str) -> str:
    return f"{{{W}}}{name}"


def _text(element: Element) -> str:
    if element.tag != _q("p"):
        return ""
    return "".join(str(piece) for piece in element.itertext())


def _child(element: Element | None, name: str) -> Element:
    """The first child ``name`` of ``element``; the template lacking it stops the script."""
    found = element.find(_q(name)) if element is not None else None
    if found is None:
        raise SystemExit(f"the template has no w:{name} where one is expected")
    return found


def _paragraphs(body: Element) -> list[Element]:
    return list(body.iter(_q("p")))


def _find(body: Element, has: str) -> Element:
    """The one paragraph whose text holds ``has``."""
    found = [p for p in _paragraphs(body) if has in _text(p)]
    if len(found) != 1:
        raise SystemExit(f"the template has {len(found)} paragraphs holding {has!r}, not one")
    return found[0]


def _area_heading(body: Element) -> tuple[Element, Element]:
    """The first and last paragraph printing an area's heading: the one paragraph, or the two
    that ``scripts/edit_template.py`` sets at two levels, from their ``{%p if response.heading %}``
    to its ``{%p endif %}``."""
    found = [p for p in _paragraphs(body) if "{{r area.heading }}" in _text(p)]
    if len(found) == 1:
        return found[0], found[0]
    if len(found) == 2:
        before, after = found[0].getprevious(), found[1].getnext()
        if (
            before is not None
            and after is not None
            and _text(before).strip() == "{%p if response.heading %}"
            and _text(after).strip() == "{%p endif %}"
        ):
            return before, after
    raise SystemExit(
        f"the template has {len(found)} paragraphs holding '{{{{r area.heading }}}}', not one"
    )


def _set_text(paragraph: Element, text: str) -> None:
    """Put ``text`` in the paragraph's first run and drop the other runs."""
    runs = paragraph.findall(_q("r"))
    for run in runs[1:]:
        paragraph.remove(run)
    first = runs[0]
    for t in first.findall(_q("t"))[1:]:
        first.remove(t)
    _child(first, "t").text = text


def _tag_paragraph(model: Element, tag: str) -> Element:
    """A paragraph holding only ``tag``, made like ``model`` (a tag paragraph of the template)."""
    made = copy.deepcopy(model)
    _set_text(made, tag)
    return made


def _wrap(first: Element, last: Element, condition: str, model: Element) -> bool:
    """Put ``{%p if condition %}`` before ``first`` and ``{%p endif %}`` after ``last``."""
    opening = f"{{%p if {condition} %}}"
    before = first.getprevious()
    if before is not None and _text(before).strip() == opening:
        return False
    first.addprevious(_tag_paragraph(model, opening))
    last.addnext(_tag_paragraph(model, "{%p endif %}"))
    return True


def _comments_table(body: Element, model: Element) -> bool:
    """Add the Comment/Response table and the none-received paragraph after the areas loop."""
    if any("response.comments" in _text(p) for p in _paragraphs(body)):
        return False
    area_heading = _area_heading(body)[1]
    suggestions = next(
        t for t in area_heading.itersiblings() if t.tag == _q("tbl")
    )  # the Suggestion/Response table
    end_areas = next(p for p in suggestions.itersiblings() if _text(p).strip() == "{%p endfor %}")
    table = copy.deepcopy(suggestions)
    props = _child(table, "tblPr")
    _child(props, "tblCaption").set(_q("val"), "Comments and responses")
    _child(props, "tblDescription").set(
        _q("val"), "Each comment respondents made on the proposal, with our response to it."
    )
    for paragraph in _paragraphs(table):
        text = _text(paragraph).strip()
        if text == "Suggestion":
            _set_text(paragraph, "Comment")
        elif text == "{%tr for row in area.rows %}":
            _set_text(paragraph, "{%tr for comment in response.comments %}")
        elif text == "{{r suggestion }}":
            _set_text(paragraph, "{{r comment.point }}")
        elif text == "{{r row.response }}":
            _set_text(paragraph, "{{r comment.response }}")
        elif text in ("{%p for suggestion in row.suggestions %}", "{%p endfor %}"):
            parent = paragraph.getparent()
            if parent is not None:
                parent.remove(paragraph)
    none_received = copy.deepcopy(_find(body, "{{r response.summary }}"))
    _set_text(none_received, "{{r response.none_received }}")
    added = [
        _tag_paragraph(model, "{%p if response.comments %}"),
        table,
        _tag_paragraph(model, "{%p endif %}"),
        _tag_paragraph(model, "{%p if response.none_received %}"),
        none_received,
        _tag_paragraph(model, "{%p endif %}"),
    ]
    anchor = end_areas
    for element in added:
        anchor.addnext(element)
        anchor = element
    return True


def edit(document: Element) -> bool:
    """Make every change the template still lacks; whether anything changed."""
    body = _child(document, "body")
    model = _find(body, "{%p for point in introduction.guidance.points %}")
    lead_in = _find(body, "{{r introduction.guidance_lead_in }}")
    guidance_text = _find(body, "{{r introduction.guidance.text }}")
    intro_points_end = next(
        p for p in guidance_text.itersiblings() if _text(p).strip() == "{%p endfor %}"
    )
    heading = _find(body, "{{r response.heading }}")
    text = _find(body, "{{r response.guidance.text }}")
    points_end = next(p for p in text.itersiblings() if _text(p).strip() == "{%p endfor %}")
    prompt = _find(body, "{{r response.prompt }}")
    summary = _find(body, "{{r response.summary }}")
    area_first, area_last = _area_heading(body)
    steps: list[Callable[[], bool]] = [
        lambda: _wrap(lead_in, lead_in, "introduction.guidance_lead_in", model),
        lambda: _wrap(guidance_text, intro_points_end, "introduction.guidance", model),
        lambda: _wrap(heading, heading, "response.heading", model),
        lambda: _wrap(text, points_end, "response.guidance", model),
        lambda: _wrap(prompt, prompt, "response.prompt", model),
        lambda: _wrap(summary, summary, "response.summary", model),
        lambda: _wrap(area_first, area_last, "area.heading", model),
        lambda: _comments_table(body, model),
    ]
    return any([step() for step in steps])


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: template_optional_parts.py COPY.docx", file=sys.stderr)
        return 2
    path = Path(argv[0])
    reason = template_guard.in_templates_folder(path)
    if reason is not None:
        print(f"template_optional_parts: {reason}", file=sys.stderr)
        return 2
    raw = path.read_bytes()
    with zipfile.ZipFile(BytesIO(raw)) as package:
        infos = package.infolist()
        parts = {info.filename: package.read(info) for info in infos}
    document = etree.fromstring(parts[PART])
    if not edit(document):
        print(f"{path}: already edited; nothing to do")
        return 0
    parts[PART] = etree.tostring(document, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for info in infos:
            package.writestr(info, parts[info.filename])
    write_atomic(path, out.getvalue())
    print(f"{path}: edited")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
