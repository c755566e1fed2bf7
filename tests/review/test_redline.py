"""``hmip-docs redline``: the new record's document with Word tracked changes against the old
one. Accepting every change gives the new build's text, rejecting every change the old one's;
the bytes are reproducible; the output checks run on it; LibreOffice opens it and shows both the
inserted and the deleted words as changes."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from hmip_docs.export import pdf
from hmip_docs.review import redline
from tests.conftest import FIXTURES, REL, edit, hmip, require_tools, template_with

NEXT = FIXTURES / "2022-23" / "consultation-response.yaml"
UNO_SCRIPT = Path(__file__).with_name("libreoffice_changes.py")
UNO_PYTHON = "/usr/bin/python3"
"""The Python LibreOffice's ``uno`` module is installed for (Debian's python3-uno)."""
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def run(
    root: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return hmip(root, *args, env={"NO_COLOR": "1", **(env or {})})


def build(root: Path, record: str, out: str) -> bytes:
    done = run(root, "docx", record, "-o", out)
    assert done.returncode == 0, done.stderr
    return (root / out).read_bytes()


@pytest.fixture
def editions(project: Path) -> Path:
    """The project with next year's edition beside this year's."""
    shutil.copyfile(NEXT, project / "next.yaml")
    return project


def document_xml(docx: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        return package.read("word/document.xml").decode("utf-8")


def test_accept_all_is_new_and_reject_all_is_old(editions: Path) -> None:
    done = run(editions, "redline", str(REL), "next.yaml", "-o", "red.docx")
    assert done.returncode == 0, done.stderr
    assert "wrote red.docx" in done.stderr
    marked = (editions / "red.docx").read_bytes()
    old = redline.texts(build(editions, str(REL), "old.docx"))
    new = redline.texts(build(editions, "next.yaml", "new.docx"))
    assert old != new
    assert redline.accept_all(marked) == new
    assert redline.reject_all(marked) == old
    xml = document_xml(marked)
    # Changes of text, of whole paragraphs and of table rows are all there.
    assert "<w:ins " in xml and "<w:del " in xml and "<w:delText" in xml
    assert re.search(r"<w:trPr>(?:(?!</w:trPr>).)*<w:ins ", xml)
    assert re.search(r"<w:pPr>(?:(?!</w:pPr>).)*<w:rPr><w:ins ", xml)


def test_author_and_date_come_from_the_record_or_source_date_epoch(editions: Path) -> None:
    first = run(editions, "redline", str(REL), "next.yaml", "-o", "a.docx")
    again = run(editions, "redline", str(REL), "next.yaml", "-o", "b.docx")
    assert first.returncode == again.returncode == 0, first.stderr + again.stderr
    a, b = (editions / "a.docx").read_bytes(), (editions / "b.docx").read_bytes()
    assert a == b
    authors = set(re.findall(r'w:author="([^"]*)"', document_xml(a)))
    dates = set(re.findall(r'w:date="([^"]*)"', document_xml(a)))
    # The publisher's name on the new edition's date (it changed in September 2022).
    assert authors == {"His Majesty's Inspectorate of Probation"}
    assert dates == {"2022-10-01T00:00:00Z"}  # the new edition's publication month
    stamped = run(
        editions,
        "redline",
        str(REL),
        "next.yaml",
        "-o",
        "c.docx",
        env={"SOURCE_DATE_EPOCH": "86400"},
    )
    assert stamped.returncode == 0, stamped.stderr
    dates = set(re.findall(r'w:date="([^"]*)"', document_xml((editions / "c.docx").read_bytes())))
    assert dates == {"1970-01-02T00:00:00Z"}


def test_the_output_checks_run_on_the_redline(editions: Path, tmp_path: Path) -> None:
    bad = template_with(tmp_path, "")  # an empty paragraph used for spacing
    shutil.copyfile(bad, editions / "templates" / "consultation-response.docx")
    done = run(editions, "redline", str(REL), "next.yaml", "-o", "red.docx")
    assert done.returncode == 1
    assert "output-empty-paragraph" in done.stderr
    assert not (editions / "red.docx").exists()


def test_a_small_change_is_a_small_redline(project: Path) -> None:
    new = project / "new.yaml"
    shutil.copyfile(project / REL, new)
    edit(new, "There was support for our proposed", "There was strong support for our proposed")
    done = run(project, "redline", str(REL), "new.yaml", "-o", "red.docx")
    assert done.returncode == 0, done.stderr
    xml = document_xml((project / "red.docx").read_bytes())
    assert re.findall(r"<w:ins [^>]*>.*?</w:ins>", xml) == [
        re.search(r"<w:ins [^>]*><w:r><w:t[^>]*> strong</w:t></w:r></w:ins>", xml).group(0)  # type: ignore[union-attr]
    ]
    assert "<w:del " not in xml


# ECMA-376 Part 1 (transitional), the sequences Word holds these elements to: CT_PPr (CT_PPrBase,
# then rPr, sectPr, pPrChange), CT_ParaRPr (the mark's changes first, then EG_RPrBase, then
# rPrChange), CT_RPr (EG_RPrBase, then rPrChange), CT_TrPr (CT_TrPrBase, any order, then ins, del,
# trPrChange) and CT_Row.
PPR_BASE = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
]
RPR_BASE = [
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
]
TRPR_BASE = [
    "cnfStyle",
    "divId",
    "gridBefore",
    "gridAfter",
    "wBefore",
    "wAfter",
    "cantSplit",
    "trHeight",
    "tblHeader",
    "tblCellSpacing",
    "jc",
    "hidden",
]
SEQUENCES: dict[str, list[list[str]]] = {
    # Each a list of groups: a group's elements in any order, the groups in this order.
    "pPr": [[name] for name in PPR_BASE] + [["rPr"], ["sectPr"], ["pPrChange"]],
    "pPrChange/pPr": [[name] for name in PPR_BASE],
    "pPr/rPr": [["ins"], ["del"], ["moveFrom"], ["moveTo"]]
    + [[name] for name in RPR_BASE]
    + [["rPrChange"]],
    "r/rPr": [[name] for name in RPR_BASE] + [["rPrChange"]],
    "trPr": [TRPR_BASE, ["ins"], ["del"], ["trPrChange"]],
    "tr": [["tblPrEx"], ["trPr"], ["tc", "customXml", "sdt", "bookmarkStart", "bookmarkEnd"]],
}
CHANGES = ("ins", "del", "pPrChange", "rPrChange", "trPrChange")


def local(element: Any) -> str:
    return str(element.tag).removeprefix(W)


def out_of_order(element: Any, groups: list[list[str]]) -> str | None:
    """Why ``element``'s children break ``groups``' order, or None."""
    rank = {name: n for n, group in enumerate(groups) for name in group}
    last = -1
    for child in element:
        if not isinstance(child.tag, str):
            continue
        name = local(child)
        if name not in rank:
            return f"{local(element)} holds {name}, which it may not"
        if rank[name] < last or (rank[name] == last and len(groups[last]) == 1):
            order = [local(c) for c in element if isinstance(c.tag, str)]
            return f"{local(element)}'s children out of order: {order}"
        last = rank[name]
    return None


def schema_problems(docx: bytes) -> list[str]:
    """What breaks ECMA-376 in a redline's document part: the order of the children of every
    paragraph's, mark's, run's and row's properties, the changes' ids (unique) and authors and
    dates (present), text kept as deleted only inside a deletion, and relationships (each
    r:id resolves)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        root = etree.fromstring(package.read("word/document.xml"))
        rels = etree.fromstring(package.read("word/_rels/document.xml.rels"))
    problems = []
    for path, groups in SEQUENCES.items():
        parent, _, own = path.rpartition("/")
        for element in root.iter(f"{W}{own}"):
            up = element.getparent()
            if parent and (up is None or local(up) != parent):
                continue
            if not parent and own == "pPr" and up is not None and local(up) == "pPrChange":
                continue
            found = out_of_order(element, groups)
            if found:
                problems.append(found)
    ids = []
    for name in CHANGES:
        for change in root.iter(f"{W}{name}"):
            if name in ("ins", "del") or change.get(f"{W}author") is not None:
                ids.append(change.get(f"{W}id"))
                if not change.get(f"{W}author") or not change.get(f"{W}date"):
                    problems.append(f"a w:{name} without its author or date")
    problems += [f"w:id {i} used twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
    if any(t.getparent().getparent().tag != f"{W}del" for t in root.iter(f"{W}delText")):
        problems.append("deleted text outside a deletion")
    if any(local(a) == "del" for t in root.iter(f"{W}t") for a in t.iterancestors()):
        problems.append("text inside a deletion not written as deleted text")
    known = {rel.get("Id") for rel in rels}
    relation = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    for element in root.iter():
        for key in ("id", "embed", "link"):
            value = element.get(f"{relation}{key}")
            if value is not None and value not in known:
                problems.append(f"{local(element)} names relationship {value}, which is not there")
    return problems


def test_the_markup_keeps_the_order_and_ids_ecma_376_requires(editions: Path) -> None:
    """The property elements Word reads in a fixed order (and LibreOffice does not) are in that
    order; every change has its own id, an author and a date. Checked on the redline of two
    editions, both ways, and on the rows case."""
    rows = row_added_among_changed_rows(editions)
    pairs = ((str(REL), "next.yaml"), ("next.yaml", str(REL)), (str(REL), rows))
    for n, (old, new) in enumerate(pairs):
        done = run(editions, "redline", old, new, "-o", f"red{n}.docx")
        assert done.returncode == 0, done.stderr
        marked = (editions / f"red{n}.docx").read_bytes()
        xml = document_xml(marked)
        assert "<w:pPrChange " in xml or n > 0  # the case that records former properties
        assert schema_problems(marked) == [], (old, new)


def test_the_order_check_finds_what_word_would_refuse() -> None:
    """The check above against hand-made wrong markup: a mark's change after its formatting, a
    row's change before its height, two changes with one id, a change without a date."""
    body = (
        f'<w:document xmlns:w="{W[1:-1]}"><w:body><w:tbl><w:tr><w:trPr>'
        '<w:ins w:id="1" w:author="a" w:date="2022-10-01T00:00:00Z"/><w:trHeight w:val="1"/>'
        "</w:trPr><w:tc><w:p><w:pPr><w:rPr><w:b/>"
        '<w:del w:id="1" w:author="a" w:date="2022-10-01T00:00:00Z"/></w:rPr>'
        '<w:pStyle w:val="x"/></w:pPr><w:ins w:id="2" w:author="a"/></w:p></w:tc></w:tr></w:tbl>'
        "</w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("word/document.xml", body)
        package.writestr(
            "word/_rels/document.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>',
        )
    assert schema_problems(out.getvalue()) == [
        "pPr's children out of order: ['rPr', 'pStyle']",
        "rPr's children out of order: ['b', 'del']",
        "trPr's children out of order: ['ins', 'trHeight']",
        "a w:ins without its author or date",
        "w:id 1 used twice",
    ]


def test_a_paragraph_deleted_with_its_link_keeps_no_link_to_the_old_document(
    editions: Path,
) -> None:
    """A deleted paragraph that held a link: its words show as deleted, without the link, whose
    address was the old document's (a relationship the new one does not have)."""
    new = editions / "nolink.yaml"
    shutil.copyfile(editions / "next.yaml", new)
    edit(
        new,
        "    - >-\n"
        "      The {programme_year} consultation letter was issued on the {letter_issued}, "
        "setting a\n"
        "      deadline for responses of {deadline}. The [consultation letter]"
        "[consultation-letter] was\n"
        "      also published on our website.\n",
        "",
    )
    done = run(editions, "redline", "next.yaml", new.name, "-o", "red.docx")
    assert done.returncode == 0, done.stderr
    marked = (editions / "red.docx").read_bytes()
    assert schema_problems(marked) == []
    old = redline.texts(build(editions, "next.yaml", "old.docx"))
    assert redline.reject_all(marked) == old
    assert redline.accept_all(marked) == redline.texts(build(editions, new.name, "new.docx"))
    assert any("The consultation letter was" in text for text in old)


def row_added_among_changed_rows(root: Path) -> str:
    """A version of the shipped record with a suggestion (a table row of its own) added before
    one whose response changes by a word; the new record's name."""
    new = root / "rows.yaml"
    shutil.copyfile(root / REL, new)
    edit(
        new,
        "            - id: on-hold\n"
        "              decision: on-hold\n"
        "              text: To be put on hold until the transition has embedded\n",
        "            - id: backlogs\n"
        "              decision: future-thematic\n"
        "              text: To be considered with the courts inspectorates\n"
        "            - id: on-hold\n"
        "              decision: on-hold\n"
        "              text: To be put on hold until the new transition has embedded\n",
    )
    edit(
        new,
        "            - topic: Case transfers\n",
        "            - topic: Court backlogs\n"
        "              outcome: backlogs\n"
        "            - topic: Case transfers\n",
    )
    return new.name


def rows_of(docx: bytes) -> list[tuple[str, str, list[str], list[str]]]:
    """Each table row: its own change (ins, del or none), its text, and the texts inserted and
    deleted within it."""
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    found = []
    for row in root.iter(f"{W}tr"):
        flags = [f.tag for f in row.findall(f"{W}trPr/*") if f.tag in (f"{W}ins", f"{W}del")]
        change = flags[0].removeprefix(W) if flags else "none"
        text = "".join(row.itertext())
        inserted = ["".join(x.itertext()) for x in row.iter(f"{W}ins") if "".join(x.itertext())]
        deleted = ["".join(x.itertext()) for x in row.iter(f"{W}del") if "".join(x.itertext())]
        found.append((change, text, inserted, deleted))
    return found


def test_a_row_that_matches_shows_its_words_changed_and_only_new_rows_are_inserted(
    project: Path,
) -> None:
    new = row_added_among_changed_rows(project)
    done = run(project, "redline", str(REL), new, "-o", "red.docx")
    assert done.returncode == 0, done.stderr
    marked = (project / "red.docx").read_bytes()
    rows = rows_of(marked)
    changed = [row for row in rows if row[0] != "none" or row[2] or row[3]]
    assert changed == [
        (
            "ins",
            "Court backlogsTo be considered with the courts inspectorates",
            ["Court backlogs", "To be considered with the courts inspectorates"],
            [],
        ),
        (
            "none",
            "Case transfersTo be put on hold until the new transition has embedded",
            ["new "],
            [],
        ),
    ]
    assert redline.accept_all(marked) == redline.texts(build(project, new, "new.docx"))
    assert redline.reject_all(marked) == redline.texts(build(project, str(REL), "old.docx"))


def test_libreoffice_shows_inserted_and_deleted_words(editions: Path) -> None:
    require_tools("soffice", "pdftotext")
    done = run(editions, "redline", str(REL), "next.yaml", "-o", "red.docx")
    assert done.returncode == 0, done.stderr
    red = editions / "red.docx"
    # As changes: LibreOffice reads them as tracked insertions and deletions of its own.
    flat = pdf.convert(red, filter_argument="fodt", extension="fodt").decode("utf-8")
    assert "<text:insertion>" in flat and "<text:deletion>" in flat
    # And prints both words: "Derby City YOS" was deleted, "Inspection framework" inserted.
    (editions / "red.pdf").write_bytes(pdf.convert(red))
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(editions / "red.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    assert "Derby City YOS" in text
    assert "Inspection framework" in text
    assert "Derby City YOS" not in redline.accept_all(red.read_bytes())


def uno_python() -> str:
    """The Python that can drive LibreOffice, or skip (fail under ``CI=true``) saying why."""
    require_tools("soffice")
    try:
        found = (
            subprocess.run(
                [UNO_PYTHON, "-c", "import uno"], capture_output=True, timeout=60, check=False
            ).returncode
            == 0
        )
    except OSError:
        found = False
    if not found:
        reason = f"needs {UNO_PYTHON} with LibreOffice's uno module (apt-get install python3-uno)"
        if os.environ.get("CI", "").strip().lower() == "true":
            pytest.fail(f"{reason}: CI=true, so a missing program is a failure", pytrace=False)
        pytest.skip(reason)
    return UNO_PYTHON


def libreoffice_reads(root: Path, *names: str) -> dict[str, Any]:
    """What LibreOffice itself makes of each document: its paragraphs as opened, with every
    change accepted and with every change rejected (``libreoffice_changes.py``)."""
    python = uno_python()
    soffice = shutil.which("soffice")
    assert soffice is not None
    done = subprocess.run(
        [python, str(UNO_SCRIPT), soffice, *names],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    found: dict[str, Any] = json.loads(done.stdout)
    return found


def test_libreoffice_accepting_and_rejecting_gives_each_edition(editions: Path) -> None:
    """Two editions whose tables differ throughout, and two versions of one whose row changes
    among rows added: LibreOffice's own Accept All gives the new document's paragraphs, numbers
    included, and its Reject All the old one's, paragraph by paragraph, with no empty paragraph
    left where a change was."""
    build(editions, str(REL), "old.docx")
    build(editions, "next.yaml", "new.docx")
    rows = row_added_among_changed_rows(editions)
    build(editions, rows, "rows.docx")
    for new, out in (("next.yaml", "red.docx"), (rows, "red-rows.docx")):
        done = run(editions, "redline", str(REL), new, "-o", out)
        assert done.returncode == 0, done.stderr
    names = ("old.docx", "new.docx", "red.docx", "rows.docx", "red-rows.docx")
    read = libreoffice_reads(editions, *names)
    old = read["old.docx"]["as_is"]
    assert (
        "3.4.\tThe full list of business plan activities for 2021/2022 are set out in our "
        "corporate plan." in old
    )
    for new, red in (("new.docx", "red.docx"), ("rows.docx", "red-rows.docx")):
        assert read[red]["accepted"] == read[new]["as_is"], red
        assert read[red]["rejected"] == old, red
        # Our own reading of the markup agrees with LibreOffice's, less the list numbers.
        unnumbered = [re.sub(r"^[0-9.]+\t", "", text) for text in read[red]["accepted"]]
        assert unnumbered == redline.accept_all((editions / red).read_bytes())
