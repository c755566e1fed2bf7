"""The same record, template and tool version give a byte-identical .docx, in any process.

Each build runs in a process of its own (``python -m hmip_docs docx``) with a different hash
seed, time zone and output folder, as two machines would; only ``SOURCE_DATE_EPOCH`` may change
the bytes, and only the modification dates.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from hmip_docs.render.word import RenderError, modified_datetime

REL = Path("records/2021-22/consultation-response.yaml")
SEPTEMBER_2021 = (2021, 9, 1, 0, 0, 0)
PUBLISHED = dt.datetime(*SEPTEMBER_2021, tzinfo=dt.UTC)
# 2023-11-14 22:13:20 UTC
EPOCH = 1_700_000_000
EPOCH_DATE = (2023, 11, 14, 22, 13, 20)


def build(root: Path, out: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    environ.update(env)
    return subprocess.run(
        [sys.executable, "-m", "hmip_docs", "docx", str(REL), "-o", out],
        cwd=root,
        env=environ,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def built(root: Path, out: str, **env: str) -> bytes:
    run = build(root, out, **env)
    assert run.returncode == 0, run.stderr
    return (root / out).read_bytes()


def core(data: bytes, tag: str) -> str:
    with _stream(data) as package:
        xml = package.read("docProps/core.xml").decode("utf-8")
    match = re.search(rf"<dcterms:{tag}[^>]*>([^<]*)</dcterms:{tag}>", xml)
    assert match, xml
    return match.group(1)


def _stream(data: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(data))


def test_two_processes_with_different_hash_seeds_give_the_same_bytes(project: Path) -> None:
    first = built(project, "a/first.docx", PYTHONHASHSEED="1", TZ="UTC", LC_ALL="C")
    second = built(
        project, "second/out.docx", PYTHONHASHSEED="4242", TZ="Pacific/Auckland", LC_ALL="C.UTF-8"
    )
    assert first == second


def test_entries_have_fixed_order_dates_attributes_and_compression(project: Path) -> None:
    data = built(project, "out.docx")
    with _stream(data) as package:
        infos = package.infolist()
        assert package.testzip() is None
    names = [info.filename for info in infos]
    assert names[0] == "[Content_Types].xml"
    assert names[1:] == sorted(names[1:])
    assert "word/document.xml" in names
    for info in infos:
        assert info.date_time == SEPTEMBER_2021, info.filename
        assert info.create_system == 3, info.filename
        assert info.external_attr == 0o100644 << 16, info.filename
        assert info.compress_type == zipfile.ZIP_DEFLATED, info.filename
        assert info.extra == b"" and info.comment == b"", info.filename
    assert core(data, "created") == core(data, "modified") == "2021-09-01T00:00:00Z"


def test_source_date_epoch_sets_the_modification_dates_only(project: Path) -> None:
    default = built(project, "default.docx")
    empty = built(project, "empty.docx", SOURCE_DATE_EPOCH="")
    assert empty == default

    stamped = built(project, "stamped.docx", SOURCE_DATE_EPOCH=str(EPOCH))
    again = built(project, "again.docx", SOURCE_DATE_EPOCH=str(EPOCH), PYTHONHASHSEED="7")
    assert stamped == again
    assert stamped != default
    assert core(stamped, "modified") == "2023-11-14T22:13:20Z"
    assert core(stamped, "created") == "2021-09-01T00:00:00Z"  # the publication is a fact
    with _stream(stamped) as package:
        assert {info.date_time for info in package.infolist()} == {EPOCH_DATE}
        with _stream(default) as before:
            for name in before.namelist():
                if name != "docProps/core.xml":
                    assert package.read(name) == before.read(name), name


def test_a_moment_before_1980_is_kept_in_the_properties_and_clamped_in_the_package(
    project: Path,
) -> None:
    data = built(project, "old.docx", SOURCE_DATE_EPOCH="0")
    assert core(data, "modified") == "1970-01-01T00:00:00Z"
    with _stream(data) as package:
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_unreadable_source_date_epoch_is_a_clear_error(project: Path) -> None:
    run = build(project, "bad.docx", SOURCE_DATE_EPOCH="yesterday")
    assert run.returncode == 2
    assert "hmip-docs: SOURCE_DATE_EPOCH='yesterday' is not a time" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (project / "bad.docx").exists()


@pytest.mark.parametrize("value", ["-5", "1.5", "1e9", "99999999999999999999"])
def test_source_date_epoch_must_be_whole_seconds(value: str) -> None:
    with pytest.raises(RenderError, match="is not a time"):
        modified_datetime(PUBLISHED, {"SOURCE_DATE_EPOCH": value})


def test_modified_datetime_reads_only_the_environment_it_is_given() -> None:
    assert modified_datetime(PUBLISHED, {}) == PUBLISHED
    assert modified_datetime(PUBLISHED, {"SOURCE_DATE_EPOCH": " "}) == PUBLISHED
    assert modified_datetime(PUBLISHED, {"SOURCE_DATE_EPOCH": str(EPOCH)}) == dt.datetime(
        *EPOCH_DATE, tzinfo=dt.UTC
    )
