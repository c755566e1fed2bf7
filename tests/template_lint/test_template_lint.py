"""``hmip-docs lint-template``: the shipped template passes; each kind of Word edit that would break
the build is reported, with the paragraph and part it is in; and an edited template that breaks an
output rule stops ``hmip-docs docx`` without touching the previous document."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
import yaml
from docx.document import Document
from docx.oxml.ns import qn

from hmip_docs.checks import document as checks
from hmip_docs.context import model
from hmip_docs.core.findings import Finding, Severity
from hmip_docs.record.organisations import Registry
from hmip_docs.render import word
from hmip_docs.template_lint import context_types, coverage
from hmip_docs.template_lint import lint as template_lint
from hmip_docs.template_lint.contract import CONTRACT
from hmip_docs.validate.schema import compiled
from tests.conftest import RECORD, REGISTRY, ROOT, TEMPLATE, load_data


def _lint(path: Path) -> list[Finding]:
    return list(template_lint.lint(path, "template.docx").findings)


def _rules(findings: list[Finding]) -> set[str]:
    return {f.rule for f in findings}


def _edited(tmp_path: Path, edit: Callable[[Document], None]) -> Path:
    """A copy of the template edited with python-docx (as Word would save it)."""
    document = docx.Document(str(TEMPLATE))
    edit(document)
    path = tmp_path / "edited.docx"
    document.save(str(path))
    return path


def _edited_xml(source: Path, target: Path, part: str, edit: Callable[[str], str]) -> Path:
    """A copy of a .docx with one XML part changed as text."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == part:
                changed = edit(data.decode("utf-8"))
                assert changed != data.decode("utf-8"), f"the edit changed nothing in {part}"
                data = changed.encode("utf-8")
            new.writestr(info, data)
    return target


def _replace_run(document: Document, old: str, new: str) -> None:
    """Replace the text of the one run that reads ``old`` (body paragraphs or table cells)."""
    runs = [r for p in document.element.body.iter(qn("w:p")) for r in p.iter(qn("w:t"))]
    matching = [r for r in runs if r.text == old]
    assert len(matching) == 1, f"{old!r} is in {len(matching)} runs"
    matching[0].text = new


# ----------------------------------------------------------------------------- the shipped one


def test_the_shipped_template_passes() -> None:
    assert _lint(TEMPLATE) == []


def test_every_context_attribute_maps_to_record_fields() -> None:
    assert set(context_types.context_leaves()) == set(coverage.PRINTS)


def test_the_mapping_names_only_fields_the_schema_has() -> None:
    fields = [
        f.pattern
        for f in coverage.record_fields(compiled("consultation-response.schema.json").schema)
    ]
    named = [p for entries in coverage.PRINTS.values() for p in entries]
    for entry in (*named, *coverage.THROUGH_PROSE):
        assert any(f == entry or f.startswith(entry + "/") for f in fields), entry


def test_every_field_is_printed_or_marked_not_printed() -> None:
    everything = list(coverage.PRINTS)
    assert coverage.unprinted_fields(everything, prose=True) == []
    marked = [f.pattern for f in coverage.record_fields(coverage._record_schema()) if not f.printed]
    assert "consultees/statutory/secretary_of_state" in marked
    assert "legal_basis/act" in marked
    assert "legal_basis/cited_as" not in marked


def test_every_schema_property_keeps_a_title_and_description() -> None:
    # Properties that declare fields; those in if/then conditions only constrain them.
    def walk(node: object, where: str) -> None:
        if not isinstance(node, dict):
            return
        for key, child in (node.get("properties") or {}).items():
            assert "title" in child and "description" in child, f"{where}/{key}"
            walk(child, f"{where}/{key}")
        for key in ("items", "additionalProperties"):
            walk(node.get(key), f"{where}/{key}")
        for name, child in (node.get("$defs") or {}).items():
            walk(child, f"{where}/$defs/{name}")

    walk(compiled("consultation-response.schema.json").schema, "")


# ------------------------------------------------------------------------------------ syntax


def test_syntax_error_names_the_paragraph_and_part(tmp_path: Path) -> None:
    path = _edited(
        tmp_path, lambda d: _replace_run(d, "{%p for q in questions %}", "{%p for q in %}")
    )
    (finding,) = _lint(path)
    assert finding.rule == "template-syntax"
    assert finding.severity is Severity.ERROR
    assert "Expected an expression" in finding.message
    assert finding.item.startswith("body, paragraph '")
    assert "{% for q in %}" in finding.item
    assert finding.file == "template.docx"


def test_unclosed_block_names_its_opening_tag(tmp_path: Path) -> None:
    def unclose(document: Document) -> None:
        closing = [p for p in document.paragraphs if p.text == "{%p endif %}"]
        closing[-1]._p.getparent().remove(closing[-1]._p)

    (finding,) = _lint(_edited(tmp_path, unclose))
    assert finding.rule == "template-syntax"
    assert "{% if responses_closing %} is never closed" in finding.message
    assert "{%p endif %}" in finding.hint


def test_syntax_error_in_the_footer(tmp_path: Path) -> None:
    def footer(document: Document) -> None:
        document.sections[-1].footer.add_paragraph("Page {{ cover.title ")

    (finding,) = _lint(_edited(tmp_path, footer))
    assert finding.rule == "template-syntax"
    assert finding.item.startswith("footer 1, paragraph 'Page {{ cover.title")


def test_syntax_error_in_a_header(tmp_path: Path) -> None:
    def header(document: Document) -> None:
        section = document.sections[-1]
        section.header.is_linked_to_previous = False
        section.header.paragraphs[0].text = "{% if %}"

    findings = _lint(_edited(tmp_path, header))
    (finding,) = [f for f in findings if f.rule == "template-syntax"]
    assert finding.item == "header 1, paragraph '{% if %}'"
    # python-docx gives a new header the style "Header", which this template does not have.
    assert _rules(findings) == {"template-syntax", "template-style"}


def test_syntax_error_in_a_document_property(tmp_path: Path) -> None:
    def title(document: Document) -> None:
        document.core_properties.title = "{{ cover.title "

    (finding,) = _lint(_edited(tmp_path, title))
    assert finding.rule == "template-syntax"
    assert finding.item == "document property title '{{ cover.title'"


def test_unknown_filter(tmp_path: Path) -> None:
    path = _edited(tmp_path, lambda d: _replace_run(d, "{{r q.topic }}", "{{r q.topic|shout }}"))
    assert [f.message for f in _lint(path) if f.rule == "template-syntax"] == [
        "template syntax error: No filter named 'shout'."
    ]


# ------------------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("old", "new", "message", "hint"),
    [
        (
            "{{r q.decision.programme.intro }}",
            "{{r q.decision.programme.intro2 }}",
            "'q.decision.programme.intro2': Programme has no field 'intro2'",
            "did you mean 'intro'?",
        ),
        (
            "{{r headings.introduction }}",
            "{{r heading.introduction }}",
            "the name 'heading' is not in the document's context",
            "did you mean 'headings'?",
        ),
        (
            "{{r thematic.title }}",
            "{{r strand.title }}",
            "'strand.title': Strand has no field 'title'",
            "Strand has: heading, thematics",
        ),
        (
            "{{r q.topic }}",
            "{{r q.topic.plain }}",
            "'q.topic.plain': q.topic is formatted text, which has no field 'plain'",
            "print it as it is",
        ),
    ],
)
def test_unknown_paths_are_found_by_type(
    tmp_path: Path, old: str, new: str, message: str, hint: str
) -> None:
    findings = [
        f
        for f in _lint(_edited(tmp_path, lambda d: _replace_run(d, old, new)))
        if f.severity is Severity.ERROR
    ]
    assert [(f.rule, f.message, f.hint) for f in findings] == [("template-name", message, hint)]
    assert new.replace("{{r", "{{") in findings[0].item


def test_names_are_checked_against_types_not_one_record(tmp_path: Path) -> None:
    """No opening block of the 2021/22 record has a list, so that loop never runs and rendering
    cannot see the mistake; the lint does."""

    def broken(document: Document) -> None:
        runs = [t for t in document.element.body.iter(qn("w:t")) if t.text == "{{r item }}"]
        runs[0].text = "{{r item.text }}"  # the first: in the opening blocks' bullet list

    path = _edited(tmp_path, broken)
    ctx = model.build(load_data(RECORD), Registry.from_data(load_data(REGISTRY)))
    word.render(path, ctx)  # renders without complaint
    errors = [f for f in _lint(path) if f.severity is Severity.ERROR]
    assert [(f.rule, f.message) for f in errors] == [
        ("template-name", "'item.text': item is formatted text, which has no field 'text'")
    ]


def test_loop_and_jinja_globals_are_known(tmp_path: Path) -> None:
    path = _edited(
        tmp_path,
        lambda d: _replace_run(
            d, "{{r q.topic }}", "{{r q.topic if loop.first else q.topic }}{{ range(2)|length }}"
        ),
    )
    assert _lint(path) == []


# ------------------------------------------------------------------------------------ printing


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("{{r q.topic }}", "{{ q.topic }}", "'q.topic' is formatted text, printed with {{ … }}"),
        (
            "{{ response.label }} ",
            "{{r response.label }}",
            "'response.label' is plain text, printed with {{r … }}",
        ),
        (
            "{{r thematic.title }}",
            "{{r thematic }}",
            "'thematic' is a group of fields (Thematic), not a text to print",
        ),
    ],
)
def test_how_a_value_is_printed(tmp_path: Path, old: str, new: str, message: str) -> None:
    findings = _lint(_edited(tmp_path, lambda d: _replace_run(d, old, new)))
    errors = [(f.rule, f.message) for f in findings if f.severity is Severity.ERROR]
    assert errors == [("template-print", message)]


# ------------------------------------------------------------------------------------ coverage


def test_a_field_no_template_shows_is_a_warning(tmp_path: Path) -> None:
    path = _edited(tmp_path, lambda d: _replace_run(d, "{{r q.topic }}", "Topic"))
    (finding,) = _lint(path)
    assert finding.rule == "template-unprinted-field"
    assert finding.severity is Severity.WARNING
    assert "`questions[].topic`" in finding.message
    assert "x-unprinted" in finding.hint


def test_a_field_printed_twice_needs_only_one_place(tmp_path: Path) -> None:
    # q.request is printed in the introduction and in the summary table.
    def once(document: Document) -> None:
        runs = [t for t in document.element.body.iter(qn("w:t")) if t.text == "{{r q.request }}"]
        runs[0].text = "Request"

    assert _lint(_edited(tmp_path, once)) == []


# ------------------------------------------------------------------------------------ contract


def _style(document: Document, name: str) -> object:
    return document.styles[name].element


def _drop_style(name: str) -> Callable[[Document], None]:
    def edit(document: Document) -> None:
        element = document.styles[name].element
        element.getparent().remove(element)

    return edit


def _number_heading_2(document: Document) -> None:
    ppr = document.styles["Heading 2"].element.get_or_add_pPr()
    num_pr = ppr.get_or_add_numPr()
    num_pr.get_or_add_numId().val = 1


def _link_level_1_to_numbered_paragraph(document: Document) -> None:
    numbering = document.part.numbering_part.element
    (level,) = numbering.xpath("w:abstractNum[@w:abstractNumId='0']/w:lvl[@w:ilvl='0']")
    level.find(qn("w:pStyle")).set(qn("w:val"), "NumberedParagraph")


def _unnumber_list_bullet(document: Document) -> None:
    ppr = document.styles["List Bullet"].element.pPr
    ppr.remove(ppr.find(qn("w:numPr")))


def _bullets_as_numbers(document: Document) -> None:
    numbering = document.part.numbering_part.element
    for fmt in numbering.xpath("w:abstractNum[@w:abstractNumId='1']/w:lvl/w:numFmt"):
        fmt.set(qn("w:val"), "decimal")


def _heading_2_as_body_text(document: Document) -> None:
    ppr = document.styles["Heading 2"].element.pPr
    ppr.remove(ppr.find(qn("w:outlineLvl")))


def _no_repeat(document: Document) -> None:
    header = document.tables[1].rows[0]._tr
    header.trPr.remove(header.trPr.find(qn("w:tblHeader")))


def _row_breaks(document: Document) -> None:
    row = document.tables[1].rows[2]._tr
    row.trPr.remove(row.trPr.find(qn("w:cantSplit")))


def _us_english(document: Document) -> None:
    lang = document.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:lang"))
    lang.set(qn("w:val"), "en-US")


def _us_property(document: Document) -> None:
    document.core_properties.language = "en-US"


def _serif(document: Document) -> None:
    fonts = document.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:rFonts"))
    for name in ("w:ascii", "w:hAnsi"):
        fonts.set(qn(name), "Times New Roman")


def _merged(document: Document) -> None:
    document.tables[1].rows[0].cells[0]._tc.vMerge = "restart"


# (the rule, the edit, words of its message, other rules the same edit also breaks)
CONTRACT_BREAKERS: list[tuple[str, Callable[[Document], None], str, set[str]]] = [
    ("template-style", _drop_style("Hyperlink"), "the style 'Hyperlink' is missing", set()),
    # The question-label paragraphs are in Heading 2: their own check names them too.
    (
        "template-style",
        _heading_2_as_body_text,
        "the style 'Heading 2' is not a level 2 heading",
        {"output-heading-label", "output-heading-order"},
    ),
    (
        "template-numbering",
        _number_heading_2,
        "the style 'Heading 2' is numbered",
        {"output-heading-label"},
    ),
    (
        "template-numbering",
        _link_level_1_to_numbered_paragraph,
        "level 2 of the multilevel list of Heading 1 and Numbered Paragraph is not linked to "
        "'Numbered Paragraph'",
        set(),
    ),
    ("template-numbering", _unnumber_list_bullet, "the style 'List Bullet' is not numbered", set()),
    ("template-numbering", _bullets_as_numbers, "'List Bullet' is numbered as decimal", set()),
    ("template-table", _no_repeat, "the table needs a header row marked to repeat", set()),
    ("template-table", _row_breaks, "data rows that do not break across pages", set()),
    (
        "template-property",
        _us_english,
        "the language of the text (document defaults) is en-US",
        set(),
    ),
    ("output-font", _serif, "Times New Roman is a serif font", set()),
    ("output-merged-cells", _merged, "a table cell is merged with its neighbour", set()),
]


@pytest.mark.parametrize(
    ("rule", "edit", "words", "also"),
    CONTRACT_BREAKERS,
    ids=[f"{rule}-{edit.__name__.strip('_')}" for rule, edit, _, _ in CONTRACT_BREAKERS],
)
def test_a_word_edit_that_drops_what_the_build_needs_fails_the_lint(
    tmp_path: Path, rule: str, edit: Callable[[Document], None], words: str, also: set[str]
) -> None:
    findings = _lint(_edited(tmp_path, edit))
    assert _rules(findings) == {rule, *also}, findings
    assert any(words in f.message for f in findings if f.rule == rule), findings
    assert all(f.hint for f in findings)


def test_the_core_properties_are_the_builds_own(tmp_path: Path) -> None:
    """render/word.py sets title, author and language itself: the template's own do not matter."""
    path = _edited(tmp_path, _us_property)
    assert _lint(path) == []
    ctx = model.build(load_data(RECORD), Registry.from_data(load_data(REGISTRY)))
    built = word.render(path, ctx)
    assert [f.rule for f in checks.check(built, [], "r")] == []


def test_a_dropped_style_in_use_is_reported_where_it_is_used(tmp_path: Path) -> None:
    findings = _lint(_edited(tmp_path, _drop_style("Guidance")))
    assert _rules(findings) == {"template-style"}
    messages = [f.message for f in findings]
    assert "the style 'Guidance' is missing" in messages
    assert messages.count("a style the template uses ('Guidance') does not exist") == 2


def test_the_contract_is_data() -> None:
    names = [need.name for need in CONTRACT.styles]
    assert names == [
        *("Heading 1", "Heading 2", "Heading 3", "Title", "Numbered Paragraph", "List Bullet"),
        *("List Number", "Guidance", "Table Text", "Table Heading", "Table Subheading"),
        *("Table Bullet", "Table Number", "Table List Title", "Table List Text", "Hyperlink"),
    ]
    assert set(CONTRACT.output_rules) <= set(checks.OUTPUT_RULES)


def test_not_a_word_document(tmp_path: Path) -> None:
    path = tmp_path / "notes.docx"
    path.write_text("not a zip")
    (finding,) = _lint(path)
    assert finding.rule == "template-unreadable"
    assert "File is not a zip file" in finding.message


# ----------------------------------------------------------------------------------------- CLI


def _hmip(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hmip_docs", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_cli_lints_the_configured_template(project: Path) -> None:
    done = _hmip(project, "lint-template", "--no-color")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "1 file checked: 0 errors, 0 warnings"


def test_cli_reports_a_broken_template(project: Path) -> None:
    template = project / "templates" / "consultation-response.docx"
    broken = _edited(project, lambda d: _replace_run(d, "{{r q.topic }}", "{{ q.topic }}"))
    shutil.move(broken, template)
    done = _hmip(project, "lint-template", "--no-color", "templates/consultation-response.docx")
    assert done.returncode == 1
    assert "templates/consultation-response.docx: error [template-print]" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_cli_warnings_fail_only_when_strict(project: Path) -> None:
    template = project / "templates" / "consultation-response.docx"
    shutil.move(_edited(project, lambda d: _replace_run(d, "{{r q.topic }}", "Topic")), template)
    assert _hmip(project, "lint-template").returncode == 0
    assert _hmip(project, "lint-template", "--strict").returncode == 1


def test_cli_missing_template(project: Path) -> None:
    done = _hmip(project, "lint-template", "missing.docx")
    assert done.returncode == 2
    assert done.stderr.strip() == "hmip-docs: missing.docx: no such template"


# ------------------------------------------------------------------------------------ end to end


def test_an_edited_template_that_breaks_an_output_rule_writes_nothing(project: Path) -> None:
    first = _hmip(project, "docx")
    assert first.returncode == 0, first.stdout + first.stderr
    output = project / "build" / "consultation-response-2021-22.docx"
    before = output.read_bytes()

    # Untick "Repeat as header row" on the Suggestion/Response table, in the XML itself.
    template = project / "templates" / "consultation-response.docx"
    edited = _edited_xml(
        template,
        project / "edited.docx",
        "word/document.xml",
        lambda xml: re.sub(
            r"(<w:tblCaption w:val=\"Suggestions and responses\"/>.*?)<w:tblHeader/>",
            r"\1",
            xml,
            count=1,
            flags=re.DOTALL,
        ),
    )
    shutil.move(edited, template)

    second = _hmip(project, "docx", "--no-color")
    assert second.returncode == 1
    assert "error [output-table-header] the table has no header row" in second.stdout
    assert "table 'Suggestions and responses'" in second.stdout
    assert output.read_bytes() == before
    assert sorted(p.name for p in output.parent.iterdir()) == [output.name]

    lint = _hmip(project, "lint-template", "--no-color")
    assert lint.returncode == 1
    assert "[template-table] the table needs a header row marked to repeat" in lint.stdout


# ---------------------------------------------------------------------------------- pre-commit


def test_pre_commit_hook_entry() -> None:
    manifest = ROOT / ".pre-commit-hooks.yaml"
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(manifest)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    hooks = {hook["id"]: hook for hook in yaml.safe_load(manifest.read_text("utf-8"))}
    hook = hooks["hmip-lint-template"]
    assert hook["entry"] == "hmip-docs lint-template"
    assert hook["pass_filenames"] is True
    assert re.search(hook["files"], "templates/consultation-response.docx")
    assert not re.search(hook["files"], "records/2021-22/consultation-response.yaml")
    assert not re.search(hook["files"], "templates/notes.txt")
