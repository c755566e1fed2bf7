"""The real command line with a time bound: what the robustness tests of time and size run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import cli_env
from tests.robustness.test_corpus import assert_no_crash


def run_within(bound: float, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m hmip_docs ARGS`` in ``cwd``, stopped and the test failed past ``bound``
    seconds; it must not crash (``assert_no_crash``)."""
    try:
        result = subprocess.run(
            [sys.executable, "-m", "hmip_docs", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            check=False,
            env=cli_env({"NO_COLOR": "1"}),
            timeout=bound,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"hmip-docs {' '.join(args)} took longer than {bound:g} s")
    assert_no_crash(result)
    return result
