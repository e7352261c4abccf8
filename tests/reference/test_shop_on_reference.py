"""examples/shop is Dagster code: with its import line reading dagster, its tests pass on Dagster.

Runs where ``PARTWISE_REFERENCE_PYTHON`` is set (see test_against_reference.py).
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from ..examples.shop_project import TESTS, copy_project

HERE = Path(__file__).parent
REFERENCE = os.environ.get("PARTWISE_REFERENCE_PYTHON", "")

pytestmark = pytest.mark.skipif(
    not REFERENCE or not Path(REFERENCE).exists(),
    reason="set PARTWISE_REFERENCE_PYTHON to a Python with the reference package installed",
)


def test_the_dagster_spelling_passes_on_the_reference(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "shop", as_dagster=True)
    out = subprocess.run(
        [REFERENCE, str(HERE / "plain_tests.py"), str(project)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "DAGSTER_HOME": str(tmp_path), "PYTHONWARNINGS": "ignore"},
    )
    assert out.returncode == 0, out.stderr[-3000:]
    outcomes = json.loads(out.stdout.strip().splitlines()[-1])
    assert outcomes == dict.fromkeys(outcomes, "passed") and len(outcomes) == TESTS, outcomes
