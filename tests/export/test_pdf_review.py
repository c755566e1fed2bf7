"""The PDF as the communications team reads it before publishing: no title alone at the foot of a
page, headings nested as the record nests them in the bookmarks, the cover title a heading, PDF/UA
declared, the bookmarks open, and the record's dates, so that two builds give the same bytes.

LibreOffice and poppler-utils are real programs here (``tests/export/test_pdf.py`` says how they are
found); the PDFs are the pair ``tests/export/test_pdf.py`` builds side by side.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from pypdf import PdfReader

from hmip_docs.export import pdf, pdf_dates
from hmip_docs.ooxml.package import Docx
from hmip_docs.ooxml.styles import heading_level
from hmip_docs.ooxml.xml import W, is_on
from tests.conftest import require_tools
from tests.export.test_pdf import REL, TITLE, built, copy_project, hmip, pages, pdftotext

__all__ = ["built", "pages"]  # fixtures shared with tests/export/test_pdf.py

PUBLISHED = dt.datetime(2021, 9, 1, tzinfo=dt.UTC)
EPOCH = 1_700_000_000
DASH = "\u2013"


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def titles(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The text of every paragraph of the built .docx that must stay with what follows it:
    headings, and the paragraphs whose style keeps them with the next (the question topics,
    strand labels and thematic titles in the summary table)."""
    root = copy_project(tmp_path_factory.mktemp("titles"))
    run = hmip(root, "docx", str(REL), "-o", "document.docx")
    stdout, stderr = run.communicate(timeout=300)
    assert run.returncode == 0, stdout + stderr
    doc = Docx.read((root / "document.docx").read_bytes())
    assert doc.body is not None
    found = []
    for paragraph in doc.body.iter(f"{W}p"):
        keep = doc.styles.paragraph_property(paragraph, "keepNext")
        heading = heading_level(doc.styles, paragraph) is not None
        text = _words(doc.text(paragraph))
        if text and (heading or is_on(keep)):
            found.append(text)
    return found


def stranded(pages: list[list[str]], titles: list[str]) -> list[tuple[int, str]]:
    """(page number, title) for each page whose text, footer aside, ends with a title."""
    found = []
    for number, lines in enumerate(pages, start=1):
        body = lines[:-1] if lines and lines[-1] == str(number) else lines
        text = _words(" ".join(body))
        found += [(number, title) for title in titles if text.endswith(title)]
    return found


def test_no_title_ends_a_page_apart_from_its_text(
    built: tuple[Path, Path], titles: list[str]
) -> None:
    assert {"Adult", "Youth", "Race", "MAPPA", "Thematic inspections", "Research"} <= set(titles)
    by_page = [
        [
            line.strip()
            for line in pdftotext(built[0], "-raw", "-f", str(n), "-l", str(n)).split("\n")
        ]
        for n in range(1, len(PdfReader(built[0]).pages) + 1)
    ]
    by_page = [[line for line in lines if line] for lines in by_page]
    assert stranded(by_page, titles) == []


def test_a_title_at_the_foot_of_a_page_is_found(titles: list[str]) -> None:
    """The check itself: the foot of page 3 as LibreOffice laid it out before the summary table's
    thematics became a list under their strand."""
    page_3 = ["and HMICFRS.", "Youth", "Race", "3"]
    assert stranded([["cover"], ["2"], page_3], titles) == [(3, "Race")]


def _outline(reader: PdfReader) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []

    def walk(items: list[Any], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, str(item.title)))

    walk(reader.outline, 1)
    return found


def test_bookmarks_start_with_the_title_and_nest_areas_under_their_question(
    built: tuple[Path, Path],
) -> None:
    outline = _outline(PdfReader(built[0]))
    assert outline[0] == (1, TITLE)
    assert (1, "1. Introduction") in outline
    question = outline.index((2, f"Consultation question {DASH} thematic inspections"), 5)
    assert outline[question + 1 : question + 3] == [
        (3, "Probation inspection"),
        (3, "Youth inspection"),
    ]
    research = outline.index((2, f"Consultation question {DASH} research projects"))
    assert outline[research + 1] == (3, "Research")


def _tags(reader: PdfReader) -> list[str]:
    """The structure types of the document element's children, in order, role-mapped."""
    tree = reader.root_object["/StructTreeRoot"].get_object()
    roles = tree.get("/RoleMap", {})
    document = tree["/K"].get_object()
    document = document[0].get_object() if isinstance(document, list) else document
    kids = document["/K"]
    return [str(roles.get(kid.get_object()["/S"], kid.get_object()["/S"])) for kid in kids]


def test_the_cover_title_is_the_first_heading(built: tuple[Path, Path]) -> None:
    """Tagged as a level 1 heading before the byline, so a screen reader's headings start with
    the document's title, not with "1. Introduction"."""
    reader = PdfReader(built[0])
    tags = _tags(reader)
    assert tags[1] == "/H1", tags[:4]
    assert tags.index("/H1") == 1


def test_the_pdf_declares_pdf_ua_and_opens_with_its_bookmarks(built: tuple[Path, Path]) -> None:
    reader = PdfReader(built[0])
    assert reader.root_object["/PageMode"] == "/UseOutlines"
    xmp = reader.xmp_metadata
    assert xmp is not None
    part = xmp.get_nodes_in_namespace("", pdf.PDFUA_NS)
    assert [node.firstChild.data for node in part] == ["1"]
    root = etree.fromstring(reader.root_object["/Metadata"].get_object().get_data())
    assert root.findtext(".//{http://purl.org/dc/elements/1.1/}title/*/*") == TITLE


def test_two_builds_give_the_same_bytes_dated_from_the_record(built: tuple[Path, Path]) -> None:
    first, second = (path.read_bytes() for path in built)
    assert first == second
    reader = PdfReader(built[0])
    assert reader.metadata is not None
    assert reader.metadata.creation_date == PUBLISHED
    assert reader.metadata.modification_date == PUBLISHED
    xmp = reader.xmp_metadata
    assert xmp is not None
    assert xmp.xmp_create_date == PUBLISHED.replace(tzinfo=None)
    assert xmp.xmp_modify_date == PUBLISHED.replace(tzinfo=None)
    assert b"D:2026" not in first and not re.search(rb"CreateDate>20[3-9]", first)


def test_source_date_epoch_dates_the_change_not_the_publication(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH)}
    made = []
    for name in ("a.pdf", "b.pdf"):
        run = hmip(root, "pdf", str(REL), "-o", name, env=env)
        stdout, stderr = run.communicate(timeout=300)
        assert run.returncode == 0, stdout + stderr
        made.append((root / name).read_bytes())
    assert made[0] == made[1]
    reader = PdfReader(root / "a.pdf")
    assert reader.metadata is not None
    assert reader.metadata.creation_date == PUBLISHED
    assert reader.metadata.modification_date == dt.datetime.fromtimestamp(EPOCH, dt.UTC)


def test_dating_an_unexpected_pdf_says_what_is_missing() -> None:
    stamp = pdf_dates.Stamp(TITLE, "HMI Probation", PUBLISHED, PUBLISHED)
    with pytest.raises(pdf_dates.DateError, match="XMP packets, not one"):
        pdf_dates.stamp(b"%PDF-1.6\n", stamp)
    cramped = (
        b'%PDF-1.6\n<?xpacket begin="" id="x"?><x/><?xpacket end="w"?>\n'
        b"1 0 obj\n<</Title(x)>>\nendobj\ntrailer\n<</Info 1 0 R>>"
    )
    with pytest.raises(pdf_dates.DateError, match=r"takes .* bytes where the PDF has"):
        pdf_dates.stamp(cramped, stamp)


def test_a_pdf_without_pdf_ua_or_the_bookmarks_view_is_refused(tmp_path: Path) -> None:
    """What LibreOffice makes with the tags but without the two options."""
    require_tools("soffice")
    root = copy_project(tmp_path)
    run = hmip(root, "docx", str(REL), "-o", "document.docx")
    stdout, stderr = run.communicate(timeout=300)
    assert run.returncode == 0, stdout + stderr
    options = {
        name: value
        for name, value in pdf.EXPORT_OPTIONS.items()
        if name not in ("PDFUACompliance", "InitialView")
    }
    data = pdf.convert(root / "document.docx", filter_argument=pdf.export_filter(options))
    found = pdf.problems(data, pdf.Expected(TITLE, "en-GB"))
    assert any("PDF/UA-1" in problem for problem in found), found
    assert any("/PageMode /UseOutlines" in problem for problem in found), found
