"""docs/records.md, docs/rules.md and docs/template.md are generated and up to date; the examples
in them are reports the validator and the template lint really gave, the same from whatever
folder the generator runs in."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from hmip_docs.reference.generate import GENERATED
from hmip_docs.reference.rule_examples import EDITS, RECORD
from tests.conftest import ROOT

DOCS = ROOT / "docs"


def generate(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hmip_docs.reference", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_docs_are_up_to_date() -> None:
    """Each generated page as the generator makes it now, and the command's own check agrees."""
    for name, make in GENERATED.items():
        assert (DOCS / name).read_text("utf-8") == make(), f"docs/{name} is stale: run `make docs`"
    run = generate("--check")
    assert run.returncode == 0, f"{run.stderr}(regenerate them with `make docs`)"


def test_the_check_notices_stale_and_missing_docs(tmp_path: Path) -> None:
    shutil.copytree(DOCS, tmp_path, dirs_exist_ok=True)
    rules = tmp_path / "rules.md"
    rules.write_text(rules.read_text("utf-8").replace("(error)", "(warning)", 1), "utf-8")
    (tmp_path / "records.md").unlink()
    stale = generate("--check", "--docs", str(tmp_path))
    assert stale.returncode == 1
    assert "rules.md is out of date" in stale.stderr
    assert "records.md is out of date" in stale.stderr


def test_generated_docs_do_not_depend_on_the_folder_they_are_made_from(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert generate("--docs", str(tmp_path / "out"), cwd=elsewhere).returncode == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(GENERATED)
    for name in GENERATED:
        made = (tmp_path / "out" / name).read_text("utf-8")
        assert made == (DOCS / name).read_text("utf-8"), name
        assert str(tmp_path) not in made and str(ROOT) not in made


def test_every_example_shows_its_edit_and_its_report() -> None:
    text = (DOCS / "rules.md").read_text("utf-8")
    sections = re.split(r"\n(?=### )", text)
    for rule in dict.fromkeys(e.rule for e in EDITS):
        (section,) = [s for s in sections if s.startswith(f'### <a id="{rule}"></a>')]
        count = sum(1 for e in EDITS if e.rule == rule)
        assert section.count("```diff\n") == count, rule
        heads = re.findall(
            rf"^{re.escape(RECORD)}:\d+:\d+: (?:error|warning) \[(.+?)\]", section, re.M
        )
        assert heads == [rule] * count, rule
