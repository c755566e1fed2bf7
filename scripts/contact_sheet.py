"""Write a contact sheet of a PDF: every page, small, on one PNG, for a pull request to show the
whole document at a glance (``make preview`` writes one beside the page images).

Pages are drawn by poppler's ``pdftoppm`` as PPM (a header and raw RGB bytes, read here without
any imaging library) and laid out in rows, left to right, each on a light grey sheet with a
thin border. The PNG is written with the standard library's zlib at a fixed level and holds no
time or other chunk that varies, so the same PDF always gives the same bytes.

    python scripts/contact_sheet.py DOCUMENT.pdf SHEET.png [--columns 5] [--dpi 30]
"""

from __future__ import annotations

import argparse
import os
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path
from typing import NamedTuple

BACKGROUND = (0xE6, 0xE6, 0xE6)
BORDER = (0x7F, 0x7F, 0x7F)
GAP = 12  # pixels around and between pages
TIMEOUT = 120  # seconds for pdftoppm


class Image(NamedTuple):
    """An RGB image: width, height and rows of ``3 * width`` bytes."""

    width: int
    height: int
    rows: list[bytearray]


class SheetError(Exception):
    """The pages could not be drawn; the message says why."""


def read_ppm(data: bytes) -> Image:
    """A binary PPM (``P6``, 8 bits per channel) as an ``Image``."""
    fields: list[bytes] = []
    position = 0
    while len(fields) < 4:
        while position < len(data) and data[position : position + 1].isspace():
            position += 1
        if data[position : position + 1] == b"#":  # a comment runs to the end of its line
            position = data.index(b"\n", position)
            continue
        end = position
        while end < len(data) and not data[end : end + 1].isspace():
            end += 1
        fields.append(data[position:end])
        position = end
    magic, width, height, depth = fields[0], int(fields[1]), int(fields[2]), int(fields[3])
    if magic != b"P6" or depth != 255:
        raise SheetError(f"not an 8-bit binary PPM ({magic!r}, depth {depth})")
    pixels = data[position + 1 :]
    stride = 3 * width
    if len(pixels) < stride * height:
        raise SheetError("the PPM is shorter than its size says")
    rows = [bytearray(pixels[y * stride : (y + 1) * stride]) for y in range(height)]
    return Image(width, height, rows)


def draw_pages(pdf: Path, dpi: int) -> list[Image]:
    """Every page of ``pdf`` at ``dpi`` dots per inch, in order."""
    with tempfile.TemporaryDirectory(prefix="contact-sheet-") as temp:
        try:
            subprocess.run(
                ["pdftoppm", "-r", str(dpi), str(pdf), os.path.join(temp, "page")],
                check=True,
                capture_output=True,
                timeout=TIMEOUT,
            )
        except FileNotFoundError:
            raise SheetError("pdftoppm is not installed (apt-get install poppler-utils)") from None
        except subprocess.CalledProcessError as error:
            said = error.stderr.decode("utf-8", "replace").strip()
            raise SheetError(f"pdftoppm could not draw {pdf}: {said}") from None
        except subprocess.TimeoutExpired:
            raise SheetError(f"pdftoppm took longer than {TIMEOUT} s to draw {pdf}") from None
        # pdftoppm numbers pages with as many digits as the last page needs: sort by number.
        names = sorted(Path(temp).glob("page-*.ppm"), key=lambda p: int(p.stem.split("-")[-1]))
        return [read_ppm(name.read_bytes()) for name in names]


def compose(pages: list[Image], columns: int) -> Image:
    """The pages laid out ``columns`` to a row, each framed, on a grey sheet."""
    if not pages:
        raise SheetError("the PDF has no pages")
    cell_width = max(page.width for page in pages) + 2
    cell_height = max(page.height for page in pages) + 2
    columns = max(1, min(columns, len(pages)))
    lines = -(-len(pages) // columns)
    width = GAP + columns * (cell_width + GAP)
    height = GAP + lines * (cell_height + GAP)
    rows = [bytearray(bytes(BACKGROUND) * width) for _ in range(height)]
    for index, page in enumerate(pages):
        left = GAP + (index % columns) * (cell_width + GAP)
        top = GAP + (index // columns) * (cell_height + GAP)
        frame = bytes(BORDER) * (page.width + 2)
        rows[top][3 * left : 3 * (left + page.width + 2)] = frame
        rows[top + page.height + 1][3 * left : 3 * (left + page.width + 2)] = frame
        for y, line in enumerate(page.rows, start=top + 1):
            rows[y][3 * left : 3 * left + 3] = bytes(BORDER)
            rows[y][3 * (left + 1) : 3 * (left + 1 + page.width)] = line
            rows[y][3 * (left + 1 + page.width) : 3 * (left + 2 + page.width)] = bytes(BORDER)
    return Image(width, height, rows)


def _chunk(kind: bytes, payload: bytes) -> bytes:
    crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)


def png(image: Image) -> bytes:
    """``image`` as an 8-bit RGB PNG with no optional chunks, each row unfiltered."""
    header = struct.pack(">IIBBBBB", image.width, image.height, 8, 2, 0, 0, 0)
    raw = b"".join(b"\x00" + bytes(row) for row in image.rows)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(raw, 9))
        + _chunk(b"IEND", b"")
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a contact sheet of a PDF's pages.")
    parser.add_argument("pdf", type=Path)
    parser.add_argument("sheet", type=Path)
    parser.add_argument("--columns", type=int, default=5)
    parser.add_argument("--dpi", type=int, default=30)
    args = parser.parse_args(argv)
    try:
        data = png(compose(draw_pages(args.pdf, args.dpi), args.columns))
    except (SheetError, ValueError, OSError) as error:
        print(f"{args.pdf}: cannot write a contact sheet: {error}", file=sys.stderr)
        return 2
    temp = args.sheet.with_name(f".{args.sheet.name}.tmp")
    temp.write_bytes(data)
    os.replace(temp, args.sheet)
    print(f"wrote {args.sheet}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
