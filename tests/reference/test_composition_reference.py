"""Graphs, multi-assets, asset checks and repositories behave as in the reference, scenario by scenario.

Runs only where ``PARTWISE_REFERENCE_PYTHON`` names a Python with the reference package.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).parent
REFERENCE = os.environ.get("PARTWISE_REFERENCE_PYTHON", "")

pytestmark = pytest.mark.skipif(
    not REFERENCE or not Path(REFERENCE).exists(),
    reason="set PARTWISE_REFERENCE_PYTHON to a Python with the reference package installed",
)


def _answers(python: str, module: str, home: Path) -> dict[str, Any]:
    out = subprocess.run(
        [python, str(HERE / "composition_probe.py"), module],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "DAGSTER_HOME": str(home), "PYTHONWARNINGS": "ignore"},
    )
    assert out.returncode == 0, out.stderr[-3000:]
    answers: dict[str, Any] = json.loads(out.stdout)
    return answers


def test_composition_scenarios_match_the_reference(tmp_path: Path) -> None:
    ours = _answers(sys.executable, "partwise", tmp_path)
    theirs = _answers(REFERENCE, "dagster", tmp_path)
    assert set(ours) == set(theirs)
    for name in theirs:
        assert ours[name] == theirs[name], name
    assert any(v != "error" for v in ours.values())
