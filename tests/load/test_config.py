"""A policy repository says where its records, registry, templates and output are."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hmip_docs.load import config
from tests.conftest import RECORDS


def test_defaults_need_no_configuration(project: Path) -> None:
    cfg = config.load(project / "records" / "2021-22")
    assert cfg.root == project.resolve()
    assert cfg.records == project.resolve() / "records"
    assert cfg.registry == project.resolve() / "records" / "organisations.yaml"
    assert cfg.templates == project.resolve() / "templates"
    assert cfg.build == project.resolve() / "build"


def test_pyproject_section(tmp_path: Path) -> None:
    shutil.copytree(RECORDS, tmp_path / "policy" / "published")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.hmip-docs]\nrecords = "policy/published"\n'
        'registry = "policy/published/organisations.yaml"\nbuild = "out"\n'
    )
    cfg = config.load(tmp_path / "policy")
    assert cfg.records == tmp_path.resolve() / "policy" / "published"
    assert cfg.registry.is_file()
    assert cfg.build == tmp_path.resolve() / "out"
    assert (cfg.templates / "consultation-response.docx").is_file()


def test_dotfile(tmp_path: Path) -> None:
    (tmp_path / ".hmip-docs.yaml").write_text("records: data\n")
    assert config.load(tmp_path).records == tmp_path.resolve() / "data"


@pytest.mark.parametrize(
    ("name", "text", "words"),
    [
        (".hmip-docs.yaml", "recrods: data\n", "unknown setting recrods"),
        (".hmip-docs.yaml", "- records\n", "should be a mapping"),
        (".hmip-docs.yaml", "records: [a]\n", "`records`"),
        ("pyproject.toml", "[tool.hmip-docs\n", "cannot read"),
    ],
)
def test_bad_configuration_is_explained(tmp_path: Path, name: str, text: str, words: str) -> None:
    (tmp_path / name).write_text(text)
    with pytest.raises(config.ConfigError, match=words.replace("[", r"\[")):
        config.load(tmp_path)
