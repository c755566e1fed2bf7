"""Give a PDF LibreOffice made the dates of the Word file it was made from, so that two builds of
one record give the same bytes.

LibreOffice stamps a PDF with the time of the conversion: the document information's
``/CreationDate``, the XMP metadata's ``xmp:CreateDate``, and the file identifiers (``/ID``, and
its own ``/DocChecksum``) it derives from them. Here the dates become the .docx's own
(``dcterms:created`` and ``dcterms:modified``: the record's publication month, or
``SOURCE_DATE_EPOCH``), the document information gains ``/ModDate``, the XMP metadata is written
afresh (LibreOffice 7.4 escapes an apostrophe of the title twice there), and the identifiers
become a digest of the PDF itself.

Every edit is made in place, within the bytes the edited object already takes (the XMP packet
keeps padding for this; the document information is written more compactly than LibreOffice
writes it), so the cross-reference table's offsets stay right and nothing else moves.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import zipfile
from pathlib import Path
from typing import NamedTuple
from xml.etree import ElementTree
from xml.sax.saxutils import escape


class DateError(Exception):
    """The PDF or the .docx is not as this module expects; the message says what is not."""


class Stamp(NamedTuple):
    """What the PDF says about itself: its title, author and dates (UTC)."""

    title: str
    author: str
    created: dt.datetime
    modified: dt.datetime


_CORE = "docProps/core.xml"
_DCTERMS = "{http://purl.org/dc/terms/}"
_PACKET = re.compile(rb"<\?xpacket begin=[^?]*\?>(.*?)<\?xpacket end=\"w\"\?>", re.DOTALL)
_INFO = re.compile(rb"/Info (\d+) 0 R")
_IDS = re.compile(rb"/ID \[ ?<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)> ?\]")
_CHECKSUM = re.compile(rb"/DocChecksum /([0-9A-Fa-f]+)")


def docx_dates(docx: Path) -> tuple[dt.datetime, dt.datetime]:
    """When the .docx says it was created and last modified."""
    try:
        with zipfile.ZipFile(docx) as package:
            core = ElementTree.fromstring(package.read(_CORE))
        found = [core.findtext(f"{_DCTERMS}{name}") or "" for name in ("created", "modified")]
        created, modified = (dt.datetime.fromisoformat(text.strip()) for text in found)
    except (OSError, KeyError, zipfile.BadZipFile, ElementTree.ParseError, ValueError) as error:
        raise DateError(f"cannot read the dates of {docx}: {error}") from error
    return created.astimezone(dt.UTC), modified.astimezone(dt.UTC)


def _pdf_date(moment: dt.datetime) -> bytes:
    return moment.astimezone(dt.UTC).strftime("(D:%Y%m%d%H%M%SZ)").encode("ascii")


def _xmp_date(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _text_string(text: str) -> bytes:
    """A PDF text string: printable ASCII as a literal string (backslash, brackets escaped),
    anything else as UTF-16BE with its byte-order mark, in hex (four times as long)."""
    if all(" " <= character <= "~" for character in text):
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return b"(" + escaped.encode("ascii") + b")"
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


_KEPT = re.compile(rb"/(Creator|Producer)\s*(<[0-9A-Fa-f\s]*>|\([^()\\]*\))")
"""The entries of LibreOffice's document information kept as it wrote them (a hex string, or a
literal string without brackets inside)."""


def _kept(info: bytes) -> bytes:
    """The entries ``_KEPT`` finds in ``info``, as they are."""
    return b"".join(b"/" + found.group(1) + found.group(2) for found in _KEPT.finditer(info))


def xmp(stamp: Stamp) -> str:
    """The XMP metadata of the PDF: title, author, PDF/UA-1 and the dates."""
    title, author = escape(stamp.title), escape(stamp.author)
    created, modified = _xmp_date(stamp.created), _xmp_date(stamp.modified)
    return (
        '\n<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        f'   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt>'
        "</dc:title>\n"
        f"   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>\n"
        "  </rdf:Description>\n"
        '  <rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">\n'
        "   <pdfuaid:part>1</pdfuaid:part>\n"
        "  </rdf:Description>\n"
        '  <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">\n'
        f"   <xmp:CreateDate>{created}</xmp:CreateDate>\n"
        f"   <xmp:ModifyDate>{modified}</xmp:ModifyDate>\n"
        f"   <xmp:MetadataDate>{modified}</xmp:MetadataDate>\n"
        "  </rdf:Description>\n"
        " </rdf:RDF>\n"
        "</x:xmpmeta>\n"
    )


def _in_place(data: bytearray, start: int, end: int, new: bytes, what: str) -> None:
    """Write ``new`` over ``data[start:end]``, padded with spaces to the same length."""
    room = end - start
    if len(new) > room:
        raise DateError(f"the new {what} takes {len(new)} bytes where the PDF has {room}")
    data[start:end] = new + b" " * (room - len(new))


def _replace_xmp(data: bytearray, stamp: Stamp) -> None:
    packets = list(_PACKET.finditer(data))
    if len(packets) != 1:
        raise DateError(f"the PDF has {len(packets)} XMP packets, not one")
    body = packets[0]
    _in_place(data, body.start(1), body.end(1), xmp(stamp).encode("utf-8"), "XMP metadata")


def _replace_info(data: bytearray, stamp: Stamp) -> None:
    references = set(_INFO.findall(data))
    if len(references) != 1:
        raise DateError("the PDF does not name one document information dictionary (/Info)")
    number = references.pop()
    header = b"\n" + number + b" 0 obj"
    start = data.find(header)
    if start < 0 or data.find(header, start + 1) >= 0:
        raise DateError(f"the document information object {number.decode()} is not found once")
    opened = data.find(b"<<", start)
    closed = data.find(b">>", opened)
    if opened < 0 or closed < 0 or not data[closed + 2 :].lstrip().startswith(b"endobj"):
        raise DateError(f"the document information object {number.decode()} is not a dictionary")
    needed = b"".join(
        (
            b"/Title",
            _text_string(stamp.title),
            b"/Author",
            _text_string(stamp.author),
            b"/CreationDate",
            _pdf_date(stamp.created),
            b"/ModDate",
            _pdf_date(stamp.modified),
        )
    )
    old = bytes(data[opened + 2 : closed])
    kept = _kept(old)
    # Which program made the PDF is kept when there is room for it; the rest must fit.
    entries = needed + kept if len(needed + kept) <= len(old) else needed
    _in_place(data, opened + 2, closed, entries, "document information")


def _replace_ids(data: bytearray) -> None:
    """The file identifiers and LibreOffice's checksum: a digest of the PDF without them."""
    ids = list(_IDS.finditer(data))
    checksums = list(_CHECKSUM.finditer(data))
    if len(ids) != 1:
        raise DateError(f"the PDF has {len(ids)} file identifiers (/ID), not one")
    spans = [(ids[0].start(1), ids[0].end(1)), (ids[0].start(2), ids[0].end(2))]
    spans += [(found.start(1), found.end(1)) for found in checksums]
    for start, end in spans:
        data[start:end] = b"0" * (end - start)
    digest = hashlib.md5(bytes(data), usedforsecurity=False).hexdigest().upper().encode("ascii")
    for start, end in spans:
        data[start:end] = (digest * 2)[: end - start]


def stamp(pdf: bytes, stamp: Stamp) -> bytes:
    """``pdf`` with ``stamp``'s title, author and dates, and identifiers derived from it."""
    data = bytearray(pdf)
    _replace_xmp(data, stamp)
    _replace_info(data, stamp)
    _replace_ids(data)
    return bytes(data)
