"""``make preview``'s contact sheet: every page of the PDF on one PNG, in order, the same bytes
from the same PDF. The PNG is read back by a decoder written here from the PNG specification
(ISO/IEC 15948: signature, chunks with CRCs, zlib data, one filter byte per row)."""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import RECORDS, ROOT, require_tools
from tests.export.test_pdf import built
from tests.test_make import make, ready

__all__ = ["built"]  # the PDF pair tests/export/test_pdf.py builds

SCRIPT = ROOT / "scripts" / "contact_sheet.py"
WHITE, GREY = (255, 255, 255), (0xE6, 0xE6, 0xE6)
GAP = 12


def decode(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and RGB rows of an 8-bit RGB PNG whose rows are unfiltered."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks = 8, []
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        payload = data[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(">I", data[position + 8 + length : position + 12 + length])
        assert zlib.crc32(kind + payload) & 0xFFFFFFFF == crc, kind
        chunks.append((kind, payload))
        position += 12 + length
    assert [kind for kind, _ in chunks] == [b"IHDR", b"IDAT", b"IEND"]
    width, height, depth, colour, _, _, _ = struct.unpack(">IIBBBBB", chunks[0][1])
    assert (depth, colour) == (8, 2)
    raw = zlib.decompress(chunks[1][1])
    stride = 1 + 3 * width
    rows = [raw[y * stride : (y + 1) * stride] for y in range(height)]
    assert all(row[0] == 0 for row in rows)
    return width, height, [row[1:] for row in rows]


def sheet(pdf: Path, out: Path, *args: str) -> bytes:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(pdf), str(out), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return out.read_bytes()


def test_every_page_is_on_the_sheet_in_its_place(built: tuple[Path, Path], tmp_path: Path) -> None:
    require_tools("pdftoppm")
    pages = len(PdfReader(built[0]).pages)
    width, height, rows = decode(sheet(built[0], tmp_path / "sheet.png", "--columns", "4"))
    cells = -(-pages // 4) * 4
    cell_width = (width - GAP) // 4 - GAP
    cell_height = (height - GAP) // (cells // 4) - GAP

    def pixel(x: int, y: int) -> tuple[int, ...]:
        return tuple(rows[y][3 * x : 3 * x + 3])

    for index in range(cells):
        left = GAP + (index % 4) * (cell_width + GAP)
        top = GAP + (index // 4) * (cell_height + GAP)
        # a page is white paper inside its frame; an empty place is the grey sheet
        expected = WHITE if index < pages else GREY
        assert pixel(left + 4, top + 4) == expected, index
    # the cover's title is printed: the first page holds more than paper
    first = {pixel(x, y) for y in range(GAP, GAP + cell_height) for x in range(GAP, cell_width)}
    assert len(first) > 3


def test_the_same_pdf_gives_the_same_sheet(built: tuple[Path, Path], tmp_path: Path) -> None:
    require_tools("pdftoppm")
    assert sheet(built[0], tmp_path / "a.png") == sheet(built[1], tmp_path / "b.png")


def test_make_preview_writes_the_sheet_beside_the_pages(tmp_path: Path) -> None:
    require_tools("soffice", "pdftoppm")
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(RECORDS, tmp_path / "records")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    shutil.copytree(ROOT / "scripts", tmp_path / "scripts")
    made = []
    for _ in range(2):
        run = make(tmp_path, "preview", *ready(tmp_path))
        assert run.returncode == 0, run.stdout + run.stderr
        made.append(
            (tmp_path / "build/preview/consultation-response-2021-22-sheet.png").read_bytes()
        )
    assert made[0] == made[1]
    pages = sorted((tmp_path / "build" / "preview").glob("consultation-response-2021-22-[0-9]*"))
    assert len(pages) == len(PdfReader(tmp_path / "build/consultation-response-2021-22.pdf").pages)


def test_a_file_that_is_not_a_pdf_is_reported(tmp_path: Path) -> None:
    require_tools("pdftoppm")
    bad = tmp_path / "bad.pdf"
    bad.write_text("not a PDF", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(bad), str(tmp_path / "sheet.png")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert "cannot write a contact sheet" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "sheet.png").exists()


@pytest.mark.parametrize("columns", ["0", "-3"])
def test_fewer_than_one_column_means_one(
    built: tuple[Path, Path], tmp_path: Path, columns: str
) -> None:
    require_tools("pdftoppm")
    width, height, _ = decode(sheet(built[0], tmp_path / "one.png", "--columns", columns))
    assert height > width
