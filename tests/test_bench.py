"""The benchmark runs: ``bench/run.py --quick`` (tiny inputs, one run each) writes a results file
with every measurement. It asserts no timing: the numbers of a quick run on a shared machine mean
nothing, and ``make bench`` is where they are read."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

# Installs the peers it compares with on first use, and times whole processes.
pytestmark = pytest.mark.timeout(900)

TIMED = (
    "validate-one",
    "validate-many",
    "validate-invalid",
    "docx-one",
    "docx-many",
    "new-editions",
    "commitments-editions",
)


def _seconds(value: object) -> bool:
    return isinstance(value, float) and value > 0


def test_quick_bench_records_every_measurement(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(out.read_text(encoding="utf-8"))
    assert results["quick"] is True
    assert results["machine"]["cores"] >= 1
    measured = results["measurements"]
    assert set(measured) == {
        *TIMED,
        "validate-scaling",
        "memory-large-record",
        "memory-many",
    }
    for key in TIMED:
        entry = measured[key]
        for side in ("ours", "theirs"):
            assert _seconds(entry[side]["min"]), (key, side)
            assert _seconds(entry[side]["median"]), (key, side)
            assert entry[side]["min"] <= entry[side]["median"]
        assert entry["ratio_min"] > 0
        assert entry["peer"]
    assert measured["validate-one"]["peer"] == "check-jsonschema"
    assert measured["docx-many"]["peer"] == "pandoc"
    assert _seconds(measured["validate-many"]["floor"]["min"])
    scaling = measured["validate-scaling"]
    assert len(scaling["per_file"]) == 3
    assert all(_seconds(value) for value in scaling["per_file"].values())
    for key in ("memory-large-record",):
        assert measured[key]["ours"]["peak_pss_mib"] > 1
        assert measured[key]["theirs"]["peak_pss_mib"] > 1
    memory = measured["memory-many"]
    assert memory["small"]["peak_pss_mib"] > 1 and memory["large"]["peak_pss_mib"] > 1
    assert measured["new-editions"]["peer"] == "hmip-docs validate, same records"
    keys = ("validate-one", "validate-many", "docx-one", "docx-many", "memory-many")
    for key in (*keys, "new-editions", "commitments-editions"):
        assert "target" in measured[key] and isinstance(measured[key]["met"], bool)
    # The table printed is the one the README shows: a row per measurement.
    assert done.stdout.count("\n| ") >= 11
