"""Metadata, types, retries, instance helpers and resources answer exactly as the reference does.

Each probe in ``runtime/`` is one script run under both packages (its argument names the package);
their printed outputs must be identical. Runs where ``PARTWISE_REFERENCE_PYTHON`` is set (see
test_against_reference.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent / "runtime"
REFERENCE = os.environ.get("PARTWISE_REFERENCE_PYTHON", "")

pytestmark = pytest.mark.skipif(
    not REFERENCE or not Path(REFERENCE).exists(),
    reason="set PARTWISE_REFERENCE_PYTHON to a Python with the reference package installed",
)

PROBES = sorted(p.name for p in HERE.glob("probe_*.py"))


def _run(python: str, package: str, probe: str, home: Path) -> str:
    out = subprocess.run(
        [python, str(HERE / probe), package],
        capture_output=True,
        text=True,
        check=False,
        cwd=HERE,
        env={**os.environ, "DAGSTER_HOME": str(home), "PYTHONWARNINGS": "ignore"},
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return out.stdout


@pytest.mark.parametrize("probe", PROBES)
def test_probe_prints_the_same_on_both(probe: str, tmp_path: Path) -> None:
    """Same script, same output, line for line."""
    ours = _run(sys.executable, "partwise", probe, tmp_path)
    theirs = _run(REFERENCE, "dagster", probe, tmp_path)
    assert ours.splitlines() == theirs.splitlines()
