"""Publish a record as a tagged PDF: build its Word document, convert it, check the PDF itself.

The .docx is built exactly as ``hmip-docs docx`` builds it (``export/build.py``: validated record,
context, render, output checks), into a private temporary folder. LibreOffice converts it
headless with a user profile of its own, so conversions running side by side never share one;
laying the document out recomputes the page-number fields Word left cached. Older LibreOffice
releases ignore export options they do not understand without a word, so the PDF is then read
back and must be tagged (a structure tree, marked content), declare PDF/UA-1, say its language,
show its title in the window's title bar and hold it in the document information, open with its
bookmarks showing, and carry on every page after the cover that page's own number, as the lowest
text on it. Its dates are the .docx's (``pdf_dates``). Only then is it written, atomically.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hmip_docs.context import model
from hmip_docs.export import build, pdf_dates, write
from hmip_docs.export.build import Built
from hmip_docs.record.organisations import Registry
from hmip_docs.validate.validator import Checked

# writer_pdf_Export options, given as LibreOffice's JSON filter options (7.4 and later).
EXPORT_OPTIONS: Mapping[str, bool | int] = {
    "UseTaggedPDF": True,
    "PDFUACompliance": True,  # declares PDF/UA-1 in the XMP metadata
    "ExportBookmarks": True,
    "DisplayPDFDocumentTitle": True,
    "InitialView": 1,  # open with the bookmarks panel showing (/PageMode /UseOutlines)
    "ExportNotes": False,
    "ExportFormFields": False,
}
PDFUA_NS = "http://www.aiim.org/pdfua/ns/id/"
PROGRAMS = ("soffice", "libreoffice")
TIMEOUT = 300.0  # seconds; a first conversion also creates the private profile
INSTALL_HINT = "install LibreOffice 7.4 or later (Debian: apt-get install libreoffice-writer-nogui)"


class PdfError(Exception):
    """The PDF could not be made, or what LibreOffice made is not publishable."""


def _option(value: bool | int) -> dict[str, str]:
    """One filter option as LibreOffice's JSON spells it (a flag, or a whole number)."""
    if isinstance(value, bool):
        return {"type": "boolean", "value": "true" if value else "false"}
    return {"type": "long", "value": str(value)}


def export_filter(options: Mapping[str, bool | int] = EXPORT_OPTIONS) -> str:
    """The ``--convert-to`` argument that exports a PDF with ``options``."""
    payload = {name: _option(value) for name, value in options.items()}
    return "pdf:writer_pdf_Export:" + json.dumps(payload, separators=(",", ":"))


def program() -> str:
    """The LibreOffice executable on ``PATH``."""
    for name in PROGRAMS:
        found = shutil.which(name)
        if found:
            return found
    raise PdfError(f"LibreOffice (soffice) is not on PATH: {INSTALL_HINT}")


def version() -> str:
    """LibreOffice's own account of its version ("LibreOffice 7.4.7.2 …"), or "" if unknown."""
    try:
        done = subprocess.run(
            [program(), "--version"], capture_output=True, text=True, timeout=60, check=False
        )
    except (PdfError, OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip()


def convert(
    docx: Path,
    *,
    filter_argument: str | None = None,
    timeout: float = TIMEOUT,
    extension: str = "pdf",
) -> bytes:
    """The bytes of the PDF LibreOffice makes of ``docx`` (not yet checked); with another
    ``filter_argument``, of the file of that ``extension`` it makes."""
    executable = program()
    with tempfile.TemporaryDirectory(prefix="hmip-docs-pdf-") as temp:
        root = Path(temp)
        source = root / "document.docx"
        out = root / "out"
        shutil.copyfile(docx, source)
        command = [
            executable,
            f"-env:UserInstallation={(root / 'profile').as_uri()}",
            "--headless",
            "--invisible",
            "--nodefault",
            "--nolockcheck",
            "--nologo",
            "--norestore",
            "--convert-to",
            filter_argument or export_filter(),
            "--outdir",
            str(out),
            str(source),
        ]
        returncode, said = _run_office(command, root, timeout, docx)
        result = out / f"document.{extension}"
        if not result.is_file():
            raise PdfError(
                f"LibreOffice did not convert {docx} (exit code {returncode})"
                + (f": {said}" if said else "")
            )
        return result.read_bytes()


def _run_office(command: list[str], root: Path, timeout: float, docx: Path) -> tuple[int, str]:
    """Run LibreOffice's launcher in a session of its own; its exit code and the end of what it
    said. The launcher starts the office process that converts: whatever stops the run (the
    time limit, Ctrl-C), the whole session is killed, so that no office process is left writing
    into the profile folder that is about to be removed."""
    try:
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=root,
            start_new_session=True,
        )
    except OSError as error:
        raise PdfError(f"cannot run {command[0]}: {error.strerror or error}") from error
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        raise PdfError(
            f"LibreOffice took longer than {timeout:g} seconds to convert {docx}"
        ) from None
    finally:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            if hasattr(os, "killpg"):
                os.killpg(process.pid, signal.SIGKILL)
            else:  # no sessions to kill (Windows): the launcher at least
                process.kill()
        process.communicate()
    return process.returncode, " ".join((stderr or stdout).split())[-400:]


@dataclass(frozen=True)
class Expected:
    """What the PDF must say about itself."""

    title: str
    language: str


def _lowest_text(page: Any) -> str:
    """The text printed lowest on a page: the footer, if the page has one."""
    found: list[tuple[float, str]] = []

    def visit(text: str, cm: Sequence[float], tm: Sequence[float], *_: object) -> None:
        if text.strip():
            found.append((tm[4] * cm[1] + tm[5] * cm[3] + cm[5], text.strip()))

    page.extract_text(visitor_text=visit)
    if not found:
        return ""
    lowest = min(y for y, _ in found)
    return " ".join(text for y, text in found if abs(y - lowest) < 1.0)


def _true(catalog: Any, dictionary: str, key: str) -> bool:
    """Whether ``catalog[dictionary][key]`` is the PDF boolean ``true``."""
    from pypdf.generic import BooleanObject, DictionaryObject

    found = catalog.get(dictionary)
    found = found.get_object() if found is not None else None
    value = found.get(key) if isinstance(found, DictionaryObject) else None
    # pypdf's BooleanObject is not Python's bool: ``is True`` would never hold.
    return isinstance(value, BooleanObject) and bool(value.value)


def _declarations(catalog: Any, xmp: Any) -> list[str]:
    """What the PDF must declare beyond its tags: PDF/UA-1, and the bookmarks shown on opening."""
    found = []
    part = xmp.get_nodes_in_namespace("", PDFUA_NS) if xmp is not None else []
    if not any(node.firstChild and node.firstChild.data == "1" for node in part):
        found.append("it does not declare PDF/UA-1 (pdfuaid:part in its XMP metadata)")
    if catalog.get("/PageMode") != "/UseOutlines":
        found.append("it does not open with its bookmarks showing (/PageMode /UseOutlines)")
    return found


def problems(data: bytes, expected: Expected) -> list[str]:
    """What keeps the PDF ``data`` from being published; empty when it is fine."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        catalog = reader.root_object
        info = reader.metadata
        xmp = reader.xmp_metadata
        pages = list(reader.pages)
    except (PyPdfError, ValueError, KeyError) as error:
        return [f"it cannot be read as a PDF ({error})"]
    found = []
    if "/StructTreeRoot" not in catalog:
        found.append("it is not tagged: there is no structure tree (/StructTreeRoot)")
    if not _true(catalog, "/MarkInfo", "/Marked"):
        found.append("its content is not marked for its tags (/MarkInfo /Marked true)")
    language = catalog.get("/Lang")
    if language != expected.language:
        found.append(f"its language is {language!r}, not {expected.language!r} (/Lang)")
    if not _true(catalog, "/ViewerPreferences", "/DisplayDocTitle"):
        found.append(
            "viewers would show its file name, not its title (/ViewerPreferences /DisplayDocTitle)"
        )
    title = info.title if info is not None else None
    if title != expected.title:
        found.append(f"its title is {title!r}, not {expected.title!r}")
    xmp_titles = dict(xmp.dc_title or {}) if xmp is not None else {}
    if xmp_titles and expected.title not in xmp_titles.values():
        found.append(f"its XMP title is {xmp_titles!r}, not {expected.title!r}")
    found += _declarations(catalog, xmp)
    for number, page in enumerate(pages[1:], start=2):
        footer = _lowest_text(page)
        if footer != str(number):
            found.append(f"page {number} shows {footer!r} at its foot, not its number {number}")
    return found


def check(data: bytes, expected: Expected, source: str) -> None:
    """Raise ``PdfError`` naming every problem of the PDF made of ``source``."""
    found = problems(data, expected)
    if found:
        made_by = version() or "LibreOffice"
        raise PdfError(
            f"the PDF {made_by} made of {source} is not publishable: "
            + "; ".join(found)
            + f" (LibreOffice before 7.4 ignores the export options without a word: {INSTALL_HINT})"
        )


def output_name(record: Path, records: Path | None = None) -> str:
    """``records/2021-22/consultation-response.yaml`` → ``consultation-response-2021-22.pdf``
    (named as ``build.output_name`` names the .docx)."""
    return str(Path(build.output_name(record, records)).with_suffix(".pdf"))


def build_one(
    checked: Checked,
    registry: Registry,
    template: Path,
    destination: Path,
    file: str,
    strict: bool = False,
    protected: write.Protected = write.NOTHING,
) -> Built:
    """Build, convert and check the PDF of a validated record; write it only if all is well
    (under ``strict``, only if no warning stands either), and never over what ``protected`` holds
    (``write.destination``)."""
    if not checked.passes(strict) or checked.data is None:
        return Built(checked.path, None, ())
    properties = model.build(checked.data, registry).properties
    with tempfile.TemporaryDirectory(prefix="hmip-docs-") as temp:
        docx = Path(temp) / Path(output_name(checked.path)).with_suffix(".docx").name
        built = build.build_one(checked, registry, template, docx, file, strict=strict)
        if built.output is None:
            return Built(checked.path, None, built.findings)
        data = convert(built.output)
        try:
            dates = pdf_dates.docx_dates(built.output)
            stamp = pdf_dates.Stamp(properties.title, properties.author, *dates)
            data = pdf_dates.stamp(data, stamp)
        except pdf_dates.DateError as error:
            raise PdfError(f"cannot date the PDF of {file}: {error}") from error
    check(data, Expected(properties.title, properties.language), file)
    target = write.destination(destination, protected)
    write.clean_stale_temps(target.parent, target.name)
    write.write_atomic(destination, data, protected)
    # The .docx's own checks may have warned; the PDF carries the same content.
    return Built(checked.path, destination, built.findings)
