"""`hmip-docs pdf`: a tagged, titled PDF through LibreOffice, checked and read back with poppler.

LibreOffice and poppler-utils are real programs here: without them these tests skip locally and
fail under ``CI=true`` (``.ci/run`` installs them).
"""

from __future__ import annotations

import fcntl
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from hmip_docs.export import pdf
from tests.conftest import RECORDS, ROOT, edit, require_tools
from tests.test_fidelity import SEED, normalise, out_of_order, seed_lines

REL = Path("records/2021-22/consultation-response.yaml")
TITLE = (
    "Response to the consultation on HM Inspectorate of Probation's inspection framework and "
    "programmes for 2021/2022"
)
EXPECTED = pdf.Expected(TITLE, "en-GB")
PAIR = ("first", "second")
PARAGRAPHS = ["1.1", "1.2", "1.3", "1.4", "3.1", "3.2", "3.3", "3.4", "4.1", "4.2"]


def hmip(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "hmip_docs", *args],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def copy_project(root: Path) -> Path:
    shutil.copytree(RECORDS, root / "records")
    shutil.copytree(ROOT / "templates", root / "templates")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two PDFs of the 2021/22 record, converted side by side by two processes.

    Under pytest-xdist the workers share one pair (made by whichever comes first), since each
    conversion starts LibreOffice afresh and takes seconds.
    """
    require_tools("soffice", "pdftotext")
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    with (shared / "pdf.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        out = shared / "pdf-project" / "out"
        if not out.is_dir():
            root = copy_project(shared / "pdf-project")
            runs = [hmip(root, "pdf", str(REL), "-o", f"out/{name}.pdf") for name in PAIR]
            for run in runs:
                stdout, stderr = run.communicate(timeout=600)
                assert run.returncode == 0, stdout + stderr
                assert "wrote out/" in stderr
    return out / "first.pdf", out / "second.pdf"


def pdftotext(path: Path, *options: str) -> str:
    done = subprocess.run(
        ["pdftotext", *options, "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return done.stdout


@pytest.fixture(scope="module")
def pages(built: tuple[Path, Path]) -> list[list[str]]:
    """The non-empty lines of each page, in the order LibreOffice wrote them (``-raw``)."""
    text = pdftotext(built[0], "-raw")
    found = [
        [line.strip() for line in page.splitlines() if line.strip()] for page in text.split("\f")
    ]
    while found and not found[-1]:
        found.pop()
    return found


REPEATED_HEADER = "Number Question Post-consultation decision"
"""The summary table's header row, repeated at the top of each page a decision runs on to."""


def body_lines(pages: list[list[str]]) -> list[str]:
    """Every line but the page-number footers and the summary table's repeated header rows."""
    lines: list[str] = []
    for number, page in enumerate(pages, start=1):
        page = page[:-1] if page and page[-1] == str(number) else page
        lines.extend(page[1:] if page[:1] == [REPEATED_HEADER] else page)
    return lines


def test_two_conversions_side_by_side_both_give_a_publishable_pdf(
    built: tuple[Path, Path],
) -> None:
    for path in built:
        assert path.read_bytes().startswith(b"%PDF-")
        assert pdf.problems(path.read_bytes(), EXPECTED) == []
    assert sorted(p.name for p in built[0].parent.iterdir()) == ["first.pdf", "second.pdf"]


def test_the_pdf_is_tagged_titled_and_in_british_english(built: tuple[Path, Path]) -> None:
    info = subprocess.run(
        ["pdfinfo", str(built[0])], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M), info
    assert re.search(rf"^Title:\s+{re.escape(TITLE)}$", info, re.M), info
    raw = built[0].read_bytes()
    assert b"/StructTreeRoot" in raw
    assert re.search(rb"/MarkInfo\s*<<\s*/Marked\s+true\s*>>", raw)
    assert re.search(rb"/Lang\s*\(en-GB\)", raw)
    assert re.search(rb"/ViewerPreferences\s*<<\s*/DisplayDocTitle\s+true\s*>>", raw)
    assert PdfReader(built[0]).outline, "headings become bookmarks"


def test_every_page_after_the_cover_shows_its_number(pages: list[list[str]]) -> None:
    assert len(pages) >= 5
    assert [page[-1] for page in pages[1:]] == [str(n) for n in range(2, len(pages) + 1)]


def test_section_and_paragraph_numbers_show_in_order(pages: list[list[str]]) -> None:
    lines = body_lines(pages)
    paragraphs = [m.group(1) for line in lines if (m := re.match(r"(\d+\.\d+)\.\s", line))]
    assert paragraphs == PARAGRAPHS
    sections = [
        line for line in lines if re.match(r"\d\.\s+(Introduction|Summary|Stakeholder)", line)
    ]
    assert [s.split()[0] for s in sections] == ["1.", "2.", "3.", "4."]


def test_every_published_line_is_in_the_pdf_in_order(pages: list[list[str]]) -> None:
    text = ""
    for line in body_lines(pages):
        # A word broken at its own hyphen at the end of a line continues on the next.
        text += line if re.search(r"\w-$", text) else " " + line
    stream = re.sub(r"\s+", " ", normalise(text))
    lines = seed_lines(SEED.read_text(encoding="utf-8"))
    assert len(lines) == 153
    assert out_of_order(lines, stream) == []


# ----------------------------------------------------------------------- the check can fail


def test_a_pdf_exported_without_the_options_is_refused(tmp_path: Path) -> None:
    """What LibreOffice before 7.4 makes: it ignores the options and exports untagged."""
    require_tools("soffice")
    root = copy_project(tmp_path)
    docx = root / "document.docx"
    run = hmip(root, "docx", str(REL), "-o", docx.name)
    run.communicate(timeout=120)
    assert run.returncode == 0
    untagged = pdf.convert(docx, filter_argument="pdf:writer_pdf_Export")
    found = pdf.problems(untagged, EXPECTED)
    assert any("not tagged" in problem for problem in found), found
    assert any("/Marked" in problem for problem in found), found
    with pytest.raises(pdf.PdfError) as refused:
        pdf.check(untagged, EXPECTED, "records/x.yaml")
    assert "made of records/x.yaml is not publishable" in str(refused.value)
    assert "7.4" in str(refused.value)


def test_wrong_title_language_and_page_numbers_are_refused(built: tuple[Path, Path]) -> None:
    writer = PdfWriter(clone_from=built[0])
    del writer.pages[1]  # page 2 now shows the number 3
    buffer = io.BytesIO()
    writer.write(buffer)
    found = pdf.problems(buffer.getvalue(), pdf.Expected("Another title", "cy"))
    assert "page 2 shows '3' at its foot, not its number 2" in found
    assert any("its language is 'en-GB', not 'cy'" in problem for problem in found)
    assert any("not 'Another title'" in problem for problem in found)
    assert pdf.problems(b"%PDF-1.6 broken", EXPECTED)[0].startswith("it cannot be read")


# --------------------------------------------------------------------------- command line


def test_invalid_record_gives_no_pdf(tmp_path: Path) -> None:
    require_tools("soffice")
    root = copy_project(tmp_path)
    edit(
        root / REL,
        "            - topic: Case transfers\n              outcome: on-hold\n",
        "            - topic: Case transfers\n",
    )
    run = hmip(root, "pdf")
    stdout, stderr = run.communicate(timeout=120)
    assert run.returncode == 1
    assert "[suggestion-outcome-missing]" in stdout
    assert "1 record(s) not built" in stderr
    assert not (root / "build").exists()


def test_without_libreoffice_the_command_says_so(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    env = {**os.environ, "PATH": str(tmp_path / "empty")}
    run = hmip(root, "pdf", env=env)
    stdout, stderr = run.communicate(timeout=120)
    assert run.returncode == 2
    assert "LibreOffice (soffice) is not on PATH" in stderr
    assert "Traceback" not in stderr + stdout
    assert not (root / "build").exists()


def test_export_options_are_libreoffice_json() -> None:
    name, filter_name, options = pdf.export_filter().split(":", 2)
    assert (name, filter_name) == ("pdf", "writer_pdf_Export")
    assert json.loads(options)["UseTaggedPDF"] == {"type": "boolean", "value": "true"}
    assert json.loads(options)["DisplayPDFDocumentTitle"]["value"] == "true"
