"""Shared fixtures: a project of the suite's own, copied so a test can edit it.

Tests build their trees from ``tests/fixtures/``: ``fixtures/records/`` is a records folder (the
2021/22 record as published, and the registry), ``fixtures/2022-23/`` the next edition. The
repository's own ``records/`` is read only by the tests named for it (``test_records.py``,
``test_fidelity.py``), which pass for any set of valid records it holds; ``test_suite.py`` keeps
it that way.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from hypothesis import settings

from hmip_docs.context import model
from hmip_docs.context.model import Context
from hmip_docs.core.findings import Finding
from hmip_docs.load import yamlload
from hmip_docs.record.organisations import Registry
from hmip_docs.validate.validator import validate

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
RECORDS = FIXTURES / "records"
RECORD = RECORDS / "2021-22" / "consultation-response.yaml"
REGISTRY = RECORDS / "organisations.yaml"
REL = Path("records") / RECORD.relative_to(RECORDS)
"""The shipped record's path inside a project tree made by ``project`` (as reports show it)."""
TEMPLATE = ROOT / "templates" / "consultation-response.docx"
SHIPPED = ROOT / "records"
"""The repository's own records: only the tests named for them read them."""

# Hypothesis profiles: `ci` (the default, used by `make test`) tries the same examples on every
# run; `fuzz` (`make fuzz`, HYPOTHESIS_PROFILE=fuzz) runs the long randomised campaign.
settings.register_profile("ci", derandomize=True, max_examples=40, deadline=None)
settings.register_profile("fuzz", max_examples=5000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project in a temporary folder: the suite's records folder, and the shipped templates."""
    shutil.copytree(RECORDS, tmp_path / "records")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    return tmp_path


def cli_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment the command line runs in: this one less NO_COLOR, plus ``extra``."""
    base = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    return {**base, **(extra or {})}


def hmip(
    root: Path, *args: str, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The real command line, ``python -m hmip_docs ARGS``, run in ``root`` in a child process."""
    return subprocess.run(
        [sys.executable, "-m", "hmip_docs", *args],
        cwd=root,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        check=False,
        env=cli_env(env),
        timeout=300,
    )


def all_paragraphs(document: DocxDocument) -> Iterator[Paragraph]:
    """Every paragraph of a document's body, those in table cells included, in reading order."""
    for p in document.element.body.iter(qn("w:p")):
        yield Paragraph(p, document._body)


def template_with(tmp_path: Path, text: str, name: str = "template.docx") -> Path:
    """A copy of the shipped template with one more paragraph holding ``text``."""
    template = docx.Document(str(TEMPLATE))
    template.add_paragraph(text)
    path = tmp_path / name
    template.save(str(path))
    return path


def load_data(path: Path) -> dict[str, Any]:
    """The data of a YAML file the tests ship, loaded as the tool loads it."""
    loaded = yamlload.load_file(path)
    assert loaded.document is not None, loaded.findings
    return loaded.document.data


@pytest.fixture(scope="session")
def ctx() -> Context:
    """The template context of the 2021/22 record."""
    return model.build(load_data(RECORD), Registry.from_data(load_data(REGISTRY)))


def edit(path: Path, old: str, new: str) -> str:
    """Replace the one occurrence of ``old`` in a file; return the new text."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path.name}"
    text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return text


def line_of(text: str, snippet: str) -> int:
    """The 1-based line on which ``snippet`` starts (after its leading newlines, if any)."""
    assert text.count(snippet) == 1, snippet
    start = text.index(snippet) + len(snippet) - len(snippet.lstrip("\n"))
    return text[:start].count("\n") + 1


Standing = Callable[[Path], list[Finding]]


@pytest.fixture
def standing() -> Standing:
    """Validate a project's record and registry; return the findings that still stand."""

    def run(root: Path) -> list[Finding]:
        record = root / "records" / "2021-22" / "consultation-response.yaml"
        result = validate([record], root / "records" / "organisations.yaml")
        return [f for f in result.findings if f.counts]

    return run


# The programs outside Python that some tests run, and the Debian packages that provide them.
TOOL_PACKAGES = {
    "soffice": "libreoffice-writer-nogui",
    "pdftotext": "poppler-utils",
    "pdftoppm": "poppler-utils",
    "pandoc": "pandoc",
}


def require_tools(*names: str) -> None:
    """Skip the calling test unless every program is on PATH; under ``CI=true``, fail instead.

    Locally a missing program is a reason to skip, named in the skip message; in continuous
    integration (``.ci/run`` installs them) it would hide a whole part of the suite.
    """
    missing = [name for name in names if shutil.which(name) is None]
    if not missing:
        return
    packages = sorted({TOOL_PACKAGES.get(name, name) for name in missing})
    reason = f"needs {', '.join(missing)} (apt-get install {' '.join(packages)})"
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"{reason}: CI=true, so a missing program is a failure", pytrace=False)
    pytest.skip(reason)
