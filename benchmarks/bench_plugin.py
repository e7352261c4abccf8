"""The pytest plugin's costs, printed as JSON.

* ``suite``: wall and collection time of a test parametrized over the 365 daily keys of a year
  that materializes a two-asset chain per key, with partwise and (when available) the reference
  package: ``PARTWISE_REFERENCE_PYTHON``, default ``/work/dagster-venv/bin/python``. When that
  interpreter has no pytest, the pure-Python pytest of this interpreter is lent to it through
  ``PYTHONPATH`` (same Python version only); otherwise that half is skipped.
* ``startup``: ``pytest --co -q`` on one empty test with and without ``-p no:partwise``.
* ``draws``: 1,000 Hypothesis draws of ``partition_keys`` from a 100k-key definition.

Usage: ``python benchmarks/bench_plugin.py [--skip-reference] [--repeat N]``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PARTWISE_SUITE = """
import pytest
import partwise as pw

daily = pw.DailyPartitionsDefinition(start_date="2023-01-01", end_date="2024-01-01")


@pw.asset(partitions_def=daily)
def upstream(context):
    return context.partition_key


@pw.asset(partitions_def=daily)
def downstream(upstream):
    return upstream + "!"


@pytest.mark.partitions(daily)
def test_chain(partition_key, materialize_partition):
    result = materialize_partition(upstream, downstream)
    assert result.output_for_node("downstream") == partition_key + "!"
"""

REFERENCE_SUITE = """
import pytest
import dagster as dg

daily = dg.DailyPartitionsDefinition(start_date="2023-01-01", end_date="2024-01-01")


@dg.asset(partitions_def=daily)
def upstream(context):
    return context.partition_key


@dg.asset(partitions_def=daily)
def downstream(upstream):
    return upstream + "!"


@pytest.mark.parametrize("partition_key", daily.get_partition_keys())
def test_chain(partition_key):
    result = dg.materialize(
        [upstream, downstream], partition_key=partition_key, instance=dg.DagsterInstance.ephemeral()
    )
    assert result.output_for_node("downstream") == partition_key + "!"
"""

LENT_PACKAGES = ("pytest", "_pytest", "pluggy", "iniconfig", "packaging", "pygments", "py")


def _timed(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 5):
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return elapsed, done.stdout


def _best(cmd: list[str], cwd: Path, repeat: int, env: dict[str, str] | None = None) -> float:
    return min(_timed(cmd, cwd, env)[0] for _ in range(repeat))


def _suite(
    python: str,
    source: str,
    repeat: int,
    env: dict[str, str] | None = None,
    extra: tuple[str, ...] = (),
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "test_suite.py").write_text(source)
        base = [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", *extra]
        wall, out = _timed(base, root, env)
        for _ in range(repeat - 1):
            wall = min(wall, _timed(base, root, env)[0])
        collect = _best([*base, "--co"], root, repeat, env)
        passed = next((line for line in out.splitlines() if " passed" in line), out[-200:])
    return {"wall_s": round(wall, 3), "collect_s": round(collect, 3), "result": passed.strip("= ")}


def _lend_pytest(python: str, shim: Path) -> dict[str, str] | None:
    """Environment giving ``python`` this interpreter's pytest, or ``None`` if impossible."""
    probe = "import sys; print(sys.version_info[:2])"
    theirs = subprocess.run([python, "-c", probe], capture_output=True, text=True).stdout.strip()
    if theirs != str(sys.version_info[:2]):
        return None
    import importlib.util

    for name in LENT_PACKAGES:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            continue
        check = f"import importlib.util as u; print(u.find_spec({name!r}) is not None)"
        has = subprocess.run([python, "-c", check], capture_output=True, text=True).stdout.strip()
        if has == "True":
            continue
        origin = Path(spec.origin)
        source = origin.parent if origin.name == "__init__.py" else origin
        (shim / source.name).symlink_to(source)
    return {**os.environ, "PYTHONPATH": str(shim), "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}


def reference_suite(repeat: int) -> dict[str, Any]:
    python = os.environ.get("PARTWISE_REFERENCE_PYTHON", "/work/dagster-venv/bin/python")
    if not Path(python).exists():
        return {"skipped": f"no reference interpreter at {python}"}
    has_pytest = (
        subprocess.run([python, "-c", "import pytest"], capture_output=True).returncode == 0
    )
    with tempfile.TemporaryDirectory() as tmp:
        env = None if has_pytest else _lend_pytest(python, Path(tmp))
        if not has_pytest and env is None:
            return {"skipped": f"{python} has no pytest and a different Python version"}
        result = _suite(python, REFERENCE_SUITE, repeat, env)
    result["pytest"] = "own" if has_pytest else "lent from this interpreter"
    return result


def startup(repeat: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "test_empty.py").write_text("def test_empty():\n    pass\n")
        base = [sys.executable, "-m", "pytest", "--co", "-q", "-p", "no:cacheprovider"]
        with_plugin = _best(base, root, repeat)
        without = _best([*base, "-p", "no:partwise"], root, repeat)
    return {
        "with_partwise_s": round(with_plugin, 3),
        "without_partwise_s": round(without, 3),
        "overhead_ms": round((with_plugin - without) * 1000, 1),
    }


def draws() -> dict[str, Any]:
    """1,000 Hypothesis draws from 100k hourly keys (goal: < 1 s)."""
    import datetime as dt

    from hypothesis import Phase, given, settings
    from pytest_partwise.strategies import partition_keys

    import partwise as pw

    now = dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)
    defn = pw.HourlyPartitionsDefinition(
        start_date=dt.datetime(2015, 1, 1),
        end_date=dt.datetime(2026, 5, 29, 17),
        timezone="America/Los_Angeles",
        fmt="%Y-%m-%d-%H:%M%z",
    )
    seen: list[str] = []

    @settings(max_examples=1000, database=None, phases=[Phase.generate], deadline=None)
    @given(partition_keys(defn, current_time=now))
    def draw(key: str) -> None:
        seen.append(key)

    start = time.perf_counter()
    draw()
    elapsed = time.perf_counter() - start
    return {
        "keys": defn.get_num_partitions(current_time=now),
        "draws": len(seen),
        "seconds": round(elapsed, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-reference", action="store_true", help="skip the reference suite")
    parser.add_argument("--repeat", type=int, default=3, help="runs per suite measurement (best)")
    args = parser.parse_args()
    partwise_suite = _suite(sys.executable, PARTWISE_SUITE, args.repeat)
    # Like the reference run: no other plugins autoloaded (Hypothesis, xdist, benchmark, ...).
    plain_env = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    plain = _suite(
        sys.executable, PARTWISE_SUITE, args.repeat, plain_env, ("-p", "pytest_partwise.plugin")
    )
    reference = {"skipped": "--skip-reference"} if args.skip_reference else reference_suite(1)
    report: dict[str, Any] = {
        "suite_365_daily_keys": {
            "partwise": partwise_suite,
            "partwise_no_other_plugins": plain,
            "reference_no_other_plugins": reference,
        },
        "startup": startup(5),
        "partition_keys_draws": draws(),
    }
    if "wall_s" in reference:
        speedup = round(reference["wall_s"] / plain["wall_s"], 1)
        report["suite_365_daily_keys"]["speedup_like_for_like"] = speedup
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
